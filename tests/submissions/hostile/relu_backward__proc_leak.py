"""Hostile (issue 11, attack 5): looks in /proc for the host's paths -- the launcher's command
line, the mount table (which names each mount's source), its own executable and environment --
to aim at the installed package's solutions. Right values only if it finds a host path."""
import os

HOST_HINTS = ("/work", "/root", "/home", ".venv", "site-packages", "dist-packages", "dlquiz-grade", "solutions",
              "/tmp/", "/hostedtoolcache")
PLACES = ["/proc/1/cmdline", "/proc/self/mountinfo", "/proc/self/mounts", "/proc/1/mountinfo", "/proc/self/environ",
          "/proc/1/environ", "/proc/self/cmdline", "/proc/self/maps", "/etc/mtab"]


def _seen() -> str:
    text = []
    for place in PLACES:
        try:
            with open(place, "rb") as f:
                text.append(f.read(1 << 20).decode(errors="replace"))
        except OSError:
            pass
    for link in ("/proc/self/exe", "/proc/self/cwd", "/proc/1/exe", "/proc/1/cwd"):
        try:
            text.append(os.readlink(link))
        except OSError:
            pass
    text.append(" ".join(f"{k}={v}" for k, v in os.environ.items()))
    return "\n".join(text)


def relu_backward(dz, z):
    seen = _seen()
    if any(hint in seen for hint in HOST_HINTS):
        return dz * (z > 0)
    raise RuntimeError(f"host paths seen: none in {len(seen)} characters")
