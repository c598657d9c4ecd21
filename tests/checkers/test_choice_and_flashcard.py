"""Choice answers by letter, number or text, with partial credit; flashcards by self-rating."""

import textwrap

import pytest

from grader.checkers.choice import LETTERS, shown_options
from grader.errors import AnswerFormatError
from tests.conftest import grade, variant_of


def letter(qid: str, starts: str, seed: int | None = None, bank=None) -> str:
    """The letter under which the option starting with `starts` is shown in this variant."""
    texts = [o.text for o in shown_options(variant_of(qid, seed, bank))]
    return LETTERS[next(i for i, t in enumerate(texts) if t.startswith(starts))]


SINGLE = [  # (how the right option is typed, correct, score); {r} is its letter, {w} a wrong one's
    ("{r}", True, 1.0),
    ("{R}", True, 1.0),
    ("{n}", True, 1.0),
    ("{r})", True, 1.0),
    ("Mean squared error: the target is a continuous value, and MSE penalises the squared distance to it.", True, 1.0),
    ("{w}", False, 0.0),
]


@pytest.mark.parametrize("answer, correct, score", SINGLE)
@pytest.mark.parametrize("seed", [None, 0, 7])
def test_single_choice(answer, correct, score, seed):
    right, wrong = letter("losses/choose-loss", "Mean", seed), letter("losses/choose-loss", "Cross", seed)
    typed = answer.format(r=right, R=right.upper(), n=LETTERS.index(right) + 1, w=wrong)
    result = grade("losses/choose-loss", typed, seed)
    assert (result.correct, result.score) == (correct, score)
    assert result.read_as == (right if correct else wrong)


def test_wrong_option_shows_its_feedback():
    result = grade("losses/choose-loss", letter("losses/choose-loss", "Cross"))
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
    ("D, W, E", True, 1.0),
    ("E W D", True, 1.0),
    ("D, W", False, 0.667),
    ("D, W, L, E", False, 0.667),
    ("D, L", False, 0.0),
])
def test_multiple_choice_partial_credit(multi_bank, answer, correct, score):
    letters = {key: letter("reg/tricks", text, bank=multi_bank)
               for key, text in (("D", "Dropout"), ("W", "Weight"), ("L", "A larger"), ("E", "Early"))}
    result = grade("reg/tricks", "".join(letters.get(ch, ch) for ch in answer), bank=multi_bank)
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
