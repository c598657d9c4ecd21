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
to do; grader.render turns it into an author's error. The limits, the render's budget and the
measured operators live in grader.sandbox_limits; the offered filters and globals in
grader.sandbox_builtins; this module keeps the environment and the code generator.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.runtime import LoopContext, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from grader.sandbox_builtins import bounded_filter
from grader.sandbox_limits import (BINOPS, MAX_CALLS, MAX_EMITTED, MAX_ITEMS, MAX_OUTPUT, MAX_STEPS,
                                   TemplateLimitError, bounded, current_budget, render_budget, size_of)


def render_bounded(template: Any, context: dict[str, Any]) -> str:
    """Render a template compiled by `BoundedEnvironment` within every limit; the text, stripped."""
    with render_budget():
        pieces, length = [], 0
        for piece in template.generate(**context):
            length += len(piece)
            if length > MAX_OUTPUT:
                raise TemplateLimitError(f"the rendered text is longer than {MAX_OUTPUT} characters: "
                                         "a question's text should be far shorter")
            pieces.append(piece)
        return "".join(pieces)


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
        """Refuse what a question template may not use (files, recursive loops) before compiling it."""
        for lineno, message in forbidden_nodes(node):
            self.fail(message, lineno)
        super().visit_Template(node, frame)

    def visit_For(self, node: nodes.For, frame: Any) -> None:
        """A loop over `environment.bounded_iter(...)`: every step counted."""
        node.iter = nodes.Call(nodes.EnvironmentAttribute("bounded_iter"), [node.iter], [], None, None,
                               lineno=node.lineno)
        super().visit_For(node, frame)

    def _wrapped(self, visit: Callable, node: nodes.Node, frame: Any) -> None:
        self.write("environment.bounded(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Any) -> None:
        """A list literal, measured."""
        self._wrapped(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Any) -> None:
        """A mapping literal, measured."""
        self._wrapped(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Any) -> None:
        """A tuple literal, measured (not a tuple being assigned to)."""
        if node.ctx == "load":
            self._wrapped(super().visit_Tuple, node, frame)
        else:
            super().visit_Tuple(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        """`a ~ b ~ c` through `environment.concat_bounded`."""
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
        current_budget().tick()
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
        current_budget().tick()
        return BINOPS[operator_](left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - as Jinja2
        """A call from a template: counted, its arguments and result measured."""
        budget = current_budget()
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
        budget = current_budget()
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
        budget = current_budget()
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
        budget = current_budget()
        size_of(value, budget)
        text = value if isinstance(value, str) else str(value)
        budget.emitted += len(text)
        if budget.emitted > MAX_EMITTED:
            raise TemplateLimitError(f"the template produced more than {MAX_EMITTED} characters: "
                                     "question templates must be small; simplify it")
        return text
