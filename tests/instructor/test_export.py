"""`dlquiz export`: worksheets and answer keys in Markdown and self-contained HTML, opened in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader.instructor.handout import markdown_html

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def bank(dlquiz, tmp_path):
    """A bank with one scaffolded question of each typed-answer kind (math, options, a flashcard)."""
    root = tmp_path / "bank"
    root.mkdir()
    for kind in ("numeric", "symbolic", "choice", "flashcard"):
        assert dlquiz("new", kind, f"unit/{kind}-one", "--bank", str(root)).code == 0
    return root


def test_markdown_worksheet_hides_answers_and_key_shows_them(dlquiz, bank, tmp_path):
    sheet, key = tmp_path / "sheet.md", tmp_path / "key.md"
    assert dlquiz("export", str(sheet), "--bank", str(bank)).code == 0
    assert dlquiz("export", str(key), "--answers", "--bank", str(bank)).code == 0
    sheet_text, key_text = sheet.read_text(), key.read_text()
    assert sheet_text.startswith("# Worksheet: all topics") and key_text.startswith("# Answer key: all topics")
    assert "**Answer:**" not in sheet_text and "**Worked solution:**" not in sheet_text
    assert "**Back of the card:**" in sheet_text  # a flashcard carries its answer
    assert key_text.count("**Answer:**") == 3 and "**Worked solution:**" in key_text
    assert "**Answer:** 0.04" in key_text and "`1 - tanh(x)^2`" in key_text
    assert re.search(r"^[a-d]\) Only affine maps", sheet_text, re.M) and "$\\hat{y} = [0.8, 0.2]$" in sheet_text


def test_seed_and_topic_choose_the_variant_and_questions(dlquiz, bank):
    canonical = dlquiz("export", "-", "--topic", "unit", "--bank", str(bank)).out
    seeded = dlquiz("export", "-", "--topic", "unit", "--seed", "3", "--bank", str(bank)).out
    assert "(seed 3)" in seeded and "[0.8, 0.2]" in canonical and "[0.8, 0.2]" not in seeded
    missing = dlquiz("export", "-", "--topic", "unti", "--bank", str(bank))
    assert missing.code == 2 and "Did you mean 'unit'?" in missing.err


def test_bad_format_and_unwritable_output_are_messages(dlquiz, bank, tmp_path):
    bad = dlquiz("export", str(tmp_path / "x.txt"), "--format", "pdf", "--bank", str(bank))
    assert bad.code == 2 and "--format must be markdown or html" in bad.err
    blocked = tmp_path / "file"
    blocked.write_text("")
    unwritable = dlquiz("export", str(blocked / "x.html"), "--bank", str(bank))
    assert unwritable.code == 2 and "Cannot write" in unwritable.err and "Traceback" not in unwritable.err


def test_html_is_self_contained(dlquiz, bank, tmp_path):
    page = tmp_path / "key.html"
    assert dlquiz("export", str(page), "--answers", "--bank", str(bank)).code == 0
    text = page.read_text()
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)=", text)
    assert "@import" not in text and "font-src data:" in text
    assert re.findall(r"url\(([a-z]+):", text) == ["data"]  # the embedded math font, nothing fetched
    assert "<math" in text or '<span class="math">' in text
    assert "$" not in re.sub(r"<(pre|code)[\s\S]*?</\1>", "", text)  # every $...$ became math


@pytest.mark.parametrize("markdown, expected", [
    ("$x^2$ and *y*", "<em>y</em>"),
    ("costs 5 $ and 6 $", "5 $ and 6 $"),
    ("<script>alert(1)</script>", "&lt;script&gt;"),
])
def test_markdown_math_and_escaping(markdown, expected):
    assert expected in markdown_html(markdown)


@pytest.mark.parametrize("latex, forbidden", [
    (r"\text{</math><script>alert(1)</script>}", "<script"),  # latex2mathml unescapes its own output
    (r"\text{<img src=x onerror=alert(1)>}", "<img"),
    (r"\href{javascript:alert(1)}{y}", "javascript:"),
    (r"\style{position:fixed;top:0}{x}", "style="),
    (r"\class{evil}{x}", "class="),
])
def test_latex_from_a_shared_bank_cannot_put_markup_into_the_page(latex, forbidden):
    """The page allows its own inline script, so a question's math must never become markup or links."""
    page = markdown_html(f"see ${latex}$ here")
    assert forbidden not in page and "<math" in page
    assert markdown_html(r"$\frac{1}{2} < \sqrt{x_i}$").count("<mfrac>") == 1


