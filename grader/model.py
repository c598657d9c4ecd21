"""The core model: a question file's schema, a loaded question, a variant and a result.

The schema is msgspec Structs (strict: unknown keys and wrong types are errors, frozen,
and cheap to import, which keeps `dlquiz check` fast); a loaded question, a variant and
a result are small frozen dataclasses.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import msgspec
from msgspec import Meta

from grader.code.spec import CheckSpec  # the code kind's check specification (msgspec only)

Nonnegative = Annotated[float, Meta(ge=0)]
# Bounds on what a question file may ask for (a file may come from anyone; see docs/threat-model.md).
MAX_ELEMENTS = 10_000  # numbers in one drawn parameter
MAX_DIMENSIONS = 4
MAX_BOUND = 1e15  # |low| and |high| of uniform and integer ranges
MAX_CHOICES = 1_000
MAX_OPTIONS = 26  # one letter each


class Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A schema node that rejects unknown keys and is immutable."""


class Parameter(Strict, kw_only=True):
    """A seeded random draw; `canonical` is the course's own value (the variant with no seed).

    Give at most one of `uniform` [low, high], `integer` [low, high] (both included) or
    `choice` [values]; none means the value is fixed. `shape` draws an array, `round`
    rounds drawn numbers to that many decimals, `nonzero` redraws exact zeros.
    """

    canonical: Any
    uniform: tuple[float, float] | None = None
    integer: tuple[int, int] | None = None
    choice: list[Any] | None = None
    shape: Annotated[list[Annotated[int, Meta(ge=1)]], Meta(max_length=MAX_DIMENSIONS)] | None = None
    round: Annotated[int, Meta(ge=0, le=15)] | None = None
    nonzero: bool = False

    def __post_init__(self) -> None:
        given = [k for k in ("uniform", "integer", "choice") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of uniform/integer/choice, not {' and '.join(given)}")
        if self.shape is not None and self.choice is not None:
            raise ValueError("shape goes with uniform or integer, not choice")
        for key in ("uniform", "integer"):
            bounds = getattr(self, key)
            if bounds is not None and not all(math.isfinite(b) and abs(b) <= MAX_BOUND for b in bounds):
                raise ValueError(f"{key}: the bounds must be finite numbers from -{MAX_BOUND:g} to {MAX_BOUND:g}, "
                                 f"not [{bounds[0]}, {bounds[1]}]")
            if bounds is not None and bounds[0] > bounds[1]:
                raise ValueError(f"{key}: low {bounds[0]} is above high {bounds[1]}")
        if self.choice is not None and not self.choice:
            raise ValueError("choice needs at least one value")
        if self.choice is not None and len(self.choice) > MAX_CHOICES:
            raise ValueError(f"choice has {len(self.choice)} values; at most {MAX_CHOICES}")
        if self.shape is not None and math.prod(self.shape) > MAX_ELEMENTS:
            raise ValueError(f"shape {self.shape} draws {math.prod(self.shape)} numbers; at most {MAX_ELEMENTS}: "
                             "learners work with small arrays")


class Tolerance(Strict, kw_only=True):
    """How close a numeric answer must be: |given - expected| <= atol + rtol*|expected|,
    or, with `sigfigs`, agreement to that many significant figures.
    The defaults suit hand computation rounded to 3 decimals."""

    rtol: Nonnegative = 1e-3
    atol: Nonnegative = 5e-4
    sigfigs: Annotated[int, Meta(ge=1, le=15)] | None = None


class Derivative(Strict, kw_only=True):
    """A function differentiated by SymPy (grader/solvers/derivative.py): `differentiate` one
    expression (a list of them: a Jacobian's rows) in the variables `wrt` (one name: the
    derivative; a list: the gradient). Other names in it are parameters."""

    differentiate: str | Annotated[list[str], Meta(min_length=1)]
    wrt: str | Annotated[list[str], Meta(min_length=1)]


class SolverCall(Strict, kw_only=True):
    """A numeric answer no formula can say: a named `solver` (the catalog, or the course's own
    solvers.py) with `args` (a string names a parameter), or a function SymPy differentiates
    (`differentiate`, `wrt`) evaluated `at` the variant's point (variable -> formula)."""

    solver: str | None = None
    args: dict[str, Any] = {}
    differentiate: str | Annotated[list[str], Meta(min_length=1)] | None = None
    wrt: str | Annotated[list[str], Meta(min_length=1)] | None = None
    at: dict[str, Any] = {}

    def __post_init__(self) -> None:
        if (self.solver is None) == (self.differentiate is None):
            raise ValueError("give either `solver` (with `args`) or `differentiate` (with `wrt` and `at`)")
        if self.differentiate is not None and (self.wrt is None or not self.at or self.args):
            raise ValueError("`differentiate` needs `wrt` (the variables) and `at` (their values), and takes no `args`")
        if self.solver is not None and (self.wrt is not None or self.at):
            raise ValueError("`wrt` and `at` go with `differentiate`, not with `solver`")


class Mistake(Strict, kw_only=True):
    """A known wrong answer and the feedback shown when the learner's answer matches it.

    Numeric questions give a `formula` over the parameters, or a `solver` (and `args`, default:
    the answer's); symbolic ones give `expression` (or a list of them for a vector answer).
    `may_coincide: true` says the mistake equals the right answer on some variants by its nature
    (forgetting a ReLU whose input is positive): those variants are kept rather than redrawn, and
    the mistake simply cannot be told apart there.
    """

    feedback: str
    formula: str | None = None
    solver: str | None = None
    args: dict[str, Any] | None = None
    expression: str | list[str] | None = None
    may_coincide: bool = False

    def __post_init__(self) -> None:
        given = [k for k in ("formula", "solver", "expression") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a mistake gives one of `formula` or `solver` (numeric) or `expression` (symbolic)")


class CurvePanel(Strict, kw_only=True):
    """One training run in a learning-curve figure. `family` is a family name (good-fit, overfitting,
    underfitting, lr-too-high, lr-too-low, bug) or a parameter holding one; `turn` (the epoch an
    overfitting run's validation loss turns up at) and `seed` (its noise) are numbers or parameter
    names; `label` names the panel (default A, B, ... when there are several)."""

    family: Annotated[str, Meta(min_length=1)]
    turn: int | str | None = None
    seed: int | str = 0
    label: Annotated[str, Meta(max_length=20)] = ""


class Figure(Strict, kw_only=True):
    """A picture computed from the question's parameters, shown under the prompt: a terminal plot,
    inline SVG in handouts (grader/figures). `epochs` and `classes` (the loss starts near
    ln(classes)) are numbers or parameter names; the panels share them."""

    plot: Literal["learning-curves"] = "learning-curves"
    metric: Literal["loss", "accuracy"] = "loss"
    epochs: int | str = 30
    classes: int | str = 10
    title: Annotated[str, Meta(max_length=60)] = ""
    panels: Annotated[list[CurvePanel], Meta(min_length=1, max_length=4)]


class Common(Strict, kw_only=True):
    """Fields every kind shares. `prompt`, `hints` and `solution` are Jinja2 templates over
    the parameters, in Markdown with $LaTeX$ math; `figure` is a picture computed from the
    parameters; `source` says where in the course material the question comes from. `derived`
    values are formulas over the parameters (`z: "w @ x + b"`, in file order), usable wherever a
    parameter is; a draw is redrawn until every formula in `constraints` holds (`label < n_classes`)."""

    title: Annotated[str, Meta(min_length=1)]
    prompt: Annotated[str, Meta(min_length=1)]
    parameters: dict[str, Parameter] = {}
    derived: dict[str, str] = {}
    constraints: list[str] = []
    figure: Figure | None = None
    hints: list[str] = []
    solution: str = ""
    source: str = ""
    released: bool = False  # a learners' copy written by `dlquiz release`: answers withheld

    @property
    def withheld(self) -> bool:
        """True when this copy holds no answer to check against (a released quiz question)."""
        return self.released and self.kind != "code"

    @property
    def kind(self) -> str:
        """The question's kind (its `kind:` tag)."""
        return self.__struct_config__.tag


class NumericQuestion(Common, tag="numeric", tag_field="kind", kw_only=True):
    """A scalar, vector or matrix answer: a formula over the parameters (`answer: "mean((y - y_hat)^2)"`),
    or a solver call or a SymPy derivative (SolverCall)."""

    answer: str | SolverCall
    tolerance: Tolerance = Tolerance()
    mistakes: list[Mistake] = []
    partial_credit: bool = False  # a vector or matrix answer scores the share of its elements that are right


class SymbolicQuestion(Common, tag="symbolic", tag_field="kind", kw_only=True):
    """An expression (or a comma-separated vector of them) in the named `variables`,
    which live on `domain` (real or positive) for sampling and simplification. The answer
    may be a Derivative: SymPy differentiates the function the prompt shows."""

    variables: Annotated[list[str], Meta(min_length=1)]
    answer: str | list[str] | Derivative
    domain: Literal["real", "positive"] = "real"
    mistakes: list[Mistake] = []


class Option(Strict, kw_only=True):
    """One option of a choice question; `feedback` is shown when the learner picks it.
    `shuffle: false` keeps the option where it is written ("all of the above" stays last)."""

    text: Annotated[str, Meta(min_length=1)]
    correct: bool = False
    feedback: str = ""
    shuffle: bool = True


class ChoiceQuestion(Common, tag="choice", tag_field="kind", kw_only=True):
    """Pick one (or, with `multiple`, several) of the options. The options are shown in an order
    drawn per variant (grader/checkers/choice.py); `shuffle: false` keeps the written order."""

    options: Annotated[list[Option], Meta(min_length=2, max_length=MAX_OPTIONS)]
    multiple: bool = False
    shuffle: bool = True

    def __post_init__(self) -> None:
        n = sum(o.correct for o in self.options)
        if self.released:
            return  # the learners' copy does not say which options are right
        if n == 0:
            raise ValueError("mark at least one option `correct: true`")
        if n > 1 and not self.multiple:
            raise ValueError(f"{n} options are correct: set `multiple: true` or mark only one")


class FlashcardQuestion(Common, tag="flashcard", tag_field="kind", kw_only=True):
    """Recall: the learner answers in their head, sees the model `answer` and rates themselves."""

    answer: Annotated[str, Meta(min_length=1)]


class CodeQuestion(Common, tag="code", tag_field="kind", kw_only=True):
    """A function the learner implements in `<name>.py` (the starter sits next to the YAML, the
    reference in solutions/); graded in a sandbox by the staged checks in `checks`
    (grader/code/spec.py, docs/ci.md)."""

    function: Annotated[str, Meta(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
    checks: CheckSpec


class DesignField(Strict, kw_only=True):
    """One field of a design answer: its key, the question asked for it, and how its text is read
    (`form`: widths "128, 64" | shapes "128x200, 5x128" | word "relu" | number "0.001" |
    settings "dropout 0.3, weight-decay 1e-4"; see grader/checkers/design.py)."""

    name: Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]*$")]
    ask: Annotated[str, Meta(min_length=1)]
    form: Literal["widths", "shapes", "word", "number", "settings"]
    example: Annotated[str, Meta(min_length=1)]


class DesignRule(Strict, kw_only=True):
    """One grading rule: a rule of grader/checkers/design.py by name, its `args`, and its weight."""

    rule: str
    title: Annotated[str, Meta(min_length=1)]
    points: Annotated[float, Meta(gt=0)] = 1.0
    args: dict[str, Any] = {}


class DesignQuestion(Common, tag="design", tag_field="kind", kw_only=True):
    """A structured answer (one text per field) graded by rules with partial credit and feedback per rule.
    `model_answer` (field name -> text) is the reference; lint checks all three are given and that it earns full marks."""

    fields: list[DesignField] = []
    rules: list[DesignRule] = []
    model_answer: dict[str, Any] = {}


QuestionSpec = Union[NumericQuestion, SymbolicQuestion, ChoiceQuestion, FlashcardQuestion, CodeQuestion, DesignQuestion]
SPEC_CLASSES: dict[str, type[Common]] = {cls.__struct_config__.tag: cls for cls in QuestionSpec.__args__}
KINDS: tuple[str, ...] = tuple(SPEC_CLASSES)


def has_variants(spec: Any) -> bool:
    """Whether seeds give different variants: some parameter, or choice options in a drawn order."""
    return bool(spec.parameters) or (spec.kind == "choice" and spec.shuffle
                                     and sum(o.shuffle for o in spec.options) > 1)


def topic_of(qid: str) -> str:
    """The topic of a question id: its folder (`losses/mse` -> `losses`)."""
    return qid.rsplit("/", 1)[0] if "/" in qid else ""


@dataclass(frozen=True)
class Question:
    """A loaded question: its id (the path under the bank, without .yaml), file and spec."""

    id: str
    file: Path
    spec: Any  # one of the *Question models above

    @property
    def topic(self) -> str:
        """The folder the question lives in."""
        return topic_of(self.id)

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
