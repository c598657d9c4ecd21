"""The staged checks: each a small declared unit that turns validated outcomes into a verdict.

imports -> function -> returns -> values -> properties. A stage that fails makes every later
check `skipped`, with the reason. Only value and property checks carry points.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from grader.code.cases import Case, ExercisePlan
from grader.code.escape import printable
from grader.code.messages import compare, describe_case, mismatch_text, show_array
from grader.code.outcomes import Outcome, Stop, outcomes_of, stop_of
from grader.code.reference import Reference
from grader.code.report import FAILED, PASSED, SKIPPED, CheckResult, ExerciseReport
from grader.code.session import Reply
from grader.code.spec import Tolerance

Verdict = tuple[bool, str, "str | None"]  # passed, message, matched mistake


@dataclass
class Judge:
    """Everything the checks of one exercise look at."""

    plan: ExercisePlan
    reference: Reference
    main: Reply | None
    budget: Reply | None

    def __post_init__(self) -> None:
        self.names = self.plan.spec.signature
        self.stop: Stop | None = stop_of(self.main, self.plan)
        self.expected = expected_outputs(self.plan, self.reference)
        self.outcomes: dict[str, Outcome] = {}
        if self.stop is None:
            self.outcomes = outcomes_of(self.main, self.plan.main_cases(), self.expected, self.plan)

    def describe(self, case: Case) -> str:
        """The case as shown in messages (no data when hidden)."""
        return describe_case(case, self.names)

    def judge_case(self, outcome: Outcome, tolerance: Tolerance) -> Verdict:
        """One case's verdict against the expected outputs, naming a matched known mistake."""
        if not outcome.ok:
            mistake = self.known_mistake(outcome, tolerance) if outcome.problem else None
            message = f"on {self.describe(outcome.case)} it {outcome.error or outcome.problem}"
            return False, message + (f"\nThis looks like a known mistake: {mistake}" if mistake else ""), mistake
        for j, (got, want) in enumerate(zip(outcome.outputs, self.expected[outcome.case.key])):
            mismatch = compare(got, want, tolerance)
            if mismatch is None:
                continue
            output = self.plan.spec.returns[j].name
            mistake = self.known_mistake(outcome, tolerance)
            head = f"wrong values on {self.describe(outcome.case)}" + (f" in `{output}`" if len(outcome.outputs) > 1 else "")
            if outcome.case.hidden:
                return False, head + (f". {mistake}" if mistake else ""), mistake
            body = mismatch_text(got, want, mismatch)
            return False, f"{head}\n{body}" + (f"\nThis looks like a known mistake: {mistake}" if mistake else ""), mistake
        return True, "", None

    def known_mistake(self, outcome: Outcome, tolerance: Tolerance) -> str | None:
        """The feedback of the first listed mistake whose outputs equal the learner's (even
        outputs of the wrong shape, when that is what the mistake returns too)."""
        got = outcome.outputs or outcome.received
        if not got or any(g is None for g in got):
            return None
        for mistake in self.plan.spec.mistakes:
            try:
                wrong = self.reference.outputs(outcome.case, mistake.function)
            except Exception:  # noqa: BLE001 - this mistake cannot even run on this case
                continue
            if len(wrong) == len(got) and all(g.shape == w.shape and compare(g, w, tolerance) is None
                                              for g, w in zip(got, wrong)):
                return mistake.feedback
        return None


def expected_outputs(plan: ExercisePlan, reference: Reference) -> dict[str, tuple[np.ndarray, ...]]:
    """The right outputs of every case: the reference's, or a value check's fixed `expected`."""
    expected = {}
    for check, cases in plan.values:
        for case in cases:
            expected[case.key] = ((np.asarray(check.expected, dtype=float),) if check.expected is not None
                                  else reference.outputs(case))
    for case in list(plan.finite) + list(plan.gradient) + list(plan.budget):
        expected[case.key] = reference.outputs(case)
    return expected


def judge(plan: ExercisePlan, reference: Reference, main: Reply | None, budget: Reply | None,
          isolation: str) -> ExerciseReport:
    """Run every check of one exercise in stage order and build its report."""
    j = Judge(plan, reference, main, budget)
    results: list[CheckResult] = []
    blocked, values_failed = "", False
    for name, stage, weight, check in declared_checks(j):
        if blocked or (stage == "properties" and values_failed):
            reason = blocked or "skipped: properties are checked once every value check passes"
            results.append(CheckResult(name, stage, SKIPPED, reason, weight, _hidden(j, name)))
            continue
        passed, message, mistake = check(j)
        results.append(CheckResult(name, stage, PASSED if passed else FAILED, message, weight, _hidden(j, name), mistake))
        if not passed and stage in ("imports", "function", "returns"):
            blocked = f"skipped: '{name}' must pass first"
        values_failed = values_failed or (stage == "values" and not passed)
    seconds = sum(r.seconds for r in (main, budget) if r is not None)
    return ExerciseReport(plan.question.id, plan.filename, tuple(results), isolation, True, seconds,
                          main.log if main is not None else "")


