"""Grading a notebook vs grading the same code as a .py file (issue 15), whole `dlquiz grade` runs.

Run: python benchmarks/notebook_bench.py [--repeats 9]

Two learner folders hold every exercise's reference solution: one as .py files, one as Jupyter
notebooks saved the way Jupyter saves them (a markdown cell, the code split over two cells, a
`%matplotlib inline` line, a printed output and a 200 KB plot output each). Both are graded by
`python -m cli grade FOLDER`, interleaved, after an unmeasured warm-up.

Target: grading the notebooks <= 1.2x grading the .py files. CPU times of the two runs are
printed too (steadier than wall time on a loaded machine), with the load average.
"""

from __future__ import annotations

import argparse
import base64
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import REPO, bench_env, load_average, median_wall, report

sys.path.insert(0, str(REPO))

from grader.code import learner_filename, reference_path  # noqa: E402
from grader.code.files import notebook_name  # noqa: E402
from grader.commands.exercise import code_questions  # noqa: E402


def as_notebook(source: str) -> str:
    """`source` as a notebook a learner saved: prose, a magic, the code in two cells, outputs."""
    import nbformat
    from nbformat import v4

    head, _, tail = source.partition("\ndef ")
    plot = base64.b64encode(os.urandom(150_000)).decode()
    cells = [v4.new_markdown_cell("# My solution"),
             v4.new_code_cell("%matplotlib inline\n" + head, execution_count=1,
                              outputs=[v4.new_output("stream", name="stdout", text="ready\n")]),
             v4.new_code_cell("def " + tail if tail else "", execution_count=2,
                              outputs=[v4.new_output("display_data", data={"image/png": plot, "text/plain": "<Figure>"})])]
    return nbformat.writes(v4.new_notebook(cells=cells))


def cpu_of(command: list[str], env: dict) -> float:
    """CPU seconds (user + system) of one run of `command` and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, capture_output=True, env=env, cwd=REPO)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> int:
    """Measure and print; exit 1 if the target is missed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    print(f"load average at the start: {load_average()} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="dlquiz-notebook-bench-") as tmp:
        py_folder, nb_folder = Path(tmp) / "py", Path(tmp) / "nb"
        py_folder.mkdir()
        nb_folder.mkdir()
        for question in code_questions(None):
            source = reference_path(question).read_text(encoding="utf-8")
            (py_folder / learner_filename(question.id)).write_text(source, encoding="utf-8")
            (nb_folder / notebook_name(learner_filename(question.id))).write_text(as_notebook(source), encoding="utf-8")
        grade = [sys.executable, "-m", "cli", "grade"]
        env = bench_env()
        walls = median_wall({"py": grade + [str(py_folder)], "notebook": grade + [str(nb_folder)]},
                            repeats=args.repeats, env={**env, "PYTHONPATH": str(REPO)})
        ok = report("grade: notebooks vs the same .py files", walls["notebook"], walls["py"], 1.2)
        cpu = {"py": [], "notebook": []}
        for _ in range(max(3, args.repeats // 2)):
            for name, folder in (("py", py_folder), ("notebook", nb_folder)):
                cpu[name].append(cpu_of(grade + [str(folder)], env))
        py_cpu, nb_cpu = statistics.median(cpu["py"]), statistics.median(cpu["notebook"])
        print(f"{'CPU time (grader and sandbox)':<46} {nb_cpu * 1000:7.1f} ms  .py  {py_cpu * 1000:7.1f} ms  "
              f"{nb_cpu / py_cpu:4.2f}x")
    print(f"load average at the end: {load_average()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
