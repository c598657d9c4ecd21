"""Hostile: returns an object whose conversion to an array never ends."""


class Stuck:
    def __array__(self, *args, **kwargs):
        while True:
            pass

    def __len__(self):
        while True:
            pass


def relu_backward(dz, z):
    return Stuck()
