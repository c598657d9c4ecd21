"""Concrete test cases: fixed ones from the YAML and seeded random ones, and an exercise's plan.

A case is only the arguments of one call and where they come from; what the output should be
is the reference's business (grader.code.reference), and the verdict is the checks' (grader.code.checks).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from grader.code.files import learner_filename
from grader.code.spec import BOUND, Cases, CheckSpec, Draw, Random, ValueCheck
from grader.errors import Problem, QuestionConfigError
from grader.model import Question
from grader.variants import rng_for


@dataclass(frozen=True)
class Case:
    """One call of the learner's function.

    `key` is unique within the exercise (it names the arrays crossing the sandbox boundary),
    `check` the check it belongs to, `label` how it is shown ("case 2", "random case 3"),
    `args` the positional arguments in signature order and `kinds` how each is passed
    (array, list, int or float).
    """

    key: str
    check: str
    label: str
    args: tuple[Any, ...]
    kinds: tuple[str, ...]
    hidden: bool

    def fresh_args(self) -> tuple[Any, ...]:
        """Deep copies of the arguments, so no callee can change the case."""
        return copy.deepcopy(self.args)


@dataclass(frozen=True)
class ExercisePlan:
    """Every case of one exercise, grouped by the check that judges it. The large budget case is
    drawn (from `run_seed`) only when first used, so it can be made while other work runs."""

    question: Question
    filename: str
    values: tuple[tuple[ValueCheck, tuple[Case, ...]], ...]
    finite: tuple[Case, ...]
    gradient: tuple[Case, ...]
    has_budget: bool
    run_seed: int

    @cached_property
    def budget(self) -> tuple[Case, ...]:
        """The timed vectorisation case (empty when the exercise has none)."""
        if not self.has_budget:
            return ()
        return tuple(make_cases(self.question, self.spec.properties.budget, "b", "budget", salt=self.run_seed))

    @property
    def spec(self) -> CheckSpec:
        """The question's check specification."""
        return self.question.spec.checks

    def main_cases(self) -> list[Case]:
        """The cases run in the exercise's main request (all but the timed budget case)."""
        cases = [c for _, group in self.values for c in group]
        return cases + list(self.finite) + list(self.gradient)


def build_plan(question: Question, public_only: bool = False, run_seed: int = 0) -> ExercisePlan:
    """All cases of `question`; `public_only` drops hidden ones; `run_seed` draws the budget case."""
    spec: CheckSpec = question.spec.checks
    props = spec.properties

    def keep(source: Cases | None) -> bool:
        return source is not None and not (public_only and source.hidden)

    values = tuple((check, tuple(make_cases(question, check, f"v{i}", check.name)))
                   for i, check in enumerate(spec.values) if keep(check))
    if not values:
        _config_error(question, "checks.values", "every value check is hidden: make at least one public")
    finite = tuple(make_cases(question, props.finite, "f", "finite")) if keep(props.finite) else ()
    gradient = tuple(make_cases(question, props.gradient, "g", "gradient")) if keep(props.gradient) else ()
    return ExercisePlan(question, learner_filename(question.id), values, finite, gradient, keep(props.budget), run_seed)


def make_cases(question: Question, source: Cases, prefix: str, check: str, salt: int = 0) -> list[Case]:
    """The fixed then random cases of one check; keys are `<prefix>.<n>`."""
    spec: CheckSpec = question.spec.checks
    kinds = tuple(source.pass_as.get(name, spec.argument(name).type) for name in spec.signature)
    cases = []
    for n, values in enumerate(source.cases):
        args = convert_args(question, values, kinds, f"{check}: case {n + 1}")
        cases.append(Case(f"{prefix}.{n}", check, f"case {n + 1}", args, kinds, source.hidden))
    if source.random is not None:
        # fixed by (question id, check, seed, salt): the same on every machine
        rng = rng_for(f"{question.id}/{prefix}", source.random.seed, salt)
        for r in range(source.random.count):
            drawn = draw_case(spec, source.random, rng)
            missing = [name for name in spec.signature if name not in drawn]
            if missing:
                _config_error(question, "checks", f"{check}: `random.args` does not draw {missing}")
            args = tuple(_as_passed(spec, name, drawn[name], kind) for name, kind in zip(spec.signature, kinds))
            cases.append(Case(f"{prefix}.{len(cases)}", check, f"random case {r + 1}", args, kinds, source.hidden))
    return cases


def draw_case(spec: CheckSpec, random: Random, rng: np.random.Generator) -> dict[str, Any]:
    """Draw the dims, then every argument, of one random case."""
    dims = {name: (d if isinstance(d, int) else int(rng.integers(d[0], d[1] + 1)))
            for name, d in random.dims.items()}
    return {name: _draw(spec.argument(name).dtype, draw, dims, rng) for name, draw in random.args.items()}


def _draw(dtype: str, draw: Draw, dims: dict[str, int], rng: np.random.Generator) -> Any:
    if draw.dim is not None:
        return dims[draw.dim]
    shape = tuple(_length(d, dims) for d in draw.shape)
    if draw.uniform is not None:
        return rng.uniform(draw.uniform[0], draw.uniform[1], size=shape).astype(dtype, copy=False)
    low, high = (_length(b, dims) for b in draw.integer)
    return rng.integers(low, high + 1, size=shape).astype(dtype, copy=False)


def _length(value: int | str, dims: dict[str, int]) -> int:
    """A number, a dim name or `name-1` / `name+2`."""
    if isinstance(value, int):
        return value
    match = BOUND.match(value)
    offset = int(match.group("offset").replace(" ", "")) if match.group("offset") else 0
    return dims[match.group("name")] + offset


def convert_args(question: Question, values: dict[str, Any], kinds: tuple[str, ...], where: str) -> tuple[Any, ...]:
    """A fixed case's YAML values as the positional arguments the function receives."""
    spec: CheckSpec = question.spec.checks
    if set(values) != set(spec.signature):
        _config_error(question, "checks", f"{where} gives {sorted(values)}; it needs exactly {spec.signature}")
    try:
        return tuple(_as_passed(spec, name, values[name], kind) for name, kind in zip(spec.signature, kinds))
    except (TypeError, ValueError) as exc:
        _config_error(question, "checks", f"{where}: {exc}")


def _as_passed(spec: CheckSpec, name: str, value: Any, kind: str) -> Any:
    """`value` converted to how parameter `name` is passed: `kind` array, list, int or float."""
    if kind == "int":
        if float(value) != int(value):
            raise ValueError(f"{name} must be a whole number, not {value!r}")
        return int(value)
    if kind == "float":
        return float(value)
    array = np.array(value, dtype=spec.argument(name).dtype)
    return array.tolist() if kind == "list" else array


def _config_error(question: Question, key: str, message: str):
    raise QuestionConfigError([Problem(str(question.file), None, key, message)])
