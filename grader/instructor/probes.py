"""Checks of one variant of a question, through the same functions a learner's answer goes through.

Each probe returns `Finding`s: the key of the faulty field, a message that does not depend
on the seed (so the same fault on many seeds is reported once) and a detail with this
variant's numbers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import numpy as np

from grader.errors import AnswerFormatError, DlquizError
from grader.model import Variant
from grader.render import render
from grader.yamlfile import KeyPath


@dataclass(frozen=True)
class Finding:
    """One fault seen on one variant; `note` marks information that does not fail validation."""

    key: KeyPath
    message: str
    detail: str = ""
    note: bool = False
    coincides: bool = False  # a mistake equals the right answer: what a seed's redraw avoids


def templates_of(spec: Any) -> Iterator[tuple[KeyPath, str]]:
    """Every template of a question with its key: prompt, hints, solution, options, feedback, answer."""
    yield ("prompt",), spec.prompt
    for i, hint in enumerate(spec.hints):
        yield ("hints", i), hint
    yield ("solution",), spec.solution
    for i, option in enumerate(getattr(spec, "options", [])):
        yield ("options", i, "text"), option.text
        yield ("options", i, "feedback"), option.feedback
    for i, mistake in enumerate(getattr(spec, "mistakes", [])):
        yield ("mistakes", i, "feedback"), mistake.feedback
    if spec.kind == "flashcard":
        yield ("answer",), spec.answer


_RENDERED: dict[tuple[str, str], str] = {}


def rendered(template: str, context: dict[str, Any]) -> str:
    """`render`, remembered: a probe renders the same feedback several times per variant."""
    key = (template, json.dumps(context, sort_keys=True, default=repr))
    if key not in _RENDERED:
        if len(_RENDERED) > 4096:
            _RENDERED.clear()
        _RENDERED[key] = render(template, context)
    return _RENDERED[key]


def render_findings(variant: Variant, answer: str) -> list[Finding]:
    """Templates that fail to render on this variant (the solution also sees `answer`)."""
    found = []
    for key, template in templates_of(variant.question.spec):
        try:
            rendered(template, {**variant.params, "answer": answer} if key == ("solution",) else variant.params)
        except ValueError as exc:
            found.append(Finding(key, str(exc)))
    return found


def _checker(variant: Variant):
    from grader.checkers import checker_for

    return checker_for(variant.question.kind)


def _graded(variant: Variant, key: KeyPath, what: str, text: str) -> tuple[Any, list[Finding]]:
    """Check `text` as a learner's answer; an unreadable text becomes a finding."""
    try:
        return _checker(variant).check(variant, text), []
    except AnswerFormatError as exc:
        return None, [Finding(key, f"{what} cannot be read by the question's own checker: {exc.detail}", repr(text))]


def accepted_findings(variant: Variant, key: KeyPath, what: str, text: str, fix: str) -> list[Finding]:
    """`text` (a right answer) must be read and marked correct with full marks."""
    result, found = _graded(variant, key, what, text)
    if result is not None and not (result.correct and result.score == 1.0):
        found.append(Finding(key, f"{what} is marked wrong by the question's own checker: {fix}",
                             f"{text!r} read as {result.read_as}: {result.feedback}"))
    return found


def _feedback(variant: Variant, template: str) -> str | None:
    try:
        return rendered(template, variant.params)
    except ValueError:
        return None  # reported by render_findings


def _mistake_verdict(variant: Variant, index: int, text: str, kind_word: str, shown: str = "") -> list[Finding]:
    """A learner giving mistake `index` as `text` is marked wrong and shown that mistake's own feedback."""
    shown = shown or text
    mistakes = variant.question.spec.mistakes
    key = ("mistakes", index)
    result, found = _graded(variant, key, "this mistake's answer", text)
    if result is None:
        return found
    own = _feedback(variant, mistakes[index].feedback)
    if result.correct:
        return [Finding(key, f"this mistake is {kind_word} the right answer: learners making it are marked right "
                        "and its feedback never shows", shown, coincides=True)]
    if own is None or result.mistake == own:
        return []
    other = next((j for j, m in enumerate(mistakes) if j != index and _feedback(variant, m.feedback) == result.mistake), None)
    if other is not None:
        return [Finding(key, f"a learner making this mistake is shown the feedback of mistakes[{other}]: "
                        "the two give the same answer here; drop one or change it", shown)]
    return [Finding(key, "a learner making this mistake is not shown its feedback", f"{shown} -> {result.feedback}")]


def number_text(value: Any) -> str:
    """A value typed at full precision, as a learner could type it: `0.25`, `[0.1, 0.9]`."""
    return json.dumps(np.asarray(value, dtype=float).tolist())


