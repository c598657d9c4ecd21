"""YAML from someone else (question files, design answers): every refusal is quick, with its line."""

from __future__ import annotations

import time

import pytest

from grader.yamlfile import MAX_DEPTH, YamlSyntaxError, anchor_line, read_yaml

LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))

REFUSED = [  # (text, line, fragment)
    (LAUGHS, 2, "YAML aliases (`*name`) are not allowed"),
    ("base: &b {x: 1}\nother:\n  <<: *b\n", 3, "aliases"),
    ("a: &a [*a]\n", 1, "aliases"),  # a recursive anchor
    ("k: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", 1, f"nested more than {MAX_DEPTH} levels"),
    ("k: " + "[" * 5000 + "]" * 5000 + "\n", 1, "not valid YAML"),  # libyaml's own limit, or ours
    ("a: 1\nn: " + "9" * 5000 + "\n", 2, "a number of more than 4300 digits"),
    ("a: 1\nd: !!timestamp 2001-99-99\n", 2, "month must be in 1..12"),
    ("x: !!python/object/apply:os.system ['id']\n", 1, "could not determine a constructor"),
    ("title: [unclosed\n", 2, "not valid YAML"),
    ("a: 1\n? [k]\n: v\n", 2, "found unhashable key"),  # a list as a key
]


@pytest.mark.parametrize("text, line, fragment", REFUSED)
def test_refused_quickly_with_its_line(text, line, fragment):
    start = time.monotonic()
    with pytest.raises(YamlSyntaxError) as exc:
        read_yaml(text)
    assert fragment in str(exc.value) and exc.value.line == line
    assert time.monotonic() - start < 2


def test_lines_and_duplicates():
    data, lines, duplicates = read_yaml("a: 1\nb:\n  c: [1, 2]\n  c: 3\n")
    assert data["b"] == {"c": 3} and lines[("b", "c")] == 4 and duplicates == [(("b", "c"), 4)]
    assert read_yaml("") == (None, {}, [])
    assert read_yaml("x: &only-an-anchor 1\n")[0] == {"x": 1}  # an anchor nobody reuses is harmless


@pytest.mark.parametrize("text, line", [
    ("a: 1\nb: [2, 3]\n", None),
    ("a: 1\nb: &x [2]\n", 2),  # a lone anchor counts
    ("a: &x 1\nb: *x\n", 1),
    ("a: '&x and *x in quotes'\n", None),
    ("a: [1\nb: &x 2\n", None),  # not YAML before the anchor: the reader says where
])
def test_anchor_line_finds_the_first_anchor_or_alias(text, line):
    assert anchor_line(text) == line
