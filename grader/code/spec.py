"""The check specification of a `code` question: the `checks:` key of its YAML file.

A check is a small declared unit. The stages run in order and a later stage is skipped
(with the reason) when an earlier one fails:

1. the file imports; 2. it defines the function with the right number of parameters;
3. the first public case returns an ndarray of the right shape and dtype;
4. `values`: each named group of cases matches the reference (or a fixed `expected`);
5. `properties`: does not modify its inputs, deterministic, finite on extreme inputs,
   central finite differences (derivative tasks), a vectorisation budget.

Only stages 4 and 5 carry points (`weight`); the gates carry none, so a file that merely
imports scores 0. Everything here is msgspec Structs (strict, frozen, cheap to import) so a
typo in a question file is reported with its line, like every other kind.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

Positive = Annotated[float, Meta(gt=0)]
Nonnegative = Annotated[float, Meta(ge=0)]
Dim = int | str  # a length, or the name of a dimension drawn in `dims`
BOUND = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*(?P<offset>[+-]\s*\d+)?$")


class Spec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A node of the check specification: rejects unknown keys and is immutable."""


class Tolerance(Spec, kw_only=True):
    """Accepted when |got - expected| <= atol + rtol * |expected| for every element."""

    rtol: Nonnegative = 1e-6
    atol: Nonnegative = 1e-9


class Argument(Spec, kw_only=True):
    """How an argument reaches the learner's function: an ndarray of `dtype`, a Python list
    (of `dtype` numbers), an int or a float. Arguments not listed are float64 arrays."""

    type: Literal["array", "list", "int", "float"] = "array"
    dtype: Literal["float64", "float32", "int64"] = "float64"


