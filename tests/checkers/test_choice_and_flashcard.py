"""Choice answers by letter, number or text, with partial credit; flashcards by self-rating."""

import textwrap

import pytest

from grader.errors import AnswerFormatError
from tests.conftest import grade

SINGLE = [
    ("a", True, 1.0),
    ("A", True, 1.0),
    ("1", True, 1.0),
    ("a)", True, 1.0),
    ("b", False, 0.0),
]


@pytest.mark.parametrize("answer, correct, score", SINGLE)
def test_single_choice(answer, correct, score):
    result = grade("losses/choose-loss", answer)
    assert (result.correct, result.score) == (correct, score)


def test_wrong_option_shows_its_feedback():
    result = grade("losses/choose-loss", "b")
    assert "probability distributions" in result.feedback
    assert result.mistake is not None


@pytest.mark.parametrize("answer, message", [("z", "not an option"), ("9", "not an option"), ("a, b", "exactly one"), ("", "empty")])
def test_unreadable_choice(answer, message):
    with pytest.raises(AnswerFormatError, match=message):
        grade("losses/choose-loss", answer)


@pytest.fixture
def multi_bank(tmp_path):
    (tmp_path / "reg").mkdir()
    (tmp_path / "reg" / "tricks.yaml").write_text(textwrap.dedent("""\
        title: Regularizers
        kind: choice
        multiple: true
        prompt: Which of these reduce overfitting?
        options:
          - {text: Dropout, correct: true}
          - {text: Weight decay, correct: true}
          - {text: A larger learning rate, feedback: "That changes optimisation speed, not capacity."}
          - {text: Early stopping, correct: true}
    """))
    return tmp_path


@pytest.mark.parametrize("answer, correct, score", [
    ("a, b, d", True, 1.0),
    ("d b a", True, 1.0),
    ("a, b", False, 0.667),
    ("a, b, c, d", False, 0.667),
    ("a, c", False, 0.0),
])
def test_multiple_choice_partial_credit(multi_bank, answer, correct, score):
    result = grade("reg/tricks", answer, bank=multi_bank)
    assert result.correct is correct
    assert result.score == pytest.approx(score, abs=1e-3)


FLASH = "training/minibatch-generalisation"


@pytest.mark.parametrize("rating, correct, score", [("again", False, 0.0), ("hard", True, 0.5), ("good", True, 1.0), ("easy", True, 1.0), ("3", True, 1.0), (" Good ", True, 1.0)])
def test_flashcard_ratings(rating, correct, score):
    result = grade(FLASH, rating)
    assert (result.correct, result.score) == (correct, score)
    assert "Model answer" in result.feedback


def test_flashcard_refuses_other_text():
    with pytest.raises(AnswerFormatError, match="again, hard, good or easy"):
        grade(FLASH, "noise helps")
