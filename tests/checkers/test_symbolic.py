"""The symbolic checker: equivalent forms accepted, named mistakes, vectors, injection refused."""

import textwrap

import pytest

from grader.errors import AnswerFormatError
from tests.conftest import grade

QID = "activations/sigmoid-derivative"

VERDICTS = [
    ("sigmoid(x)*(1-sigmoid(x))", True, "Correct"),
    ("exp(-x)/(1+exp(-x))^2", True, "Correct"),
    ("σ(x)(1 - σ(x))", True, "Correct"),
    ("sigmoid(x) - sigmoid(x)^2", True, "Correct"),
    ("1/(1+exp(-x)) * (1 - 1/(1+exp(-x)))", True, "Correct"),
    ("exp(x)/(1+exp(x))^2", True, "Correct"),
    ("sigmoid(x)", False, "sigmoid itself"),
    ("x*(1-x)", False, "in terms of the *output*"),
    ("x - x^2", False, "in terms of the *output*"),
    ("0.25*x", False, "differs"),
    ("-exp(-x)/(1+exp(-x))^2", False, "Check the sign"),
    ("x^2", False, "differs"),
]


@pytest.mark.parametrize("answer, correct, fragment", VERDICTS)
def test_sigmoid_derivative(answer, correct, fragment):
    result = grade(QID, answer)
    assert result.correct is correct
    assert fragment in result.feedback


@pytest.mark.parametrize("answer", ["__import__('os').system('id')", "x.__class__", "exec('1')", "y", "x(1-x)",
                                    "σ(1-σ)", "sigmoid^2"])
def test_injection_and_unknown_names_are_unreadable(answer):
    with pytest.raises(AnswerFormatError):
        grade(QID, answer)


@pytest.fixture
def gradient_bank(tmp_path):
    (tmp_path / "calc").mkdir()
    (tmp_path / "calc" / "grad.yaml").write_text(textwrap.dedent("""\
        title: Gradient of f
        kind: symbolic
        prompt: "Give the gradient of $f = \\\\frac{2}{3}x^2 + y^2 - 2y$."
        variables: [x, y]
        answer: ["4/3 x", "2y - 2"]
        mistakes:
          - expression: ["2/3 x", "y - 2"]
            feedback: "Bring the exponent down: d/dx of x^2 is 2x."
    """))
    return tmp_path


@pytest.mark.parametrize("answer, correct, fragment", [
    ("4x/3, 2y-2", True, "Correct"),
    ("[4/3 x, 2(y-1)]", True, "Correct"),
    ("2/3 x, y - 2", False, "Bring the exponent down"),
    ("4x/3, 2y", False, "entry 2 is wrong"),
])
def test_vector_answers(gradient_bank, answer, correct, fragment):
    result = grade("calc/grad", answer, bank=gradient_bank)
    assert result.correct is correct
    assert fragment in result.feedback


def test_vector_length_mismatch_is_unreadable(gradient_bank):
    with pytest.raises(AnswerFormatError, match="expects 2"):
        grade("calc/grad", "4x/3", bank=gradient_bank)
