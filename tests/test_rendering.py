"""Every question of the built-in bank, rendered for the terminal on several seeds: prompts,
options, option feedback, hints, mistake feedback, answers and worked solutions show no raw
LaTeX and no Markdown markers (code spans are left as written), and fit the width."""

from __future__ import annotations

import re

import pytest

from grader.bank import Bank
from grader.console import cell_width
from grader.markdown_text import layout
from grader.variants import make_variant

SEEDS = (None, 0, 1, 2)
RAW_LATEX = re.compile(r"\\[A-Za-z]+|\$|[\^_]\{|[{}]")
RAW_MARKDOWN = re.compile(r"\*\*|__|`|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|^#+ |\[[^\]]*\]\(|^\s*\|.*\|\s*$",
                          re.M)


def _fields(question, variant):
    """(where, Markdown text) of everything a learner may read of this variant."""
    from grader.checkers import checker_for
    from grader.checkers.choice import shown_options
    from grader.render import render_field

    spec = question.spec
    yield "prompt", render_field(variant, spec.prompt)
    for i, option in enumerate(shown_options(variant)):
        yield f"option {i}", render_field(variant, option.text)
        yield f"option {i} feedback", render_field(variant, option.feedback)
    for i, hint in enumerate(spec.hints):
        yield f"hint {i}", render_field(variant, hint)
    for i, mistake in enumerate(getattr(spec, "mistakes", [])):
        yield f"mistake {i}", render_field(variant, mistake.feedback)
    if question.kind != "code":
        answer = checker_for(question.kind).answer_text(variant)
        yield "answer", answer
        yield "solution", render_field(variant, spec.solution, {"answer": answer})
    for rule in getattr(spec, "rules", []):
        for field_args in rule.args.get("fields", {}).values():
            for i, text in enumerate([*field_args.get("feedback", {}).values(), field_args.get("otherwise", "")]):
                yield f"rule {rule.title} feedback {i}", text
        if rule.args.get("advice"):
            yield f"rule {rule.title} advice", rule.args["advice"]
    for i, check in enumerate(getattr(getattr(spec, "checks", None), "mistakes", None) or []):
        yield f"code mistake {i}", check.feedback


def _variants():
    questions, problems = Bank.open().load_all(lint=False)
    assert not problems
    for question in questions:
        for seed in SEEDS if question.spec.parameters else (None,):
            yield question, seed


VARIANTS = list(_variants())


@pytest.mark.parametrize("question, seed", VARIANTS, ids=[f"{q.id}@{s}" for q, s in VARIANTS])
def test_rendered_text_has_no_raw_latex_or_markdown(question, seed):
    variant = make_variant(question, seed)
    for where, text in _fields(question, variant):
        if not text:
            continue
        for line in layout(text, 80):
            assert sum(cell_width(t) for t, _ in line) <= 80, (where, line)
            shown = "".join(t for t, styles in line if "cyan" not in styles)  # code is shown as written
            assert not RAW_LATEX.search(shown), (where, shown)
            assert not RAW_MARKDOWN.search(shown), (where, shown)


def test_the_scan_would_see_raw_markers():
    """The patterns are not vacuous: unrendered text trips them."""
    assert RAW_LATEX.search(r"$\frac{1}{2}$") and RAW_MARKDOWN.search("a **bold** claim")
    shown = ["".join(t for t, _ in line) for line in layout(r"a **bold** $\frac{1}{2}x^2$ and `x*y`", 80)]
    assert shown == ["a bold (1/2)x² and x*y"]
