"""Load one question file into a `Question`, reporting every problem with file, line and key."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from grader import model
from grader.errors import Problem, QuestionConfigError, did_you_mean
from grader.yamlfile import KeyPath, YamlSyntaxError, dotted, line_of, read_yaml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$")


@lru_cache(maxsize=1)
def _adapter() -> TypeAdapter:
    return TypeAdapter(model.QuestionSpec)


def check_id(qid: str) -> str | None:
    """Why `qid` is not a valid question id, or None when it is."""
    if ID_PATTERN.match(qid):
        return None
    return (
        f"id '{qid}' (from the file's path) may use only lower-case letters, digits and '-' "
        "in each folder and file name: rename the file"
    )


def load_question(path: Path, qid: str, lint: bool = True) -> model.Question:
    """Read, validate and (with `lint`) cross-check one question file.

    Raises QuestionConfigError naming every problem found in the file.
    """
    shown = str(path)
    problems: list[Problem] = []
    if (why := check_id(qid)) is not None:
        problems.append(Problem(shown, None, "", why))
    try:
        data, lines, duplicates = read_yaml(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as exc:
        raise QuestionConfigError(problems + [Problem(shown, exc.line, "", f"{exc}: fix the YAML syntax")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionConfigError([Problem(shown, None, "", f"cannot read the file: {exc}")]) from None
    for key, line in duplicates:
        problems.append(Problem(shown, line, dotted(key), "this key is given twice: keep one"))
    if not isinstance(data, dict):
        problems.append(Problem(shown, 1, "", "a question file is a mapping of keys (title, kind, prompt, ...)"))
        raise QuestionConfigError(problems)
    try:
        spec = _adapter().validate_python(data)
    except ValidationError as exc:
        problems += [_problem_from_pydantic(err, data, lines, shown) for err in exc.errors()]
        raise QuestionConfigError(problems) from None
    if lint:
        from grader.lint import lint_spec

        problems += [
            Problem(shown, line_of(lines, key), dotted(key), message) for key, message in lint_spec(spec)
        ]
    if problems:
        raise QuestionConfigError(problems)
    return model.Question(id=qid, file=path, spec=spec)


def _problem_from_pydantic(err: dict, data: dict, lines: dict[KeyPath, int], shown: str) -> Problem:
    loc: KeyPath = tuple(err["loc"])
    kind = data.get("kind")
    if loc and loc[0] == kind:  # the discriminated union puts the tag first
        loc = loc[1:]
    typ = err["type"]
    if typ == "union_tag_invalid" or typ == "union_tag_not_found":
        kinds = ", ".join(model.KINDS)
        if typ == "union_tag_not_found":
            return Problem(shown, 1, "kind", f"missing key 'kind': add `kind:` with one of {kinds}")
        return Problem(
            shown, line_of(lines, ("kind",)), "kind",
            f"unknown kind '{kind}'.{did_you_mean(str(kind), model.KINDS)} Use one of {kinds}",
        )
    model_cls = _model_at(_spec_class(kind), loc[:-1])
    allowed = sorted(model_cls.model_fields) if model_cls else []
    key = loc[-1] if loc else ""
    if typ == "extra_forbidden":
        hint = did_you_mean(str(key), allowed) if allowed else ""
        message = f"unknown key '{key}'.{hint}" + (f" Allowed here: {', '.join(allowed)}" if allowed else "")
    elif typ == "missing":
        message = f"missing required key '{key}': add it"
    elif typ == "value_error":
        message = str(err["msg"]).removeprefix("Value error, ")
        if not loc:
            return Problem(shown, 1, "", message)
    else:
        message = f"{err['msg']} (got {err.get('input')!r}): fix the value"
    return Problem(shown, line_of(lines, loc), dotted(loc), message)


def _spec_class(kind: Any) -> type[BaseModel] | None:
    for cls in model.QuestionSpec.__origin__.__args__:  # type: ignore[attr-defined]
        if cls.model_fields["kind"].annotation.__args__[0] == kind:
            return cls
    return None


def _model_at(cls: type[BaseModel] | None, loc: KeyPath) -> type[BaseModel] | None:
    """The schema class found by following `loc` from `cls` (through lists and dicts)."""
    for part in loc:
        if cls is None:
            return None
        if isinstance(part, int) or part not in cls.model_fields:
            continue  # a list index or dict key: stay on the element type found below
        cls = _inner_model(cls.model_fields[part].annotation)
    return cls


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
