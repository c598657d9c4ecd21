"""What the right answer is: the course's reference solution, imported in the grader's process.

The reference (solutions/<id>.py) is trusted course material, never a learner's file; it also
defines the known-mistake functions and the scalar objectives of derivative tasks.
Learners' code never comes here: it runs in the sandbox (grader.code.sandbox).
"""

from __future__ import annotations

import threading
import time
from types import ModuleType
from typing import Any

import numpy as np

from grader.code.cases import Case
from grader.code.files import reference_path
from grader.errors import Problem, QuestionConfigError
from grader.model import Question


class Reference:
    """The reference module of one question, with its outputs cached per case."""

    def __init__(self, question: Question):
        self.question = question
        self.source = reference_path(question).read_bytes() if reference_path(question).is_file() else b""
        self.module = _load(question)
        self._cache: dict[tuple[str, str], tuple[np.ndarray, ...]] = {}
        self.seconds: dict[tuple[str, str], float] = {}  # CPU time of each (function, case), this thread
        self._lock = threading.Lock()

    def function(self, name: str) -> Any:
        """A function of the reference module (a config error when it is missing)."""
        fn = getattr(self.module, name, None)
        if not callable(fn):
            path = reference_path(self.question)
            raise QuestionConfigError([Problem(str(path), None, "", f"defines no function '{name}'")])
        return fn

    def outputs(self, case: Case, name: str | None = None) -> tuple[np.ndarray, ...]:
        """The outputs of the reference function (or of the function `name`) on `case`, as arrays."""
        name = name or self.question.spec.function
        with self._lock:
            if (name, case.key) not in self._cache:
                fn, args = self.function(name), case.fresh_args()
                start = time.thread_time()
                with np.errstate(all="ignore"):  # e.g. a known mistake overflowing on extreme inputs
                    result = fn(*args)
                self.seconds[(name, case.key)] = time.thread_time() - start
                self._cache[(name, case.key)] = as_outputs(result, len(self.question.spec.checks.returns))
            return self._cache[(name, case.key)]

    def gradient(self, case: Case, objective: str, arg: str, step: float) -> np.ndarray:
        """d objective / d arg at `case`, by central differences (one element at a time); cached."""
        key = (f"{objective}/d{arg}/{step}", case.key)
        with self._lock:
            if key not in self._cache:
                self._cache[key] = (self._central_differences(case, objective, arg, step),)
            return self._cache[key][0]

    def _central_differences(self, case: Case, objective: str, arg: str, step: float) -> np.ndarray:
        fn = self.function(objective)
        index = self.question.spec.checks.signature.index(arg)
        base = np.array(case.args[index], dtype=float)
        grad = np.zeros_like(base)
        for i in np.ndindex(base.shape):
            values = []
            for sign in (1.0, -1.0):
                args = list(case.fresh_args())
                moved = base.copy()
                moved[i] += sign * step
                args[index] = moved
                values.append(float(fn(*args)))
            grad[i] = (values[0] - values[1]) / (2 * step)
        return grad


def as_outputs(result: Any, count: int) -> tuple[np.ndarray, ...]:
    """A function's return value as a tuple of `count` arrays."""
    parts = tuple(result) if count > 1 else (result,)
    return tuple(np.asarray(p) for p in parts)


def _load(question: Question) -> ModuleType:
    path = reference_path(question)
    if not path.is_file():
        raise QuestionConfigError([Problem(str(question.file), None, "function",
                                           f"the reference solution {path} is missing")])
    name = "dlquiz_reference_" + question.id.replace("/", "_").replace("-", "_")
    module = ModuleType(name)
    module.__file__ = str(path)
    # compiled here rather than imported, so no bytecode cache is written next to the solutions
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module.__dict__)
    return module
