"""`dlquiz export`: a worksheet or an answer key, as Markdown or as one self-contained HTML page.

Every question becomes an `Item` (its texts rendered for one seed); the Markdown writer is
here, the HTML one in grader.instructor.handout. Flashcards always carry their answer (on
the back of the card); other answers and worked solutions appear only in an answer key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.bank import Bank
from grader.checkers.choice import LETTERS
from grader.errors import DlquizError, Problem, did_you_mean, question_at_fault
from grader.model import Question

ANSWER_CODE = {"symbolic": "text", "code": "python", "design": "yaml"}  # answers shown as code, in this language
FIGURE_COLUMNS = 80  # Markdown handouts carry a figure as the terminal's text plot, this wide


@dataclass(frozen=True)
class Item:
    """One question rendered for a handout; texts are Markdown with $LaTeX$."""

    id: str
    kind: str
    title: str
    prompt: str
    options: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    answer: str = ""
    answer_code: str = ""  # "" for Markdown; else shown as code in this language (python, yaml, text)
    answer_options: list[str] = field(default_factory=list)  # a choice question's right options, lettered
    solution: str = ""
    figure: Any = None  # grader.figures.FigureData drawn under the prompt, or None


def choose(bank: Bank, topic: str | None) -> tuple[list[Question], list[Problem]]:
    """The bank's questions that load, or those of `topic` (a folder, subfolders included), and the
    problems of the files that do not (of that topic)."""
    questions, problems = bank.load_all(lint=False)
    if topic is None:
        return questions, problems
    topic = topic.strip("/")
    folders = [root / topic for root in bank.roots]
    chosen = [q for q in questions if q.topic == topic or q.topic.startswith(topic + "/")]
    if not chosen:
        topics = sorted({q.topic for q in questions})
        raise DlquizError(f"No questions in topic '{topic}'.{did_you_mean(topic, topics)} Topics: {', '.join(topics)}")
    return chosen, [p for p in problems if any(Path(p.file).is_relative_to(folder) for folder in folders)]


def item_of(question: Question, seed: int | None) -> Item:
    """Render one question's variant for a handout."""
    from grader.checkers import checker_for
    from grader.render import render_field, render_options
    from grader.variants import make_variant

    with question_at_fault(question, "rendering it"):
        variant = make_variant(question, seed)
        answer = checker_for(question.kind).answer_text(variant)
    spec = question.spec
    options = render_options(variant)
    right = []
    if spec.kind == "choice":
        from grader.checkers.choice import reference

        right = [f"{LETTERS[i]}) {options[i]}" for i in sorted(reference(variant))]
    figure = None
    if spec.figure is not None:
        from grader.figures import figure_of

        with question_at_fault(question, "drawing its figure"):
            figure = figure_of(variant)
    return Item(
        id=question.id, kind=spec.kind, title=spec.title,
        prompt=render_field(variant, spec.prompt, key=("prompt",)),
        options=options,
        hints=[render_field(variant, h, key=("hints", i)) for i, h in enumerate(spec.hints)],
        answer=answer, answer_code=ANSWER_CODE.get(spec.kind, ""), answer_options=right,
        solution=render_field(variant, spec.solution, {"answer": answer}, key=("solution",)),
        figure=figure,
    )


def heading(topic: str | None, seed: int | None, answers: bool) -> str:
    """`Answer key: losses (seed 3)`."""
    what = "Answer key" if answers else "Worksheet"
    numbers = "the course's numbers" if seed is None else f"seed {seed}"
    return f"{what}: {topic or 'all topics'} ({numbers})"


def shows_answer(item: Item, answers: bool) -> bool:
    """Answer keys show every answer; worksheets only the backs of flashcards."""
    return bool(item.answer) and (answers or item.kind == "flashcard")


def to_markdown(items: list[Item], title: str, answers: bool) -> str:
    """The handout as Markdown (math left as $LaTeX$ for any Markdown renderer)."""
    out = [f"# {title}", ""]
    for number, item in enumerate(items, 1):
        out += [f"## {number}. {item.title}", "", f"*{item.id} · {item.kind}*", "", item.prompt.strip(), ""]
        if item.figure is not None:
            from grader.figures.text import render

            out += ["```text", render(item.figure, FIGURE_COLUMNS), "```", ""]
        # one option per line: a hard line break (two spaces) keeps Markdown renderers from joining them
        out += [f"{LETTERS[i]}) {text}  " for i, text in enumerate(item.options)] + ([""] if item.options else [])
        for i, hint in enumerate(item.hints, 1):
            out += [f"> Hint {i}: {hint.strip()}", ""]
        if shows_answer(item, answers) and len(item.answer_options) > 1:
            out += ["**Answer:**", ""] + [f"- {option}" for option in item.answer_options] + [""]
        elif shows_answer(item, answers):
            label = "Back of the card" if item.kind == "flashcard" else "Answer"
            out += _markdown_answer(label, item.answer, item.answer_code)
        if answers and item.solution.strip():
            out += ["**Worked solution:**", "", item.solution.strip(), ""]
        out += ["---", ""]
    return "\n".join(out).rstrip() + "\n"


def _markdown_answer(label: str, answer: str, language: str) -> list[str]:
    if language and "\n" in answer.strip():
        return [f"**{label}:**", "", f"```{language}", answer.strip(), "```", ""]
    text = f"`{answer.strip()}`" if language else answer.strip()
    return [f"**{label}:** {text}", ""]
