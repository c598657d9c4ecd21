"""Bug (issue 11, attack 7): writes into its argument, and patches the harness's own
"did the arguments change?" comparison to say no. The arguments are read-only memory maps:
the write is refused by numpy and the kernel, whatever the comparison says."""
import sys

_harness = sys.modules.get("__main__")
if _harness is not None and hasattr(_harness, "_changed"):
    _harness._changed = lambda *args, **kwargs: []


def relu_backward(dz, z):
    dz[z <= 0] = 0
    return dz
