"""Grading runs: one file, one learner's folder, or a class on a pool of workers.

A run prepares every exercise once (cases, input files, reference outputs) and then grades each
learner in one sandboxed process that serves all of that learner's exercises. For one learner
the sandbox boots while the grader imports numpy and builds the cases, and the reference
outputs are computed while the learner's code runs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from grader.code.isolation import choose_isolation
from grader.code.files import (LearnerFile, learner_files, learner_filename,
                               read_submission, source_file, starter_path)
from grader.code.notebook import as_submitted
from grader.code.report import FAILED, CheckResult, ExerciseReport, LearnerReport
from grader.code.session import Request, open_box, run_session
from grader.code.workers import Background, in_order
from grader.errors import DlquizError

if TYPE_CHECKING:
    from grader.code.cases import ExercisePlan
    from grader.code.reference import Reference
    from grader.model import Question

# The grader's own numpy (imported after this module) needs no BLAS threads: parallelism comes
# from grading several learners at once, and idle BLAS threads only compete with the workers.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
TIMING = "#reference timing"  # the exercise key of a request timing the reference solution


@dataclass
class Prepared:
    """One exercise ready to grade: its plan, reference, the main request's inputs and calls, and
    the budget request's inputs (a path known at once; the file and calls made by
    prepare_budgets), with those of the reference's timing on another input of the same size."""

    question: Question
    plan: "ExercisePlan"
    reference: "Reference"
    main_calls: list
    main_inputs: Path
    budget_inputs: Path | None
    budget_calls: list | None = None
    timing_inputs: Path | None = None
    timing_calls: list | None = None