def numeric_findings(variant: Variant) -> list[Finding]:
    """Reference finite and accepted (as printed and at full precision); every mistake distinct and recognised."""
    from grader.checkers import numeric
    from grader.numbers import describe, shape_text

    try:
        expected = numeric.reference(variant)
    except Exception as exc:  # an author's solver call failed on these numbers
        return [Finding(("answer",), f"the reference solver failed: {type(exc).__name__}: {exc}")]
    if not np.all(np.isfinite(expected)):
        return [Finding(("answer",), "the reference answer is not finite: choose parameters where it is defined",
                        describe(expected))]
    found = accepted_findings(variant, ("answer",), "the reference value", number_text(expected),
                              "the tolerance is too tight for the checker to accept its own answer")
    found += accepted_findings(variant, ("tolerance",), "the answer as `dlquiz solution` prints it",
                               numeric.answer_text(variant),
                               "the tolerance is tighter than the 4 significant figures shown; loosen `tolerance`")
    try:
        values = numeric.mistake_values(variant)
    except Exception as exc:  # an author's mistake solver failed on these numbers
        return found + [Finding(("mistakes",), f"a mistake solver failed: {type(exc).__name__}: {exc}")]
    tol = variant.question.spec.tolerance
    for i, (value, _) in enumerate(values):
        key, seen = ("mistakes", i), f"mistake {describe(value)}, answer {describe(expected)}"
        if not np.all(np.isfinite(value)):
            found.append(Finding(key, "this mistake's value is not finite, so no answer can match it", seen))
        elif np.squeeze(value).shape != np.squeeze(expected).shape:
            found.append(Finding(key, f"this mistake's value is {shape_text(np.squeeze(value).shape)} but the answer is "
                                 f"{shape_text(np.squeeze(expected).shape)}: it can never match; check its solver and args",
                                 seen))
        elif numeric.coincides(value, expected):
            if variant.question.spec.mistakes[i].may_coincide:
                continue  # declared: on this variant the mistake is the right answer
            found.append(Finding(key, "this mistake coincides with the right answer: a learner making it is marked "
                                 "right and its feedback never shows; choose other numbers", seen, coincides=True))
        elif numeric.within(value, expected, tol):
            found.append(Finding(("tolerance",), f"the tolerance accepts mistakes[{i}] as right: tighten `tolerance`", seen))
        else:
            found += _mistake_verdict(variant, i, number_text(value), "equal to", describe(value))
    return found


def symbolic_findings(variant: Variant) -> list[Finding]:
    """The answer parses and equals itself; every mistake parses, differs from it and gets its own feedback."""
    from grader.checkers import symbolic

    spec = variant.question.spec
    found = accepted_findings(variant, ("answer",), "the answer", symbolic.answer_text(variant),
                              "equivalence could not be decided; write it more simply")
    if found:
        return found
    for i, mistake in enumerate(spec.mistakes):
        text = symbolic._texts(variant, mistake.expression)  # the learner-facing text of the expression
        found += _mistake_verdict(variant, i, text, "equivalent to")
    return found


def choice_findings(variant: Variant) -> list[Finding]:
    """The declared correct options earn full marks, each wrong one alone does not, and no two options read alike.
    Letters are those of the order shown; findings point at the option in the file."""
    from grader.checkers.choice import LETTERS, option_order, reference

    spec = variant.question.spec
    order = option_order(variant)
    correct = sorted(reference(variant))
    found = accepted_findings(variant, ("options",), "the options marked `correct: true`",
                              ", ".join(LETTERS[p] for p in correct), "check the options")
    for p, i in enumerate(order):
        if p in correct:
            continue
        result, problems = _graded(variant, ("options", i), f"option {LETTERS[p]}", LETTERS[p])
        found += problems
        if result is not None and result.correct:
            found.append(Finding(("options", i), "this option is not marked correct but is accepted"))
    texts: dict[str, int] = {}
    for i, option in enumerate(spec.options):
        text = _feedback(variant, option.text)
        if text is None:
            continue
        key = " ".join(text.lower().split())
        if key in texts:
            found.append(Finding(("options", i, "text"), f"this option reads the same as options[{texts[key]}]: "
                                 "learners cannot tell them apart", text))
        texts.setdefault(key, i)
    return found


def flashcard_findings(variant: Variant) -> list[Finding]:
    """The model answer renders to some text."""
    answer = _feedback(variant, variant.question.spec.answer)
    return [Finding(("answer",), "the model answer renders empty")] if answer == "" else []


def typed_answer_findings(variant: Variant) -> list[Finding]:
    """Kinds without a dedicated probe: the checker's own answer text, when it has one, is accepted."""
    try:
        text = _checker(variant).answer_text(variant)
    except DlquizError:
        return []
    if not text:
        return []
    return accepted_findings(variant, ("answer",), "the model answer", text, "check the answer and the rules")


ANSWER_PROBES: dict[str, Callable[[Variant], list[Finding]]] = {
    "numeric": numeric_findings,
    "symbolic": symbolic_findings,
    "choice": choice_findings,
    "flashcard": flashcard_findings,
    "code": lambda variant: [],  # graded once per question by grader.instructor.code_probe
}


def answer_findings(variant: Variant) -> list[Finding]:
    """The kind's answer checks for this variant, and what its prompt promises about the answer
    (grader.instructor.prompt_probes)."""
    from grader.instructor.prompt_probes import example_findings, precision_findings

    kind = variant.question.kind
    found = ANSWER_PROBES.get(kind, typed_answer_findings)(variant)
    if kind in ("numeric", "symbolic", "choice"):
        found += example_findings(variant)
    if kind == "numeric" and not any(f.key == ("tolerance",) for f in found):  # one fault, one message
        found += precision_findings(variant)
    return found


def answer_text_or_placeholder(variant: Variant) -> str:
    """The answer a solution template sees; a placeholder when computing it fails (reported elsewhere)."""
    try:
        return _checker(variant).answer_text(variant)
    except Exception:  # the answer probe reports why
        return "?"
