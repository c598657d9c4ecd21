"""Hostile: never finishes importing."""
n = 0
while True:
    n += 1