def _hidden(j: Judge, name: str) -> bool:
    return any(check.hidden for check, _ in j.plan.values if check.name == name)


Check = Callable[[Judge], Verdict]


def declared_checks(j: Judge) -> list[tuple[str, str, float, Check]]:
    """(name, stage, weight, check) of every check of this exercise, in order."""
    spec, props = j.plan.spec, j.plan.spec.properties
    signature = f"{j.plan.question.spec.function}({', '.join(spec.signature)})"
    checks: list[tuple[str, str, float, Check]] = [
        ("imports", "imports", 0.0, check_imports),
        (f"defines {signature}", "function", 0.0, check_function),
        ("returns an ndarray of the right shape and dtype", "returns", 0.0, check_returns),
    ]
    for value_check, cases in j.plan.values:
        checks.append((value_check.name, "values", value_check.weight, _values_check(value_check.name)))
    arrays_in = any(spec.argument(n).type in ("array", "list") for n in spec.signature)
    if props.pure and arrays_in:
        checks.append(("does not modify its inputs", "properties", 1.0, check_pure))
    if props.deterministic:
        checks.append(("deterministic", "properties", 1.0, check_deterministic))
    if j.plan.finite:
        checks.append(("finite on extreme inputs", "properties", props.finite.weight, check_finite))
    if j.plan.gradient:
        checks.append(("matches central finite differences", "properties", props.gradient.weight, check_gradient))
    if j.plan.has_budget:
        checks.append(("vectorised (a large input within the time budget)", "properties",
                       props.budget.weight, check_budget))
    return checks


def check_imports(j: Judge) -> Verdict:
    """The learner's file imports (without errors, exits or endless loops)."""
    if j.stop is not None and j.stop.stage == "imports":
        return False, j.stop.message, None
    return True, "", None


def check_function(j: Judge) -> Verdict:
    """The function exists and can be called with the signature's arguments, by position."""
    if j.stop is not None and j.stop.stage == "function":
        return False, j.stop.message, None
    params = j.main.answer.parameters if j.main is not None and j.stop is None else None
    if params is None:
        return True, "", None
    names = [printable(n, limit=40) for n in params.names]
    required, wanted = params.required, len(j.names)
    fn = j.plan.question.spec.function
    if required > wanted or (len(names) < wanted and not params.varargs):
        return False, (f"{fn} takes ({', '.join(names)}) but is called with {wanted} argument(s) "
                       f"({', '.join(j.names)}): keep the starter's signature"), None
    if names[:wanted] != j.names:
        return True, f"parameters named ({', '.join(names[:wanted])}); called by position as ({', '.join(j.names)})", None
    return True, "", None


def check_returns(j: Judge) -> Verdict:
    """The first public case returns plain arrays of the expected shape and dtype."""
    if j.stop is not None:
        return False, j.stop.message, None
    first = next((cases[0] for check, cases in j.plan.values if not check.hidden), j.plan.values[0][1][0])
    outcome = j.outcomes[first.key]
    if not outcome.ok:
        return j.judge_case(outcome, j.plan.spec.tolerance)
    shapes = ", ".join(f"{o.shape}" for o in outcome.outputs)
    return True, f"shape {shapes}, dtype {', '.join(str(o.dtype) for o in outcome.outputs)}", None


def _values_check(name: str) -> Check:
    def check_values(j: Judge) -> Verdict:
        """Every case of the group (or `min_passing` of them) matches the expected outputs."""
        value_check, cases = next((v, c) for v, c in j.plan.values if v.name == name)
        tolerance = value_check.tolerance or j.plan.spec.tolerance
        verdicts = [j.judge_case(j.outcomes[c.key], tolerance) for c in cases]
        needed = value_check.min_passing or len(cases)
        passed = sum(v[0] for v in verdicts)
        if passed >= needed:
            return True, f"{passed} of {len(cases)} case(s)", None
        failures = [(v, c) for v, c in zip(verdicts, cases) if not v[0]]
        (_, message, mistake), _case = min(failures, key=lambda f: _input_size(f[1]))
        if value_check.hidden:
            message = f"{len(failures)} of {len(cases)} hidden case(s) fail; for example {message.split(chr(10))[0]}"
        elif needed < len(cases):
            message = f"only {passed} of {len(cases)} cases pass ({needed} needed); {message}"
        hint = f"\nHint: {value_check.hint}" if value_check.hint else ""
        return False, message + hint, mistake

    check_values.__name__ = f"check_values[{name}]"
    return check_values


