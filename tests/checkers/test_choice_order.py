"""Choice options in a drawn order: letters name the order shown, a constant answer scores at
chance across the built-in bank, pinned options stay put, and every screen shows the same order."""

from __future__ import annotations

import json
import re
import textwrap

import pytest

from grader.bank import Bank
from grader.checkers.choice import LETTERS, check, option_order, shown_options
from grader.model import has_variants
from grader.variants import make_variant

SEEDS = [None, *range(150)]


@pytest.fixture(scope="module")
def choice_questions():
    questions, problems = Bank.open(None).load_all(lint=False)
    assert not problems
    chosen = [q for q in questions if q.kind == "choice"]
    assert len(chosen) >= 10
    return chosen


def _score(variant, letter: str) -> float:
    return check(variant, letter).score if LETTERS.index(letter) < len(variant.question.spec.options) else 0.0


def test_a_constant_answer_scores_at_chance_across_the_bank(choice_questions):
    letters = LETTERS[:4]
    constant = {letter: [] for letter in letters}
    chance, canonical = [], {letter: [] for letter in letters}
    for question in choice_questions:
        for seed in SEEDS:
            variant = make_variant(question, seed)
            scores = {letter: _score(variant, letter) for letter in LETTERS[:len(question.spec.options)]}
            chance.append(sum(scores.values()) / len(scores))  # a guess drawn at random
            for letter in letters:
                constant[letter].append(scores.get(letter, 0.0))
                if seed is None:
                    canonical[letter].append(scores.get(letter, 0.0))
    expected = sum(chance) / len(chance)
    for letter in letters:
        mean = sum(constant[letter]) / len(constant[letter])
        assert abs(mean - expected) < 0.03, (letter, mean, expected)
        # the course's own variants too: `a` to everything no longer scores 100%
        assert sum(canonical[letter]) / len(canonical[letter]) < 0.6, letter


def test_every_option_is_right_somewhere(choice_questions):
    """The right option moves: in each single-answer question it is shown under several letters."""
    for question in (q for q in choice_questions if not q.spec.multiple):
        places = {option_order(make_variant(question, seed)).index(
            next(i for i, o in enumerate(question.spec.options) if o.correct)) for seed in SEEDS}
        assert len(places) >= 3, question.id


@pytest.fixture
def pinned_bank(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "pinned.yaml").write_text(textwrap.dedent("""\
        title: Pinned
        kind: choice
        prompt: Which are optimisers?
        multiple: true
        options:
          - {text: SGD, correct: true}
          - {text: Adam, correct: true}
          - {text: ReLU}
          - {text: Dropout}
          - {text: All of the above, shuffle: false}
    """))
    (tmp_path / "t" / "ordered.yaml").write_text(textwrap.dedent("""\
        title: Ordered
        kind: choice
        shuffle: false
        prompt: How many layers?
        options:
          - {text: "1", correct: true}
          - {text: "2"}
          - {text: "3"}
    """))
    return Bank.open(tmp_path)


def test_pinned_options_keep_their_place_and_the_rest_move(pinned_bank):
    question = pinned_bank.load("t/pinned")
    orders = {option_order(make_variant(question, seed)) for seed in SEEDS}
    assert all(order[-1] == 4 for order in orders) and len(orders) > 10
    assert all(sorted(order) == list(range(5)) for order in orders)
    ordered = pinned_bank.load("t/ordered")
    assert {option_order(make_variant(ordered, seed)) for seed in SEEDS} == {(0, 1, 2)}
    assert not has_variants(ordered.spec) and has_variants(question.spec)


@pytest.mark.parametrize("seed", [None, 3, 11])
def test_the_order_is_fixed_by_question_and_seed(pinned_bank, seed):
    question = pinned_bank.load("t/pinned")
    first = [o.text for o in shown_options(make_variant(question, seed))]
    assert first == [o.text for o in shown_options(make_variant(pinned_bank.load("t/pinned"), seed))]
    right = ", ".join(LETTERS[i] for i, text in enumerate(first) if text in ("SGD", "Adam"))
    assert check(make_variant(question, seed), right).correct


@pytest.mark.parametrize("seed", [None, 5])
def test_show_check_and_the_answer_key_use_the_same_order(dlquiz, seed):
    qid = "losses/choose-loss"
    seed_args = [] if seed is None else ["--seed", str(seed)]
    shown = json.loads(dlquiz("show", qid, "--json", *seed_args).out)["options"]
    right = LETTERS[next(i for i, text in enumerate(shown) if text.startswith("Mean squared error"))]
    assert dlquiz("check", qid, right, *seed_args).code == 0
    wrong = LETTERS[(LETTERS.index(right) + 1) % len(shown)]
    assert dlquiz("check", qid, wrong, *seed_args).code == 1
    text = dlquiz("show", qid, *seed_args).out
    assert f"  {right}) Mean squared error" in text
    key = dlquiz("export", "-", "--topic", "losses", "--answers", *seed_args).out
    section = key[key.index("Which loss for house prices?"):]
    section = section[:section.index("---")]
    assert re.search(rf"^{right}\) Mean squared error", section, re.M)
    assert f"**Answer:** {right}) Mean squared error" in section
    assert dlquiz("solution", qid, *seed_args).out.startswith(f"Answer: {right}) Mean squared error")


def test_a_learner_gets_a_seed_of_their_own_for_choice_questions(tmp_path, monkeypatch):
    from grader.learner import plan
    from grader.learner.store import Store

    monkeypatch.setenv("DLQUIZ_HOME", str(tmp_path))
    store = Store.open()
    question = Bank.open(None).load("losses/choose-loss")
    ana, ben = plan.item_for(store, "ana", question), plan.item_for(store, "ben", question)
    assert ana.seed is not None and ana.seed != ben.seed
    assert plan.item_for(store, "ana", question).seed == ana.seed  # stable until ana answers
