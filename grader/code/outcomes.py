"""From what the sandbox sent back to validated outcomes, one per case.

The harness's JSON answer and its output bundle are claims by a process that ran the learner's
code. Here every returned value is checked for being a plain numeric array of the expected
shape and dtype before anything compares values; what fails gets a message instead.
"""

from __future__ import annotations

from dataclasses import dataclass
import numpy as np

from grader.code.cases import Case, ExercisePlan
from grader.code.escape import printable
from grader.code.messages import describe_case, describe_error, shape_hint, shape_text
from grader.code.protocol import Call, Value
from grader.code.session import Reply
from grader.code.spec import Output
from grader.code.transport import SEP, Received, read_bundle


@dataclass(frozen=True)
class Outcome:
    """One call after validation: `error` (it raised or never returned), `problem` (wrong type,
    dtype or shape), or the `outputs`; plus the arguments the call changed (as the harness saw
    them) and a repeated call's outputs.
    `received` keeps whatever numeric arrays came back even when invalid (to recognise a known
    mistake that returns the wrong shape)."""

    case: Case
    error: str = ""
    problem: str = ""
    outputs: tuple[np.ndarray, ...] = ()
    received: tuple[np.ndarray | None, ...] = ()
    modified: tuple[int, ...] = ()
    repeat: tuple[np.ndarray, ...] | None = None
    repeat_error: str = ""

    @property
    def ok(self) -> bool:
        """True when the call returned valid outputs."""
        return not self.error and not self.problem


@dataclass(frozen=True)
class Stop:
    """A request that produced no per-case results: at which stage, and why."""

    stage: str
    message: str


def stop_of(reply: Reply | None, plan: ExercisePlan) -> Stop | None:
    """Why `reply` has no per-case results (import failed, no function, timeout, crash), or None."""
    if reply is None:
        return Stop("imports", "it was not run")
    limit = f"{reply.request.timeout:g} s"
    at_import = reply.progress in (None, "import")
    where = "while importing your file" if at_import else f"on {_case_named(plan, reply.progress)}"
    if reply.status == "timeout":
        return Stop("imports" if at_import else "returns",
                    f"did not finish within {limit} {where}: an endless loop, or much too slow?"
                    + (" (code at the top level runs on import)" if at_import else ""))
    if reply.status == "protocol":
        return Stop("imports", f"the submission broke the grading protocol (the sandbox sent {reply.ended}): "
                               "only the values your function returns count, so this exercise scores 0")
    if reply.status in ("crashed", "not run"):
        how = reply.ended or "it stopped"
        return Stop("imports" if at_import else "returns",
                    f"the process running your code ended {where} ({how}): do not call sys.exit() or os._exit(), "
                    "and stay within the memory and process limits")
    stage, error = reply.answer.stage, reply.answer.error
    if stage == "import":
        return Stop("imports", f"your file does not import: {describe_error(error)}")
    if stage == "function":
        defined = [printable(d, limit=40) for d in reply.answer.defined][:10]
        also = f" (it defines: {', '.join(defined)})" if defined else ""
        return Stop("function", f"{plan.filename} defines no function `{plan.question.spec.function}`{also}")
    if stage != "calls":
        return Stop("returns", f"its results could not be sent back: {describe_error(error)}")
    return None


def _case_named(plan: ExercisePlan, key: str | None) -> str:
    cases = {c.key: c for c in plan.main_cases() + list(plan.budget)}
    case = cases.get(key or "")
    return describe_case(case, plan.spec.signature) if case else "one of the cases"


def outcomes_of(reply: Reply, cases: list[Case], expected: dict[str, tuple[np.ndarray, ...]],
                plan: ExercisePlan) -> dict[str, Outcome]:
    """Validate every case's outputs in an answered request against the expected shapes and dtypes."""
    claims = {c.case: c for c in reply.answer.calls}
    bundle = read_bundle(reply.outputs)
    return {case.key: _outcome(case, claims.get(case.key), bundle, expected[case.key], plan) for case in cases}


