"""The Jinja2-free path for simple templates (grader.render.render_simple) makes exactly what the
sandboxed Jinja2 environment makes, on every template of the built-in bank and on edge values,
and declines everything else (which Jinja2 then renders or explains)."""

from __future__ import annotations

import numpy as np
import pytest

from grader.bank import Bank
from grader.render import _compiled, render, render_simple
from grader.sandbox_env import render_bounded
from grader.userfiles import CONTROL
from grader.variants import make_variant


def jinja(template: str, context: dict) -> str:
    """What `render` makes of `template` through the sandboxed Jinja2 environment."""
    return CONTROL.sub("", render_bounded(_compiled(template), context)).strip()


def simple(template: str, context: dict) -> str | None:
    """What `render` makes of `template` on the simple path (None: not taken)."""
    text = render_simple(template, context)
    return None if text is None else CONTROL.sub("", text).strip()


def _templates(question):
    spec = question.spec
    yield spec.prompt
    yield spec.solution or ""
    yield from spec.hints
    for option in getattr(spec, "options", None) or []:
        yield option.text
        yield option.feedback or ""
    for mistake in getattr(spec, "mistakes", None) or []:
        yield mistake.feedback


def _bank_cases():
    questions, problems = Bank.open().load_all(lint=False)
    assert not problems
    for question in questions:
        for seed in (None, 0, 1) if question.spec.parameters else (None,):
            context = {**make_variant(question, seed).params, "answer": "ANSWER"}
            for template in _templates(question):
                if "{{" in template:
                    yield f"{question.id}@{seed}", template, context


BANK = list(_bank_cases())


def test_the_bank_mostly_takes_the_simple_path():
    simple = sum(render_simple(t, c) is not None for _, t, c in BANK)
    assert simple > len(BANK) / 2, (simple, len(BANK))


@pytest.mark.parametrize("where, template, context", BANK, ids=[w for w, _, _ in BANK])
def test_the_simple_path_agrees_with_jinja_on_the_bank(where, template, context):
    made = simple(template, context)
    if made is not None:
        assert made == jinja(template, context)


EDGE = {"x": 0.1 + 0.2, "n": 3, "v": [0.5, -1.25, 2.0], "a": np.array([[1.0, 2.5], [3.0, -4.0]]),
        "t": "tanh", "b": True, "z": None, "big": -1e300, "i": np.int64(7), "f": np.float32(0.1)}


@pytest.mark.parametrize("template", [
    "{{ x }} and {{ n }}", "{{x}}", "{{  v  }}", "{{ v | fmt }}", "{{ a|mat }}", "{{ v | vec }}", "{{ a | fmt }}",
    "$\\frac{ {{ n }} }{2}$ }} {", "{{ t }}", "{{ b }} {{ z }}", "{{ big | fmt }}", "{{ i }} {{ f }} {{ f | fmt }}",
    "line one\n{{ x | fmt }}\n", "{ {{ n }} }", "a\r\n{{ n }}\r\n\r\nb", "{{ n }}}",
])
def test_edge_values_render_as_jinja_renders_them(template):
    made = simple(template, EDGE)
    assert made is not None and made == jinja(template, EDGE)


@pytest.mark.parametrize("template", [
    "{{ v[0] }}", "{{ v | length }}", "{{ x.real }}", "{% if n %}x{% endif %}", "{{- n }}", "{# c #}{{ n }}",
    "{{ missing }}", "{{ t | fmt }}", "{{ n }} {{ 'x' }}", "{{ n + 1 }}", "{{{ n }}}",
])
def test_anything_else_is_left_to_jinja(template):
    assert render_simple(template, EDGE) is None


def test_errors_still_come_from_jinja():
    with pytest.raises(ValueError, match="'missing' is undefined"):
        render("{{ missing }}", EDGE)
