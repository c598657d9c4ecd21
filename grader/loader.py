"""Load one question file into a `Question`, reporting every problem with file, line and key."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import msgspec

from grader import model
from grader.errors import Problem, QuestionConfigError, did_you_mean
from grader.userfiles import CONTROL, InputFileError, read_text
from grader.yamlfile import KeyPath, YamlSyntaxError, dotted, line_of, read_yaml

MAX_FILE_BYTES = 256 * 1024  # the largest built-in question is 8 KiB
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$")


def check_id(qid: str) -> str | None:
    """Why `qid` is not a valid question id, or None when it is."""
    if ID_PATTERN.match(qid):
        return None
    return (
        f"id '{qid}' (from the file's path) may use only lower-case letters, digits and '-' "
        "in each folder and file name: rename the file"
    )


def load_question(path: Path, qid: str, lint: bool = True, bank: Path | None = None) -> model.Question:
    """Read, validate and cross-check one question file (a regular file of at most MAX_FILE_BYTES,
    inside the folder `bank` when given); `lint` adds the slower checks of templates and expressions.

    Raises QuestionConfigError naming every problem found in the file.
    """
    shown = str(path)
    problems: list[Problem] = []
    if (why := check_id(qid)) is not None:
        problems.append(Problem(shown, None, "", why))
    try:
        data, lines, duplicates = read_yaml(read_text(path, "the question file", MAX_FILE_BYTES, within=bank))
    except YamlSyntaxError as exc:
        fix = ": fix the YAML syntax" if str(exc).startswith("not valid YAML") else ""
        raise QuestionConfigError(problems + [Problem(shown, exc.line, "", f"{exc}{fix}")]) from None
    except InputFileError as exc:
        raise QuestionConfigError([Problem(shown, None, "", f"cannot read the file: {exc.reason}")]) from None
    for key, line in duplicates:
        problems.append(Problem(shown, line, dotted(key), "this key is given twice: keep one"))
    if (found := _control_character(data)) is not None:
        key, char = found
        problems.append(Problem(shown, line_of(lines, key), dotted(key),
                                f"the text contains the control character U+{ord(char):04X}: terminal control "
                                "codes are not allowed in a question (they could clear or take over the screen); "
                                "remove it"))
    if not isinstance(data, dict):
        problems.append(Problem(shown, 1, "", "a question file is a mapping of keys (title, kind, prompt, ...)"))
        raise QuestionConfigError(problems)
    try:
        spec = msgspec.convert(data, type=model.QuestionSpec)
    except msgspec.ValidationError as exc:
        problems.append(_problem_from_schema(str(exc), data, lines, shown))
        raise QuestionConfigError(problems) from None
    from grader.course import course_code
    from grader.lint import lint_spec

    try:
        course = course_code(path, qid)
    except QuestionConfigError as exc:  # the course's solvers.py / design_rules.py is broken
        raise QuestionConfigError(problems + exc.problems) from None
    problems += [Problem(shown, line_of(lines, key), dotted(key), message)
                 for key, message in lint_spec(spec, course, thorough=lint)]
    question = model.Question(id=qid, file=path, spec=spec)
    if lint and not problems:
        from grader.lint import file_problems

        problems += [Problem(shown, None, "", message) for message in file_problems(question)]
    if problems:
        raise QuestionConfigError(problems)
    return question


def _control_character(data: Any) -> tuple[KeyPath, str] | None:
    """The key path and first terminal control character (not tab or newline) in any text of `data`."""
    stack: list[tuple[KeyPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if (match := CONTROL.search(value)) is not None:
                return path, match.group()
        elif isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
            stack.extend((path, k) for k in value if isinstance(k, str))
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
    return None


_AT = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_PART = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")


def _problem_from_schema(error: str, data: dict, lines: dict[KeyPath, int], shown: str) -> Problem:
    """Turn msgspec's `message - at `$.a.b[0]`` into a located, actionable problem."""
    match = _AT.match(error)
    kind = data.get("kind")
    spec_cls = model.SPEC_CLASSES.get(kind)
    message, path = match.group("msg"), _resolve(_parse_path(match.group("path") or ""), data, spec_cls)
    if path == ("kind",) and message.startswith("Invalid value"):
        kinds = ", ".join(model.KINDS)
        return Problem(shown, line_of(lines, path), "kind",
                       f"unknown kind '{kind}'.{did_you_mean(str(kind), model.KINDS)} Use one of {kinds}")
    if (field := _quoted(message, "Object contains unknown field")) is not None:
        allowed = _fields(_struct_at(spec_cls, path))
        path += (field,)
        text = f"unknown key '{field}'.{did_you_mean(field, allowed)}"
        text += f" Allowed here: {', '.join(allowed)}" if allowed else ""
    elif (field := _quoted(message, "Object missing required field")) is not None:
        if field == "kind" and not path:
            return Problem(shown, 1, "kind", f"missing key 'kind': add `kind:` with one of {', '.join(model.KINDS)}")
        text = f"missing required key '{field}': add it"
        path += (field,)
    else:
        text = f"{message}: fix the value" if message.startswith(("Expected", "Invalid")) else message
    return Problem(shown, line_of(lines, path), dotted(path), text)


def _quoted(message: str, prefix: str) -> str | None:
    if message.startswith(prefix):
        return message[len(prefix):].strip().strip("`")
    return None


def _parse_path(text: str) -> KeyPath:
    parts: list[Any] = []
    for key, index in _PART.findall(text):
        parts.append(key if key else (index if index == "..." else int(index)))
    return tuple(parts)


def _resolve(path: KeyPath, data: Any, spec_cls: Any) -> KeyPath:
    """Replace msgspec's `[...]` (a mapping key it does not name) by the first key, in file
    order, whose value alone fails to convert to the mapping's value type."""
    resolved: list[Any] = []
    node = data
    for part in path:
        if part == "..." and isinstance(node, dict):
            value_type = _struct_at(spec_cls, tuple(resolved))
            part = next((k for k, v in node.items() if _faulty(v, value_type)), next(iter(node), "..."))
        resolved.append(part)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return tuple(resolved)


def _faulty(value: Any, value_type: Any) -> bool:
    if value_type is None:
        return not isinstance(value, dict)
    try:
        msgspec.convert(value, type=value_type)
    except msgspec.ValidationError:
        return True
    return False


def _fields(cls: Any) -> list[str]:
    return sorted(cls.__struct_fields__) if cls is not None else []


def _struct_at(cls: Any, path: KeyPath) -> Any:
    """The schema class found by following `path` from `cls` (through lists and dicts)."""
    import typing

    for part in path:
        if cls is None:
            return None
        if isinstance(part, int) or part == "..." or part not in cls.__struct_fields__:
            continue
        cls = _inner_struct(typing.get_type_hints(cls)[part])
    return cls


def _inner_struct(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or getattr(annotation, "__metadata__", ()):
        found = _inner_struct(arg)
        if found is not None:
            return found
    return None


def line_in_file(path: Path, key: KeyPath) -> int | None:
    """The line of `key` in the question file at `path` (None when the file cannot be read again)."""
    if not key:
        return None
    try:
        return line_of(read_yaml(read_text(path, "the question file", MAX_FILE_BYTES))[1], key)
    except (InputFileError, YamlSyntaxError):
        return None
