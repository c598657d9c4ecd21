"""What the checks of one exercise look at: the validated outcomes of its calls, the expected
outputs, and one case's verdict (expected vs got, the worst element, a known mistake)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from grader.code.cases import Case, ExercisePlan
from grader.code.messages import compare, describe_case, mismatch_text
from grader.code.outcomes import Outcome, Stop, outcomes_of, stop_of
from grader.code.reference import Reference
from grader.code.session import Reply
from grader.code.spec import Tolerance, ValueCheck

Verdict = tuple[bool, str, "str | None"]  # passed, message, matched mistake


@dataclass
class Judge:
    """Everything the checks of one exercise look at."""

    plan: ExercisePlan
    reference: Reference
    main: Reply | None
    budget: Reply | None
    timing: Reply | None = None  # the reference solution timed in the same sandbox

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

    def judge_case(self, outcome: Outcome, tolerance: Tolerance, check: ValueCheck | None = None) -> Verdict:
        """One case's verdict against the expected outputs (or a value check's `expected`, compared
        with its `through` function of the outputs), naming a matched known mistake."""
        if not outcome.ok:
            mistake = self.known_mistake(outcome, tolerance) if outcome.problem else None
            message = f"on {self.describe(outcome.case)} it {outcome.error or outcome.problem}"
            return False, message + (f"\nThis looks like a known mistake: {mistake}" if mistake else ""), mistake
        got_all, want_all = outcome.outputs, self.expected[outcome.case.key]
        if check is not None and (check.through or check.expected is not None):
            got_all, want_all = self.compared(outcome, check)
            if got_all is None:
                return False, f"on {self.describe(outcome.case)} its outputs cannot be evaluated", None
        for j, (got, want) in enumerate(zip(got_all, want_all)):
            mismatch = compare(got, want, tolerance)
            if mismatch is None:
                continue
            output = self.plan.spec.returns[j].name
            mistake = self.known_mistake(outcome, tolerance)
            several = len(got_all) > 1
            head = f"wrong values on {self.describe(outcome.case)}" + (f" in `{output}`" if several else "")
            if outcome.case.hidden:
                return False, head + (f". {mistake}" if mistake else ""), mistake
            body = mismatch_text(got, want, mismatch)
            return False, f"{head}\n{body}" + (f"\nThis looks like a known mistake: {mistake}" if mistake else ""), mistake
        return True, "", None

    def compared(self, outcome: Outcome, check: ValueCheck) -> tuple[tuple | None, tuple]:
        """What a value check compares: `through` applied to the outputs (None when the reference's
        function cannot evaluate them), against its `expected`, or `through` of the reference's."""
        through = self.reference.function(check.through) if check.through else None
        want = ((np.asarray(check.expected, dtype=float),) if check.expected is not None
                else (np.asarray(through(*self.expected[outcome.case.key])),))
        if through is None:
            return outcome.outputs, want
        try:
            with np.errstate(all="ignore"):
                got = np.asarray(through(*[np.array(o) for o in outcome.outputs]), dtype=float)
        except Exception:  # noqa: BLE001 - outputs the reference cannot evaluate are simply wrong
            return None, want
        return (got,), want

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
    """The right outputs of every case: the reference's (their shapes are what the learner's
    must have), or a value check's fixed `expected` when the outputs are compared directly."""
    expected = {}
    for check, cases in plan.values:
        for case in cases:
            direct = check.expected is not None and check.through is None
            expected[case.key] = (np.asarray(check.expected, dtype=float),) if direct else reference.outputs(case)
    for case in list(plan.checkpoints) + list(plan.finite) + list(plan.gradient) + list(plan.budget):
        expected[case.key] = reference.outputs(case)
    return expected