class Run:
    """A grading run over some exercises: a private folder, inputs written once, the isolation.

    Give the `questions`, or their `ids` and a `load` function: then a learner's sandbox can
    start before any question file is parsed (grading one learner starts sooner). With
    `not_attempted`, a file that is the starter unchanged is reported "not attempted" (class
    grading) rather than failing its checks (what `exercise test` shows a learner).
    """

    def __init__(self, questions: list[Question] | None = None, public_only: bool = False,
                 timeout: float | None = None, *, ids: list[str] | None = None,
                 load: Callable[[str], Question] | None = None, not_attempted: bool = False,
                 allow_weak: bool = False):
        self.ids = sorted(ids if ids is not None else [q.id for q in questions or []])
        self._questions = sorted(questions, key=lambda q: q.id) if questions is not None else None
        self._load = load
        self.public_only = public_only
        self.not_attempted = not_attempted
        self.timeout = timeout
        self.allow_weak = allow_weak  # grade below bubblewrap (the caller said so explicitly)
        self.seed = int.from_bytes(os.urandom(4), "little") >> 1  # fresh budget inputs every run
        self.dir = Path(tempfile.mkdtemp(prefix="dlquiz-grade-"))
        self.dir.chmod(0o711)  # the sandbox uid may pass through, not list
        self.inputs = self.dir / "in"
        self.inputs.mkdir(mode=0o755)
        self.secret = self.dir / "secret"
        self.secret.mkdir(mode=0o700)
        self._prepared: dict[str, Prepared] = {}
        self._starters: dict[str, bytes | None] = {}
        self._lock = threading.Lock()
        self._budgets_ready = threading.Event()

    @property
    def questions(self) -> list[Question]:
        """The exercises, by id (loaded on first use when only their ids were given)."""
        with self._lock:
            if self._questions is None:
                self._questions = [self._load(qid) for qid in self.ids]
            return self._questions

    def close(self) -> None:
        """Remove the run's folder."""
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def main_timeout(self, question: Question) -> float:
        """Wall-clock limit of an exercise's main request (--timeout overrides the question's)."""
        return self.timeout or question.spec.checks.time_limit

    @staticmethod
    def budget_timeout(question: Question) -> float:
        """How long a budget request may run before the sandbox is stopped: long enough for a
        slow loop to finish, so it always fails the budget the same way (not sometimes by timeout)."""
        budget = question.spec.checks.properties.budget
        return max(10 * budget.seconds, 5.0) if budget else 0.0

    def prepare(self) -> dict[str, Prepared]:
        """Build every exercise's cases, write its inputs and load its reference (once)."""
        questions = self.questions
        with self._lock:
            if not self._prepared:
                self._prepared = {q.id: self._prepare(q) for q in questions}
            return self._prepared

    def _prepare(self, question: Question) -> Prepared:
        from grader.code.cases import build_plan
        from grader.code.reference import Reference
        from grader.code.transport import write_inputs

        plan = build_plan(question, self.public_only, self.seed)
        stem = question.id.replace("/", "--")
        main_inputs = self.inputs / f"{stem}.in"
        main_calls = write_inputs(main_inputs, plan.main_cases())
        for check, cases in plan.values:  # the deterministic property calls these twice
            _flag(main_calls, cases[0].key, "repeat")
        budget_inputs = self.secret / f"{stem}.in" if plan.has_budget else None
        timing_inputs = self.secret / f"{stem}.timing.in" if plan.has_budget else None
        return Prepared(question, plan, Reference(question), main_calls, main_inputs, budget_inputs,
                        timing_inputs=timing_inputs)

    def prepare_budgets(self) -> None:
        """Draw and write every budget case (large arrays: done while the sandbox works)."""
        from grader.code.transport import write_inputs

        try:
            for prepared in self.prepare().values():
                if prepared.budget_inputs is not None and prepared.budget_calls is None:
                    calls = write_inputs(prepared.budget_inputs, list(prepared.plan.budget))
                    prepared.budget_calls = [{**call, "once": True} for call in calls]
                    calls = write_inputs(prepared.timing_inputs, list(prepared.plan.timing))
                    prepared.timing_calls = [{**call, "once": True} for call in calls]
        finally:
            self._budgets_ready.set()

    def _budget_request_data(self, prepared: Prepared, timing: bool = False) -> tuple[Path, list]:
        self._budgets_ready.wait()
        if prepared.budget_calls is None:
            raise DlquizError(f"the budget case of {prepared.question.id} could not be prepared")
        if timing:
            return prepared.timing_inputs, prepared.timing_calls
        return prepared.budget_inputs, prepared.budget_calls

    def precompute(self) -> None:
        """Make the budget inputs, then every reference output and numerical gradient the checks
        will need (cached in each Reference)."""
        from grader.code.checks import expected_outputs

        self.prepare_budgets()
        for prepared in self.prepare().values():
            expected_outputs(prepared.plan, prepared.reference)
            gradient = prepared.plan.spec.properties.gradient
            for case in prepared.plan.gradient:
                for arg in gradient.wrt:
                    prepared.reference.gradient(case, gradient.objective, arg, gradient.step)

    def requests(self, present: dict[str, bytes]) -> list[Request]:
        """The requests for the submitted exercises: first the reference solution of each timed
        exercise, timed in this sandbox before any learner code is loaded, then every main request,
        then the timed budget requests, so a slow budget case delays nothing else."""
        prepared = self.prepare()
        mains = [prepared[q.id] for q in self.questions if q.id in present]
        requests = []
        for p in mains:
            if p.budget_inputs is not None:
                requests.append(Request(len(requests), p.question.id + TIMING, learner_filename(p.question.id),
                                        p.question.spec.function, p.timing_inputs, [], len(p.plan.spec.returns),
                                        self.budget_timeout(p.question), late=True, source=p.reference.source,
                                        resolve=lambda p=p: self._budget_request_data(p, timing=True)))
        requests += [Request(len(requests) + i, p.question.id, learner_filename(p.question.id), p.question.spec.function,
                             p.main_inputs, p.main_calls, len(p.plan.spec.returns), self.main_timeout(p.question))
                     for i, p in enumerate(mains)]
        for p in mains:
            if p.budget_inputs is not None:
                requests.append(Request(len(requests), p.question.id, learner_filename(p.question.id),
                                        p.question.spec.function, p.budget_inputs, [], len(p.plan.spec.returns),
                                        self.budget_timeout(p.question), late=True,
                                        resolve=lambda p=p: self._budget_request_data(p)))
        return requests

    def grade(self, files: dict[str, LearnerFile], learner: str, folder: str, slot: int = 0) -> LearnerReport:
        """Grade one learner: `files` maps every exercise id to its file, read by
        grader.code.files (missing ids and files without source: not submitted)."""
        isolation = choose_isolation(slot, allow_weak=self.allow_weak)
        problems = {qid: f.problem for qid, f in files.items() if f.problem}
        present = {qid: f.source for qid, f in files.items() if f.source is not None and not f.problem}
        by_file = {learner_filename(qid): source for qid, source in present.items()}
        work = Path(tempfile.mkdtemp(prefix="learner-", dir=self.dir))
        work.chmod(0o711)
        try:
            replies = {}
            if present:
                cpu = 60 + 30 * len(present)  # a backstop: each request has its own wall-clock limit
                box = open_box(isolation, work, self.inputs, by_file, cpu)
                try:  # the sandbox boots while the questions are read and the cases built
                    requests = self.requests(present)
                except BaseException:
                    box.stop()
                    raise
                session = Background(lambda: run_session(isolation, work, self.inputs, by_file, requests, box))
                try:
                    self.precompute()  # while the learner's code runs
                finally:
                    replies = session.result()
            from grader.code.checks import judge  # numpy: imported while the sandbox boots, not before

            prepared = self.prepare()
            reports = []
            for q in self.questions:
                if q.id in problems:
                    reports.append(_unusable(q, problems[q.id], isolation.description, files[q.id].shown))
                elif self.not_attempted and q.id in present and self.untouched(q, present[q.id]):
                    reports.append(ExerciseReport(q.id, learner_filename(q.id), (), isolation.description,
                                                  attempted=False))
                elif q.id not in present:
                    reports.append(ExerciseReport(q.id, learner_filename(q.id), (), isolation.description, submitted=False))
                else:
                    mine = [r for r in replies.values() if r.request.exercise == q.id]
                    main = next((r for r in mine if not r.request.late), None)
                    budget = next((r for r in mine if r.request.late), None)
                    timing = next((r for r in replies.values() if r.request.exercise == q.id + TIMING), None)
                    reports.append(judge(prepared[q.id].plan, prepared[q.id].reference, main, budget,
                                         isolation.description, timing))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        reports = [as_submitted(report, files.get(report.qid)) for report in reports]  # notebooks: cells, not lines
        return LearnerReport(learner, folder, tuple(reports), isolation.description)

    def untouched(self, question: Question, source: bytes) -> bool:
        """Whether the learner's file is the exercise's starter, unchanged but for blank space and
        line endings ("not attempted": told apart from a real failure)."""
        with self._lock:
            if question.id not in self._starters:
                try:
                    self._starters[question.id] = _normal_source(starter_path(question).read_bytes())
                except OSError:
                    self._starters[question.id] = None
        starter = self._starters[question.id]
        if starter is None:
            return False
        return _normal_source(source) == starter

    def grade_many(self, folders: list[Path], workers: int) -> Iterator[LearnerReport]:
        """Grade each learner folder on `workers` threads (each drives one sandbox at a time,
        with its own uid); reports come back in the order of `folders`."""
        choose_isolation(allow_weak=self.allow_weak)  # refused isolation stops the run, not one learner
        self.precompute()

        def grade_folder(slot: int, folder: Path) -> LearnerReport:
            try:
                return self.grade(learner_files(folder, self.ids), folder.name, str(folder), slot)
            except Exception as exc:  # noqa: BLE001 - one learner never stops the class
                return self.not_graded(folder.name, str(folder), _reason(exc))

        yield from in_order(folders, workers, grade_folder)

    def not_graded(self, learner: str, folder: str, reason: str) -> LearnerReport:
        """The row of a learner who could not be graded: every exercise 0, with the reason."""
        exercises = tuple(ExerciseReport(qid, learner_filename(qid),
                                         (CheckResult("graded", "imports", FAILED, f"not graded: {reason}"),), "")
                          for qid in self.ids)
        return LearnerReport(learner, folder, exercises, "", error=reason)


