"""Results: one check, one exercise, one learner. Small frozen dataclasses with a stable JSON form
(documented in docs/ci.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
NOT_SUBMITTED = "not submitted"
NOT_ATTEMPTED = "not attempted"  # the starter file unchanged, or no typed answer given
STAGES = ("imports", "function", "returns", "values", "properties")


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one check: its stage, status (passed, failed, skipped), message and weight.
    `mistake` is the feedback of a known mistake the output matched, if any; `credit` the share of
    the weight earned when it is partial (a typed answer's partial credit), else None."""

    name: str
    stage: str
    status: str
    message: str = ""
    weight: float = 0.0
    hidden: bool = False
    mistake: str | None = None
    credit: float | None = None

    @property
    def points(self) -> float:
        """The weight times the credit when given, else the weight when passed, else 0."""
        if self.credit is not None:
            return self.weight * self.credit
        return self.weight if self.status == PASSED else 0.0

    def to_json(self) -> dict[str, Any]:
        """The JSON form of one check."""
        return {"name": self.name, "stage": self.stage, "status": self.status, "message": self.message,
                "weight": self.weight, "hidden": self.hidden, "mistake": self.mistake, "credit": self.credit}


@dataclass(frozen=True)
class ExerciseReport:
    """One exercise graded for one file (or one typed answer of an assignment, `kind` its question's kind).
    `attempted` is False when the file is the starter unchanged (or no answer was given); `weight`
    is what the item counts in the learner's total (an assignment's points, else 1)."""

    qid: str
    file: str
    checks: tuple[CheckResult, ...]
    isolation: str
    submitted: bool = True
    seconds: float = 0.0
    output: str = ""
    attempted: bool = True
    kind: str = "code"
    weight: float = 1.0

    @property
    def max_points(self) -> float:
        """The sum of every check's weight."""
        return sum(c.weight for c in self.checks)

    @property
    def points(self) -> float:
        """The sum of the passed checks' weights."""
        return sum(c.points for c in self.checks)

    @property
    def score(self) -> float:
        """Points earned over points possible, 0..1 (0 when not submitted or not attempted)."""
        total = self.max_points
        return self.points / total if total and self.submitted and self.attempted else 0.0

    @property
    def passed(self) -> bool:
        """True when submitted, attempted and no check failed or was skipped."""
        return self.submitted and self.attempted and all(c.status == PASSED for c in self.checks)

    @property
    def status(self) -> str:
        """passed, partial, failed, not attempted or not submitted."""
        if not self.submitted:
            return NOT_SUBMITTED
        if not self.attempted:
            return NOT_ATTEMPTED
        return PASSED if self.passed else "partial" if self.score > 0 else FAILED

    @property
    def failure(self) -> CheckResult | None:
        """The first failing check, if any."""
        return next((c for c in self.checks if c.status == FAILED), None)

    @property
    def first_failure(self) -> str | None:
        """The name of the first failing check (what the gradebook records); None when not attempted."""
        return self.failure.name if self.failure and self.attempted else None

    @property
    def mistake(self) -> str | None:
        """The known mistake the first failing check matched, if any."""
        return self.failure.mistake if self.failure else None

    @property
    def message(self) -> str:
        """The first failing check's message ('' when nothing failed)."""
        if not self.submitted:
            return f"not submitted: no file {self.file}"
        if not self.attempted:
            return self.failure.message if self.failure else f"not attempted: {self.file} is the starter, unchanged"
        return self.failure.message if self.failure else ""

    def to_json(self) -> dict[str, Any]:
        """The JSON form of one exercise."""
        return {"id": self.qid, "file": self.file, "status": self.status, "score": round(self.score, 4),
                "points": round(self.points, 4), "max_points": self.max_points,
                "first_failure": self.first_failure, "message": self.message,
                "mistake": self.mistake, "seconds": round(self.seconds, 3), "kind": self.kind,
                "weight": self.weight,
                "isolation": self.isolation, "output": self.output, "checks": [c.to_json() for c in self.checks]}


@dataclass(frozen=True)
class LearnerReport:
    """Every exercise graded for one learner's folder. `error` says why the learner could not be
    graded at all (every exercise then scores 0 with that reason); '' normally."""

    learner: str
    folder: str
    exercises: tuple[ExerciseReport, ...]
    isolation: str
    error: str = ""
    notes: tuple[str, ...] = ()

    @property
    def max_marks(self) -> float:
        """What every item together is worth (an assignment's points; else one per exercise)."""
        return sum(e.weight for e in self.exercises)

    @property
    def marks(self) -> float:
        """The items' scores weighted by what each is worth."""
        return sum(e.score * e.weight for e in self.exercises)

    @property
    def score(self) -> float:
        """Marks over the maximum, 0..1 (the mean exercise score when every item counts 1)."""
        return self.marks / self.max_marks if self.max_marks else 0.0

    @property
    def passed_count(self) -> int:
        """How many exercises passed."""
        return sum(e.passed for e in self.exercises)

    def to_json(self) -> dict[str, Any]:
        """The JSON form of one learner (the `--format json` output)."""
        return {"learner": self.learner, "folder": self.folder, "score": round(self.score, 4),
                "passed": self.passed_count, "exercises_total": len(self.exercises),
                "marks": round(self.marks, 4), "max_marks": self.max_marks, "notes": list(self.notes),
                "isolation": self.isolation, "error": self.error or None,
                "exercises": [e.to_json() for e in self.exercises]}
