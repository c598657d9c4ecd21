"""The rules a design question grades with: each gives a credit in [0, 1] and feedback.

A question's `rules:` entry names one of `RULES` and gives its `args` (checked against the rule's
Args struct by lint). Rules read the answer's already-parsed fields (grader/checkers/design.py):
  widths         the network's input and output widths, read from the weight shapes
  weight_shapes  each W^(l) is (out, in), and the shapes chain through the hidden layers
  words          named word fields hold accepted words; other words get partial credit or targeted feedback
  in_range       a number field lies in [low, high]
  regularizers   `count` regularizers, each one named in `ranges` with a value inside its range
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import msgspec

from grader.errors import did_you_mean

Shape = tuple[int, int]

SYNONYMS = {
    "cross-entropy": ["ce", "crossentropy", "categorical-cross-entropy", "categorical-crossentropy",
                      "cross-entropy-loss", "softmax-cross-entropy", "log-loss", "negative-log-likelihood", "nll"],
    "binary-cross-entropy": ["bce", "binary-crossentropy"],
    "mse": ["mean-squared-error", "squared-error", "l2-loss"],
    "mae": ["mean-absolute-error", "l1-loss"],
    "relu": ["rectified-linear-unit", "rectified-linear"],
    "leaky-relu": ["leakyrelu", "lrelu"],
    "linear": ["none", "identity", "no-activation"],
    "weight-decay": ["l2", "l2-regularization", "l2-regularisation", "l2-penalty", "l2-weight-decay"],
    "early-stopping": ["early-stop", "patience", "early-stopping-patience"],
    "dropout": ["dropout-rate", "drop-rate", "drop-out"],
    "l1": ["l1-regularization", "l1-regularisation", "l1-penalty"],
    "batch-norm": ["batchnorm", "batch-normalization", "batch-normalisation", "bn"],
}
_CANONICAL = {alias: name for name, aliases in SYNONYMS.items() for alias in aliases}


def normalise_word(text: str) -> str:
    """Lower case, spaces and underscores to '-', synonyms to their canonical name: 'Cross_Entropy' -> 'cross-entropy'."""
    word = re.sub(r"[\s_]+", "-", text.strip().strip("\"'.").lower())
    return _CANONICAL.get(word, word)


@dataclass(frozen=True)
class Verdict:
    """One rule's outcome: the share of its points earned and why."""

    credit: float
    message: str


