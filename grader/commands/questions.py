"""list, show, check, solution and validate: the commands on typed-answer questions."""

from __future__ import annotations

from pathlib import Path

from grader.bank import Bank
from grader.console import GLUE, emit_json, full_width, paint, say, say_lines, warn, wrap_spans
from grader.errors import question_at_fault
from grader.model import Variant
from grader.render import render_field, render_options

OK, WRONG, BAD_INPUT = 0, 1, 2


def list_questions(bank: Path | None, topic: str | None, kind: str | None, as_json: bool) -> int:
    """Print the bank's questions (id, kind, title), grouped by topic."""
    questions, problems = Bank.open(bank).load_all(lint=False)
    chosen = [q for q in questions if (topic is None or q.topic == topic) and (kind is None or q.kind == kind)]
    if as_json:
        emit_json([{"id": q.id, "topic": q.topic, "kind": q.kind, "title": q.spec.title} for q in chosen])
    else:
        current = None
        rows = [(q.id, q.kind, q.spec.title) for q in chosen]
        for q, line in zip(chosen, table_lines(rows)):
            if q.topic != current:
                current = q.topic
                say(f"{current or '(top level)'}", "bold")
            say_lines(line)
        say(f"{len(chosen)} question(s)", "dim")
    for p in problems:
        warn(f"Question configuration error: {p}")
    return BAD_INPUT if problems else OK


def table_lines(rows: list[tuple[str, ...]], indent: str = "  ") -> list[list[str]]:
    """Each row's lines: every column but the last as wide as its widest cell, the last wrapped
    within the terminal under its own column (on lines of its own when the window is narrow)."""
    if not rows:
        return []
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]) - 1)]
    lead = len(indent) + sum(w + 2 for w in widths)
    columns = full_width()
    out = []
    for row in rows:
        head = indent + "".join(cell.ljust(w + 2) for cell, w in zip(row, widths))
        if columns - lead >= 24:
            lines = wrap_spans([(row[-1], ())], columns, head, " " * lead)
        else:  # too narrow for a column: the last cell below, indented
            lines = wrap_spans([(head.rstrip().replace(" ", GLUE), ())], columns, "", indent) + \
                    wrap_spans([(row[-1], ())], columns, indent * 2, indent * 2)
        out.append([paint(line) for line in lines])
    return out


def open_variant(bank: Path | None, qid: str, seed: int | None) -> Variant:
    """Load question `qid` and build the variant for `seed`."""
    from grader.variants import make_variant

    question = Bank.open(bank).load(qid)
    with question_at_fault(question, "drawing its numbers"):
        return make_variant(question, seed)


def show(bank: Path | None, qid: str, seed: int | None, as_json: bool) -> int:
    """Print the question as a learner sees it."""
    from grader.learner.screens import present

    variant = open_variant(bank, qid, seed)
    spec = variant.question.spec
    if as_json:
        from grader.figures import figure_of
        from grader.markdown_text import plain

        prompt = render_field(variant, spec.prompt, key=("prompt",))
        options = render_options(variant)
        figure = figure_of(variant) if spec.figure is not None else None
        emit_json({"id": qid, "kind": spec.kind, "title": spec.title, "seed": seed, "prompt": prompt,
                   "parameters": variant.params, "options": options,
                   "variables": getattr(spec, "variables", []), "hints": len(spec.hints),
                   "figure": figure.to_json() if figure else None,
                   "text": {"prompt": plain(prompt), "options": [plain(o) for o in options]}})
        return OK
    present(_io(), variant, f"{qid}  ({spec.kind}{'' if seed is None else f', seed {seed}'})")
    return OK


def _io():
    from grader.learner.terminal import TerminalIo

    return TerminalIo()


MAX_ANSWER_FILE_BYTES = 256 * 1024


def read_answer(answer: str) -> str:
    """`@path` reads the answer from a file (structured answers, CI); anything else is the answer."""
    if not answer.startswith("@"):
        return answer
    from grader.userfiles import read_text

    return read_text(Path(answer[1:]), "the answer file", MAX_ANSWER_FILE_BYTES)


def check(bank: Path | None, qid: str, answer: str, seed: int | None, as_json: bool) -> int:
    """Grade one typed answer through grader.answering: 0 correct, 1 incorrect, 2 unreadable answer,
    broken question or unknown id."""
    from grader.answering import check_answer

    variant = open_variant(bank, qid, seed)
    outcome = check_answer(variant, read_answer(answer))
    if as_json:
        emit_json({"id": qid, "seed": seed, **outcome.to_json()})
        return outcome.exit_code
    result = outcome.result
    if result is None:
        warn(outcome.message)
        return outcome.exit_code
    from grader.learner.screens import show_verdict

    show_verdict(_io(), result)
    return outcome.exit_code


def solution(bank: Path | None, qid: str, seed: int | None, as_json: bool) -> int:
    """Print the reference answer and the worked solution."""
    from grader.checkers import checker_for

    variant = open_variant(bank, qid, seed)
    with question_at_fault(variant.question, "computing the answer"):
        answer = checker_for(variant.question.kind).answer_text(variant)
    worked = render_field(variant, variant.question.spec.solution, {"answer": answer}, key=("solution",))
    if as_json:
        from grader.markdown_text import plain

        emit_json({"id": qid, "seed": seed, "answer": answer, "solution": worked,
                   "text": {"answer": plain(answer), "solution": plain(worked)}})
        return OK
    from grader.learner.screens import show_answer

    show_answer(_io(), variant)
    return OK


def validate(bank: Path | None, path: Path | None, as_json: bool, seeds: int = 0, jobs: int | None = None,
             timeout: float | None = None) -> int:
    """Check every question file and report every problem in one run (grader.commands.instructor)."""
    from grader.commands.instructor import validate as validate_deep

    return validate_deep(bank, path, as_json, seeds, jobs, timeout)
