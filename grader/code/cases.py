"""Concrete test cases: fixed ones from the YAML and seeded random ones, and an exercise's plan.

A case is only the arguments of one call and where they come from; what the output should be
is the reference's business (grader.code.reference), and the verdict is the checks' (grader.code.checks).
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterator

import numpy as np

from grader.code.files import learner_filename
from grader.code.spec import BOUND, Cases, CheckSpec, Draw, Random, ValueCheck
from grader.errors import Problem, QuestionConfigError
from grader.model import Question
from grader.variants import rng_for


@dataclass(frozen=True)
class Case:
    """One call of the learner's function.

    `key` is unique within the exercise and says nothing about the case (it names the arrays
    crossing the sandbox boundary, which the learner's code can see), `check` the check it
    belongs to, `label` how it is shown ("case 2", "random case 3", "new case 1"), `args` the
    positional arguments in signature order and `kinds` how each is passed (array, list, int
    or float). `fresh` cases are drawn anew for every run; `of` names the case a training
    checkpoint belongs to, `steps` its number of training steps.
    """

    key: str
    check: str
    label: str
    args: tuple[Any, ...]
    kinds: tuple[str, ...]
    hidden: bool
    fresh: bool = False
    of: str = ""
    steps: int | None = None

    def fresh_args(self) -> tuple[Any, ...]:
        """Deep copies of the arguments, so no callee can change the case."""
        return copy.deepcopy(self.args)


@dataclass(frozen=True)
class ExercisePlan:
    """Every case of one exercise, grouped by the check that judges it: the same cases whether
    hidden checks are reported or not (`public_only` only changes which checks are judged), so
    nothing the learner's code can see tells `exercise test` from `grade`. The large budget
    case is drawn (from `run_seed`) only when first used, so it can be made while other work runs."""

    question: Question
    filename: str
    values: tuple[tuple[ValueCheck, tuple[Case, ...]], ...]
    finite: tuple[Case, ...]
    gradient: tuple[Case, ...]
    has_budget: bool
    run_seed: int
    public_only: bool = False
    checkpoints: tuple[Case, ...] = ()

    @cached_property
    def budget(self) -> tuple[Case, ...]:
        """The timed vectorisation case (empty when the exercise has none)."""
        if not self.has_budget:
            return ()
        keys = itertools.count(len(self.main_cases()))
        return tuple(make_cases(self.question, self.spec.properties.budget, "b", "budget", keys, salt=self.run_seed))

    @cached_property
    def timing(self) -> tuple[Case, ...]:
        """Another large case of the same sizes, on which the reference solution is timed."""
        if not self.has_budget:
            return ()
        keys = itertools.count(len(self.main_cases()))
        return tuple(make_cases(self.question, self.spec.properties.budget, "t", "budget", keys,
                                salt=self.run_seed + 1))

    @property
    def spec(self) -> CheckSpec:
        """The question's check specification."""
        return self.question.spec.checks

    def judged(self, source: Cases | None) -> bool:
        """Whether a check is judged and reported: hidden ones only when grading."""
        return source is not None and not (self.public_only and source.hidden)

    def main_cases(self) -> list[Case]:
        """The cases run in the exercise's main request (all but the timed budget case)."""
        cases = [c for _, group in self.values for c in group]
        return cases + list(self.checkpoints) + list(self.finite) + list(self.gradient)

    def checkpoints_of(self, case: Case) -> tuple[Case, ...]:
        """The training checkpoints run for `case`, by number of steps."""
        return tuple(c for c in self.checkpoints if c.of == case.key)


def build_plan(question: Question, public_only: bool = False, run_seed: int = 0) -> ExercisePlan:
    """All cases of `question` (hidden ones too: `public_only` only marks them as not reported);
    `run_seed` draws the new cases of this run and the budget case."""
    spec: CheckSpec = question.spec.checks
    props = spec.properties
    if public_only and all(check.hidden for check in spec.values):
        _config_error(question, "checks.values", "every value check is hidden: make at least one public")
    keys = itertools.count()
    values = []
    for i, check in enumerate(spec.values):
        cases = make_cases(question, check, f"v{i}", check.name, keys)
        # the same kind of cases, drawn anew for this run (not in a release: its recorded outputs
        # answer the public cases only)
        if check.random is not None and not question.spec.released:
            cases += make_cases(question, check, f"v{i}", check.name, keys, salt=run_seed + 1, fresh=True)
        values.append((check, tuple(cases)))
    checkpoints = tuple(point for check, cases in values if check.training is not None
                        for case in cases for point in _checkpoints(spec, check, case, keys))
    finite = tuple(make_cases(question, props.finite, "f", "finite", keys)) if props.finite else ()
    gradient = tuple(make_cases(question, props.gradient, "g", "gradient", keys)) if props.gradient else ()
    return ExercisePlan(question, learner_filename(question.id), tuple(values), finite, gradient,
                        props.budget is not None, run_seed, public_only, checkpoints)


def _checkpoints(spec: CheckSpec, check: ValueCheck, case: Case, keys: Iterator[int]) -> list[Case]:
    """`case` run again with its number of training steps set to each checkpoint."""
    index = spec.signature.index(check.training.steps)
    return [Case(f"c{next(keys)}", case.check, f"{case.label} after {steps} step(s)",
                 case.args[:index] + (steps,) + case.args[index + 1:], case.kinds, case.hidden, case.fresh,
                 of=case.key, steps=steps)
            for steps in check.training.checkpoints]


def make_cases(question: Question, source: Cases, prefix: str, check: str, keys: Iterator[int],
               salt: int = 0, fresh: bool = False) -> list[Case]:
    """The fixed then random cases of one check (only random ones, drawn with `salt`, when
    `fresh`); keys `c<n>` come from `keys`, `prefix` seeds the draws."""
    spec: CheckSpec = question.spec.checks
    kinds = tuple(source.pass_as.get(name, spec.argument(name).type) for name in spec.signature)
    cases = []
    for n, values in enumerate([] if fresh else source.cases):
        args = convert_args(question, values, kinds, f"{check}: case {n + 1}")
        cases.append(Case(f"c{next(keys)}", check, f"case {n + 1}", args, kinds, source.hidden))
    if source.random is not None:
        # fixed by (question id, check, seed, salt): the same on every machine
        rng = rng_for(f"{question.id}/{prefix}", source.random.seed, salt)
        for r in range(source.random.count):
            drawn = draw_case(spec, source.random, rng)
            missing = [name for name in spec.signature if name not in drawn]
            if missing:
                _config_error(question, "checks", f"{check}: `random.args` does not draw {missing}")
            args = tuple(_as_passed(spec, name, drawn[name], kind) for name, kind in zip(spec.signature, kinds))
            label = f"new case {r + 1}" if fresh else f"random case {r + 1}"
            cases.append(Case(f"c{next(keys)}", check, label, args, kinds, source.hidden, fresh))
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
