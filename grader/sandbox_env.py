"""The Jinja2 environment question templates run in: sandboxed, and bounded in size, steps and time.

A question file comes from someone else, so its templates may try to reach Python objects
(`cycler.__init__.__globals__.os`), or to exhaust the machine (`range(10**9)`, `'x' * 10**10`,
a macro that doubles a string on every call). Jinja2's `ImmutableSandboxedEnvironment` blocks
the first kind; this module adds what it lacks:

- attributes: only the loop variable's (`loop.index`, `loop.last`, ...), a `namespace()`'s and
  a mapping's keys can be read; nothing else (no methods of strings, lists or functions);
- names: only the globals and filters listed in grader.render, no file loader (so no
  `include`, `import` or `extends`), no recursive loops;
- sizes: every value a template builds (literals, `*`, `+`, `~`, `**`, a call's result, a
  filter's result) is measured before it is made; a value may hold `MAX_ITEMS` items or
  characters, an integer `MAX_INT_BITS` bits; `range` gives at most `MAX_RANGE` numbers;
- work: one render may take `MAX_STEPS` loop steps, `MAX_CALLS` calls, emit `MAX_EMITTED`
  characters in all (macros and blocks included), return `MAX_OUTPUT` characters, and run for
  `MAX_SECONDS` (checked at every step, call and operator, so a loop cannot outlive it).

Anything beyond is a `TemplateLimitError` (a Jinja2 SecurityError) saying which limit and what
to do; grader.render turns it into an author's error.
"""

from __future__ import annotations

import contextvars
import functools
import math
import operator
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

MAX_ITEMS = 100_000  # items (leaves and characters) in one value
MAX_INT_BITS = 4096  # an integer's size (Python prints at most 4300 digits anyway)
MAX_RANGE = 10_000
MAX_STEPS = 100_000  # loop iterations in one render
MAX_CALLS = 10_000  # macro and function calls in one render
MAX_EMITTED = 1_000_000  # characters produced in one render, buffers included
MAX_OUTPUT = 200_000  # characters in the rendered text
MAX_SECONDS = 2.0
MAX_NESTING = 64  # nested lists in one value
MAX_DIGITS = 15  # decimals asked of fmt, round


class TemplateLimitError(SecurityError):
    """A template went beyond one of this module's limits, or reached for something not offered."""


@dataclass
class Budget:
    """What one render has used so far."""

    deadline: float
    steps: int = 0
    calls: int = 0
    emitted: int = 0
    sizes: dict[int, tuple[Any, int, int]] = field(default_factory=dict)  # id -> (value kept alive, items, nesting)

    def tick(self) -> None:
        """Called at every step, call and operator: stop once the time is up."""
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(f"the template ran for more than {MAX_SECONDS:g} s: "
                                     "question templates must be quick; simplify it")


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("dlquiz_template_budget", default=None)


def _budget() -> Budget:
    """The current render's budget (a fresh one for work done while compiling)."""
    budget = _BUDGET.get()
    if budget is None:
        budget = Budget(time.monotonic() + MAX_SECONDS)
    return budget


def render_bounded(template: Any, context: dict[str, Any]) -> str:
    """Render a template compiled by `BoundedEnvironment` within every limit; the text, stripped."""
    token = _BUDGET.set(Budget(time.monotonic() + MAX_SECONDS))
    try:
        pieces, length = [], 0
        for piece in template.generate(**context):
            length += len(piece)
            if length > MAX_OUTPUT:
                raise TemplateLimitError(f"the rendered text is longer than {MAX_OUTPUT} characters: "
                                         "a question's text should be far shorter")
            pieces.append(piece)
        return "".join(pieces)
    finally:
        _BUDGET.reset(token)


# --- measuring values ----------------------------------------------------------------------------

_LEAVES = (float, bool, complex, type(None))


def size_of(value: Any, budget: Budget | None = None) -> int:
    """Items in `value`: characters of text, leaves and containers of nested data (shared parts counted
    each time they appear, as printing would). Raises once over MAX_ITEMS or MAX_NESTING."""
    kind = type(value)
    if kind is str and len(value) <= MAX_ITEMS:  # the common cases, without the general walk
        return len(value)
    if kind in _LEAVES:
        return 1
    return _measure(value, budget or _budget())[0]


