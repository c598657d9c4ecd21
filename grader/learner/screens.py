"""What a learner sees of a question, the same in `show`, `check`, `solution` and the quiz: the
question, the verdict on an answer, the answer and the worked solution.

Everything goes through an Io (`show` plain text, `markdown` question text), so it is laid
out for the terminal in one place (grader.markdown_text) and can be read back in tests.
"""

from __future__ import annotations

import re
from typing import Protocol

from grader.model import Result, Variant

READ_AS_TIMES = re.compile(r"(?<=[\w)\]])\s*\*\s*(?=[\w(\[])")


class Io(Protocol):
    """What a screen needs from a terminal."""

    def show(self, text: str = "", *styles: str) -> None:
        """Show plain text, styled with console style names."""

    def markdown(self, text: str, *styles: str, lead: str = "") -> None:
        """Show question text (Markdown with $math$); `lead` starts its first line."""

    def verbatim(self, text: str) -> None:
        """Show text laid out for the terminal already (a figure), as it is."""


def present(io: Io, variant: Variant, header: str) -> None:
    """The question as a learner sees it: a dim header line, the title, the prompt, the options."""
    from grader.checkers.choice import LETTERS
    from grader.render import render_options

    spec = variant.question.spec
    io.show(header, "dim")
    io.show(spec.title, "bold")
    io.show()
    io.markdown(field(variant, spec.prompt, key=("prompt",)))
    if getattr(spec, "figure", None) is not None:
        from grader.figures import terminal_figure

        io.show()
        io.verbatim(terminal_figure(variant))
        io.show()
    for letter, option in zip(LETTERS, render_options(variant)):
        io.markdown(option, lead=f"  {letter}) ")
    if getattr(spec, "variables", None):
        io.show(f"Answer with an expression in {', '.join(spec.variables)} (powers with ^, e.g. x^2).", "dim")


def verdict(result: Result) -> tuple[str, str]:
    """(word, colour): Correct, Partly right (some credit) or Incorrect."""
    if result.correct:
        return "Correct", "green"
    if result.score > 0:
        return "Partly right", "yellow"
    return "Incorrect", "red"


def show_verdict(io: Io, result: Result) -> None:
    """The verdict, how the answer was read (in the learner's notation) and the feedback."""
    word, colour = verdict(result)
    io.show(f"{word}  (score {result.score:g})", colour, "bold")
    if result.read_as:
        io.show(f"Your answer was read as: {learner_notation(result.read_as)}", "dim")
    if result.feedback and result.feedback != "Correct.":
        io.markdown(result.feedback)


def show_answer(io: Io, variant: Variant, label: str = "Answer") -> None:
    """The reference answer and the worked solution."""
    from grader.checkers import checker_for
    from grader.errors import question_at_fault

    with question_at_fault(variant.question, "computing the answer"):
        answer = checker_for(variant.question.kind).answer_text(variant)
    worked = field(variant, variant.question.spec.solution, {"answer": answer}, key=("solution",))
    if answer and "\n" in answer.strip():  # a design's model answer: one field per line
        io.show(f"{label}:", "bold")
        io.show("\n".join(f"  {line}" for line in answer.strip().splitlines()))
    elif answer:
        io.markdown(answer, "bold", lead=f"{label}: ")
    if worked:
        io.show()
        io.markdown(worked)


def learner_notation(text: str) -> str:
    """An expression as the learner writes it: `x**2*y` -> `x^2·y` (not Python's `**` and `*`)."""
    return READ_AS_TIMES.sub("·", text.replace("**", "^"))


def field(variant: Variant, template: str, extra: dict | None = None, key: tuple = ()) -> str:
    """One of the question's templates (at `key` in its file) rendered for this variant (author
    errors as QuestionConfigError)."""
    from grader.render import render_field

    return render_field(variant, template, extra, key=key)
