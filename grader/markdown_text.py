"""Question text (Markdown with $LaTeX$) as lines for a terminal: reflowed, wrapped, styled.

Markdown is parsed by markdown-it-py (CommonMark plus tables; the parser rich and the HTML
handouts use too), math spans are cut out first and rendered by grader.textmath (the one
LaTeX path), so `*`, `_` and `\\` inside math are never read as Markdown. Paragraphs are
reflowed (a line break in a YAML block is a space, as in Markdown); emphasis is italic,
strong is bold, `code` is cyan, where colour is on, and plain text otherwise: the markers
themselves are never shown. A short formula is kept on one line.

Rendering never raises on odd input: unknown tokens are shown as their text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from grader.console import GLUE, Span, fit_cells, cell_width, paint, wrap_spans
from grader.textmath import MATH_SPAN, latex_to_unicode

GLUED_MATH = 24  # a formula up to this many cells is not broken across lines
_CUT = re.compile(r"(?ms)^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[`~]*[ \t]*$|(`+)(?!`).+?(?<!`)\2(?!`)|" + MATH_SPAN.pattern)
_HOLE = "\ue000{}\ue001"
_HOLE_RE = re.compile("\ue000(\\d+)\ue001")
_STYLE = {"em": "italic", "strong": "bold", "code_inline": "cyan", "link": "underline"}
_PLAIN_MARK = re.compile(r"[*_`#|\\$<&\[]|^\s*[-+>]\s|^\s*\d+[.)]\s|^ {4}", re.M)


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def render(text: str, columns: int, first: str = "", rest: str | None = None, styles: tuple[str, ...] = ()) -> list[str]:
    """`text` laid out in `columns` cells; `first`/`rest` prefix the first/other lines (e.g. an
    option's letter and its hanging indent); `styles` apply to all of it."""
    rest = " " * cell_width(first) if rest is None else rest
    return [paint(line, *styles) for line in _layout(text, columns, first, rest)]


def plain(text: str) -> str:
    """`text` as plain Unicode without any Markdown marker or LaTeX, on unwrapped lines (for --json)."""
    return "\n".join("".join(t for t, _ in line).rstrip() for line in _layout(text, 10**6, "", ""))


def _layout(text: str, columns: int, first: str, rest: str) -> list[list[Span]]:
    """Every block of `text` as lines of spans, the first line prefixed by `first`, the others by `rest`."""
    out: list[list[Span]] = []
    for kind, payload, indent, hang in _blocks(text):
        lead = first if not out else rest
        if kind == "blank":
            out.append([])
        elif kind == "pre":
            out += _pre(payload, columns, lead + indent, rest + indent)
        elif kind == "table":
            out += _table(payload, columns, lead + indent, rest + indent)
        else:
            out += wrap_spans(payload, columns, lead + indent, rest + hang)
    return out or [[(first, ())]]


def _pre(line: str, columns: int, lead: str, follow: str) -> list[list[Span]]:
    """A line of code as it is (spaces kept), cut where it is wider than the window."""
    out, prefix = [], lead
    while True:
        room = max(1, columns - cell_width(prefix))
        head = fit_cells(line, room) or line[:1]
        out.append([(prefix, ()), (head, ("cyan",))])
        line, prefix = line[len(head):], follow
        if not line:
            return out


def _table(rows: list[list[list[Span]]], columns: int, lead: str, follow: str) -> list[list[Span]]:
    """Rows of cells as aligned columns two spaces apart; when too wide, the widest columns are
    narrowed and their cells wrapped."""
    count = max(len(r) for r in rows)
    rows = [r + [[]] * (count - len(r)) for r in rows]
    natural = [max(cell_width("".join(t for t, _ in row[c])) for row in rows) for c in range(count)]
    room = max(count, columns - cell_width(follow) - 2 * (count - 1))
    widths = list(natural)
    while sum(widths) > room and max(widths) > 6:
        widths[widths.index(max(widths))] -= 1
    out: list[list[Span]] = []
    for r, row in enumerate(rows):
        cells = [wrap_spans(cell, max(1, widths[c])) for c, cell in enumerate(row)]
        for k in range(max(len(c) for c in cells)):
            line: list[Span] = [(lead if not out else follow, ())]
            for c, cell in enumerate(cells):
                spans = cell[k] if k < len(cell) else []
                pad = widths[c] - cell_width("".join(t for t, _ in spans))
                line += spans + [(" " * pad + ("  " if c < count - 1 else ""), ())]
            out.append(line)
        if r == 0:
            out.append([(follow, ()), ("─" * min(sum(widths) + 2 * (count - 1), room + 2 * (count - 1)), ("dim",))])
    return out


# --- blocks ----------------------------------------------------------------------------------

def _blocks(text: str) -> list[tuple[str, object, str, str]]:
    """(kind, payload, first-line indent, other-lines indent) per block: "text" (spans), "pre" (a
    line of code), "table" (rows of cells of spans) or "blank"."""
    holes: list[str] = []

    def cut(match: re.Match) -> str:
        if match.group(1) or match.group(2):  # code: left to Markdown
            return match.group(0)
        shown = latex_to_unicode(match.group(3) or match.group(4))
        holes.append(shown.replace(" ", GLUE) if cell_width(shown) <= GLUED_MATH else shown)
        return _HOLE.format(len(holes) - 1)

    source = _CUT.sub(cut, text.replace("\r\n", "\n")).replace(r"\$", "$")
    if _PLAIN_MARK.search(source):
        return _Walker(holes).walk(_parser().parse(source))
    blocks: list[tuple[str, object, str, str]] = []  # no Markdown at all: paragraphs, without the parser
    for paragraph in re.split(r"\n[ \t]*\n", source.strip()):
        if blocks:
            blocks.append(("blank", None, "", ""))
        blocks.append(("text", [(_unhole(" ".join(paragraph.split()), holes), ())], "", ""))
    return blocks


def _unhole(text: str, holes: list[str]) -> str:
    return _HOLE_RE.sub(lambda m: holes[int(m.group(1))] if int(m.group(1)) < len(holes) else "", text)


class _Walker:
    """Turns markdown-it's block tokens into block lines with list and quote indents."""

    def __init__(self, holes: list[str]):
        self.holes = holes
        self.blocks: list[tuple[str, list[Span], str, str]] = []
        self.lists: list[list] = []  # per open list: [ordered?, next number]
        self.quote = ""
        self.pending_marker = ""
        self.tight: list[bool] = []

    def walk(self, tokens) -> list[tuple[str, list[Span], str, str]]:
        i = 0
        while i < len(tokens):
            i = self.step(tokens, i)
        while self.blocks and self.blocks[-1][0] == "blank":
            self.blocks.pop()
        return self.blocks

    def indent(self) -> str:
        return self.quote + "   " * max(0, len(self.lists) - 1) + ("   " if self.lists else "")

    def separate(self) -> None:
        if self.blocks and self.blocks[-1][0] != "blank" and not (self.tight and self.tight[-1]):
            self.blocks.append(("blank", [], "", ""))

    def step(self, tokens, i: int) -> int:
        token = tokens[i]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            if not self.lists:
                self.separate()
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 0
            self.lists.append([kind == "ordered_list_open", start])
            self.tight.append(_is_tight(tokens, i))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
            self.tight.pop()
            if not self.lists:
                self.blocks.append(("blank", [], "", ""))
        elif kind == "list_item_open":
            ordered, number = self.lists[-1]
            self.pending_marker = f"{number}. " if ordered else "• "
            if ordered:
                self.lists[-1][1] += 1
        elif kind == "blockquote_open":
            self.separate()
            self.quote += "│ "
        elif kind == "blockquote_close":
            self.quote = self.quote[:-2]
        elif kind == "inline" and tokens[i - 1].type in ("paragraph_open", "heading_open"):
            heading = tokens[i - 1].type == "heading_open"
            if not self.pending_marker and not heading:
                self.separate()
            elif heading:
                self.separate()
            self.paragraph(_inline(token.children or [], self.holes), ("bold",) if heading else ())
        elif kind in ("fence", "code_block"):
            self.separate()
            for line in token.content.rstrip("\n").split("\n"):
                self.blocks.append(("pre", line, self.indent() + "    ", self.indent() + "    "))
            self.blocks.append(("blank", [], "", ""))
        elif kind == "hr":
            self.separate()
            self.blocks.append(("text", [("───", ("dim",))], self.indent(), self.indent()))
        elif kind == "table_open":
            self.separate()
            end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            self.table(tokens[i:end])
            return end + 1
        return i + 1

    def paragraph(self, spans: list[Span], styles: tuple[str, ...]) -> None:
        indent = self.indent()
        first, hang = indent, indent
        if self.pending_marker:
            base = indent[:-3] if self.lists else indent
            marker = self.pending_marker
            first, hang = base + marker, base + " " * len(marker)
            self.pending_marker = ""
        line: list[Span] = []
        for text, own in spans + [("\n", ())]:
            if text == "\n":  # a hard line break
                self.blocks.append(("text", line, first, hang))
                line, first = [], hang
            else:
                line.append((text, own + styles))

    def table(self, tokens) -> None:
        """A table as aligned columns, each cell wrapped within its column when the table is wide;
        the header is bold."""
        rows: list[list[list[Span]]] = []
        for j, token in enumerate(tokens):
            if token.type == "tr_open":
                rows.append([])
            elif token.type == "inline" and tokens[j - 1].type in ("th_open", "td_open"):
                head = tokens[j - 1].type == "th_open"
                rows[-1].append([(t, s + (("bold",) if head else ())) for t, s in _inline(token.children or [], self.holes)])
        if rows:
            self.blocks.append(("table", rows, self.indent(), ""))


def _is_tight(tokens, i: int) -> bool:
    """markdown-it hides the paragraphs of a tight list's items."""
    level = tokens[i].level
    for token in tokens[i + 1:]:
        if token.type == "paragraph_open" and token.level <= level + 2:
            return token.hidden
        if token.level <= level and token.type.endswith("_close"):
            break
    return True


def _inline(children, holes: list[str]) -> list[Span]:
    """An inline token's children as styled spans (markers dropped, math put back)."""
    spans: list[Span] = []
    active: list[str] = []
    href = ""
    for child in children:
        kind = child.type
        if kind.endswith("_open") and kind[:-5] in _STYLE:
            active.append(_STYLE[kind[:-5]])
            href = child.attrGet("href") or "" if kind == "link_open" else href
        elif kind.endswith("_close") and kind[:-6] in _STYLE:
            if active:
                active.pop()
            if kind == "link_close" and href:
                spans.append((f" ({href})", ("dim",)))
                href = ""
        elif kind == "code_inline":
            spans.append((child.content, tuple(active) + ("cyan",)))
        elif kind == "softbreak":
            spans.append((" ", tuple(active)))
        elif kind == "hardbreak":
            spans.append(("\n", ()))
        elif kind == "image":
            spans.append((f"[{child.content or 'image'}]", tuple(active)))
        else:
            spans.append((_unhole(child.content, holes), tuple(active)))
    return spans