def _input_size(case: Case) -> int:
    return sum(np.asarray(a).size for a in case.args)


def check_pure(j: Judge) -> Verdict:
    """No call changed its array or list arguments (compared inside the sandbox with fresh copies)."""
    for _, cases in j.plan.values:
        for case in cases:
            for index in j.outcomes[case.key].modified:
                if 0 <= index < len(j.names):
                    name = j.names[index]
                    return False, (f"it changed its input `{name}` on {j.describe(case)}: the caller's array "
                                   f"must stay as it was; work on a copy ({name}.copy()) or build a new array"), None
    return True, "", None


def check_deterministic(j: Judge) -> Verdict:
    """A second call with the same inputs returns exactly the same outputs."""
    for _, cases in j.plan.values:
        outcome = j.outcomes[cases[0].key]
        if outcome.repeat_error:
            return False, f"a second call on {j.describe(cases[0])} {outcome.repeat_error}", None
        if outcome.repeat is None or not all(np.array_equal(a, b, equal_nan=True)
                                             for a, b in zip(outcome.outputs, outcome.repeat)):
            return False, (f"two calls with the same inputs ({j.describe(cases[0])}) returned different values: "
                           "seed any randomness from the arguments and keep no state between calls"), None
    return True, "", None


def check_finite(j: Judge) -> Verdict:
    """On extreme inputs every output is finite and right."""
    props = j.plan.spec.properties
    for case in j.plan.finite:
        outcome = j.outcomes[case.key]
        if outcome.ok and not all(np.all(np.isfinite(o)) for o in outcome.outputs):
            bad = next(o for o in outcome.outputs if not np.all(np.isfinite(o)))
            shown = "" if case.hidden else f": got {show_array(bad)}"
            return False, f"non-finite values (inf or nan) on {j.describe(case)}{shown}" + _hint(props.finite.hint), None
        passed, message, mistake = j.judge_case(outcome, j.plan.spec.tolerance)
        if not passed:
            return False, message + _hint(props.finite.hint), mistake
    return True, "", None


def check_gradient(j: Judge) -> Verdict:
    """Each gradient output equals the objective's derivative by central differences."""
    grad = j.plan.spec.properties.gradient
    outputs = [o.name for o in j.plan.spec.returns]
    for case in j.plan.gradient:
        outcome = j.outcomes[case.key]
        if not outcome.ok:
            return False, f"on {j.describe(case)} it {outcome.error or outcome.problem}", None
        for arg, output in grad.wrt.items():
            numeric = j.reference.gradient(case, grad.objective, arg, grad.step)
            got = outcome.outputs[outputs.index(output)]
            mismatch = compare(got, numeric, grad.tolerance)
            if mismatch is not None:
                detail = "" if case.hidden else "\n" + mismatch_text(got, numeric, mismatch)
                return False, (f"`{output}` is not the derivative of {grad.objective} with respect to `{arg}` "
                               f"(central differences, step {grad.step:g}) on {j.describe(case)}{detail}"
                               + _hint(grad.hint)), None
    return True, "", None


def check_budget(j: Judge) -> Verdict:
    """The large case returns the right values within the budget, timed from outside the sandbox."""
    budget = j.plan.spec.properties.budget
    case = j.plan.budget[0]
    shapes = ", ".join(f"{n} {np.asarray(a).shape}" for n, a in zip(j.names, case.args) if not isinstance(a, (int, float)))
    stop = stop_of(j.budget, j.plan)
    if stop is not None:
        return False, (f"on a large input ({shapes}): {stop.message}; replace Python loops over elements with "
                       "whole-array numpy operations" + _hint(budget.hint)), None
    outcome = outcomes_of(j.budget, [case], j.expected, j.plan)[case.key]
    passed, message, _ = j.judge_case(outcome, j.plan.spec.tolerance)
    if not passed:
        return False, message, None
    took, what = (j.budget.cpu_seconds, "CPU time") if j.budget.cpu_seconds is not None else (j.budget.seconds, "time")
    reference = j.reference.seconds.get((j.plan.question.spec.function, case.key), 0.0)
    allowed = max(budget.seconds, budget.factor * reference)
    if took > allowed:
        return False, (f"took {took:.2f} s of {what} on a large input ({shapes}); the budget is {allowed:.2f} s "
                       f"({budget.seconds:g} s, or {budget.factor:g}x the reference's {reference:.3f} s if more): "
                       "replace Python loops over elements with whole-array numpy operations" + _hint(budget.hint)), None
    return True, f"{took:.2f} s of {what} on {shapes} (budget {allowed:.2f} s)", None


def _hint(hint: str) -> str:
    return f"\nHint: {hint}" if hint else ""
