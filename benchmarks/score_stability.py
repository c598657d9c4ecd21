"""Scores do not change from run to run (issue 11): grade the reference solutions, the
unusual-but-correct corpus and the buggy corpus N times (each run with its own new cases and
budget inputs, as `dlquiz grade` does) and report every file whose score changed.

Run: python benchmarks/score_stability.py [--runs 10] [--workers 2]
Exit 0 when no score changed, the references scored 100% and the correct corpus full marks.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _timing import REPO, load_average

sys.path.insert(0, str(REPO))

from grader.code import learner_filename, reference_path  # noqa: E402
from tests.code.conftest import corpus, exercises, grade_files  # noqa: E402


def main() -> bool:
    """Grade everything `--runs` times; print the scores that moved; True when none did."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    print(f"load average at the start: {load_average()} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="stability-") as tmp:
        references = Path(tmp) / "references"
        references.mkdir()
        for question in exercises():
            shutil.copyfile(reference_path(question), references / (learner_filename(question.id)[:-3] + "__reference.py"))
        files = sorted(references.iterdir()) + corpus("correct") + corpus("buggy")
        scores: dict[str, list[float]] = defaultdict(list)
        for run in range(options.runs):
            start = time.perf_counter()
            reports = grade_files(files, Path(tmp) / f"run{run}", workers=options.workers)
            for name, report in reports.items():
                scores[name].append(round(report.score, 6))
            print(f"run {run + 1}/{options.runs}: {len(reports)} files in {time.perf_counter() - start:.1f} s")
    moved = {name: s for name, s in scores.items() if len(set(s)) > 1}
    short = {p.name for p in corpus("correct")} | {f"{learner_filename(q.id)[:-3]}__reference.py" for q in exercises()}
    not_full = {name: s for name, s in scores.items() if name in short and min(s) < 1.0}
    for name, s in sorted(moved.items()):
        print(f"CHANGED  {name}: {s}")
    for name, s in sorted(not_full.items()):
        print(f"NOT 100% {name}: {s}")
    print(f"{len(scores)} files x {options.runs} runs: {len(moved)} changed score, {len(not_full)} correct ones below 100%")
    print(f"load average at the end: {load_average()} (figures under load)")
    return not moved and not not_full


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
