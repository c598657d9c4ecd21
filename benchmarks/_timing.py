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


def timed(command: list[str], env: dict[str, str], allowed: tuple[int, ...] = (0,)) -> float:
    """Wall seconds of one run; a command ending in another exit code stops the benchmark (a crash
    is not a speed)."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)
    elapsed = time.perf_counter() - start
    if done.returncode not in allowed:
        raise SystemExit(f"{' '.join(command[:5])} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return elapsed


def bench_env(**extra: str) -> dict[str, str]:
    """The children's environment: no colour and a private bytecode cache (as an installed
    package has its .pyc files), whatever PYTHONDONTWRITEBYTECODE says here."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPYCACHEPREFIX": str(BYTECODE), **extra}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def median_wall(commands: dict[str, list[str]], repeats: int = 15, env: dict | None = None,
                allowed: tuple[int, ...] = (0,)) -> dict[str, float]:
    """Median wall time (s) of each command, interleaved so machine noise hits all alike,
    after one uncounted warm-up round (which fills the bytecode cache)."""
    env = env if env is not None else bench_env()
    for cmd in commands.values():
        timed(cmd, env, allowed)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, cmd in commands.items():
            times[name].append(timed(cmd, env, allowed))
    return {name: statistics.median(values) for name, values in times.items()}


def report(label: str, value: float, floor: float, target: float) -> bool:
    """Print one figure next to its floor and target ratio; return whether it meets the target."""
    ratio = value / floor
    ok = ratio <= target
    print(f"{label:<46} {value * 1000:7.1f} ms  floor {floor * 1000:7.1f} ms  {ratio:4.2f}x  "
          f"(target <= {target}x) {'ok' if ok else 'OVER'}")
    return ok


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages, e.g. "1.18, 1.05, 1.14" (printed beside figures)."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())
