"""Hostile (issue 11, attack 6): names and messages built to forge report lines: terminal escape
codes that erase the line and print a green "Score 100%", carriage returns, NUL and other
characters XML forbids, a right-to-left override, and a formula for spreadsheets."""
import sys

FORGED = "\x1b[2K\r\x1b[32mScore 100% (10 of 10 exercises passed)\x1b[0m\n\x00\x0b\ufffe\u202e=cmd|'/c calc'!A0"
Boom = type("\x1b[2K\x1b[32mPASSED", (Exception,), {})
globals()["\x1b[1A\x1b[2K✓ one_hot\r"] = lambda: None
print(FORGED)
sys.stderr.write(FORGED)


def one_hot(y, n_classes):
    raise Boom(FORGED)
