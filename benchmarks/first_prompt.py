"""Time to the first prompt of `dlquiz quiz` (issue 5), next to its floor measured in the same run.

Run: python benchmarks/first_prompt.py [REPEATS]
- from spawning `python -m cli quiz` in a pseudo-terminal to its first `Your answer:` / `>` prompt
- floor: `python -c 'import numpy, yaml, typer'` spawned the same way, until it exits
- target: median at most 1.5x the floor's median
Both are spawned with this interpreter directly (a PATH shim would add its own start-up),
interleaved so machine noise hits both alike, after one unmeasured warm-up each. The quiz
uses the built-in bank, a fixed learner and a private DLQUIZ_HOME whose database already
exists (the first run of all creates it; that one is the warm-up).

Bytecode: an installed dlquiz has compiled .pyc files (pip writes them at install), like
numpy, yaml and typer in the floor. A checkout run with PYTHONDONTWRITEBYTECODE=1 would
instead recompile every grader module on every start (about 40 ms here), so the children get
a private PYTHONPYCACHEPREFIX and may write bytecode there during the warm-up.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

import pexpect
from _timing import REPO, python_floor, report

FLOOR_CODE = "import numpy, yaml, typer"
FIRST_PROMPT = r"Your answer: |\n> |\n[a-z_]+: "


def spawn_seconds(argv: list[str], env: dict[str, str], until: str | type) -> float:
    """Wall time from spawning `argv` in a pty until its output matches `until` (or it exits, for EOF)."""
    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], env=env, cwd=str(REPO), encoding="utf-8", timeout=60,
                          dimensions=(24, 80))
    try:
        child.expect(until)
    except pexpect.EOF:
        raise SystemExit(f"{' '.join(argv[1:])} ended before its first prompt:\n{child.before}") from None
    elapsed = time.perf_counter() - start
    child.terminate(force=True)
    return elapsed


def main(repeats: int = 15) -> bool:
    """Measure, print both medians and the ratio; True when within the target."""
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items()
               if k not in ("DLQUIZ_BANK", "DLQUIZ_LEARNER", "PYTHONDONTWRITEBYTECODE")}
        env.update({"DLQUIZ_HOME": home, "NO_COLOR": "1", "COLUMNS": "80", "PYTHONUTF8": "1",
                    "PYTHONPYCACHEPREFIX": os.path.join(home, "pycache")})
        quiz = [sys.executable, "-m", "cli", "quiz", "--learner", "benchmark"]
        floor = python_floor(FLOOR_CODE)
        spawn_seconds(quiz, env, FIRST_PROMPT)  # warm-up: creates the database, fills OS caches
        spawn_seconds(floor, env, pexpect.EOF)
        quiz_times, floor_times = [], []
        for _ in range(repeats):
            floor_times.append(spawn_seconds(floor, env, pexpect.EOF))
            quiz_times.append(spawn_seconds(quiz, env, FIRST_PROMPT))
    print(f"median of {repeats} runs each")
    return report("dlquiz quiz: time to the first prompt", statistics.median(quiz_times),
                  statistics.median(floor_times), 1.5)


if __name__ == "__main__":
    sys.exit(0 if main(int(sys.argv[1]) if len(sys.argv) > 1 else 15) else 1)
