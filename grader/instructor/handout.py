"""The HTML handout: one self-contained page (inline CSS, JS and math font, math as MathML,
figures as inline SVG, no network).

Markdown goes through markdown-it (raw HTML in question text is escaped); $...$ and $$...$$
spans are cut out first and become MathML via latex2mathml, or Unicode via grader.textmath
where latex2mathml is missing or cannot read the LaTeX.
"""

from __future__ import annotations

import base64
import html
import re
from functools import lru_cache

from grader.figures.svg import render_svg
from grader.instructor import TEMPLATES, html_page
from grader.instructor.export import LETTERS, Item, shows_answer
from grader.userfiles import CONTROL

MATH_FONT = "math-font.woff2"

_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)(.+?)(?<![\s\\])\$", re.S)
_HOLE = "\x02{}\x03"
_HOLE_RE = re.compile("\x02(\\d+)\x03")


# What the MathML of a question may hold: a shared bank's LaTeX is not trusted, and latex2mathml
# passes `\text{</math><script>...}` through as markup, `\href{javascript:...}` as a link and
# `\style`/`\class` as attributes. Elements are MathML's; attributes only lay out math.
_MATHML_TAG = re.compile(r"m[a-z]+|none|semantics|annotation")
_MATHML_ATTRIBUTES = frozenset({
    "xmlns", "display", "mathvariant", "stretchy", "fence", "separator", "largeop", "movablelimits",
    "accent", "accentunder", "lspace", "rspace", "width", "height", "depth", "columnalign", "columnlines",
    "columnspacing", "rowalign", "rowlines", "rowspacing", "displaystyle", "scriptlevel", "linethickness",
    "notation", "minsize", "maxsize", "symmetric", "form", "frame", "framespacing", "equalrows",
    "equalcolumns", "mathcolor", "mathbackground", "open", "close", "align"})


def math_html(latex: str, display: bool) -> str:
    """MathML for `latex` (Unicode text in a span when it cannot be converted)."""
    try:
        from latex2mathml.converter import convert_to_element

        return _safe_mathml(convert_to_element(latex.strip(), display="block" if display else "inline"))
    except Exception:  # not installed, or LaTeX it does not know: readable text instead
        from grader.textmath import latex_to_unicode

        return f'<span class="math">{html.escape(latex_to_unicode(latex))}</span>'


def _safe_mathml(root) -> str:
    """The MathML tree as markup with every text escaped, only MathML elements and layout attributes
    (ValueError on anything else)."""
    from xml.etree.ElementTree import tostring

    for node in root.iter():
        if not isinstance(node.tag, str) or not _MATHML_TAG.fullmatch(node.tag):
            raise ValueError(f"not MathML: {node.tag!r}")
        for name in [name for name in node.attrib if name not in _MATHML_ATTRIBUTES]:
            del node.attrib[name]
        # latex2mathml writes symbols as character references (&#x0003C;) for the text it unescapes
        node.text = CONTROL.sub("", html.unescape(node.text)) if node.text else node.text
        node.tail = CONTROL.sub("", html.unescape(node.tail)) if node.tail else node.tail
    return tostring(root, encoding="unicode")


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown_html(text: str, inline: bool = False) -> str:
    """Markdown with $LaTeX$ as HTML; `inline` drops the wrapping paragraph of a one-line text."""
    holes: list[str] = []

    def cut(match: re.Match) -> str:
        holes.append(math_html(match.group(1) or match.group(2), display=match.group(1) is not None))
        return _HOLE.format(len(holes) - 1)

    body = _markdown().renderInline(_MATH.sub(cut, text)) if inline else _markdown().render(_MATH.sub(cut, text))
    return _HOLE_RE.sub(lambda m: holes[int(m.group(1))], body)


def answer_html(item: Item) -> str:
    """The answer as HTML: code in a block, an expression as code, several right options as a list,
    anything else as Markdown."""
    if len(item.answer_options) > 1:
        return "<ul class='answer-options'>" + "".join(
            f"<li>{markdown_html(option, inline=True)}</li>" for option in item.answer_options) + "</ul>"
    if item.answer_code:
        tag = "pre" if "\n" in item.answer.strip() else "span"
        inner = f"<code>{html.escape(item.answer.strip())}</code>"
        return f"<{tag} class='code'>{inner}</{tag}>"
    return markdown_html(item.answer)


@lru_cache(maxsize=1)
def math_font_face() -> str:
    """The @font-face rule of the math font (a subset of Latin Modern Math, tools/math_font.py),
    embedded as a data URL so fractions, sums and roots are typeset properly with no network."""
    data = base64.b64encode((TEMPLATES / MATH_FONT).read_bytes()).decode("ascii")
    return ('@font-face { font-family: "dlquiz Math"; font-display: block; '
            f'src: url(data:font/woff2;base64,{data}) format("woff2"); }}')


def to_html(items: list[Item], title: str, answers: bool) -> str:
    """The whole page."""
    from markupsafe import Markup

    cards = [{
        "n": n, "item": item,
        "prompt": Markup(markdown_html(item.prompt)),
        "figure": Markup(render_svg(item.figure, f"q{n}-figure")) if item.figure is not None else None,
        "options": [(LETTERS[i], Markup(markdown_html(o, inline=True)))
                    for i, o in enumerate(item.options)],
        "hints": [Markup(markdown_html(h, inline=True)) for h in item.hints],
        "answer": Markup(answer_html(item)) if shows_answer(item, answers) else None,
        "solution": Markup(markdown_html(item.solution)) if answers and item.solution.strip() else None,
    } for n, item in enumerate(items, 1)]
    return html_page("handout.html.j2", title=title, answers=answers, cards=cards, font_face=Markup(math_font_face()),
                     css=Markup((TEMPLATES / "handout.css").read_text(encoding="utf-8")),
                     js=Markup((TEMPLATES / "handout.js").read_text(encoding="utf-8")))