def _measure(value: Any, budget: Budget) -> tuple[int, int]:
    """(items, nesting) of `value`; containers are remembered for the render, so shared parts cost once."""
    kind = type(value)
    if kind in _LEAVES or isinstance(value, Undefined):
        return 1, 0
    if isinstance(value, str):
        n, height = len(value), 0
    elif isinstance(value, int):
        n, height = 1 + value.bit_length() // 64, 0
    elif kind is range:
        n, height = len(value), 0
    else:
        known = budget.sizes.get(id(value))
        if known is not None and known[0] is value:
            return known[1], known[2]
        if kind is Namespace:  # mutable: measured afresh each time
            return _measure(dict(value._Namespace__attrs), budget)
        n, height = 1, 0
        if isinstance(value, (dict, list, tuple, set, frozenset)):
            items = (part for pair in value.items() for part in pair) if isinstance(value, dict) else value
            for item in items:
                if type(item) in _LEAVES:
                    n += 1
                    height = height or 1
                    continue
                size, inner = _measure(item, budget)
                n, height = n + size, max(height, inner + 1)
                if n > MAX_ITEMS:
                    break
        elif isinstance(getattr(value, "size", None), int):  # a numpy array
            n = value.size
        if height > MAX_NESTING:
            raise TemplateLimitError(f"a value is nested more than {MAX_NESTING} levels deep: flatten it")
        if n <= MAX_ITEMS:
            budget.sizes[id(value)] = (value, n, height)
    if n > MAX_ITEMS:
        raise TemplateLimitError(f"a value would hold more than {MAX_ITEMS} items or characters: "
                                 "question templates work on small values")
    return n, height


def bounded(value: Any) -> Any:
    """`value` if it is within MAX_ITEMS (used on literals, results and concatenations)."""
    size_of(value)
    return value


def _int_bits(value: Any) -> int:
    return value.bit_length() if isinstance(value, int) and not isinstance(value, bool) else 0


def _check_int(value: Any) -> Any:
    if _int_bits(value) > MAX_INT_BITS:
        raise TemplateLimitError(f"a number would have more than {MAX_INT_BITS} bits: question templates "
                                 "work with ordinary numbers")
    return value


# --- operators ----------------------------------------------------------------------------------

def _multiply(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int):
        if _int_bits(left) + _int_bits(right) > MAX_INT_BITS:
            _check_int(1 << (MAX_INT_BITS + 1))
        return left * right
    for seq, times in ((left, right), (right, left)):
        if isinstance(times, int) and not isinstance(seq, (int, float, complex)):
            if max(times, 0) * size_of(seq) > MAX_ITEMS:
                raise TemplateLimitError(f"`*` would make a value of more than {MAX_ITEMS} items or characters: "
                                         "question templates work on small values")
    return left * right


def _power(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        if _int_bits(left) * right > MAX_INT_BITS or right > MAX_INT_BITS:
            _check_int(1 << (MAX_INT_BITS + 1))
    return left ** right


def _add(left: Any, right: Any) -> Any:
    if not (isinstance(left, (int, float, complex)) and isinstance(right, (int, float, complex))):
        if size_of(left) + size_of(right) > MAX_ITEMS:
            raise TemplateLimitError(f"`+` would make a value of more than {MAX_ITEMS} items or characters: "
                                     "question templates work on small values")
    return _check_int(left + right)


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        raise TemplateLimitError("`%` formatting of text is not offered in question templates: "
                                 "use the `fmt` filter or `~`")
    return left % right


BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "*": _multiply, "**": _power, "+": _add, "%": _modulo,
    "-": lambda a, b: _check_int(a - b), "/": operator.truediv, "//": operator.floordiv,
}


# --- code generation: every loop, literal and output goes through a check -------------------------

FORBIDDEN = {nodes.Extends: "`extends`", nodes.Include: "`include`", nodes.Import: "`import`",
             nodes.FromImport: "`from ... import`"}


def forbidden_nodes(tree: nodes.Template) -> list[tuple[int, str]]:
    """(line, message) for each construct a question template may not use."""
    found = [(node.lineno, f"{FORBIDDEN[type(node)]} reads another template file, which question templates "
              "cannot do: write the text out in this field") for node in tree.find_all(tuple(FORBIDDEN))]
    found += [(node.lineno, "recursive loops are not offered in question templates: use a plain loop")
              for node in tree.find_all(nodes.For) if node.recursive]
    return found


class BoundedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, with checks around loops, literals, `~` and output."""

    def visit_Template(self, node: nodes.Template, frame: Any = None) -> None:
        for lineno, message in forbidden_nodes(node):
            self.fail(message, lineno)
        super().visit_Template(node, frame)

    def visit_For(self, node: nodes.For, frame: Any) -> None:
        node.iter = nodes.Call(nodes.EnvironmentAttribute("bounded_iter"), [node.iter], [], None, None,
                               lineno=node.lineno)
        super().visit_For(node, frame)

    def _wrapped(self, visit: Callable, node: nodes.Node, frame: Any) -> None:
        self.write("environment.bounded(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Any) -> None:
        self._wrapped(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Any) -> None:
        self._wrapped(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Any) -> None:
        if node.ctx == "load":
            self._wrapped(super().visit_Tuple, node, frame)
        else:
            super().visit_Tuple(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        self.write("environment.concat_bounded((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def visit_Output(self, node: nodes.Output, frame: Any) -> None:
        """Every piece of output, literal text included, is counted by `emit` before it is kept."""
        if frame.buffer is not None:
            self.writeline(f"{frame.buffer}.extend((")
            self.indent()
        for child in node.nodes:
            if frame.buffer is None:
                self.writeline("yield ", child)
            else:
                self.newline(child)
            self.write("environment.emit(")
            if isinstance(child, nodes.TemplateData):
                self.write(repr(child.data))
            else:
                self.visit(child, frame)
            self.write(")")
            if frame.buffer is not None:
                self.write(",")
        if frame.buffer is not None:
            self.outdent()
            self.writeline("))")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandboxed environment with dlquiz's limits (see the module's docstring)."""

    code_generator_class = BoundedCodeGenerator
    intercepted_binops = frozenset(BINOPS)

    def __init__(self, globals_: dict[str, Any], filters: dict[str, Callable], **options: Any):
        super().__init__(**options)
        self.globals.clear()
        self.globals.update(globals_)
        self.filters = {name: bounded_filter(f) for name, f in filters.items()}

    # names and attributes

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Only the loop variable's and a namespace's public attributes."""
        return isinstance(obj, (LoopContext, Namespace)) and not attr.startswith("_")

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`x.key` reads a mapping's key; `loop.index` and a namespace's attributes; nothing else."""
        _budget().tick()
        if isinstance(obj, dict):
            return obj[attribute] if attribute in obj else self.undefined(obj=obj, name=attribute)
        if isinstance(obj, (LoopContext, Namespace)) and not attribute.startswith("_"):
            return super().getattr(obj, attribute)
        if isinstance(obj, Undefined):
            obj._fail_with_undefined_error()  # "'x' is undefined", not a complaint about its attributes
        raise TemplateLimitError(f"question templates cannot read '.{attribute}' of a {type(obj).__name__}: "
                                 "use a filter (e.g. `| upper`) or a parameter instead")

    def getitem(self, obj: Any, argument: Any) -> Any:
        """`x[i]`, `x[key]` and slices of data; `loop['index']` like `loop.index`."""
        if isinstance(obj, (list, tuple, str, dict, range)):
            try:
                return obj[argument]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=argument)
        if isinstance(argument, str):
            return self.getattr(obj, argument)
        return self.undefined(obj=obj, name=argument)

    # operators, calls, loops, literals, output

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        """`*`, `**`, `+`, `%` ... measured before they compute."""
        _budget().tick()
        return BINOPS[operator_](left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - as Jinja2
        """A call from a template: counted, its arguments and result measured."""
        budget = _budget()
        budget.tick()
        budget.calls += 1
        if budget.calls > MAX_CALLS:
            raise TemplateLimitError(f"the template made more than {MAX_CALLS} calls: "
                                     "question templates must be small; simplify it")
        for key, value in (*enumerate(args), *kwargs.items()):
            if key not in ("_loop_vars", "_block_vars"):  # Jinja2's own bookkeeping
                size_of(value, budget)
        return bounded(super().call(__context, __obj, *args, **kwargs))

    def bounded_iter(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """A `for` loop's iterable, counted step by step against the render's budget."""
        budget = _budget()
        for item in iterable:
            budget.steps += 1
            if budget.steps > MAX_STEPS:
                raise TemplateLimitError(f"the template's loops ran more than {MAX_STEPS} steps: "
                                         "question templates must be small; simplify it")
            budget.tick()
            yield item

    @staticmethod
    def bounded(value: Any) -> Any:
        """A literal list, tuple or mapping, measured."""
        return bounded(value)

    @staticmethod
    def concat_bounded(parts: tuple[Any, ...]) -> str:
        """`a ~ b ~ c`, measured before joining."""
        budget = _budget()
        budget.tick()
        texts = []
        total = 0
        for part in parts:
            size_of(part, budget)
            text = str(part)
            total += len(text)
            if total > MAX_ITEMS:
                raise TemplateLimitError(f"`~` would make a text of more than {MAX_ITEMS} characters: "
                                         "question templates work on small values")
            texts.append(text)
        return "".join(texts)

    @staticmethod
    def emit(value: Any) -> str:
        """One piece of output as text, counted against the render's budget."""
        budget = _budget()
        size_of(value, budget)
        text = value if isinstance(value, str) else str(value)
        budget.emitted += len(text)
        if budget.emitted > MAX_EMITTED:
            raise TemplateLimitError(f"the template produced more than {MAX_EMITTED} characters: "
                                     "question templates must be small; simplify it")
        return text


# --- filters and globals ------------------------------------------------------------------------

def bounded_filter(function: Callable) -> Callable:
    """`function` with its arguments and result measured (keeping Jinja2's pass_context marks)."""
    special = _FILTER_CHECKS.get(getattr(function, "__name__", ""))

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.tick()
        for value in (*args, *kwargs.values()):
            size_of(value, budget)
        if special is not None:
            special(*args, **kwargs)
        return bounded(function(*args, **kwargs))

    return checked


def _data_args(args: tuple) -> tuple:
    """The filter's own arguments, without a leading context or environment."""
    return tuple(a for a in args if not hasattr(a, "environment") and not hasattr(a, "filters"))


def _check_join(*args: Any, **kwargs: Any) -> None:
    data = _data_args(args)
    value, sep = data[0], (data[1] if len(data) > 1 else kwargs.get("d", ""))
    if len(str(sep)) * sum(1 for _ in value) > MAX_ITEMS:
        raise TemplateLimitError(f"`join` would make a text of more than {MAX_ITEMS} characters")


def _check_replace(*args: Any, **kwargs: Any) -> None:
    data = _data_args(args)
    text, old, new = (str(x) for x in (data + (kwargs.get("old", ""), kwargs.get("new", "")))[:3])
    if len(text) + (text.count(old) if old else len(text) + 1) * len(new) > MAX_ITEMS:
        raise TemplateLimitError(f"`replace` would make a text of more than {MAX_ITEMS} characters")


def _check_round(*args: Any, **kwargs: Any) -> None:
    data = _data_args(args)
    precision = data[1] if len(data) > 1 else kwargs.get("precision", 0)
    if not isinstance(precision, int) or abs(precision) > MAX_DIGITS:
        raise TemplateLimitError(f"`round` takes a precision from -{MAX_DIGITS} to {MAX_DIGITS}")


def _check_sum(*args: Any, **kwargs: Any) -> None:
    data = _data_args(args)
    start = data[2] if len(data) > 2 else kwargs.get("start", 0)
    if not isinstance(start, (int, float)):
        raise TemplateLimitError("`sum` adds numbers only")


def _check_tojson(*args: Any, **kwargs: Any) -> None:
    data = _data_args(args)
    indent = data[1] if len(data) > 1 else kwargs.get("indent")
    if indent is not None and (not isinstance(indent, int) or not 0 <= indent <= 8):
        raise TemplateLimitError("`tojson` indents by 0 to 8 spaces")


_FILTER_CHECKS: dict[str, Callable[..., None]] = {
    "do_join": _check_join, "sync_do_join": _check_join, "do_replace": _check_replace,
    "do_round": _check_round, "sync_do_sum": _check_sum, "do_sum": _check_sum, "do_tojson": _check_tojson,
}

# Jinja2's own filters that cannot grow a value much beyond its input (center, indent, format,
# wordwrap, batch, slice, striptags, urlize, random and attr are left out).
SAFE_BUILTIN_FILTERS = ("abs", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first", "float",
                        "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min", "reject",
                        "rejectattr", "replace", "reverse", "round", "select", "selectattr", "sort", "string",
                        "sum", "title", "tojson", "trim", "truncate", "unique", "upper", "wordcount")


def bounded_range(*args: int) -> range:
    """`range`, at most MAX_RANGE numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimitError(f"range() of more than {MAX_RANGE} numbers: question templates loop a few times")
    return numbers


def bounded_round(number: Any, digits: int | None = None) -> Any:
    """`round`, with at most MAX_DIGITS digits either side of the point."""
    if digits is not None and (not isinstance(digits, int) or abs(digits) > MAX_DIGITS):
        raise TemplateLimitError(f"round() takes digits from -{MAX_DIGITS} to {MAX_DIGITS}")
    return round(number, digits) if digits is not None else round(number)


def bounded_sum(values: Iterable[Any], start: Any = 0) -> Any:
    """`sum` of numbers only (adding lists could multiply a value's size)."""
    if not isinstance(start, (int, float)):
        raise TemplateLimitError("sum() adds numbers only")
    total = start
    for value in values:
        if not isinstance(value, (int, float)):
            raise TemplateLimitError("sum() adds numbers only")
        total = _check_int(total + value)
    return total


def bounded_math(function: Callable[[float], float]) -> Callable[[Any], float]:
    """A math function of one number (its name kept for messages)."""

    @functools.wraps(function)
    def number_only(x: Any) -> float:
        if not isinstance(x, (int, float)):
            raise TypeError(f"{function.__name__}() takes one number, not a {type(x).__name__}")
        return function(x)

    return number_only


BASE_GLOBALS: dict[str, Any] = {
    "exp": bounded_math(math.exp), "log": math.log, "sqrt": bounded_math(math.sqrt),
    "abs": abs, "min": min, "max": max, "round": bounded_round, "sum": bounded_sum, "len": len, "zip": zip,
    "range": bounded_range, "namespace": Namespace,
}
