"""The core model: a question file's schema, a loaded question, a variant and a result.

The schema is pydantic (strict: unknown keys and wrong types are errors); everything the
engine passes around after loading is a small frozen dataclass.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

KINDS = ("numeric", "symbolic", "choice", "flashcard", "code", "design")


class Strict(BaseModel):
    """A schema node that rejects unknown keys and is immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Parameter(Strict):
    """A seeded random draw; `canonical` is the course's own value (the variant with no seed)."""

    canonical: Any = Field(description="The value used by the canonical variant (the course's numbers).")
    uniform: tuple[float, float] | None = Field(None, description="Draw uniformly from [low, high].")
    integer: tuple[int, int] | None = Field(None, description="Draw an integer from [low, high], both included.")
    choice: list[Any] | None = Field(None, description="Draw one of these values.")
    shape: list[int] | None = Field(None, description="Draw an array of this shape (uniform/integer only).")
    round: int | None = Field(None, description="Round drawn numbers to this many decimals.")
    nonzero: bool = Field(False, description="Never draw an exact zero.")

    @model_validator(mode="after")
    def _one_distribution(self) -> "Parameter":
        given = [k for k in ("uniform", "integer", "choice") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of uniform/integer/choice, not {' and '.join(given)}")
        if self.shape is not None and self.choice is not None:
            raise ValueError("shape goes with uniform or integer, not choice")
        for key in ("uniform", "integer"):
            bounds = getattr(self, key)
            if bounds is not None and bounds[0] > bounds[1]:
                raise ValueError(f"{key}: low {bounds[0]} is above high {bounds[1]}")
        return self


class Tolerance(Strict):
    """How close a numeric answer must be: |given - expected| <= atol + rtol*|expected|,
    or, with `sigfigs`, agreement to that many significant figures."""

    rtol: float = Field(1e-3, ge=0, description="Relative tolerance.")
    atol: float = Field(1e-3, ge=0, description="Absolute tolerance (hand computation rounds to 3 decimals).")
    sigfigs: int | None = Field(None, ge=1, le=15, description="Require this many significant figures instead.")


class SolverCall(Strict):
    """A named solver from grader.solvers; string arguments name parameters."""

    solver: str = Field(description="A solver name from the catalog (`grader/solvers`).")
    args: dict[str, Any] = Field(default_factory=dict, description="Solver argument -> parameter name or literal.")


class Mistake(Strict):
    """A known wrong answer and the feedback a learner sees when their answer matches it."""

    feedback: str = Field(description="Shown when the learner's answer matches this mistake.")
    solver: str | None = Field(None, description="numeric: a solver computing the wrong answer.")
    args: dict[str, Any] | None = Field(None, description="numeric: its arguments (default: the answer's).")
    expression: str | list[str] | None = Field(None, description="symbolic: the wrong expression(s).")

    @model_validator(mode="after")
    def _one_source(self) -> "Mistake":
        if (self.solver is None) == (self.expression is None):
            raise ValueError("a mistake gives either `solver` (numeric) or `expression` (symbolic)")
        return self


class Common(Strict):
    """Fields every kind shares."""

    title: str = Field(min_length=1)
    prompt: str = Field(min_length=1, description="Jinja2 template over the parameters; Markdown with $LaTeX$.")
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    hints: list[str] = Field(default_factory=list, description="Revealed one at a time (templates).")
    solution: str = Field("", description="Worked solution (a template).")
    source: str = Field("", description="Where in the course material this comes from.")


class NumericQuestion(Common):
    """A scalar, vector or matrix answer computed by a reference solver."""

    kind: Literal["numeric"]
    answer: SolverCall
    tolerance: Tolerance = Tolerance()
    mistakes: list[Mistake] = Field(default_factory=list)


class SymbolicQuestion(Common):
    """An expression (or a vector of them) in named variables."""

    kind: Literal["symbolic"]
    variables: list[str] = Field(min_length=1, description="Names the learner may use.")
    domain: Literal["real", "positive"] = Field("real", description="Where the variables live (sampling and simplification).")
    answer: str | list[str] = Field(description="The reference expression(s), in the same syntax learners use.")
    mistakes: list[Mistake] = Field(default_factory=list)


class Option(Strict):
    """One option of a choice question."""

    text: str = Field(min_length=1)
    correct: bool = False
    feedback: str = Field("", description="Shown when the learner picks this option.")


class ChoiceQuestion(Common):
    """Pick one (or, with `multiple`, several) of the options."""

    kind: Literal["choice"]
    options: list[Option] = Field(min_length=2)
    multiple: bool = False

    @model_validator(mode="after")
    def _has_answer(self) -> "ChoiceQuestion":
        n = sum(o.correct for o in self.options)
        if n == 0:
            raise ValueError("mark at least one option `correct: true`")
        if n > 1 and not self.multiple:
            raise ValueError(f"{n} options are correct: set `multiple: true` or mark only one")
        return self


class FlashcardQuestion(Common):
    """Recall: the learner answers in their head, sees the model answer and rates themselves."""

    kind: Literal["flashcard"]
    answer: str = Field(min_length=1, description="The model answer (a template).")


class CodeQuestion(Common):
    """A function the learner implements; graded in a sandbox (see grader.code)."""

    kind: Literal["code"]
    function: str = Field(description="The function the learner implements.")
    checks: dict[str, Any] = Field(default_factory=dict, description="The check specification.")


class DesignQuestion(Common):
    """A structured answer graded by rules with partial credit."""

    kind: Literal["design"]
    fields: dict[str, Any] = Field(default_factory=dict)
    rules: list[dict[str, Any]] = Field(default_factory=list)


QuestionSpec = Annotated[
    Union[NumericQuestion, SymbolicQuestion, ChoiceQuestion, FlashcardQuestion, CodeQuestion, DesignQuestion],
    Field(discriminator="kind"),
]


@dataclass(frozen=True)
class Question:
    """A loaded question: its id (the path under the bank, without .yaml), file and spec."""

    id: str
    file: Path
    spec: Any  # one of the *Question models above

    @property
    def topic(self) -> str:
        """The folder the question lives in."""
        return self.id.rsplit("/", 1)[0] if "/" in self.id else ""

    @property
    def kind(self) -> str:
        """numeric, symbolic, choice, flashcard, code or design."""
        return self.spec.kind


@dataclass(frozen=True)
class Variant:
    """One concrete instance of a question: (question, seed) fixes the parameters."""

    question: Question
    seed: int | None
    params: dict[str, Any]

    @property
    def canonical(self) -> bool:
        """True for the course's own numbers."""
        return self.seed is None


@dataclass(frozen=True)
class Result:
    """The verdict on one answer; every checker returns this."""

    correct: bool
    score: float
    read_as: str
    feedback: str
    mistake: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form (documented in docs/cli.md)."""
        return asdict(self)
