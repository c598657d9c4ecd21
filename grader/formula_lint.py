"""Lint of a question's formulas: each unreadable or failing formula is one located problem.

Static: every formula parses with the names it may use (derived values see the parameters and
the derived values above them). On the course's own numbers: derived values, the answer and the
mistakes compute (no division by zero, overflow or shape mismatch), the constraints hold, and
some draw meets every constraint.
"""

from __future__ import annotations

from typing import Any, Iterator

from grader.errors import did_you_mean
from grader.yamlfile import KeyPath

Finding = tuple[KeyPath, str]
LINT_SECONDS = 20.0  # for the course's numbers and the draws that look for one meeting the constraints


def formula_texts(spec: Any) -> Iterator[tuple[KeyPath, str, frozenset[str]]]:
    """(key, formula text, the names it may use) for every formula in the question."""
    names = frozenset(spec.parameters)
    for name, text in spec.derived.items():
        yield ("derived", name), text, names
        names |= {name}
    for i, text in enumerate(spec.constraints):
        yield ("constraints", i), text, names
    if spec.kind != "numeric" or spec.withheld:
        return
    if isinstance(spec.answer, str):
        yield ("answer",), spec.answer, names
    elif spec.answer.differentiate is not None:
        for variable, text in spec.answer.at.items():
            yield ("answer", "at", variable), str(text), names
    for i, mistake in enumerate(spec.mistakes):
        if mistake.formula is not None:
            yield ("mistakes", i, "formula"), mistake.formula, names


def formula_problems(spec: Any, course: Any) -> list[Finding]:
    """Every formula problem of the question (static first; on the canonical numbers when those pass)."""
    from grader.formulas import static_problems

    from grader import bounded

    findings = list(_names(spec))
    findings += static_problems(spec, formula_texts(spec))
    findings += _derivative_problems(spec)
    if findings:
        return findings
    try:
        with bounded.deadline(LINT_SECONDS):  # every draw tried together: a shared bank's formulas may be costly
            return _on_course_numbers(spec, course)
    except bounded.TimeUp:
        return [(("derived",) if spec.derived else ("constraints",) if spec.constraints else ("answer",),
                 f"computing the formulas took more than {LINT_SECONDS:g} s: they are far too costly "
                 "(large arrays built from lists?); simplify them")]


def _names(spec: Any) -> Iterator[Finding]:
    from grader.expr import RESERVED

    for name in spec.derived:
        if not name.isidentifier() or name in RESERVED:
            yield ("derived", name), f"'{name}' cannot name a derived value: use a plain name, not one of the language's words"
        elif name in spec.parameters:
            yield ("derived", name), f"'{name}' is already a parameter: a derived value needs a name of its own"


def _derivative_problems(spec: Any) -> list[Finding]:
    """A differentiated function names its variables: no parameter among them, every one given a point."""
    call = spec.answer if not isinstance(spec.answer, (str, list)) and not spec.withheld else None
    if call is None or getattr(call, "differentiate", None) is None:
        return []
    from grader.expr import ExprError, parse, symbolic_answer

    wrt = [call.wrt] if isinstance(call.wrt, str) else list(call.wrt)
    found: list[Finding] = []
    taken = [v for v in wrt if v in spec.parameters or v in spec.derived]
    found += [(("answer", "wrt"), f"'{v}' is a parameter: the variables differentiated by need names of their own")
              for v in taken]
    if spec.kind == "symbolic":
        found += [(("answer", "wrt"), f"'{v}' is not one of the question's variables ({', '.join(spec.variables)})")
                  for v in wrt if v not in spec.variables]
    else:
        missing = [v for v in wrt if v not in call.at]
        extra = [v for v in call.at if v not in wrt]
        found += [(("answer", "at"), f"give the point's value of '{v}': `{v}: <formula>`") for v in missing]
        found += [(("answer", "at", v), f"'{v}' is not among the variables `wrt` lists ({', '.join(wrt)}).{did_you_mean(v, wrt)}")
                  for v in extra]
    names = wrt + [n for n in list(spec.parameters) + list(spec.derived) if n not in wrt]
    functions = [call.differentiate] if isinstance(call.differentiate, str) else list(call.differentiate)
    for i, text in enumerate(functions):
        key = ("answer", "differentiate") + ((i,) if isinstance(call.differentiate, list) else ())
        try:
            parse(text, symbolic_answer(names))
        except ExprError as exc:
            from grader.formulas import FormulaError

            found.append((key, str(FormulaError(key, text, exc, what="function"))))
    return found


def _on_course_numbers(spec: Any, course: Any) -> list[Finding]:
    """Compute everything on the canonical variant; each failure is located at its formula."""
    import numpy as np

    from grader.formulas import FormulaError, derive, failed_constraint, value

    canonical = {name: p.canonical for name, p in spec.parameters.items()}
    try:
        params = derive(spec, canonical)
        for key, text, _ in formula_texts(spec):
            if key[0] in ("answer", "mistakes"):
                value(text, params, key)
        failed = failed_constraint(spec, params)
    except FormulaError as exc:
        return [(exc.key, str(exc.located(" on the course's own numbers (the canonical values)")))]
    if failed is not None:
        return [(("constraints", failed), f"the course's own numbers (the canonical values) do not meet "
                 f"`{spec.constraints[failed]}`: change them or the constraint")]
    if spec.constraints and _drawn(spec):
        return _satisfiable(spec)
    del np
    return []


def _drawn(spec: Any) -> bool:
    return any(p.uniform is not None or p.integer is not None or p.choice is not None for p in spec.parameters.values())


def _satisfiable(spec: Any) -> list[Finding]:
    """Some draw (of seed 0's redraws) meets every constraint; else name the one that fails most."""
    from grader.formulas import FormulaError, derive, failed_constraint
    from grader.variants import MAX_REDRAWS, draw, rng_for

    counts: dict[int, int] = {}
    for attempt in range(MAX_REDRAWS):
        rng = rng_for("lint", 0, attempt)
        try:
            params = derive(spec, {name: draw(p, rng) for name, p in spec.parameters.items()})
            failed = failed_constraint(spec, params)
        except FormulaError as exc:
            return [(exc.key, str(exc.located(" on a drawn variant")))]
        if failed is None:
            return []
        counts[failed] = counts.get(failed, 0) + 1
    worst = max(counts, key=counts.get)
    return [(("constraints", worst), f"no draw meets `{spec.constraints[worst]}` ({MAX_REDRAWS} tried): "
             "widen the parameter ranges or loosen the constraint")]