def test_html_opens_in_headless_chromium(dlquiz, bank, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    page_file = tmp_path / "key.html"
    assert dlquiz("export", str(page_file), "--answers", "--bank", str(bank)).code == 0
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            fetched: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", lambda route: (fetched.append(route.request.url), route.continue_()))
            page.goto(page_file.as_uri())
            assert errors == [] and fetched == [page_file.as_uri()]

            card = page.locator(".card").first
            assert card.get_attribute("aria-pressed") == "false"
            card.click()
            assert "flipped" in card.get_attribute("class") and card.get_attribute("aria-pressed") == "true"

            button, answer = page.locator("button.reveal").first, page.locator(".answer").first
            assert not answer.is_visible()
            button.click()
            assert answer.is_visible() and button.text_content() == "Hide answer"
            assert "Only affine maps" in answer.text_content()
            assert errors == []
        finally:
            browser.close()



FIGURES = {
    "curves/best-epoch": """
title: Best epoch
kind: numeric
prompt: "At which epoch was validation loss lowest?"
parameters:
  turn: {canonical: 12, integer: [8, 20]}
  noise: {canonical: 1, integer: [1, 100000]}
figure:
  epochs: 40
  panels:
    - {family: overfitting, turn: turn, seed: noise}
answer:
  solver: overfitting_best_epoch
  args: {epochs: 40, turn: turn, seed: noise}
tolerance: {atol: 1, rtol: 0}
hints: ["Look for the lowest point of the validation curve.", "Then read its epoch off the x axis."]
""",
    "curves/which-run": """
title: Which run overfits?
kind: choice
multiple: true
prompt: "Which runs are not healthy? Pick every one."
parameters:
  noise: {canonical: 3, integer: [1, 1000]}
figure:
  panels:
    - {family: good-fit, seed: noise}
    - {family: overfitting, turn: 10, seed: noise}
    - {family: lr-too-high, seed: noise}
    - {family: bug, seed: noise}
options:
  - {text: "Run P.", feedback: "P is fine."}
  - {text: "Run Q, which overfits.", correct: true}
  - {text: "Run R, whose learning rate is too high.", correct: true}
  - {text: "Run S, which learns nothing.", correct: true}
""",
}


@pytest.fixture
def figure_bank(tmp_path):
    """A bank with a one-run numeric question and a four-run multiple-answer choice question."""
    root = tmp_path / "figbank"
    for qid, text in FIGURES.items():
        (root / qid).parent.mkdir(parents=True, exist_ok=True)
        (root / f"{qid}.yaml").write_text(text)
    return root


def test_markdown_carries_the_text_plot_and_one_right_option_per_line(dlquiz, figure_bank, tmp_path):
    key = tmp_path / "key.md"
    assert dlquiz("export", str(key), "--answers", "--bank", str(figure_bank)).code == 0
    text = key.read_text()
    assert text.count("```text\nLoss per epoch") == 2 and "Legend: ⠒⠒⠒ validation loss" in text
    assert max(len(line) for line in text.split("```text")[1].split("```")[0].splitlines()) <= 80
    answer = text.split("**Answer:**\n\n")[1].split("\n\n")[0].splitlines()
    assert len(answer) == 3 and all(re.match(r"- [a-d]\) Run [QRS]", line) for line in answer)
    assert ".;" not in text


def test_one_line_answers_do_not_double_punctuate(dlquiz, figure_bank):
    run = dlquiz("solution", "curves/which-run", "--bank", str(figure_bank))
    assert run.code == 0 and ".;" not in run.out and "overfits. " in run.out + " "


def test_handout_with_figures_in_headless_chromium(dlquiz, figure_bank, tmp_path):
    """The SVG is there, sized and described; hints and answers print; the math font is embedded and used."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    page_file = tmp_path / "key.html"
    (figure_bank / "curves" / "math.yaml").write_text(
        "title: Math\nkind: flashcard\nprompt: 'What is $\\frac{1}{n}\\sum_{i=1}^{n} (y_i - \\hat{y}_i)^2$?'\n"
        "answer: The mean squared error.\n")
    assert dlquiz("export", str(page_file), "--answers", "--bank", str(figure_bank)).code == 0
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 900, "height": 1200})
            errors: list[str] = []
            fetched: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", lambda route: (fetched.append(route.request.url), route.continue_()))
            page.goto(page_file.as_uri())
            assert fetched == [page_file.as_uri()]

            figures = page.locator("figure.plot svg")
            assert figures.count() == 2
            for i in range(2):
                svg = figures.nth(i)
                box = svg.bounding_box()
                assert 300 <= box["width"] <= 900 and 150 <= box["height"] <= box["width"], box
                assert svg.get_attribute("role") == "img"
                title_id, desc_id = svg.get_attribute("aria-labelledby").split()
                assert page.locator(f"[id='{title_id}']").text_content() == "Loss per epoch"
                assert "validation loss by epoch:" in page.locator(f"[id='{desc_id}']").text_content()
                assert svg.locator("polyline").count() in (2, 8)
            assert page.get_by_role("img", name="Loss per epoch").count() == 2  # named for assistive technology

            math = page.locator("math").first
            assert "dlquiz Math" in math.evaluate("m => getComputedStyle(m).fontFamily")
            assert page.evaluate("""async () => (await document.fonts.load('16px "dlquiz Math"', '∑')).length""") == 1
            assert page.evaluate("""() => document.fonts.check('16px "dlquiz Math"', '∑')""")

            hint, toggle = page.locator(".hint").first, page.locator("button.hint-toggle").first
            assert not hint.is_visible()
            toggle.click()
            assert hint.is_visible() and toggle.get_attribute("aria-expanded") == "true"
            toggle.click()
            assert not hint.is_visible() and toggle.text_content() == "Hint 1"

            page.emulate_media(media="print")
            assert page.locator(".hint").nth(1).is_visible() and "Then read its epoch" in page.locator(".hint").nth(1).text_content()
            assert page.locator(".answer").first.is_visible() and not toggle.is_visible()
            items = page.locator(".answer ul.answer-options li")
            assert items.count() == 3 and items.first.text_content().startswith(("a)", "b)", "c)", "d)"))
            assert errors == []
        finally:
            browser.close()
