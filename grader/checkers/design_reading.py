"""Reading a design answer: the text as a bounded mapping, then each field's text by its form.

The forms and what they accept are described in grader/checkers/design.py, which grades the read
fields by rules (grader/checkers/design_rules.py).
"""

from __future__ import annotations

import math
import re
from typing import Any

from grader.checkers.design_rules import Shape, normalise_word
from grader.errors import AnswerFormatError, did_you_mean
from grader.model import Variant

MAX_ANSWER_LENGTH = 20_000
NONE_WORDS = ("none", "no", "-", "0", "")


def read_widths(raw: Any) -> list[int]:
    """'128, 64', '128 64', 128 or [128, 64] -> [128, 64]; 'none' -> []."""
    if isinstance(raw, list):
        items = raw
    elif isinstance(raw, str) and raw.strip().lower() in NONE_WORDS:
        items = []
    else:
        items = [t for t in re.split(r"[\s,;\[\]()]+", str(raw)) if t]
    widths = [_whole(item, "a width") for item in items]
    if any(w < 1 for w in widths):
        raise ValueError("every width must be at least 1")
    return widths


def read_shapes(raw: Any) -> list[Shape]:
    """'128x200, 5x128', '(128, 200), (5, 128)' or [[128, 200], '5x128'] -> [(128, 200), (5, 128)]."""
    if isinstance(raw, list):
        return [_shape_of(item) for item in raw]
    text = str(raw)
    if re.search(r"\d\s*[x×X*]\s*\d", text):
        return [_shape_of(part) for part in re.split(r"[,;\n]+", text) if part.strip()]
    tokens = [t for t in re.split(r"[\s,;\[\]()]+", text) if t]
    if not tokens or len(tokens) % 2 or not all(t.isdigit() for t in tokens):
        raise ValueError("write each matrix as rows x columns")
    numbers = [int(t) for t in tokens]
    return [(numbers[i], numbers[i + 1]) for i in range(0, len(numbers), 2)]


def _shape_of(item: Any) -> Shape:
    if isinstance(item, (list, tuple)) and len(item) == 2:
        return _whole(item[0], "a dimension"), _whole(item[1], "a dimension")
    match = re.fullmatch(r"\s*(?:[^:=]*[:=])?\s*[(\[]?\s*(\d+)\s*[x×X*,]\s*(\d+)\s*[)\]]?\s*", str(item))
    if match is None:
        raise ValueError(f"'{str(item).strip()}' is not rows x columns")
    return int(match.group(1)), int(match.group(2))


def read_word(raw: Any) -> str:
    """A name, normalised: ' Cross_Entropy ' -> 'cross-entropy', 'CE' -> 'cross-entropy'."""
    if isinstance(raw, (list, dict)):
        raise ValueError("give one name, e.g. relu")
    return normalise_word(str(raw))


def read_number(raw: Any) -> float:
    """64, 0.001, '1e-3' or '1/1000' -> a float."""
    from grader.numbers import parse_numeric

    if isinstance(raw, bool):
        raise ValueError("give a number, e.g. 0.001")
    if isinstance(raw, (int, float)):
        return float(raw)
    try:
        value = parse_numeric(str(raw))
    except AnswerFormatError:
        raise ValueError(f"'{str(raw).strip()}' is not a number") from None
    if value.ndim:
        raise ValueError("give a single number")
    return float(value)


def read_settings(raw: Any) -> dict[str, float]:
    """'dropout 0.3, weight-decay 1e-4', 'dropout=0.3; l2: 1e-4', a mapping or a list of such items -> {name: value}."""
    if isinstance(raw, dict):
        pairs = list(raw.items())
    elif isinstance(raw, str) and raw.strip().lower() in NONE_WORDS:
        pairs = []
    else:
        items = raw if isinstance(raw, list) else re.split(r"[,;\n]+", str(raw))
        pairs = [pair for item in items if str(item).strip() for pair in _pairs_of(item)]
    settings: dict[str, float] = {}
    for name, value in pairs:
        key = normalise_word(str(name))
        if key in settings:
            raise ValueError(f"'{key}' is given twice")
        settings[key] = read_number(value)
    return settings


_SETTING_VALUE = re.compile(r"[-+]?[\d.]+(?:[eE][-+]?\d+)?(?:/[\d.]+)?")
_SETTING_NAME = re.compile(r"[A-Za-z][\w\s.-]*")


def _pairs_of(item: Any) -> list[tuple[str, Any]]:
    """'dropout 0.3', 'dropout=0.3', 'l2: 1e-4' -> [(name, value)]. Read by scanning from the end, in
    linear time (one regular expression over the whole item backtracked for a minute on 1000 spaces)."""
    if isinstance(item, dict):
        return list(item.items())
    text = str(item).strip()
    start = len(text)
    while start > 0 and text[start - 1] in "0123456789.eE+-/":
        start -= 1
    while start < len(text) and not _SETTING_VALUE.fullmatch(text, start):
        start += 1
    name = text[:start].rstrip()
    name = name[:-1].rstrip() if name.endswith((":", "=")) else name
    if start == len(text) or not _SETTING_NAME.fullmatch(name):
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ValueError(f"'{shown}' is not a name and a value, e.g. dropout 0.3")
    return [(name, text[start:])]