def _outcome(case: Case, claim: Call | None, bundle: dict[str, Received],
             expected: tuple[np.ndarray, ...], plan: ExercisePlan) -> Outcome:
    if claim is None:
        return Outcome(case, error="returned no result (the process stopped before this case)")
    if claim.error is not None:
        return Outcome(case, error=describe_error(claim.error))
    outputs, problem = _read_outputs(case, claim.values, bundle, "o", expected, plan.spec.returns)
    if problem:
        received = tuple(getattr(bundle.get(f"{case.key}{SEP}o{j}"), "data", None) for j in range(len(expected)))
        return Outcome(case, problem=problem, received=received)
    repeat, repeat_error = None, ""
    if claim.repeat_error is not None:
        repeat_error = describe_error(claim.repeat_error)
    elif claim.repeat is not None:
        repeat, repeat_error = _read_outputs(case, claim.repeat, bundle, "r", expected, plan.spec.returns)
    return Outcome(case, outputs=outputs, modified=tuple(claim.modified), repeat=repeat, repeat_error=repeat_error)


def _read_outputs(case: Case, values: list[Value], bundle: dict[str, Received], tag: str,
                  expected: tuple[np.ndarray, ...], returns: list[Output]) -> tuple[tuple[np.ndarray, ...], str]:
    if len(returns) > 1 and values and values[0].container is not None:
        names = ", ".join(o.name for o in returns)
        got, length = printable(values[0].container, limit=60), values[0].length
        what = f"a {got} of {length} values" if length is not None else f"a {got}"
        return (), f"returned {what}; expected a tuple of {len(returns)} arrays ({names})"
    outputs = []
    for j, (output, want) in enumerate(zip(returns, expected)):
        record = bundle.get(f"{case.key}{SEP}{tag}{j}")
        kind = printable(values[j].type or "", limit=80) if j < len(values) else ""
        problem = _problem(record, kind, want, output, len(returns) > 1, case.hidden)
        if problem:
            return (), problem
        outputs.append(record.data)
    return tuple(outputs), ""


def _problem(record: Received | None, kind: str, want: np.ndarray, output: Output, several: bool,
             hidden: bool) -> str:
    """Why a returned value is not a plain array of the right shape and dtype ('' when it is),
    as a phrase following "it": "returned shape (3, 4), expected (4, 3): transposed?"."""
    def returned(what: str) -> str:
        return f"returned `{output.name}` {what}" if several else f"returned {what}"

    shape = shape_text(want.shape)
    if kind == "NoneType":
        return returned("as None") if several else "returned None: did you forget the `return` statement?"
    if record is None or record.data is None:
        why = record.problem if record is not None and record.problem else f"a {kind or 'value that is not an array'}"
        return returned(f"as {why}" if several else why) + f"; expected a numpy array of shape {shape}"
    if kind.startswith("ndarray subclass"):
        return returned(f"as an {kind[:60]}" if several else f"an {kind[:60]}") + "; return a plain numpy ndarray"
    if kind == "list":
        return returned("as a Python list" if several else "a Python list") + \
            "; expected a numpy ndarray (build it with np.array or np.zeros)"
    if kind.startswith("scalar") and want.shape != ():
        return returned("as a single number" if several else "a single number") + f"; expected an array of shape {shape}"
    if record.shape != want.shape:
        if hidden:
            return returned("with the wrong shape" if several else "the wrong shape")
        hint = shape_hint(record.shape, want.shape)
        got = shape_text(record.shape)
        return returned(f"with shape {got}" if several else f"shape {got}") + f", expected {shape}" + (f": {hint}" if hint else "")
    accepted = {"float": "f", "int": "iu", "number": "iuf"}[output.dtype]
    if record.dtype.kind not in accepted:
        wanted = {"float": "floating-point numbers", "int": "integers", "number": "numbers"}[output.dtype]
        fix = " (create it with dtype=float, e.g. np.zeros(shape))" if output.dtype == "float" else ""
        return returned(f"with dtype {record.dtype}" if several else f"values of dtype {record.dtype}") + \
            f"; expected {wanted}{fix}"
    return ""
