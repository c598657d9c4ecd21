"""The package's layering: nothing below grader/commands/ imports from it (nor from cli.py)."""

import ast
from pathlib import Path

import pytest

GRADER = Path(__file__).resolve().parent.parent / "grader"
LOWER = sorted(p for p in GRADER.rglob("*.py") if p.relative_to(GRADER).parts[0] != "commands")


def upward_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import of grader.commands or cli in `source`, at any depth."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found += [(node.lineno, name) for name in names if name == "cli" or name.startswith("grader.commands")]
    return found


@pytest.mark.parametrize("source, expected", [
    ("from grader.render import render_field", []),
    ("def f():\n    from grader.commands.questions import render_field", [(2, "grader.commands.questions")]),
    ("import grader.commands.grade as g", [(1, "grader.commands.grade")]),
    ("from grader import commands", [(1, "grader.commands")]),
    ("import cli", [(1, "cli")]),
])
def test_upward_imports_are_found(source, expected):
    assert upward_imports(source)[:1] == expected


def test_no_lower_layer_imports_commands():
    assert LOWER, "no modules found under grader/"
    offenders = [f"{path.relative_to(GRADER.parent)}:{line} imports {name}"
                 for path in LOWER for line, name in upward_imports(path.read_text(encoding="utf-8"))]
    assert offenders == []