def _whole(item: Any, what: str) -> int:
    text = str(item).strip()
    if isinstance(item, bool) or not re.fullmatch(r"\d{1,9}(\.0*)?", text):
        shown = text if len(text) <= 20 else text[:17] + "..."
        raise ValueError(f"'{shown}' is not {what} (a whole number below a billion)")
    return int(text.split(".")[0])


FORMS = {"widths": read_widths, "shapes": read_shapes, "word": read_word, "number": read_number,
         "settings": read_settings}


MAX_VALUES = 2_000  # scalars, lists and mappings in one answer
MAX_DEPTH = 8
MAX_SCALAR_CHARS = 1_000


def read_mapping(text: str) -> dict[str, Any]:
    """The answer text as a mapping with normalised keys ('Batch size' -> 'batch_size'). Bounded: the
    text's size, no YAML anchors or aliases, at most MAX_VALUES values nested MAX_DEPTH deep, and only
    text, finite numbers, lists and mappings."""
    from grader.yamlfile import YamlSyntaxError, anchor_line, read_yaml

    if len(text) > MAX_ANSWER_LENGTH:
        raise AnswerFormatError(f"it is longer than {MAX_ANSWER_LENGTH} characters")
    line = anchor_line(text)  # anchors and aliases let a few hundred bytes stand for gigabytes; no answer needs them
    if line is not None:
        raise AnswerFormatError(f"line {line} uses a YAML anchor or alias (& or *); write each value out")
    try:
        data = read_yaml(text)[0]
    except YamlSyntaxError as exc:
        line = f" (line {exc.line})" if getattr(exc, "line", None) else ""
        raise AnswerFormatError(f"it is not a YAML or JSON mapping{line}: {exc}; write one `field: value` per line") \
            from None
    except (ValueError, OverflowError):
        raise AnswerFormatError("a value in it cannot be read (a number far too long?); write ordinary numbers") \
            from None
    except RecursionError:
        raise AnswerFormatError("it is nested too deeply") from None
    if not isinstance(data, dict):
        raise AnswerFormatError("a design answer is a mapping with one `field: value` per line, e.g. `loss: cross-entropy`")
    _check_values(data)
    return {field_key(key): value for key, value in data.items()}


def _check_values(data: Any) -> None:
    """AnswerFormatError unless `data` holds only text, finite numbers, lists and mappings, within the bounds."""
    count = 0
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        value, depth, where = stack.pop()
        count += 1
        if count > MAX_VALUES or depth > MAX_DEPTH:
            raise AnswerFormatError(f"it has more than {MAX_VALUES} values or is nested more than {MAX_DEPTH} deep")
        field = f"{where}: " if where else ""
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    raise AnswerFormatError(f"{field}the key {str(key)[:30]!r} is not a field name")
                stack.append((item, depth + 1, where or field_key(key)))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, where) for item in value)
        elif isinstance(value, float) and not math.isfinite(value):
            raise AnswerFormatError(f"{field}{value} is not a finite number")
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
            raise AnswerFormatError(f"{field}the number {str(value)[:20]}... is far too large")
        elif isinstance(value, str) and len(value) > MAX_SCALAR_CHARS:
            raise AnswerFormatError(f"{field}a value is longer than {MAX_SCALAR_CHARS} characters")
        elif value is not None and not isinstance(value, (str, int, float)):
            raise AnswerFormatError(f"{field}a {type(value).__name__} is not read here; write text or numbers")


def field_key(name: Any) -> str:
    """A field name as the question declares it: 'Batch size' and 'batch-size' -> 'batch_size'."""
    return re.sub(r"[\s-]+", "_", str(name).strip().lower())


def parse_fields(variant: Variant, mapping: dict[str, Any]) -> dict[str, Any]:
    """Every field's value read according to its form; AnswerFormatError names unknown, missing or unreadable fields."""
    fields = {f.name: f for f in variant.question.spec.fields}
    for key in mapping:
        if key not in fields:
            raise AnswerFormatError(f"there is no field '{key}'.{did_you_mean(key, list(fields))}"
                                    f" The fields are: {', '.join(fields)}")
    missing = [f"{name} (e.g. {f.example})" for name, f in fields.items() if mapping.get(name) is None]
    if missing:
        raise AnswerFormatError(f"it does not give {'; '.join(missing)}")
    values = {}
    for name, field in fields.items():
        try:
            values[name] = FORMS[field.form](mapping[name])
        except ValueError as exc:
            raise AnswerFormatError(f"{name}: {exc} (e.g. {field.example})") from None
    return values
