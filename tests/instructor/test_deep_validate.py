"""`dlquiz validate --seeds`: one broken question per failure class, each caught with its own message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.bank import Bank
from grader.instructor.deep_validate import validate_one

BROKEN = Path(__file__).resolve().parent.parent / "fixtures" / "broken_bank"

# (question id, key, words of the message, the seeds it must name: "canonical" or "random")
CASES = [
    ("draw/no-well-posed-variant", "parameters", "no well-posed variant in 100 draws", "random"),
    ("draw/solver-fails-on-draws", "parameters", "drawing a variant failed: UFuncTypeError", "random"),
    ("draw/nonzero-draws-zero", "parameters.g", "drew an exact 0 although `nonzero: true`", "random"),
    ("render/template-fails-on-some-seeds", "prompt", "template failed: ZeroDivisionError", "random"),
    ("answer/not-finite", "answer", "the reference answer is not finite", "canonical"),
    ("answer/tolerance-too-tight", "tolerance", "the answer as `dlquiz solution` prints it is marked wrong", "canonical"),
    ("mistakes/coincides-with-answer", "mistakes[0]", "this mistake coincides with the right answer", "canonical"),
    ("mistakes/tolerance-accepts-mistake", "tolerance", "the tolerance accepts mistakes[0] as right", "canonical"),
    ("mistakes/shadowed-feedback", "mistakes[1]", "is shown the feedback of mistakes[0]", "canonical"),
    ("mistakes/wrong-shape", "mistakes[0]", "a single number but the answer is a vector of 3 numbers", "canonical"),
    ("mistakes/not-finite", "mistakes[0]", "this mistake's value is not finite", "canonical"),
    ("symbolic/mistake-equivalent", "mistakes[0]", "this mistake is equivalent to the right answer", "canonical"),
    ("symbolic/mistakes-equivalent-to-each-other", "mistakes[1]", "is shown the feedback of mistakes[0]", "canonical"),
    ("choice/duplicate-options", "options[2].text", "this option reads the same as options[0]", "canonical"),
    ("prompt/example-is-the-answer", "prompt", "the prompt's example `[1, 3]` is accepted as the right answer",
     "canonical"),
    ("prompt/precision-not-stated", "tolerance", "the answer correctly rounded to 3 decimals is rejected",
     "canonical"),
    ("code/reference-fails", "checks", "the reference solution fails its own checks", "canonical"),
    ("code/starter-passes", "function", "the starter already passes every check", "canonical"),
    ("code/mistake-not-caught", "checks.mistakes[0]", "this mistake passes every check", "canonical"),
]


@pytest.fixture(scope="module")
def problems():
    """Deep problems of the broken bank (8 seeds, in this process), by question id."""
    bank = Bank(BROKEN)
    questions, schema_problems = bank.load_all()
    assert not schema_problems, "the fixtures must pass the schema: only deep validation may catch them"
    by_id: dict[str, list] = {}
    for problem in (p for question in questions for p in validate_one((question, 8))):
        by_id.setdefault(Path(problem.file).relative_to(BROKEN).with_suffix("").as_posix(), []).append(problem)
    return by_id


def test_every_fixture_is_a_case():
    assert sorted(c[0] for c in CASES) == Bank(BROKEN).ids()


@pytest.mark.parametrize("qid, key, words, seeds", CASES, ids=[c[0] for c in CASES])
def test_each_failure_class_is_caught_with_its_message(problems, qid, key, words, seeds):
    found = [p for p in problems.get(qid, []) if not p.note]
    assert len(found) == 1, [str(p) for p in found]
    problem = found[0]
    assert problem.key == key and words in problem.message, str(problem)
    assert problem.line is not None and problem.file.endswith(f"{qid}.yaml")
    if seeds == "canonical":
        assert problem.seeds == (None,)
    else:
        assert problem.seeds and all(isinstance(s, int) for s in problem.seeds)


def test_command_reports_file_key_and_seed_and_exits_2(dlquiz):
    run = dlquiz("validate", str(BROKEN), "--seeds", "4", "--jobs", "2")
    assert run.code == 2 and "Traceback" not in run.err
    assert "render/template-fails-on-some-seeds.yaml:4: [prompt] template failed" in run.err
    assert "(canonical; e.g. canonical: mistake 0.02, answer 0.04)" in run.err
    assert f"{len(CASES)} problem(s)" in run.out
    data = json.loads(dlquiz("validate", str(BROKEN), "--seeds", "4", "--json").out)
    assert data["ok"] is False and data["seeds"] == 4 and len(data["problems"]) == len(CASES)
    assert {"file", "line", "key", "message", "seeds", "detail"} <= set(data["problems"][0])


def test_seeds_zero_checks_the_canonical_variant_without_grading_code(dlquiz):
    run = dlquiz("validate", str(BROKEN), "--seeds", "0")
    assert run.code == 2 and "over the canonical variant:" in run.out and "Traceback" not in run.err
    for qid, _, words, seeds in CASES:
        expected = seeds == "canonical" and not qid.startswith("code/")
        assert (f"{qid}.yaml" in run.err) is expected, (qid, run.err)


@pytest.mark.parametrize("args, words", [(["--seeds", "-1"], "--seeds must be 0 or more"),
                                         (["--jobs", "0"], "--jobs must be 1 or more")])
def test_bad_options_are_clear_messages(dlquiz, args, words):
    run = dlquiz("validate", str(BROKEN), *args)
    assert run.code == 2 and words in run.err and "Traceback" not in run.err


def test_redrawn_seeds_are_reported_as_notes(tmp_path):
    """A random variant whose first draw was not well posed is redrawn; the note names why and the seed."""
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "q.yaml").write_text(
        "title: t\nkind: numeric\nprompt: 'MSE of {{ y_hat }} and {{ y }}?'\n"
        "parameters:\n  y_hat: {canonical: [0.8, 0.2], choice: [[1, 0], [0.5, 0.5]]}\n  y: {canonical: [1, 0]}\n"
        "answer: {solver: mse, args: {y_hat: y_hat, y: y}}\n"
        "mistakes:\n  - solver: mse_halved\n    feedback: halved\n")
    questions, _ = Bank(tmp_path).load_all()
    found = [p for question in questions for p in validate_one((question, 20))]
    assert found and all(p.note for p in found)
    assert any("redrawn automatically: this mistake coincides with the right answer" in p.message for p in found)
