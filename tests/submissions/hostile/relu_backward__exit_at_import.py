"""Hostile: exits with status 0 while being imported, hoping to look like success."""
import sys

print("All tests passed")
sys.exit(0)
