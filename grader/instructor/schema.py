"""The editor's JSON Schema of a question file, and the solver catalog table, both generated from the code.

`python -m grader.instructor.schema docs/authoring.md` rewrites the catalog table between
the `<!-- solvers:begin -->` and `<!-- solvers:end -->` markers of that file.
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path
from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
BEGIN, END = "<!-- solvers:begin -->", "<!-- solvers:end -->"


def question_schema() -> dict[str, Any]:
    """The JSON Schema of one question file, from the msgspec model the loader converts with."""
    import msgspec

    from grader import model

    generated = msgspec.json.schema(model.QuestionSpec)
    mapping = generated["discriminator"]["mapping"]  # kind -> "#/$defs/<Kind>Question"
    # `if kind is X then <X's schema>` instead of msgspec's anyOf: validators and editors then
    # report the real fault ("'answer' is a required property") rather than "matches no schema".
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "dlquiz question file",
        "description": "One question of a dlquiz bank; its id is its path under the bank without .yaml.",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(mapping), "description": "What the learner answers with."}},
        "allOf": [{"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]}, "then": {"$ref": ref}}
                  for kind, ref in mapping.items()],
        "$defs": generated["$defs"],
    }


def solver_rows() -> list[dict[str, str]]:
    """One row per registered solver: name, role (reference or mistake), arguments, first docstring line."""
    from grader.solvers import catalog

    rows = []
    for name, fn in catalog().items():
        role = "mistake" if fn.__module__.rsplit(".", 1)[-1].endswith("mistakes") else "reference"
        args = ", ".join(str(p) for p in inspect.signature(fn).parameters.values())
        summary = (inspect.getdoc(fn) or "").splitlines()[0] if inspect.getdoc(fn) else ""
        rows.append({"name": name, "role": role, "args": args, "summary": summary})
    return sorted(rows, key=lambda r: (r["role"] != "reference", r["name"]))


def solver_markdown() -> str:
    """The catalog as a Markdown table (the block docs/authoring.md embeds)."""
    lines = ["| solver | role | arguments | what it computes |", "|---|---|---|---|"]
    for row in solver_rows():
        summary = row["summary"].replace("|", "\\|")
        lines.append(f"| `{row['name']}` | {row['role']} | `{row['args']}` | {summary} |")
    return "\n".join(lines)


def solver_text(width: int = 80) -> str:
    """The catalog for the terminal: each solver's call on one line, what it computes indented below."""
    import textwrap

    out = []
    for role in ("reference", "mistake"):
        out.append(f"{role} solvers:")
        for r in (r for r in solver_rows() if r["role"] == role):
            out.append(f"  {r['name']}({r['args']})")
            out += textwrap.wrap(r["summary"], width=max(40, width), initial_indent=" " * 6, subsequent_indent=" " * 6)
    return "\n".join(out)


def with_catalog(document: str) -> str:
    """`document` with the text between the solver markers replaced by the current table."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(document):
        raise ValueError(f"the document has no {BEGIN} ... {END} block")
    return pattern.sub(lambda _: f"{BEGIN}\n{solver_markdown()}\n{END}", document)


def main(argv: list[str]) -> int:
    """Rewrite the catalog block of each named Markdown file."""
    for name in argv or ["docs/authoring.md"]:
        path = Path(name)
        path.write_text(with_catalog(path.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"updated the solver catalog in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
