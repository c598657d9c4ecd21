"""Hostile: ignores every catchable signal and swallows every exception, forever."""
import signal

for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM, signal.SIGXCPU, signal.SIGHUP, signal.SIGUSR1):
    try:
        signal.signal(sig, signal.SIG_IGN)
    except (OSError, ValueError):
        pass


def relu_backward(dz, z):
    while True:
        try:
            while True:
                pass
        except BaseException:
            continue
