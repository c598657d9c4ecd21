"""Shared timing helpers for the benchmarks: whole-process medians, floors measured in the same run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BYTECODE = Path(tempfile.gettempdir()) / "dlquiz-bench-pycache"


def dlquiz_command() -> list[str]:
    """The installed `dlquiz` script beside this interpreter, else `python -m cli`."""
    script = Path(sys.executable).parent / "dlquiz"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


def python_floor(code: str) -> list[str]:
    """A bare interpreter running `code`: the floor a command is compared with."""
    return [sys.executable, "-c", code]


def median_wall(commands: dict[str, list[str]], repeats: int = 15, env: dict | None = None) -> dict[str, float]:
    """Median wall time (s) of each command, interleaved so machine noise hits all alike.

    Children get a private bytecode cache (as an installed package has its .pyc files), and
    one warm-up round that fills it is not counted.
    """
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPYCACHEPREFIX": str(BYTECODE), **(env or {})}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for cmd in commands.values():
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=REPO)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=REPO)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def report(label: str, value: float, floor: float, target: float) -> bool:
    """Print one figure next to its floor and target ratio; return whether it meets the target."""
    ratio = value / floor
    ok = ratio <= target
    print(f"{label:<46} {value * 1000:7.1f} ms  floor {floor * 1000:7.1f} ms  {ratio:4.2f}x  "
          f"(target <= {target}x) {'ok' if ok else 'OVER'}")
    return ok
