"""Authoring: `dlquiz new` scaffolds, `dlquiz schema`, `dlquiz solvers`, `dlquiz show --all-seeds`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from grader.console import cell_width

from grader.bank import Bank
from grader.instructor.scaffold import kinds
from grader.instructor.schema import BEGIN, END, solver_markdown, with_catalog
from grader.yamlfile import read_yaml

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize("kind", kinds())
def test_new_writes_a_file_that_passes_deep_validation(dlquiz, tmp_path, kind):
    bank = tmp_path / "bank"
    bank.mkdir()
    made = dlquiz("new", kind, f"drafts/my-{kind}", "--bank", str(bank))
    assert made.code == 0, made.err
    written = bank / "drafts" / f"my-{kind}.yaml"
    assert f"wrote {written}" in made.out
    text = written.read_text()
    assert f"kind: {kind}" in text and "# " in text and "__" not in text  # commented, placeholders filled
    checked = dlquiz("validate", str(bank), "--seeds", "20")
    assert checked.code == 0, checked.err
    assert "0 problem(s)" in checked.out


def test_every_kind_has_a_template():
    from grader.model import KINDS

    assert set(KINDS) == set(kinds())


@pytest.mark.parametrize("args, words", [
    (["new", "numerc", "a/b"], "Did you mean 'numeric'?"),
    (["new", "numeric", "A/B"], "may use only lower-case letters"),
])
def test_new_rejects_bad_kind_and_id(dlquiz, tmp_path, args, words):
    run = dlquiz(*args, "--bank", str(tmp_path))
    assert run.code == 2 and words in run.err and "Traceback" not in run.err


def test_new_never_overwrites(dlquiz, tmp_path):
    assert dlquiz("new", "flashcard", "a/b", "--bank", str(tmp_path)).code == 0
    again = dlquiz("new", "choice", "a/b", "--bank", str(tmp_path))
    assert again.code == 2 and "Not overwriting" in again.err
    assert "kind: flashcard" in (tmp_path / "a" / "b.yaml").read_text()


@pytest.fixture(scope="module")
def schema():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "cli", "schema"], capture_output=True, text=True, cwd=REPO, check=True)
    return json.loads(out.stdout)


def test_schema_validates_every_builtin_question(schema):
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")
    validator = jsonschema.Draft202012Validator(schema)
    bank = Bank.open()
    for qid in bank.ids():
        data = read_yaml(bank.path_of(qid).read_text(encoding="utf-8"))[0]
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, f"{qid}: {errors}"


@pytest.mark.parametrize("broken, where", [
    ({"kind": "numeric", "title": "t", "prompt": "p"}, "answer"),
    ({"kind": "numeric", "title": "t", "prompt": "p", "answer": {"solver": "mse"}, "tolerence": {}}, "tolerence"),
    ({"kind": "nope", "title": "t", "prompt": "p"}, "kind"),
])
def test_schema_rejects_what_the_loader_rejects(schema, broken, where):
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(broken))
    assert errors and where in json.dumps([e.message for e in errors] + [list(e.path) for e in errors])


def test_authoring_guide_embeds_the_current_solver_catalog():
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert BEGIN in guide and END in guide
    assert with_catalog(guide) == guide, (
        "docs/authoring.md's solver table is stale: run `python -m grader.instructor.schema docs/authoring.md`")


def test_solvers_command_lists_reference_and_mistake_solvers(dlquiz):
    text = dlquiz("solvers").out
    assert "reference solvers:" in text and "mistake solvers:" in text and "mse(y_hat, y)" in text
    assert dlquiz("solvers", "--markdown").out.strip() == solver_markdown()
    rows = json.loads(dlquiz("solvers", "--json").out)
    assert {"name": "mse_halved", "role": "mistake"}.items() <= next(r for r in rows if r["name"] == "mse_halved").items()


@pytest.mark.parametrize("columns, side_by_side", [("160", True), ("60", False)])
def test_all_seeds_side_by_side_or_stacked(dlquiz, columns, side_by_side):
    run = dlquiz("show", "losses/mse", "--all-seeds", "3", env={"COLUMNS": columns})
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    header = next(line for line in lines if "canonical" in line)
    assert ("seed 0" in header and "seed 1" in header) == side_by_side
    assert all(cell_width(line) <= int(columns) for line in lines)  # terminal cells: x̂ takes one
    assert run.out.count("→ answer:") == 3


def test_all_seeds_starts_at_seed_and_rejects_zero(dlquiz):
    run = dlquiz("show", "losses/mse", "--all-seeds", "2", "--seed", "7", env={"COLUMNS": "120"})
    assert "seed 7" in run.out and "seed 8" in run.out and "canonical" not in run.out
    bad = dlquiz("show", "losses/mse", "--all-seeds", "0")
    assert bad.code == 2 and "--all-seeds must be 1 or more" in bad.err


def guide_examples() -> list[tuple[str, str]]:
    """(path under a bank, text) of every example file in docs/authoring.md (fenced blocks starting `# file:`)."""
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    return re.findall(r"```(?:yaml|python)\n# file: (\S+)\n(.*?)```", guide, re.S)


def test_authoring_guide_has_a_worked_example_per_kind_and_each_passes_validate(dlquiz, tmp_path):
    from grader.model import KINDS

    examples = guide_examples()
    shown = {re.search(r"^kind: (\w+)", text, re.M).group(1) for path, text in examples if path.endswith(".yaml")}
    assert shown == set(KINDS)
    for path, text in examples:
        target = tmp_path / ("solutions" if path.startswith("solutions/") else "questions") / path.removeprefix("solutions/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    run = dlquiz("validate", str(tmp_path / "questions"), "--seeds", "10")
    assert run.code == 0, run.err
    assert f"{sum(p.endswith('.yaml') for p, _ in examples)} question(s) checked" in run.out
