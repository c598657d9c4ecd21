"""design questions: a structured answer (one text per field) graded by rules with partial credit.

The answer is a YAML (or JSON) mapping from field names to text; for design/audio-classifier:

    hidden_layers: 128, 64
    hidden_activation: relu
    output_activation: softmax
    weight_shapes: 128x200, 64x128, 5x64
    loss: cross-entropy
    batch_size: 64
    learning_rate: 0.001
    regularizers: dropout 0.3, weight-decay 1e-4

How a field's text is read depends on its `form`:
  widths    layer widths, first to last: "128, 64" (or [128, 64]; "none" for no hidden layer)
  shapes    rows x columns of each weight matrix, first layer first: "128x200, 64x128, 5x64"
            (or "(128, 200), (64, 128), (5, 64)" or [[128, 200], [64, 128], [5, 64]])
  word      a name such as "relu" or "cross-entropy"; case, spaces and _ do not matter, common synonyms
            ("CE", "categorical cross entropy", "L2") are accepted
  number    "64", "0.001", "1e-3"
  settings  name-value pairs: "dropout 0.3, weight-decay 1e-4" (or "dropout=0.3; l2: 1e-4", or a mapping);
            "none" for none
The interactive quiz asks the fields one at a time (`answer_fields`) and grades the mapping (`check`).
The answer is read by grader/checkers/design_reading.py; the rules a question may use are in `RULES`
(grader/checkers/design_rules.py); `spec_problems` lints a question.
"""

from __future__ import annotations

from typing import Any

from grader.checkers import design_rules
from grader.checkers.design_reading import field_key, parse_fields, read_mapping
from grader.errors import AnswerFormatError, DlquizError
from grader.model import Question, Result, Variant


# --- the checker interface ------------------------------------------------------------------

def answer_fields(variant: Variant) -> list[tuple[str, str]]:
    """(field name, the question to ask for it, with an example of the expected text), in order."""
    return [(f.name, f"{f.ask} (e.g. {f.example})") for f in variant.question.spec.fields]


def reference(variant: Variant) -> dict[str, Any]:
    """The model answer, read like a learner's."""
    return parse_fields(variant, variant.question.spec.model_answer)


def well_posed(variant: Variant) -> bool:
    """Design questions are always well posed."""
    return True


def check(variant: Variant, text: str) -> Result:
    """Grade a YAML/JSON answer: each rule earns its points in part or in full, with its own feedback."""
    return check_fields(variant, read_mapping(text))


def check_fields(variant: Variant, mapping: dict[str, Any], local: dict | None = None) -> Result:
    """Grade an answer given as {field name: text or value} (what the interactive quiz collects);
    `local` overrides the course rules found from the question's bank."""
    from grader.course import course_code

    spec = variant.question.spec
    if local is None:
        local = course_code(variant.question.file, variant.question.id).design_rules
    values = parse_fields(variant, {field_key(k): v for k, v in mapping.items()})
    verdicts = [design_rules.evaluate(rule, values, local) for rule in spec.rules]
    total = sum(rule.points for rule in spec.rules)
    earned = sum(v.credit * rule.points for v, rule in zip(verdicts, spec.rules))
    lines = [f"{_mark(v.credit)} {rule.title} ({_pts(v.credit * rule.points)}/{_pts(rule.points)}): {v.message}"
             for v, rule in zip(verdicts, spec.rules)]
    correct = all(v.credit == 1 for v in verdicts)
    details = {"rules": [{"rule": r.rule, "title": r.title, "points": r.points, "earned": round(v.credit * r.points, 3),
                          "feedback": v.message} for r, v in zip(spec.rules, verdicts)],
               "answer": {name: shown(values[name]) for name in values}}
    summary = f"{_pts(earned)} of {_pts(total)} points."
    return Result(correct, round(earned / total, 3), "; ".join(f"{k}: {v}" for k, v in details["answer"].items()),
                  "\n".join([summary] + lines), details=details)


def answer_text(variant: Variant) -> str:
    """The model answer as the YAML text a learner would write, one field per line."""
    spec = variant.question.spec
    return "\n".join(f"{f.name}: {spec.model_answer.get(f.name, '')}" for f in spec.fields)


def shown(value: Any) -> str:
    """A read value printed back compactly: [128, 64] -> '128, 64', [(5, 64)] -> '5x64'."""
    if isinstance(value, list):
        return ", ".join(f"{v[0]}x{v[1]}" if isinstance(v, tuple) else str(v) for v in value) or "none"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v:g}" for k, v in value.items()) or "none"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _mark(credit: float) -> str:
    return "✓" if credit == 1 else ("✗" if credit == 0 else "~")


def _pts(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


# --- lint -----------------------------------------------------------------------------------

def spec_problems(spec: Any, local: dict | None = None) -> list[tuple[tuple, str]]:
    """(key path, message) for everything wrong with a design question beyond its schema."""
    missing = [key for key in ("fields", "rules", "model_answer") if not getattr(spec, key)]
    if missing:
        names = [f"`{key}`" for key in missing]
        listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        return [((missing[0],), f"a design question needs {listed}")]
    problems: list[tuple[tuple, str]] = []
    forms = {f.name: f.form for f in spec.fields}
    if len(forms) < len(spec.fields):
        problems.append((("fields",), "two fields have the same name"))
    problems += [(("prompt",), f"the prompt does not mention the field '{name}': tell the learner what to give")
                 for name in forms if name not in spec.prompt]
    for i, rule in enumerate(spec.rules):
        problems += [(("rules", i) + key, message) for key, message in design_rules.rule_problems(rule, forms, local)]
    if not problems:
        problems += _model_answer_problems(spec, local or {})
    return problems


def _model_answer_problems(spec: Any, local: dict) -> list[tuple[tuple, str]]:
    variant = Variant(Question("lint", None, spec), None, {})
    try:
        result = check_fields(variant, dict(spec.model_answer), local)
    except AnswerFormatError as exc:
        return [(("model_answer",), f"the model answer cannot be read: {exc.detail}")]
    except DlquizError as exc:  # a course rule failed on it
        return [(("model_answer",), str(exc).removeprefix("Question configuration error: "))]
    if result.correct:
        return []
    failing = [r["title"] for r in result.details["rules"] if r["earned"] < r["points"]]
    return [(("model_answer",), f"the model answer does not earn full marks on: {', '.join(failing)}")]