class Draw(Spec, kw_only=True):
    """One random argument.

    `shape` lists lengths or names of `dims`; give one of `uniform` [low, high),
    `integer` [low, high] (both included; a bound may be a dim name, optionally `k-1`),
    or `dim` (pass the drawn dimension itself, e.g. `n_classes`).
    """

    shape: list[Dim] = []
    uniform: tuple[float, float] | None = None
    integer: tuple[Dim, Dim] | None = None
    dim: str | None = None

    def __post_init__(self) -> None:
        given = [k for k in ("uniform", "integer", "dim") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of uniform/integer/dim, not {given or 'none'}")
        if self.dim is not None and self.shape:
            raise ValueError("`dim` passes a single number: drop `shape`")
        for bound in self.integer or ():
            if isinstance(bound, str) and not BOUND.match(bound):
                raise ValueError(f"integer bound '{bound}' must be a number, a dim name or `name-1`")


class Random(Spec, kw_only=True):
    """`count` cases drawn from a generator fixed by the question id, the check and `seed`.
    `dims` are drawn first (a fixed length, or [low, high] both included), then `args`."""

    count: Annotated[int, Meta(ge=1, le=100)] = 1
    seed: int = 0
    dims: dict[str, int | tuple[int, int]] = {}
    args: dict[str, Draw]


class Cases(Spec, kw_only=True):
    """Where a check's cases come from: fixed `cases` (each maps every parameter to a value)
    and/or `random` ones. `pass_as` overrides how an array parameter is passed in these cases
    (e.g. `{y: list}`); `hidden` cases report which property failed, never their data;
    `hint` is shown to the learner when the check fails."""

    cases: list[dict[str, Any]] = []
    random: Random | None = None
    pass_as: dict[str, Literal["array", "list"]] = {}
    hidden: bool = False
    hint: str = ""
    weight: Positive = 1.0

    def __post_init__(self) -> None:
        if not self.cases and self.random is None:
            raise ValueError("give `cases`, `random` or both")


class Training(Spec, kw_only=True):
    """The function trains a model and returns its parameters: `steps` names the parameter that
    sets the number of training steps, `loss` a function of the reference solution giving the
    loss of returned parameters. Each case is also run with `steps` set to each checkpoint
    (0 and 1 first): the initial parameters must differ between the cases (they come from the
    seed), one step must go downhill from them (against the loss's gradient, by central
    differences) and the loss must fall at every checkpoint and at the end. So outputs that
    were typed in, or trained elsewhere, do not pass."""

    steps: str
    loss: str
    checkpoints: Annotated[list[Annotated[int, Meta(ge=0)]], Meta(min_length=2)] = msgspec.field(
        default_factory=lambda: [0, 1, 10])
    step: Positive = 1e-6

    def __post_init__(self) -> None:
        if self.checkpoints[:2] != [0, 1] or sorted(set(self.checkpoints)) != self.checkpoints:
            raise ValueError("checkpoints start with 0 and 1 and increase")


class ValueCheck(Cases, kw_only=True):
    """A named group of cases whose outputs must match the reference solution's, or the fixed
    `expected` output (the same for every case, e.g. XOR's targets). With `min_passing`, the
    check passes when at least that many cases do (e.g. 4 of 5 training seeds). `through`
    names a function of the reference solution applied to the outputs before they are compared
    (e.g. the forward pass of returned weights); `training` checks that training happens.

    A group with `random` cases is also run on as many new cases drawn afresh for every run
    (labelled "new case"): results typed in for the cases a learner has seen do not pass."""

    name: Annotated[str, Meta(min_length=1)]
    expected: Any = None
    min_passing: Annotated[int, Meta(ge=1)] | None = None
    tolerance: Tolerance | None = None
    through: str | None = None
    training: Training | None = None


class FiniteCheck(Cases, kw_only=True):
    """Extreme inputs (e.g. logits around 1000): every output must be finite and match."""


class GradientCheck(Cases, kw_only=True):
    """A derivative task: output `wrt[arg]` must equal the derivative of the scalar function
    `objective` (defined in the reference solution, same parameters) with respect to `arg`,
    by central finite differences with step `step`."""

    objective: str
    wrt: Annotated[dict[str, str], Meta(min_length=1)]
    step: Positive = 1e-6
    tolerance: Tolerance = Tolerance(rtol=1e-4, atol=1e-6)


class BudgetCheck(Cases, kw_only=True):
    """Vectorisation: one large case must return the right values within the budget: `factor`
    times the CPU time the reference solution took on an input of the same sizes, timed in the
    same sandbox the same way (every process counted, from outside), and at least `seconds`.
    A loop over elements is ~25x slower than whole-array code, so the default factor of 5 leaves
    the same margin on both sides, and the verdict does not change from run to run. Its inputs
    are drawn afresh on every run."""

    seconds: Positive
    factor: Positive = 5.0


class Properties(Spec, kw_only=True):
    """The last stage, run once every value check passes."""

    pure: bool = True
    deterministic: bool = True
    finite: FiniteCheck | None = None
    gradient: GradientCheck | None = None
    budget: BudgetCheck | None = None


class Output(Spec, kw_only=True):
    """One returned array: `float`, `int` or any `number` dtype. Several outputs = a tuple."""

    name: str = "result"
    dtype: Literal["float", "int", "number"] = "float"


class KnownMistake(Spec, kw_only=True):
    """A function in the reference solution that computes a known wrong answer; when the
    learner's output matches it, `feedback` says what went wrong."""

    function: str
    feedback: Annotated[str, Meta(min_length=1)]


class CheckSpec(Spec, kw_only=True):
    """The whole specification. `signature` lists the parameters in order (the function is
    called with them positionally); `time_limit` bounds the wall time of the exercise's calls."""

    signature: Annotated[list[str], Meta(min_length=1)]
    values: Annotated[list[ValueCheck], Meta(min_length=1)]
    arguments: dict[str, Argument] = {}
    returns: Annotated[list[Output], Meta(min_length=1)] = msgspec.field(default_factory=lambda: [Output()])
    tolerance: Tolerance = Tolerance()
    properties: Properties = Properties()
    mistakes: list[KnownMistake] = []
    time_limit: Positive = 10.0

    def argument(self, name: str) -> Argument:
        """How parameter `name` is passed (a float64 array unless declared)."""
        return self.arguments.get(name, DEFAULT_ARGUMENT)


DEFAULT_ARGUMENT = Argument()
