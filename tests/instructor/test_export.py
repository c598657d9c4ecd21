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
    assert "url(" not in text and "@import" not in text
    assert "<math" in text or '<span class="math">' in text
    assert "$" not in re.sub(r"<(pre|code)[\s\S]*?</\1>", "", text)  # every $...$ became math


@pytest.mark.parametrize("markdown, expected", [
    ("$x^2$ and *y*", "<em>y</em>"),
    ("costs 5 $ and 6 $", "5 $ and 6 $"),
    ("<script>alert(1)</script>", "&lt;script&gt;"),
])
def test_markdown_math_and_escaping(markdown, expected):
    assert expected in markdown_html(markdown)


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

