"""Read YAML from someone else (a shared question file, a learner's design answer) within limits,
keeping the line of every key so errors can point at it.

The limits: the text's size (the caller caps it), nesting depth, and no anchors reused by aliases
(`&a` ... `*a`): aliases let a few hundred bytes expand into gigabytes ("billion laughs"), and no
question needs them. Every refusal is a `YamlSyntaxError` with the 1-based line it concerns.
"""

from __future__ import annotations

from typing import Any, Iterator

import yaml

try:  # the C loader is several times faster where libyaml is present
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

KeyPath = tuple[Any, ...]

MAX_DEPTH = 32  # nested mappings and lists; the built-in bank needs 6
MAX_NODES = 200_000  # keys, values and items in one document


class YamlSyntaxError(Exception):
    """The text is not YAML, or goes beyond the limits; carries the 1-based line."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def read_yaml(text: str, max_depth: int = MAX_DEPTH) -> tuple[Any, dict[KeyPath, int], list[tuple[KeyPath, int]]]:
    """Parse `text`; return (data, line of each key path, duplicated keys with their lines)."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise _syntax_error(exc) from None
        except RecursionError:  # the pure-Python parser has no nesting limit of its own
            raise YamlSyntaxError(f"not valid YAML: nested more than {max_depth} levels deep", None) from None
        if node is None:
            return None, {}, []
        lines: dict[KeyPath, int] = {}
        duplicates: list[tuple[KeyPath, int]] = []
        _walk(node, text, max_depth, lines, duplicates)
        data = _construct(loader, node)
    finally:
        loader.dispose()
    return data, lines, duplicates


def _syntax_error(exc: yaml.YAMLError) -> YamlSyntaxError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return YamlSyntaxError(f"not valid YAML: {problem}", mark.line + 1 if mark else None)


def _construct(loader: Any, node: yaml.Node) -> Any:
    """Build the Python data; a value YAML accepts but Python cannot hold is located by its node."""
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc) from None
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. 5000-digit integers, month 13
        bad = next((n for n in _scalars(node) if _fails(loader, n)), None)
        line = bad.start_mark.line + 1 if bad is not None else None
        why = "a number of more than 4300 digits" if "integer string conversion" in str(exc) else str(exc)
        raise YamlSyntaxError(f"this value cannot be read ({why}): write it as an ordinary number, or quote it",
                              line) from None


def _scalars(node: yaml.Node) -> Iterator[yaml.Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            yield current
        elif isinstance(current, yaml.MappingNode):
            stack.extend(part for pair in current.value for part in pair)
        else:
            stack.extend(current.value)


def _fails(loader: Any, node: yaml.Node) -> bool:
    try:
        loader.construct_object(node, deep=True)
    except Exception:  # noqa: BLE001 - only locating the value that failed
        return True
    return False


def _walk(root: yaml.Node, text: str, max_depth: int, lines: dict, duplicates: list) -> None:
    """Record key lines and duplicates; refuse reused nodes (aliases), deep nesting and huge documents.

    Iterative, and each node is visited once, so neither a deep nor an alias-laden file can make
    this walk itself expensive.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, KeyPath, int]] = [(root, (), 1)]
    while stack:
        node, path, depth = stack.pop()
        if id(node) in seen:
            raise YamlSyntaxError("YAML aliases (`*name`) are not allowed here: write the value out in full "
                                  "(aliases can blow a small file up to gigabytes)", _alias_line(text, node))
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            raise YamlSyntaxError(f"more than {MAX_NODES} values in one file: split it", node.start_mark.line + 1)
        if depth > max_depth:
            raise YamlSyntaxError(f"nested more than {max_depth} levels deep: flatten it", node.start_mark.line + 1)
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            keys = set()
            for key_node, value_node in node.value:
                if id(key_node) in seen or not isinstance(key_node, yaml.ScalarNode):
                    stack.append((key_node, path + ("?",), depth + 1))  # complex keys: checked for reuse too
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                child = path + (key,)
                if key in keys:
                    duplicates.append((child, key_node.start_mark.line + 1))
                keys.add(key)
                lines[child] = key_node.start_mark.line + 1
                stack.append((value_node, child, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, path + (i,), depth + 1) for i, item in enumerate(node.value))


def _alias_line(text: str, reused: yaml.Node) -> int:
    """The line of the first alias in `text` (found by the event parser), else of the reused value."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1
    except yaml.YAMLError:  # pragma: no cover - the text parsed once already
        pass
    return reused.start_mark.line + 1


def anchor_line(text: str) -> int | None:
    """The 1-based line of the first anchor or alias (`&a`, `*a`) in `text`; None when it has none, or
    stops being YAML before one (its reader then says where). For files that refuse even a lone anchor."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return event.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return None


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of `path`, or of its nearest ancestor that has one."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def dotted(path: KeyPath) -> str:
    """`('answer', 'args', 0)` -> `answer.args[0]`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
