"""The staged checks: each a small declared unit that turns validated outcomes into a verdict.

imports -> function -> returns -> values -> properties. A stage that fails makes every later
check `skipped`, with the reason. Only value and property checks carry points.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from grader.code.cases import Case, ExercisePlan
from grader.code.escape import printable
from grader.code.judging import Judge, Verdict, expected_outputs
from grader.code.messages import compare, mismatch_text, show_array
from grader.code.outcomes import outcomes_of, stop_of
from grader.code.reference import Reference
from grader.code.report import FAILED, PASSED, SKIPPED, CheckResult, ExerciseReport
from grader.code.session import Reply
from grader.code.spec import ValueCheck
from grader.code.values import check_group

__all__ = ["Judge", "Verdict", "declared_checks", "expected_outputs", "judge"]


def judge(plan: ExercisePlan, reference: Reference, main: Reply | None, budget: Reply | None,
          isolation: str, timing: Reply | None = None) -> ExerciseReport:
    """Run every check of one exercise in stage order and build its report."""
    j = Judge(plan, reference, main, budget, timing)
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


def judged_values(j: Judge) -> list[tuple[ValueCheck, tuple[Case, ...]]]:
    """The value checks judged in this run (hidden ones only when grading)."""
    return [(check, cases) for check, cases in j.plan.values if j.plan.judged(check)]


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
    for value_check, cases in judged_values(j):
        checks.append((value_check.name, "values", value_check.weight, _values_check(value_check.name)))
    arrays_in = any(spec.argument(n).type in ("array", "list") for n in spec.signature)
    if props.pure and arrays_in:
        checks.append(("does not modify its inputs", "properties", 1.0, check_pure))
    if props.deterministic:
        checks.append(("deterministic", "properties", 1.0, check_deterministic))
    if j.plan.finite and j.plan.judged(props.finite):
        checks.append(("finite on extreme inputs", "properties", props.finite.weight, check_finite))
    if j.plan.gradient and j.plan.judged(props.gradient):
        checks.append(("matches central finite differences", "properties", props.gradient.weight, check_gradient))
    if j.plan.has_budget and j.plan.judged(props.budget):
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
    first = next((cases[0] for check, cases in judged_values(j) if not check.hidden), judged_values(j)[0][1][0])
    outcome = j.outcomes[first.key]
    if not outcome.ok:
        return j.judge_case(outcome, j.plan.spec.tolerance)
    shapes = ", ".join(f"{o.shape}" for o in outcome.outputs)
    return True, f"shape {shapes}, dtype {', '.join(str(o.dtype) for o in outcome.outputs)}", None


def _values_check(name: str) -> Check:
    def check_values(j: Judge) -> Verdict:
        """Every case of the group (or `min_passing` of them), and its new cases, match (grader.code.values)."""
        check, cases = next((v, c) for v, c in j.plan.values if v.name == name)
        return check_group(j, check, cases)

    check_values.__name__ = f"check_values[{name}]"
    return check_values


def check_pure(j: Judge) -> Verdict:
    """No call changed its array or list arguments (compared inside the sandbox with fresh copies)."""
    for _, cases in judged_values(j):
        for case in cases:
            for index in j.outcomes[case.key].modified:
                if 0 <= index < len(j.names):
                    name = j.names[index]
                    return False, (f"it changed its input `{name}` on {j.describe(case)}: the caller's array "
                                   f"must stay as it was (arguments are passed read-only, so writing into them "
                                   f"raises ValueError); work on a copy ({name}.copy()) or build a new array"), None
    return True, "", None


def check_deterministic(j: Judge) -> Verdict:
    """A second call with the same inputs returns exactly the same outputs."""
    for _, cases in judged_values(j):
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
    reference, where = reference_seconds(j, case)
    allowed = max(budget.seconds, budget.factor * reference)
    if took > allowed:
        return False, (f"took {took:.2f} s of {what} on a large input ({shapes}); the budget is {allowed:.2f} s "
                       f"({budget.factor:g}x the reference solution's {reference:.3f} s {where}, at least "
                       f"{budget.seconds:g} s): replace Python loops over elements with whole-array numpy operations"
                       + _hint(budget.hint)), None
    return True, f"{took:.2f} s of {what} on {shapes} (budget {allowed:.2f} s)", None


def reference_seconds(j: Judge, case: Case) -> tuple[float, str]:
    """How long the reference solution took on a large input of the same sizes, and where it was
    timed: in the same sandbox, measured the same way, or (if that failed) in the grader."""
    timing = j.timing
    if timing is not None and timing.status == "answered" and timing.cpu_seconds is not None and \
            timing.answer.stage == "calls" and all(c.error is None for c in timing.answer.calls):
        return timing.cpu_seconds, "in the same sandbox"
    return j.reference.seconds.get((j.plan.question.spec.function, case.key), 0.0), "in the grader's process"


def _hint(hint: str) -> str:
    return f"\nHint: {hint}" if hint else ""
