"""Wall time of `dlquiz validate` (deep, 50 seeds) over the whole built-in bank (issue 6: under a minute on 2 cores).

Run: python benchmarks/validate_bank.py [SEEDS] [REPEATS]
- the whole command, `python -m cli` spawned with this interpreter in the checkout (start-up,
  loading, the process pool, output)
- once with one worker per core (the default) and once with `--jobs 1`, to show what the pool buys
- prints the median of REPEATS runs (default 3) of each, the bank's size and the core count, and
  the CPU time of the pooled run (so a busy machine, where the pool cannot get both cores, shows)
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time

from _timing import REPO, load_average

TARGET_SECONDS = 60.0


def timed(args: list[str]) -> tuple[float, float, dict]:
    """Wall time and CPU time (the command and every process it started) of one `dlquiz validate --json` run,
    and its parsed output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "NO_COLOR": "1"})
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    try:
        return elapsed, cpu, json.loads(proc.stdout)
    except ValueError:
        sys.exit(f"dlquiz validate failed (exit {proc.returncode}):\n{proc.stderr}")


def main() -> int:
    """Measure and print; exit 1 if the pooled run misses the target."""
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    runs: dict[str, list[float]] = {"pool": [], "one worker": []}
    cpu: dict[str, list[float]] = {"pool": [], "one worker": []}
    summary: dict = {}
    for _ in range(repeats):
        for name, extra in (("pool", []), ("one worker", ["--jobs", "1"])):
            elapsed, used, summary = timed(["validate", "--seeds", str(seeds), "--json", *extra])
            runs[name].append(elapsed)
            cpu[name].append(used)
    pool, single = statistics.median(runs["pool"]), statistics.median(runs["one worker"])
    pool_cpu = statistics.median(cpu["pool"])
    print(f"dlquiz validate --seeds {seeds}: {summary['questions']} questions, {os.cpu_count()} cores, "
          f"{len(summary['problems'])} problem(s), {len(summary['notes'])} note(s)")
    print(f"  one worker per core: {pool:6.2f} s  (median of {repeats}; target < {TARGET_SECONDS:.0f} s), "
          f"{pool_cpu:.1f} s of CPU: {pool_cpu / pool:.2f} cores busy on average")
    print(f"  --jobs 1:            {single:6.2f} s  (the pool is {single / pool:.2f}x faster)")
    print(f"  load average now: {load_average()} (other work on the machine slows both)")
    return 0 if pool < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
