"""Question templates in the sandbox: hostile templates end in one clear error, quickly; ordinary ones render."""

from __future__ import annotations

import time

import pytest

from grader import sandbox_limits
from grader.render import render, template_problems

PARAMS = {"w": [1.0, -2.0], "n": 3}

# (name, template, fragment of the error). Every one must fail fast, with that message.
HOSTILE = [
    ("globals walk (issue 10)", "{{ cycler.__init__.__globals__.os.popen('id').read() }}", "'cycler' is undefined"),
    ("range of a billion (issue 10)", "{% for i in range(10**9) %}x{% endfor %}", "range() of more than 10000"),
    ("10 GB string (issue 10)", "{{ 'x'*10**10 }}", "`*` would make a value of more than"),
    ("huge power", "{{ (2**4000)**4000 }}", "more than 4096 bits"),
    ("huge product", "{{ 2**4000 * 2**4000 * 2**4000 }}", "more than 4096 bits"),
    ("nested loops", "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
     "loops ran more than 100000 steps"),
    ("self", "{{ self.__init__.__globals__ }}", "cannot read '.__init__' of a TemplateReference"),
    ("lipsum", "{{ lipsum(n=100000) }}", "'lipsum' is undefined"),
    ("joiner", "{{ joiner.__init__ }}", "'joiner' is undefined"),
    ("namespace doubling", "{% set ns = namespace(x='xx') %}{% for i in range(100) %}{% set ns.x = ns.x ~ ns.x %}"
     "{% endfor %}{{ ns.x }}", "`~` would make a text of more than"),
    ("list doubling", "{% set ns = namespace(x=[1]) %}{% for i in range(60) %}{% set ns.x = ns.x + ns.x %}"
     "{% endfor %}{{ ns.x|length }}", "`+` would make a value of more than"),
    ("huge join", "{{ range(10000)|join('x' * 10000) }}", "`join` would make a text"),
    ("macro doubling", "{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f('x') }}", "`~` would make a text"),
    ("macro fan-out", "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(40) }}",
     "more than 10000 calls"),
    ("macro recursion", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself too deeply"),
    ("include a file", "{% include '/etc/passwd' %}", "`include` reads another template file"),
    ("import a file", "{% import '/etc/passwd' as p %}", "`import` reads another template file"),
    ("from import", "{% from '/etc/passwd' import x %}", "`from ... import` reads another template file"),
    ("extends a file", "{% extends '/etc/passwd' %}", "`extends` reads another template file"),
    ("%-format width", "{{ '%999999999d' % 1 }}", "`%` formatting of text is not offered"),
    ("str.format attribute walk", "{{ '{0.__class__}'.format(1) }}", "cannot read '.format' of a str"),
    ("string method", "{{ 'x'.ljust(10**9) }}", "cannot read '.ljust' of a str"),
    ("class walk", "{{ ().__class__.__base__.__subclasses__() }}", "cannot read '.__class__' of a tuple"),
    ("loop internals", "{% for x in [1] %}{{ loop._iterator }}{% endfor %}", "cannot read '._iterator'"),
    ("function globals", "{{ range.__globals__ }}", "cannot read '.__globals__' of a function"),
    ("macro internals", "{% macro m() %}{% endmacro %}{{ m.__globals__ }}", "cannot read '.__globals__' of a Macro"),
    ("nested literals", "{% set a = [1,1,1,1,1,1,1,1,1,1] %}{% set b = [a,a,a,a,a,a,a,a,a,a] %}"
     "{% set c = [b,b,b,b,b,b,b,b,b,b] %}{% set d = [c,c,c,c,c,c,c,c,c,c] %}{% set e = [d,d,d,d,d,d,d,d,d,d] %}"
     "{% set f = [e,e,e,e,e,e,e,e,e,e] %}{{ f == f + [] }}", "more than 100000 items"),
    ("center filter", "{{ 'x'|center(10**9) }}", "No filter named 'center'"),
    ("attr filter", "{{ ''|attr('__class__') }}", "No filter named 'attr'"),
    ("format filter", "{{ '%999999999s'|format(1) }}", "No filter named 'format'"),
    ("replace growth", "{{ ('x'*1000)|replace('x', 'y'*1000) }}", "`replace` would make a text"),
    ("round to a billion digits", "{{ round(10**100, -10**9) }}", "round() takes digits from -15 to 15"),
    ("fmt digits", "{{ 1.5|fmt(10**9) }}", "digits must be a whole number from 0 to 15"),
    ("recursive loop", "{% for x in [[1]] recursive %}{{ loop(x) }}{% endfor %}", "recursive loops are not offered"),
    ("block of output", "{% set x %}{% for i in range(10000) %}{{ 'y'*10000 }}{% endfor %}{% endset %}{{ x|length }}",
     "produced more than 1000000 characters"),
    ("tojson indent", "{{ [[[1]]]|tojson(indent=10**9) }}", "`tojson` indents by 0 to 8 spaces"),
    ("sum of lists", "{{ [[1]*1000]*1000|sum(start=[]) }}", "`sum` adds numbers only"),
    ("deep nesting", "{% set ns = namespace(a=1) %}{% for i in range(100) %}{% set ns.a = [ns.a] %}{% endfor %}",
     "nested more than 64 levels"),
    ("long output", "{% for i in range(10000) %}{{ 'y' * 100 }}{% endfor %}", "longer than 200000 characters"),
]


@pytest.mark.parametrize("template, fragment", [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_templates_fail_fast_with_a_clear_reason(template, fragment):
    start = time.monotonic()
    with pytest.raises(ValueError) as exc:
        render(template, PARAMS)
    assert fragment in str(exc.value)
    assert "\n" not in str(exc.value).strip()
    assert time.monotonic() - start < sandbox_limits.MAX_SECONDS + 1


STATIC = [  # found by `dlquiz validate` without rendering
    ("{{ cycler }}", "'cycler', which is not a parameter"),
    ("{% include 'x' %}", "`include` reads another template file"),
    ("{{ w|center(9) }}", "No filter named 'center'"),
    ("{% for x in w recursive %}{% endfor %}", "recursive loops"),
    ("x" * 20_001, "over the 20000 limit"),
]


@pytest.mark.parametrize("template, fragment", STATIC)
def test_lint_finds_refused_constructs(template, fragment):
    problems = template_problems(template, set(PARAMS))
    assert any(fragment in p for p in problems), problems


ORDINARY = [
    ("{% for v in w %}{{ v|fmt }}{% if not loop.last %}, {% endif %}{% endfor %}", "1, -2"),
    ("{{ solve('mse', y_hat=w, y=w) }}", "0.0"),
    ("{{ (w[0] * 2)|fmt(2) }} {{ w|vec }}", r"2 \begin{bmatrix} 1 \\ -2 \end{bmatrix}"),
    ("{% set ns = namespace(t=0) %}{% for v in w %}{% set ns.t = ns.t + v %}{% endfor %}{{ ns.t }}", "-1.0"),
    ("{{ w|map('abs')|sum }} {{ sum(w) }} {{ max(w) }} {{ w|join(', ') }} {{ 'a' ~ n }}", "3.0 -1.0 1.0 1.0, -2.0 a3"),
    ("{% for a, b in zip(w, w) %}{{ a * b }} {% endfor %}{{ 2 ** 10 }} {{ n % 2 }} {{ exp(0) }}", "1.0 4.0 1024 1 1.0"),
    ("{{ {'a': 1}.a }} {{ [1, 2][1:] }} {{ range(3)|list }} {{ 'ab' * 2 }}", "1 [2] [0, 1, 2] abab"),
]


@pytest.mark.parametrize("template, expected", ORDINARY)
def test_ordinary_templates_still_render(template, expected):
    assert render(template, PARAMS) == expected
    assert template_problems(template, set(PARAMS)) == []


def test_a_render_that_runs_out_of_time_is_stopped(monkeypatch):
    monkeypatch.setattr(sandbox_limits, "MAX_SECONDS", 0.05)
    slow = "{% for i in range(10000) %}{{ range(1000)|sort|length }}{% endfor %}"
    with pytest.raises(ValueError, match="ran for more than 0.05 s"):
        render(slow, PARAMS)