def _reason(exc: Exception) -> str:
    """Why grading a learner failed, in one line (the grader's own error, not a traceback)."""
    if isinstance(exc, DlquizError):
        return str(exc).splitlines()[0][:500] if str(exc) else type(exc).__name__
    return f"the grader failed on this learner ({type(exc).__name__}: {str(exc)[:300]}); please report it"


def _normal_source(data: bytes) -> bytes:
    """Source text with line endings and trailing blanks normalised (for comparing with the starter)."""
    return b"\n".join(line.rstrip() for line in data.replace(b"\r\n", b"\n").strip().split(b"\n"))


def _flag(calls: list[dict], key: str, flag: str) -> None:
    for call in calls:
        if call["case"] == key:
            call[flag] = True


def _unusable(question: Question, why: str, isolation: str, shown: str = "") -> ExerciseReport:
    shown = shown or learner_filename(question.id)
    check = CheckResult("imports", "imports", FAILED, f"{shown} was not graded: {why}")
    return ExerciseReport(question.id, shown, (check,), isolation)


def grade_submission(question: Question, path: Path, public_only: bool = False, allow_weak: bool = True) -> ExerciseReport:
    """Grade one file for one question (any file name; a .ipynb is a notebook), exactly as a learner's
    folder is graded: read without following a link anywhere in its path (grader.code.files)."""
    file = read_submission(path.parent, path.name, learner_filename(question.id))
    return grade_file(question, file, path.stem, str(path.parent), public_only, allow_weak)


def grade_source(question: Question, source: bytes, public_only: bool = False, allow_weak: bool = True) -> ExerciseReport:
    """Grade Python source given as text (`dlquiz check code/x @file`), as a file would be."""
    return grade_file(question, source_file(learner_filename(question.id), source), "source", "", public_only,
                      allow_weak)


def grade_file(question: Question, file: LearnerFile, learner: str, folder: str,
               public_only: bool = False, allow_weak: bool = True) -> ExerciseReport:
    """Grade one learner file for one question. `allow_weak`: below bubblewrap if that is all there
    is (the learner's own checks: the report says which isolation was used)."""
    with Run([question], public_only=public_only, allow_weak=allow_weak) as run:
        report = run.grade({question.id: file}, learner, folder)
    return report.exercises[0]
