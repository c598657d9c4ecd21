"""The values stage: one named group of cases against the expected outputs, with the group's
new cases drawn for this run and, for a training task, the evidence that training happens.

A group passes when its cases pass (or `min_passing` of them) and its new cases pass too, so
results typed in for the cases a learner has seen (they are shown in messages) earn nothing.
With `training`, a case passes only when its parameters come from training: the initial ones
differ between seeds, one step goes downhill from them and the loss keeps falling.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from grader.code.cases import Case
from grader.code.spec import ValueCheck

if TYPE_CHECKING:
    from grader.code.judging import Judge, Verdict

FRESH = "right on the cases it was shown, but not on new inputs of the same kind drawn for this run"


def check_group(j: "Judge", check: ValueCheck, cases: tuple[Case, ...]) -> "Verdict":
    """Every case of the group (or `min_passing` of them) and its new cases match the expected outputs."""
    tolerance = check.tolerance or j.plan.spec.tolerance
    same_start = _same_initial_parameters(j, check, cases)
    verdicts = [j.judge_case(j.outcomes[c.key], tolerance, check) for c in cases]
    if check.training is not None:
        varies = _varies(j, cases)
        verdicts = [_with_training(j, check, case, verdict, same_start, varies) for case, verdict in zip(cases, verdicts)]
    shown = [(v, c) for v, c in zip(verdicts, cases) if not c.fresh]
    new = [(v, c) for v, c in zip(verdicts, cases) if c.fresh]
    needed = check.min_passing or len(shown)
    passed = sum(v[0] for v, _ in shown)
    new_needed = math.ceil(len(new) * needed / len(shown)) if shown else len(new)
    new_passed = sum(v[0] for v, _ in new)
    if passed >= needed and new_passed >= new_needed:
        return True, f"{passed} of {len(shown)} case(s)" + (f", {new_passed} of {len(new)} new" if new else ""), None
    failures = [(v, c) for v, c in zip(verdicts, cases) if not v[0]]
    # the message shows a worked example if one fails, else the smallest case, new ones last
    (_, message, mistake), _case = min(failures, key=lambda f: (f[1].fresh, not f[1].label.startswith("case "),
                                                                _input_size(f[1])))
    total = len(shown) + len(new)
    if check.hidden:
        message = f"{len(failures)} of {total} hidden case(s) fail; for example {message.split(chr(10))[0]}"
    elif passed >= needed:
        message = f"{FRESH}: {message}"
    elif needed < len(shown):
        message = f"only {passed} of {len(shown)} cases pass ({needed} needed); {message}"
    hint = f"\nHint: {check.hint}" if check.hint else ""
    return False, message + hint, mistake


def _input_size(case: Case) -> int:
    return sum(np.asarray(a).size for a in case.args)


def _with_training(j: "Judge", check: ValueCheck, case: Case, verdict: "Verdict", same_start: bool,
                   varies: bool) -> "Verdict":
    """A case's verdict, failed when its result does not come from training (judged only for
    code that gives the same result twice: otherwise its verdict would change from run to run)."""
    if not verdict[0]:
        return verdict
    if varies:
        problem = ("returns different parameters when called twice the same way: draw every random number "
                   "from np.random.default_rng(seed)")
    elif same_start:
        problem = (f"every seed gives the same initial parameters (with {check.training.steps}=0): "
                   "draw them from np.random.default_rng(seed)")
    else:
        problem = training_problem(j, check, case)
    return (False, f"on {j.describe(case)} {problem}", None) if problem else verdict


def _varies(j: "Judge", cases: tuple[Case, ...]) -> bool:
    """True when the group's first case, called twice (for the `deterministic` property), gave
    two different results."""
    outcome = j.outcomes[cases[0].key]
    if outcome.repeat_error:
        return True
    return outcome.ok and outcome.repeat is not None and not all(
        np.array_equal(a, b, equal_nan=True) for a, b in zip(outcome.outputs, outcome.repeat))


def _same_initial_parameters(j: "Judge", check: ValueCheck, cases: tuple[Case, ...]) -> bool:
    """True when two cases with different arguments start from exactly the same parameters."""
    if check.training is None or len(cases) < 2:
        return False
    starts = [j.outcomes[j.plan.checkpoints_of(c)[0].key] for c in cases]
    if not all(o.ok for o in starts):
        return False
    return any(all(np.array_equal(a, b) for a, b in zip(starts[m].outputs, starts[n].outputs))
               for m in range(len(starts)) for n in range(m + 1, len(starts)))


def training_problem(j: "Judge", check: ValueCheck, case: Case) -> str:
    """Why `case`'s result does not come from training ('' when it does)."""
    training = check.training
    points = j.plan.checkpoints_of(case)
    loss = j.reference.function(training.loss)
    losses = []
    for point in points:
        outcome = j.outcomes[point.key]
        if not outcome.ok:
            return f"with {training.steps}={point.steps} it {outcome.error or outcome.problem}"
        value = _loss(loss, outcome.outputs)
        if value is None:
            return f"the parameters after {point.steps} step(s) give no finite loss"
        losses.append(value)
    final = _loss(loss, j.outcomes[case.key].outputs)
    start, one = (j.outcomes[p.key].outputs for p in points[:2])
    if all(np.array_equal(a, b) for a, b in zip(start, one)):
        return (f"one training step ({training.steps}=1) returns the initial parameters ({training.steps}=0) "
                "unchanged: no training happens")
    slope = sum(float(np.sum((b - a) * g)) for a, b, g in zip(start, one, _gradient(loss, start, training.step)))
    if not slope < 0:
        return (f"one training step ({training.steps}=1) does not move the initial parameters ({training.steps}=0) "
                "against the gradient of the loss: does every run start from the same weights, drawn from "
                "np.random.default_rng(seed), and step downhill?")
    if not losses[1] < losses[0]:
        return (f"one training step ({training.steps}=1) raises the loss ({losses[0]:.4g} -> {losses[1]:.4g}): "
                "a smaller learning rate?")
    for point, before, after in zip(points[2:], losses[1:], losses[2:]):
        if not after < before:
            return f"the loss does not fall by {training.steps}={point.steps} ({before:.4g} -> {after:.4g})"
    if final is None or not final < losses[-1]:
        return f"the loss at the end is not below its value after {points[-1].steps} step(s)"
    return ""


def _loss(loss, outputs: tuple[np.ndarray, ...]) -> float | None:
    """The reference loss of some parameters (None when it is not a finite number)."""
    try:
        with np.errstate(all="ignore"):
            value = float(loss(*[np.array(o, dtype=float) for o in outputs]))
    except Exception:  # noqa: BLE001 - parameters the reference cannot evaluate are simply wrong
        return None
    return value if math.isfinite(value) else None


def _gradient(loss, params: tuple[np.ndarray, ...], step: float) -> list[np.ndarray]:
    """The loss's gradient with respect to each parameter, by central differences."""
    params = [np.array(p, dtype=float) for p in params]
    grads = []
    for k, p in enumerate(params):
        grad = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            values = []
            for sign in (1.0, -1.0):
                moved = [q.copy() for q in params]
                moved[k][i] += sign * step
                values.append(_loss(loss, tuple(moved)) or 0.0)
            grad[i] = (values[0] - values[1]) / (2 * step)
        grads.append(grad)
    return grads