class Args(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of the rules' argument schemas."""

    def needs(self) -> dict[str, str]:
        """Field name -> the form that field must have."""
        return {}


class WidthsArgs(Args, kw_only=True):
    """Expected input and output widths, what they stand for, and the shapes field they are read from."""

    input: int
    output: int
    input_unit: str = "input feature"
    output_unit: str = "class"
    shapes: str = "weight_shapes"

    def needs(self) -> dict[str, str]:
        """The shapes field."""
        return {self.shapes: "shapes"}


class ShapesArgs(Args, kw_only=True):
    """Expected input and output widths and the fields holding the hidden widths and the shapes."""

    input: int
    output: int
    hidden: str = "hidden_layers"
    shapes: str = "weight_shapes"

    def needs(self) -> dict[str, str]:
        """The hidden widths field and the shapes field."""
        return {self.hidden: "widths", self.shapes: "shapes"}


class WordSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Accepted words for one field, partial credit for near misses, feedback per known wrong word."""

    accept: list[str]
    partial: dict[str, float] = {}
    feedback: dict[str, str] = {}
    otherwise: str = ""


class WordsArgs(Args, kw_only=True):
    """Word fields and what each accepts; the rule's credit is their average."""

    fields: dict[str, WordSpec]

    def needs(self) -> dict[str, str]:
        """Each named field, read as a word."""
        return {name: "word" for name in self.fields}


class RangeArgs(Args, kw_only=True):
    """A number field's sane range, whether it must be whole, and advice when it is outside."""

    field: str
    low: float
    high: float
    integer: bool = False
    advice: str = ""

    def needs(self) -> dict[str, str]:
        """The number field."""
        return {self.field: "number"}


class RegularizerArgs(Args, kw_only=True):
    """How many regularizers are asked for and the sane range of each one graded."""

    count: int
    ranges: dict[str, tuple[float, float]]
    field: str = "regularizers"

    def needs(self) -> dict[str, str]:
        """The regularizers field, read as settings."""
        return {self.field: "settings"}


def _dims(shape: Shape) -> str:
    return f"{shape[0]}x{shape[1]}"


def widths_rule(args: WidthsArgs, answer: dict[str, Any]) -> Verdict:
    """Half for the input width (W^(1)'s columns), half for the output width (the last W's rows).
    Transposed shapes still show the widths; the weight_shapes rule deals with their orientation."""
    shapes = answer[args.shapes]
    if not shapes:
        return Verdict(0.0, "no weight shapes given, so the network has no input or output width")
    first, last = shapes[0], shapes[-1]
    notes, credit = [], 0.0
    if args.input in first:
        credit += 0.5
        notes.append(f"input width {args.input} (one unit per {args.input_unit})")
    else:
        notes.append(f"the first layer takes {first[1]} inputs, but the input has {args.input} units (one per"
                     f" {args.input_unit}), so W^(1) needs {args.input} columns")
    if args.output in last:
        credit += 0.5
        notes.append(f"output width {args.output} (one unit per {args.output_unit})")
    else:
        notes.append(f"the last layer gives {last[0]} outputs, but the output needs {args.output} units (one per"
                     f" {args.output_unit}), so the last W needs {args.output} rows")
    return Verdict(credit, "; ".join(notes) + ".")


def weight_shapes_rule(args: ShapesArgs, answer: dict[str, Any]) -> Verdict:
    """One share per matrix that is (out, in) and chains: its columns are the previous layer's width.
    The chain starts and ends at the expected widths where the learner used them (else at their own)."""
    hidden, shapes = answer[args.hidden], answer[args.shapes]
    if not shapes:
        return Verdict(0.0, "no weight shapes given")
    start = args.input if args.input in shapes[0] else shapes[0][1]
    end = args.output if args.output in shapes[-1] else shapes[-1][0]
    widths = [start, *hidden, end]
    expected = [(n_out, n_in) for n_in, n_out in zip(widths, widths[1:])]
    notes = []
    if len(shapes) != len(expected):
        notes.append(f"{len(hidden)} hidden layer{'s' * (len(hidden) != 1)} need {len(expected)} weight matrices"
                     f" (one per layer after the input), not {len(shapes)}")
    pairs = list(zip(shapes, expected))
    right = sum(got == want for got, want in pairs)
    if len(shapes) == len(expected) and all(got == want[::-1] != want for got, want in pairs):
        notes.append(f"every matrix is written (in, out), the transposed shape: with z = W a + b each W^(l) is (out, in),"
                     f" here {', '.join(map(_dims, expected))}")
    else:
        for layer, (got, want) in enumerate(pairs, start=1):
            if got == want[::-1] != want:
                notes.append(f"W^({layer}) {_dims(got)} is the transposed shape: with z = W a + b it is (out, in) = {_dims(want)}")
            elif got != want:
                notes.append(f"W^({layer}) should be {_dims(want)}: it maps {want[1]} units to {want[0]}")
    credit = right / max(len(shapes), len(expected))
    if credit == 1:
        return Verdict(1.0, f"{', '.join(map(_dims, shapes))}: each (out, in), chaining layer to layer.")
    return Verdict(credit, "; ".join(notes) + ".")


def words_rule(args: WordsArgs, answer: dict[str, Any]) -> Verdict:
    """The average credit over the word fields: 1 if accepted, `partial` if listed there, else 0."""
    credits, notes = [], []
    for name, spec in args.fields.items():
        word, label = answer[name], name.replace("_", " ").capitalize()
        if word in spec.accept:
            credits.append(1.0)
            notes.append(f"{label} {word}: right.")
            continue
        credits.append(spec.partial.get(word, 0.0))
        why = spec.feedback.get(word) or spec.otherwise or f"expected {' or '.join(spec.accept)}."
        notes.append(f"{label} '{word}': {why}")
    return Verdict(sum(credits) / len(credits), " ".join(notes))


def in_range_rule(args: RangeArgs, answer: dict[str, Any]) -> Verdict:
    """Full credit inside [low, high] (and whole, if required), none outside."""
    value, name = answer[args.field], args.field.replace("_", " ")
    if args.integer and value != int(value):
        return Verdict(0.0, f"a {name} is a whole number, not {value:g}.")
    if args.low <= value <= args.high:
        return Verdict(1.0, f"{value:g} is in the sane range {args.low:g} to {args.high:g}.")
    side = "large" if value > args.high else "small"
    return Verdict(0.0, f"{value:g} is too {side} (sane: {args.low:g} to {args.high:g}). {args.advice}".strip())


def regularizers_rule(args: RegularizerArgs, answer: dict[str, Any]) -> Verdict:
    """1/count per regularizer named in `ranges` whose value is inside its range, up to `count`."""
    settings, good, notes = answer[args.field], 0, []
    known = ", ".join(args.ranges)
    for name, value in settings.items():
        if name not in args.ranges:
            notes.append(f"'{name}' is not one of the regularizers graded here ({known}).{did_you_mean(name, list(args.ranges))}")
            continue
        low, high = args.ranges[name]
        if low <= value <= high:
            good += 1
            notes.append(f"{name} {value:g}")
        else:
            notes.append(f"{name} {value:g} is outside the sane range {low:g} to {high:g}")
    if len(settings) < args.count:
        notes.append(f"the task asks for {args.count} regularizers, you gave {len(settings)} (choose from {known})")
    return Verdict(min(good, args.count) / args.count, "; ".join(notes) + ".")


RULES: dict[str, tuple[type[Args], Callable[[Any, dict[str, Any]], Verdict]]] = {
    "widths": (WidthsArgs, widths_rule),
    "weight_shapes": (ShapesArgs, weight_shapes_rule),
    "words": (WordsArgs, words_rule),
    "in_range": (RangeArgs, in_range_rule),
    "regularizers": (RegularizerArgs, regularizers_rule),
}


def rule_args(rule: Any) -> Args:
    """A rule's `args` converted to its Args struct (msgspec.ValidationError if they do not fit)."""
    args_type, _ = RULES[rule.rule]
    return msgspec.convert(rule.args, type=args_type)


def evaluate(rule: Any, answer: dict[str, Any], local: dict[str, Callable[..., Any]] | None = None) -> Verdict:
    """Apply one of the question's rules to the parsed answer (`local`: the course's own rules,
    plain functions (args, answer) -> (credit, feedback), see grader/course.py)."""
    if rule.rule not in RULES and local and rule.rule in local:
        from grader.errors import DlquizError

        try:
            return _local_verdict(rule, local[rule.rule](dict(rule.args), dict(answer)))
        except Exception as exc:  # the course's own (trusted) code failed: an author's error, said as one
            raise DlquizError(f"Question configuration error: the course's design rule '{rule.rule}' "
                              f"failed: {type(exc).__name__}: {exc}") from None
    return RULES[rule.rule][1](rule_args(rule), answer)


def _local_verdict(rule: Any, value: Any) -> Verdict:
    """A course rule's (credit, feedback), checked: its author's mistakes are configuration errors."""
    try:
        credit, message = value
        credit = float(credit)
    except (TypeError, ValueError):
        raise ValueError(f"design rule '{rule.rule}' must return (credit, feedback), not {value!r}") from None
    if not 0.0 <= credit <= 1.0:
        raise ValueError(f"design rule '{rule.rule}' returned credit {credit}: it must lie in [0, 1]")
    return Verdict(credit, str(message))


def rule_problems(rule: Any, forms: dict[str, str],
                  local: dict[str, Callable[..., Any]] | None = None) -> list[tuple[tuple, str]]:
    """(key path under the rule, message) for an unknown rule, bad args, or fields missing or of the wrong form."""
    if rule.rule not in RULES and local and rule.rule in local:
        return []  # a course's own rule: its arguments are its own business (the model answer still must pass)
    if rule.rule not in RULES:
        known = list(RULES) + list(local or {})
        return [(("rule",), f"no design rule named '{rule.rule}'.{did_you_mean(rule.rule, known)}"
                 f" Rules: {', '.join(known)} (a course adds its own in design_rules.py: `dlquiz docs authoring`)")]
    try:
        args = rule_args(rule)
    except msgspec.ValidationError as exc:
        return [(("args",), f"{exc}")]
    problems = []
    for name, form in args.needs().items():
        if name not in forms:
            problems.append((("args",), f"the rule reads field '{name}', which the question does not declare"))
        elif forms[name] != form:
            problems.append((("args",), f"the rule needs field '{name}' to have form {form}, not {forms[name]}"))
    words = [w for spec in getattr(args, "fields", {}).values() for w in [*spec.accept, *spec.partial, *spec.feedback]]
    words += list(getattr(args, "ranges", {}))
    problems += [(("args",), f"'{w}' is not written the way answers are read: use '{normalise_word(w)}'")
                 for w in words if normalise_word(w) != w]
    return problems
