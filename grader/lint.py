"""Cross-checks the schema cannot express: templates, solver names and arguments, expressions.

Each check yields (key path, message); the loader turns them into located problems. The quick
checks (solvers and their arguments, design and code specifications) run on every load, since
any command would fail on such a question; templates and expressions (Jinja2, SymPy) only when
the author validates.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from grader.errors import did_you_mean
from grader.render import CONTEXT_NAMES, template_problems
from grader.yamlfile import KeyPath

Finding = tuple[KeyPath, str]


def lint_spec(spec: Any, course: Any = None, thorough: bool = True) -> list[Finding]:
    """Every cross-check problem of one validated question spec (`course`: its bank's course-local
    code, grader.course.CourseCode; without `thorough`: the quick checks only)."""
    from grader.course import NONE

    params = set(spec.parameters)
    findings = list(_templates(spec, params | CONTEXT_NAMES)) if thorough else []
    if spec.figure is not None:
        from grader.figures.probes import spec_problems

        findings += spec_problems(spec)
    if spec.kind == "symbolic" and not thorough:
        return findings  # its checks need SymPy, which a quiz imports only once the question is on screen
    return findings + _PER_KIND.get(spec.kind, lambda s, p, c: [])(spec, params, course or NONE)


def _templates(spec: Any, defined: set[str]) -> Iterator[Finding]:
    yield from ((("prompt",), m) for m in template_problems(spec.prompt, defined))
    yield from ((("solution",), m) for m in template_problems(spec.solution, defined))
    for i, hint in enumerate(spec.hints):
        yield from ((("hints", i), m) for m in template_problems(hint, defined))
    for i, mistake in enumerate(getattr(spec, "mistakes", [])):
        yield from ((("mistakes", i, "feedback"), m) for m in template_problems(mistake.feedback, defined))
    for i, option in enumerate(getattr(spec, "options", [])):
        yield from ((("options", i, "text"), m) for m in template_problems(option.text, defined))
        yield from ((("options", i, "feedback"), m) for m in template_problems(option.feedback, defined))
    if spec.kind == "flashcard":
        yield from ((("answer",), m) for m in template_problems(spec.answer, defined))


def solver_call_problems(solver: str, args: dict[str, Any], params: set[str],
                         extra: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """(sub-key, message) for an unknown solver, unknown/missing arguments, unknown parameters
    (`extra`: the course's own solvers)."""
    from grader.solvers import catalog_with, parameters_of

    known = catalog_with(extra)
    if solver not in known:
        return [("solver", f"no solver named '{solver}'.{did_you_mean(solver, known)}"
                 " `dlquiz solvers` lists the catalog; a formula (`dlquiz docs authoring`) needs no solver")]
    names, required = parameters_of(solver, extra)
    found = []
    for arg, value in args.items():
        if arg not in names:
            found.append((f"args.{arg}", f"solver '{solver}' has no argument '{arg}'.{did_you_mean(arg, names)}"
                          f" Its arguments: {', '.join(names)}"))
        elif isinstance(value, str) and value not in params:
            found.append((f"args.{arg}", f"'{value}' is not a parameter.{did_you_mean(value, params)}"
                          " String arguments name parameters; define it under `parameters:`"))
    for arg in required:
        if arg not in args:
            found.append(("args", f"solver '{solver}' needs argument '{arg}': add `{arg}: <parameter>`"))
    return found


def _numeric(spec: Any, params: set[str], course: Any) -> list[Finding]:
    findings = [(("answer",) + tuple(sub.split(".")), m)
                for sub, m in solver_call_problems(spec.answer.solver, spec.answer.args, params, course.solvers)]
    for i, mistake in enumerate(spec.mistakes):
        if mistake.solver is None:
            findings.append(((("mistakes", i, "expression")), "numeric questions list mistakes by `solver`"))
            continue
        args = spec.answer.args if mistake.args is None else mistake.args
        findings += [(("mistakes", i) + tuple(sub.split(".")), m)
                     for sub, m in solver_call_problems(mistake.solver, args, params, course.solvers)]
    return findings


def _symbolic(spec: Any, params: set[str], course: Any) -> list[Finding]:
    from grader.symbolic.parse import RESERVED, parse_answer

    findings: list[Finding] = []
    for i, name in enumerate(spec.variables):
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) or name in RESERVED:
            findings.append((("variables", i), f"'{name}' cannot be a variable: use a plain name not in {sorted(RESERVED)}"))
    if findings:
        return findings
    texts: list[tuple[KeyPath, Any]] = [(("answer",), spec.answer)]
    texts += [(("mistakes", i, "expression"), m.expression) for i, m in enumerate(spec.mistakes)]
    for key, text in texts:
        if text is None:
            findings.append((key[:2] + ("solver",), "symbolic questions list mistakes by `expression`"))
            continue
        if "{{" in str(text):
            continue  # templated: checked per variant by `dlquiz validate --seeds`
        try:
            parse_answer(text if isinstance(text, str) else ", ".join(text), spec.variables)
        except Exception as exc:  # an AnswerFormatError, reworded for the author
            findings.append((key, f"the expression does not parse: {getattr(exc, 'detail', exc)}"))
    return findings


def _design(spec: Any, params: set[str], course: Any) -> list[Finding]:
    from grader.checkers.design import spec_problems

    return spec_problems(spec, course.design_rules)


def _code(spec: Any, params: set[str], course: Any) -> list[Finding]:
    from grader.code.speclint import spec_problems

    return spec_problems(spec)


_PER_KIND = {"numeric": _numeric, "symbolic": _symbolic, "design": _design, "code": _code}


def file_problems(question: Any) -> list[str]:
    """Files a question needs beside its YAML: a code exercise's starter and reference solution."""
    if question.kind != "code":
        return []
    from grader.code.files import reference_path, starter_path

    needed = {"starter": starter_path(question), "reference solution": reference_path(question)}
    return [f"the {role} {path} is missing: add it (`dlquiz new code ID` writes both)"
            for role, path in needed.items() if not path.is_file()]
