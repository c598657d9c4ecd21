"""Hostile: ends the whole process with status 0 from inside the function."""
import os


def relu_backward(dz, z):
    print("All tests passed")
    os._exit(0)
