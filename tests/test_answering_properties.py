"""Properties of the answer boundary for every kind (hypothesis, bounded example counts):
arbitrary text in, exactly one of the three outcomes out, never an exception, within the time
bound; equivalent rewrites of a right answer are right."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.answering import RIGHT, UNREADABLE, WRONG, Outcome, check_answer
from tests.conftest import variant_of

SOME = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KINDS = {"numeric": "losses/mse", "vector": "activations/softmax", "symbolic": "activations/sigmoid-derivative",
         "choice": "losses/choose-loss", "flashcard": "neurons/define-bias", "design": "design/audio-classifier"}
VARIANTS = {kind: variant_of(qid) for kind, qid in KINDS.items()}

PIECES = st.sampled_from(["x", "0.04", "1/25", "-", "(", ")", "[", "]", ",", ";", " ", "^", "*", "/", "e", "pi",
                          "sigmoid(", "σ", "exp", "1e999", "9" * 50, "²", "①", "\udcff", "\x00", "a", "b", "good",
                          ":", "\n", "&a", "*a", "- ", "loss", "batch_size", "relu", "[[", "]]", "'", "nan"])
HOSTILE = st.one_of(st.text(max_size=80), st.lists(PIECES, max_size=30).map("".join))


def _decided(outcome: Outcome, elapsed: float) -> None:
    assert isinstance(outcome, Outcome)
    assert outcome.status in (RIGHT, WRONG, UNREADABLE)
    assert (outcome.result is None) == (outcome.status == UNREADABLE)
    if outcome.status == UNREADABLE:
        assert outcome.message and outcome.problem == "answer"
        outcome.message.encode("utf-8")
    assert elapsed < 2.5


@SOME
@given(st.sampled_from(sorted(KINDS)), HOSTILE)
def test_any_text_ends_in_one_outcome_in_time(kind, text):
    start = time.monotonic()
    outcome = check_answer(VARIANTS[kind], text)
    _decided(outcome, time.monotonic() - start)


@SOME
@given(st.dictionaries(st.sampled_from(["loss", "batch_size", "hidden_layers", "x", "\udcff"]), HOSTILE, max_size=4))
def test_any_design_fields_end_in_one_outcome(fields):
    start = time.monotonic()
    _decided(check_answer(VARIANTS["design"], fields), time.monotonic() - start)


# --- equivalent rewrites ------------------------------------------------------------------------

@SOME
@given(st.integers(1, 10**6), st.sampled_from(["{k}/{n}", "{k} / {n}", "({k})/({n})", "{k}*{n}^-1", "[{k}/{n}]"]),
       st.sampled_from(["", " ", "+"]))
def test_fractions_and_decimals_of_the_numeric_answer(k, form, sign):
    text = (sign if not form.startswith("[") else "") + form.format(k=k, n=25 * k)  # always 0.04
    assert check_answer(VARIANTS["numeric"], text).status == RIGHT, text


@SOME
@given(st.sampled_from(["0.04", "0.040", "4e-2", "4.0E-2", "0.4e-1", ".04", "40e-3", "4/100", "1/5^2", "0.2^2"]),
       st.sampled_from(["{}", " {} ", "({})", "+{}", "--{}"]))
def test_written_forms_of_the_numeric_answer(number, wrap):
    assert check_answer(VARIANTS["numeric"], wrap.format(number)).status == RIGHT


@SOME
@given(st.permutations(["0.629", "0.231", "0.140"]))
def test_vector_entries_in_another_order_are_wrong_and_said_so(order):
    outcome = check_answer(VARIANTS["vector"], ", ".join(order))
    if list(order) == ["0.629", "0.231", "0.140"]:
        assert outcome.status == RIGHT
    else:
        assert outcome.status == WRONG and "wrong order" in outcome.result.feedback


SIGMOID_TERMS = ["sigmoid(x)", "-sigmoid(x)^2"]


@SOME
@given(st.permutations(SIGMOID_TERMS), st.sampled_from(["sigmoid(x)", "σ(x)", "1/(1+exp(-x))", "1/(1+e^-x)"]),
       st.sampled_from(["^2", "²", "**2", "*{s}"]))
def test_reordered_terms_and_other_spellings_of_the_symbolic_answer(terms, sigma, square):
    text = " + ".join(terms).replace("+ -", "- ")
    text = text.replace("sigmoid(x)^2", sigma + square.format(s=sigma)).replace("sigmoid(x)", sigma)
    assert check_answer(VARIANTS["symbolic"], text).status == RIGHT, text


@SOME
@given(st.integers(1, 50), st.permutations(["w", "-{c}*g"]))
def test_decimal_and_fraction_forms_of_a_coefficient(k, terms):
    variant = VARIANTS["symbolic-sgd"]
    for c in ("0.1", "1/10", f"{k}/{10 * k}", "1e-1", "0.10"):
        text = " + ".join(t.format(c=c) for t in terms).replace("+ -", "- ")
        assert check_answer(variant, text).status == RIGHT, text


@SOME
@given(st.sampled_from(["{l}", "{L}", "{n}", "{l})", " {l} ", "({l})", "{l}.", "[{l}]"]))
def test_ways_of_naming_the_right_option(form):
    from grader.checkers.choice import LETTERS, reference

    (position,) = reference(VARIANTS["choice"])
    letter = LETTERS[position]
    text = form.format(l=letter, L=letter.upper(), n=position + 1)
    assert check_answer(VARIANTS["choice"], text).status == RIGHT


@SOME
@given(st.permutations(["hidden_layers", "hidden_activation", "output_activation", "weight_shapes", "loss",
                        "batch_size", "learning_rate", "regularizers"]),
       st.sampled_from([lambda k: k, lambda k: k.replace("_", " "), lambda k: k.upper().replace("_", "-")]))
def test_design_fields_in_any_order_and_spelling(order, spell):
    model = VARIANTS["design"].question.spec.model_answer
    text = "\n".join(f"{spell(k)}: {model[k]}" for k in order)
    assert check_answer(VARIANTS["design"], text).status == RIGHT


def _sgd_variant():
    import tempfile
    from pathlib import Path

    bank = Path(tempfile.mkdtemp(prefix="dlquiz-sgd-"))
    (bank / "optim").mkdir()
    (bank / "optim" / "step.yaml").write_text(
        "title: SGD step\nkind: symbolic\nprompt: The weight after one step, learning rate 0.1.\n"
        "variables: [w, g]\nanswer: w - 0.1*g\n")
    return variant_of("optim/step", bank=bank)


VARIANTS["symbolic-sgd"] = _sgd_variant()
