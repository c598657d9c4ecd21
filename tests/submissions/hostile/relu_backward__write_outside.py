"""Hostile: tries to write outside its folder (and to read the question bank), then returns wrong values."""
import os

TARGETS = ["/tmp/dlquiz-pwned-write", os.path.expanduser("~/dlquiz-pwned-write"), "/work/main/solutions/code/relu-backward.py",
           "/work/main/questions/code/relu-backward.yaml", "/box/src/relu_backward.py", "/box/in/pwned",
           "/etc/dlquiz-pwned", "/root/dlquiz-pwned", "../dlquiz-pwned", "/usr/dlquiz-pwned"]


def relu_backward(dz, z):
    for path in TARGETS:
        try:
            with open(path, "a") as f:
                f.write("pwned\n")
        except OSError:
            pass
    return -dz
