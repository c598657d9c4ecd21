"""What the language knows: functions (with how many arguments), constants, and the dialects.

One vocabulary serves learners' numeric and symbolic answers and authors' formulas; a
`Dialect` says which part of it a text may use and how a top-level list is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grader.expr.limits import DEFAULT_LIMITS, Limits

# name -> (fewest, most) arguments; None: no upper bound
SCALAR_FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "exp": (1, 1), "log": (1, 1), "ln": (1, 1), "sqrt": (1, 1), "abs": (1, 1),
    "sigmoid": (1, 1), "relu": (1, 1), "softplus": (1, 1), "step": (1, 1),
    "tanh": (1, 1), "sinh": (1, 1), "cosh": (1, 1), "sech": (1, 1),
    "sin": (1, 1), "cos": (1, 1), "tan": (1, 1), "asin": (1, 1), "acos": (1, 1), "atan": (1, 1),
    "max": (2, None), "min": (2, None),
}
# authors' formulas on arrays (issue 12): these and the scalar ones
ARRAY_FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "sum": (1, 2), "mean": (1, 2), "max": (1, None), "min": (1, None), "softmax": (1, 2), "norm": (1, 1),
    "floor": (1, 1), "ceil": (1, 1), "one_hot": (2, 2), "transpose": (1, 1),
}
CONSTANTS = frozenset({"e", "E", "pi"})
KEYWORDS = frozenset({"and", "or", "not"})


@dataclass(frozen=True)
class Dialect:
    """Which part of the language a text may use.

    names          variables (symbolic answers) or parameters (formulas) the text may name
    functions      function name -> (fewest, most) arguments
    arrays         array algebra: `@`, `.T`, indexing `x[i]` (array literals are always read)
    comparisons    `<`, `<=`, `==`, `and`, `or`, `not` (authors' constraints)
    space_lists    in a list without commas, whitespace separates entries (`1 3; 2 4`, MATLAB style);
                   numeric answers only, where `2 x` has no meaning
    what           what the text is, for messages ("an answer", "a formula")
    """

    names: frozenset[str] = frozenset()
    functions: dict[str, tuple[int, int | None]] = field(default_factory=lambda: dict(SCALAR_FUNCTIONS))
    arrays: bool = False
    comparisons: bool = False
    space_lists: bool = False
    what: str = "your answer"
    limits: Limits = DEFAULT_LIMITS

    @property
    def reserved(self) -> frozenset[str]:
        """Names that cannot be variables or parameters: functions, constants, keywords."""
        return frozenset(self.functions) | CONSTANTS | KEYWORDS


def numeric_answer() -> Dialect:
    """A learner's numeric answer: numbers, the scalar functions, constants, lists and matrices."""
    return Dialect(space_lists=True)


def symbolic_answer(variables: tuple[str, ...] | list[str] | frozenset[str]) -> Dialect:
    """A learner's symbolic answer in the question's variables (a comma-separated list for a vector)."""
    return Dialect(names=frozenset(variables))


def formula(parameters: tuple[str, ...] | list[str] | frozenset[str]) -> Dialect:
    """An author's formula over parameters: every function, array algebra, comparisons."""
    return Dialect(names=frozenset(parameters), functions={**SCALAR_FUNCTIONS, **ARRAY_FUNCTIONS},
                   arrays=True, comparisons=True, what="the formula")


RESERVED = frozenset(SCALAR_FUNCTIONS) | frozenset(ARRAY_FUNCTIONS) | CONSTANTS | KEYWORDS
