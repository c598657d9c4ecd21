"""Hostile (issue 11, attack 4): fills every file it can write -- each descriptor it holds, new
files next to its own, in its scratch folder, in /dev/shm -- aiming past 256 MiB of disk for one
learner. It returns the right values only if it wrote more than that."""
import os
import stat

CHUNK = b"\0" * (1 << 20)
TARGETS = ["/box/out/extra", "/box/src/extra", "/box/extra", "/tmp/extra", "/dev/shm/extra", "/extra",
           "extra", "../extra", "/box/late/extra"]


def _fill(fd: int, limit: int) -> int:
    written = 0
    try:
        while written < limit:
            written += os.write(fd, CHUNK)
    except OSError:
        pass
    return written


def _everything() -> int:
    total = 0
    for fd in range(3, 256):
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                total += _fill(fd, 64 << 20)
        except OSError:
            pass
    for n in range(16):
        for target in TARGETS:
            try:
                fd = os.open(f"{target}{n}", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            except OSError:
                continue
            total += _fill(fd, 64 << 20)
            os.close(fd)
    return total


def relu_backward(dz, z):
    total = _everything()
    if total > 256 << 20:
        return dz * (z > 0)
    raise RuntimeError(f"bytes written: {total}")
