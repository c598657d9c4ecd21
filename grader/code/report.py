"""Results: one check, one exercise, one learner. Small frozen dataclasses with a stable JSON form
(documented in docs/ci.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
NOT_SUBMITTED = "not submitted"
STAGES = ("imports", "function", "returns", "values", "properties")


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one check: its stage, status (passed, failed, skipped), message and weight.
    `mistake` is the feedback of a known mistake the output matched, if any."""

    name: str
    stage: str
    status: str
    message: str = ""
    weight: float = 0.0
    hidden: bool = False
    mistake: str | None = None

    @property
    def points(self) -> float:
        """The weight when passed, else 0."""
        return self.weight if self.status == PASSED else 0.0

    def to_json(self) -> dict[str, Any]:
        """The JSON form of one check."""
        return {"name": self.name, "stage": self.stage, "status": self.status, "message": self.message,
                "weight": self.weight, "hidden": self.hidden, "mistake": self.mistake}


@dataclass(frozen=True)
class ExerciseReport:
    """One exercise graded for one file."""

    qid: str
    file: str
    checks: tuple[CheckResult, ...]
    isolation: str
    submitted: bool = True
    seconds: float = 0.0
    output: str = ""

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
        """Points earned over points possible, 0..1 (0 when not submitted)."""
        total = self.max_points
        return self.points / total if total and self.submitted else 0.0

    @property
    def passed(self) -> bool:
        """True when submitted and no check failed or was skipped."""
        return self.submitted and all(c.status == PASSED for c in self.checks)

    @property
    def status(self) -> str:
        """passed, partial, failed or not submitted."""
        if not self.submitted:
            return NOT_SUBMITTED
        return PASSED if self.passed else "partial" if self.score > 0 else FAILED

    @property
    def failure(self) -> CheckResult | None:
        """The first failing check, if any."""
        return next((c for c in self.checks if c.status == FAILED), None)

    @property
    def first_failure(self) -> str | None:
        """The name of the first failing check (what the gradebook records)."""
        return self.failure.name if self.failure else None

    @property
    def mistake(self) -> str | None:
        """The known mistake the first failing check matched, if any."""
        return self.failure.mistake if self.failure else None

    @property
    def message(self) -> str:
        """The first failing check's message ('' when nothing failed)."""
        if not self.submitted:
            return f"not submitted: no file {self.file}"
        return self.failure.message if self.failure else ""

    def to_json(self) -> dict[str, Any]:
        """The JSON form of one exercise."""
        return {"id": self.qid, "file": self.file, "status": self.status, "score": round(self.score, 4),
                "points": round(self.points, 4), "max_points": self.max_points,
                "first_failure": self.first_failure, "message": self.message,
                "mistake": self.mistake, "seconds": round(self.seconds, 3),
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

    @property
    def score(self) -> float:
        """The mean exercise score, 0..1."""
        return sum(e.score for e in self.exercises) / len(self.exercises) if self.exercises else 0.0

    @property
    def passed_count(self) -> int:
        """How many exercises passed."""
        return sum(e.passed for e in self.exercises)

    def to_json(self) -> dict[str, Any]:
        """The JSON form of one learner (the `--format json` output)."""
        return {"learner": self.learner, "folder": self.folder, "score": round(self.score, 4),
                "passed": self.passed_count, "exercises_total": len(self.exercises),
                "isolation": self.isolation, "error": self.error or None,
                "exercises": [e.to_json() for e in self.exercises]}
