"""`dlquiz validate`'s driver: every question file checked on its own, in a child process bounded in
time and memory, so one file that would hang or eat memory is reported and the others are still checked.

A file's check (in the child): load it with every cross-check, then its canonical variant (and, with
`seeds`, seeds 0..N-1 and a code exercise's grading) through grader.instructor.deep_validate. The
children are forked (grader.bounded.run_bounded) from worker processes that keep the modules the
children needed, so each child starts warm.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grader.bank import Bank
from grader.errors import Problem
from grader.instructor.deep_validate import SeededProblem

QUESTION_SECONDS = 120.0  # the slowest built-in question (a code exercise, 50 seeds) takes ~10 s on a loaded machine
QUESTION_MEMORY_MB = 1536
POOL_FROM = 8  # files, with --seeds above 0: fewer, or the canonical variants alone, run in this process
_WARM_PREFIXES = ("grader.", "numpy", "sympy", "mpmath", "jinja2", "fsrs", "markupsafe")


@dataclass(frozen=True)
class Task:
    """One question file to check."""

    qid: str
    path: str
    root: str
    seeds: int
    seconds: float


@dataclass
class Checked:
    """What checking the bank found: how many questions loaded, and every problem (notes included)."""

    questions: int
    problems: list[Problem | SeededProblem]


def check_bank(bank: Bank, seeds: int, jobs: int | None = None, seconds: float = QUESTION_SECONDS) -> Checked:
    """Check every file of `bank` (canonical variant, plus `seeds` seeds), on `jobs` processes (default:
    one per core for a deep run over a bank of some size, else this one)."""
    entries, problems = bank.listing()
    tasks = [Task(qid, str(path), str(bank.root_of(path)), seeds, seconds) for qid, path in entries]
    order = sorted(range(len(tasks)), key=lambda i: -_cost_guess(Path(tasks[i].path), Path(tasks[i].root)))
    if jobs is None:  # starting worker processes costs more than a light run gains from them
        jobs = (os.cpu_count() or 1) if seeds and len(tasks) >= POOL_FROM else 1
    jobs = max(1, min(jobs, len(tasks)))
    ordered = [tasks[i] for i in order]
    results = _on_pool(ordered, jobs) if jobs > 1 else [check_bounded(t) for t in ordered]
    by_task = dict(zip(order, results))
    loaded = 0
    for i in range(len(tasks)):
        ok, found = by_task[i]
        loaded += ok
        problems += found
    return Checked(loaded, problems)


def check_bounded(task: Task) -> tuple[bool, list[Problem | SeededProblem]]:
    """Check one file in a bounded child; (whether it loaded, its problems)."""
    import gc

    from grader.bounded import run_bounded

    _prepare()
    gc.freeze()  # the child's collector leaves this process's objects alone: far fewer pages copied on write
    outcome = run_bounded(check_file, task.path, task.qid, task.root, task.seeds,
                          seconds=task.seconds, memory_mb=QUESTION_MEMORY_MB)
    if outcome.done:
        _warm(outcome.value.get("modules", []))
        problems = [Problem(**p) for p in outcome.value["problems"]]
        problems += [SeededProblem(**{**p, "seeds": tuple(p["seeds"])}) for p in outcome.value["seeded"]]
        return outcome.value["loaded"], problems
    why = {"timeout": f"checking this question took more than {task.seconds:g} s and was stopped",
           "memory": f"checking this question needed more than {QUESTION_MEMORY_MB} MB and was stopped"}
    message = why.get(outcome.status, f"checking this question failed ({outcome.error})")
    return False, [Problem(task.path, None, "", f"{message}: something in it is far too costly (a huge expression, "
                                                "template or parameter?); simplify it. The other questions "
                                                "were checked")]


def check_file(path: str, qid: str, root: str, seeds: int) -> dict[str, Any]:
    """In the child: load one file with every cross-check and check its variants; JSON data out."""
    from grader.errors import QuestionConfigError
    from grader.instructor.deep_validate import validate_one
    from grader.loader import load_question

    before = set(sys.modules)
    try:
        question = load_question(Path(path), qid, lint=True, bank=Path(root))
    except QuestionConfigError as exc:
        return {"loaded": False, "problems": [asdict(p) for p in exc.problems], "seeded": [],
                "modules": _new_modules(before)}
    seeded = [asdict(p) for p in validate_one((question, seeds))]
    return {"loaded": True, "problems": [], "seeded": seeded, "modules": _new_modules(before)}


_PREPARED: list[bool] = []


def _prepare() -> None:
    """Once per process, what every child would otherwise redo: msgspec's decoder for the schema
    (built from the type hints on first use) and the template environment."""
    if _PREPARED:
        return
    import msgspec

    from grader import model
    from grader.render import environment

    msgspec.convert({"kind": "flashcard", "title": "t", "prompt": "p", "answer": "a"}, type=model.QuestionSpec)
    environment()
    _PREPARED.append(True)


def _new_modules(before: set[str]) -> list[str]:
    return sorted(name for name in set(sys.modules) - before if name.startswith(_WARM_PREFIXES))


def _warm(modules: list[str]) -> None:
    """Import here what a child needed, so the next children forked from this process start with it."""
    import importlib

    for name in modules:
        if name not in sys.modules and name.startswith(_WARM_PREFIXES):
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - only a head start; the child imports what it needs anyway
                continue


def _cost_guess(path: Path, root: Path) -> int:
    """Code exercises and symbolic questions take longest, so they start first (guessed from the file's
    `kind:` line; a file the loader will refuse is guessed cheap)."""
    from grader.userfiles import InputFileError, read_bytes

    try:
        head = read_bytes(path, "the question file", 256 * 1024, within=root)[:4096].decode("utf-8", "replace")
    except InputFileError:
        return 0
    match = re.search(r"^kind:\s*(\w+)", head, re.M)
    return {"code": 3, "symbolic": 2}.get(match.group(1) if match else "", 1)


def _on_pool(tasks: list[Task], jobs: int) -> list[tuple[bool, list[Problem | SeededProblem]]]:
    """`check_bounded` on `jobs` fresh `sys.executable` processes (spawned; one BLAS thread each)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    saved = os.environ.get("OPENBLAS_NUM_THREADS")
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # numpy's BLAS thread would steal the other core
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            return list(pool.map(check_bounded, tasks, chunksize=1))
    finally:
        if saved is None:
            os.environ.pop("OPENBLAS_NUM_THREADS", None)
        else:
            os.environ["OPENBLAS_NUM_THREADS"] = saved
