"""`dlquiz stats`: item analysis over `grade --batch` gradebooks and `progress --export` files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from grader.errors import DlquizError
from grader.instructor.responses import Response, Responses, read_results
from grader.instructor.stats import MIN_LEARNERS, analyse, class_size_warning, correlation, groups, wilson

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "stats"
GRADEBOOK = [FIXTURES / "gradebook.csv", FIXTURES / "gradebook.json"]
PROGRESS = sorted(FIXTURES.glob("progress-*.csv"))


@pytest.fixture(scope="module")
def gradebook_stats():
    return {s.item: s for s in analyse(read_results(GRADEBOOK))}


@pytest.mark.parametrize("item, share_right, failure", [
    ("code/mse", 0.7, "That is the sum of the squared errors"),   # a matched known mistake
    ("code/one-hot", 0.9, "Labels start at 0"),
    ("code/relu-backward", 0.7, "At exactly z == 0 the gradient must be 0"),
    ("code/softmax", 0.4, "Each row must sum to 1"),
])
def test_gradebook_share_right_and_commonest_failure(gradebook_stats, item, share_right, failure):
    s = gradebook_stats[item]
    assert s.n == 10 and s.share_right == pytest.approx(share_right) and s.top_failure.startswith(failure)


def test_a_learner_who_submitted_nothing_failed_as_not_submitted():
    responses = read_results(GRADEBOOK[:1])  # the CSV alone: its JSON details are read from beside it
    assert responses.by_pair[("learner09", "code/softmax")].failure == "not submitted"
    assert responses.by_pair[("learner08", "code/softmax")].failure.startswith("returns an ndarray")  # the starter


def test_discrimination_ranks_separating_items_first_and_flags_reversed_ones(gradebook_stats, dlquiz):
    ranked = [s.item for s in analyse(read_results(GRADEBOOK))]
    assert ranked[0] == "code/mse" and ranked[-1] == "code/relu-backward"
    reversed_item = gradebook_stats["code/relu-backward"]
    assert reversed_item.r_pb < 0 and reversed_item.d < 0
    out = dlquiz("stats", str(GRADEBOOK[0])).out
    assert "Review these" in out and f"code/relu-backward: r_pb {reversed_item.r_pb:+.2f}" in out


def test_an_item_everyone_gets_right_has_no_discrimination():
    responses = read_results(GRADEBOOK)
    for learner in responses.learners():
        responses.by_pair[(learner, "code/easy")] = Response(1.0, True)
    easy = {s.item: s for s in analyse(responses)}["code/easy"]
    assert easy.share_right == 1.0 and easy.r_pb is None and easy.d == 0


def test_progress_exports_count_each_learners_first_encounter():
    responses = read_results(PROGRESS)
    assert responses.learners() == ["ana", "ben", "cleo", "dev", "eve"]
    first = responses.by_pair[("ben", "losses/mse")]
    assert not first.correct and first.failure.startswith("You halved the mean")  # the later right answer is a review
    mse = {s.item: s for s in analyse(responses)}["losses/mse"]
    assert mse.share_right == pytest.approx(0.4) and mse.top_failure_count == 2
    assert responses.kinds["training/minibatch-generalisation"] == "flashcard"


def test_point_biserial_matches_the_textbook_formula():
    right = [1, 1, 1, 0, 0, 1, 0, 0]
    rest = [0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.3, 0.2]
    p = sum(right) / len(right)
    m1 = sum(r for r, c in zip(rest, right) if c) / sum(right)
    m0 = sum(r for r, c in zip(rest, right) if not c) / (len(right) - sum(right))
    sd = (sum((r - sum(rest) / len(rest)) ** 2 for r in rest) / len(rest)) ** 0.5
    assert correlation(right, rest) == pytest.approx((m1 - m0) / sd * (p * (1 - p)) ** 0.5)


def test_upper_and_lower_groups_are_27_percent():
    means = {f"l{i}": i / 10 for i in range(10)}
    upper, lower = groups(means)
    assert upper == {"l9", "l8", "l7"} and lower == {"l0", "l1", "l2"}


def test_a_single_learner_has_no_discrimination():
    responses = Responses({("solo", "a"): Response(1.0, True), ("solo", "b"): Response(0.0, False)})
    assert all(s.r_pb is None and s.d is None for s in analyse(responses))


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_json_and_html_outputs(dlquiz, tmp_path, fmt):
    out = tmp_path / f"stats.{fmt}"
    run = dlquiz("stats", *map(str, PROGRESS + GRADEBOOK), "--format", fmt, "--out", str(out))
    assert run.code == 0, run.err
    text = out.read_text()
    if fmt == "json":
        data = json.loads(text)
        assert data["learners"] == 15 and len(data["items"]) == 7
        assert {"item", "n", "share_right", "r_pb", "d", "top_failure"} <= set(data["items"][0])
    else:
        assert text.count("<svg") == 2 and "<script" not in text and "default-src 'none'" in text
        assert "code/relu-backward" in text and "Review these" in text


@pytest.mark.parametrize("content, suffix, words", [
    ("a,b\n1,2\n", ".csv", "neither a gradebook"),
    ("learner,code/x,total\nann,1.7,1.7\n", ".csv", "should be a number from 0 to 1, not '1.7'"),
    ("{not json", ".json", "Cannot read the gradebook details"),
    ('{"ann": {"code/x": {"score": 1}}}', ".json", "is not a dlquiz gradebook details file"),
    ("a\x1b[2J,b\x00\n1,2\n", ".csv", "its columns: a\\x1b[2J, b\\x00"),
    ("learner,code/x,total\nann," + "9" * 200_000 + ",1\n", ".csv", "field larger than field limit"),
])
def test_bad_files_are_clear_messages(dlquiz, tmp_path, content, suffix, words):
    path = tmp_path / f"bad{suffix}"
    path.write_text(content)
    run = dlquiz("stats", str(path))
    assert run.code == 2 and words in run.err and "Traceback" not in run.err


def test_escape_codes_in_a_results_file_never_reach_the_terminal(dlquiz, tmp_path):
    path = tmp_path / "progress.csv"
    path.write_text("learner,question_id,topic,kind,seed,answered_at,correct,score,tries,hints_used,mistake,rating\n"
                    "ann\x1b[2J,losses/mse\x1b[31m,losses,numeric,,2025-01-01T00:00:00+00:00,0,0,1,0,\x1b]0;pwn\x07,again\n")
    run = dlquiz("stats", str(path))
    assert run.code == 0 and "\x1b" not in run.out + run.err and "\x07" not in run.out
    assert "losses/mse\\x1b[31m" in run.out and "1x \\x1b]0;pwn" in run.out


def test_missing_file_and_bad_format(dlquiz, tmp_path):
    assert "No such file or directory: check the path" in dlquiz("stats", str(tmp_path / "none.csv")).err
    bad = dlquiz("stats", str(GRADEBOOK[0]), "--format", "pdf")
    assert bad.code == 2 and "--format must be table, json or html" in bad.err


def test_read_results_needs_a_file():
    with pytest.raises(DlquizError, match="at least one file"):
        read_results([])


@pytest.mark.parametrize("right, n, low, high", [
    (0, 10, 0.0, 0.2775),      # Wilson (1927); e.g. Newcombe (1998), table I
    (10, 10, 0.7225, 1.0),
    (7, 10, 0.3968, 0.8922),
    (1, 2, 0.0945, 0.9055),
    (50, 100, 0.4038, 0.5962),
])
def test_wilson_interval_matches_published_values(right, n, low, high):
    got = wilson(right, n)
    assert got == pytest.approx((low, high), abs=5e-4)


def test_every_share_right_has_its_interval(gradebook_stats):
    for s in gradebook_stats.values():
        assert 0 <= s.share_right_low <= s.share_right <= s.share_right_high <= 1
        assert s.share_right_high - s.share_right_low > 0.2  # 10 learners: wide


def test_a_small_class_is_warned_about_in_every_format(dlquiz, tmp_path):
    table_run = dlquiz("stats", str(GRADEBOOK[0]))
    assert table_run.code == 0
    assert f"Warning: Only 10 learner(s): below {MIN_LEARNERS}" in table_run.out
    assert re.search(r"code/mse\s+10\s+70% \(40–89%\)", table_run.out), table_run.out
    data = json.loads(dlquiz("stats", str(GRADEBOOK[0]), "--format", "json").out)
    assert data["warning"].startswith("Only 10 learner(s)") and data["min_learners"] == MIN_LEARNERS
    mse = next(i for i in data["items"] if i["item"] == "code/mse")
    assert mse["share_right_low"] == pytest.approx(0.3968, abs=5e-4)
    page = tmp_path / "stats.html"
    html = dlquiz("stats", str(GRADEBOOK[0]), "--format", "html", "--out", str(page))
    assert "Only 10 learner(s)" in html.err and 'class="warning"' in page.read_text()
    assert "(40–89%)" in page.read_text()


def test_no_warning_from_a_class_large_enough():
    assert class_size_warning(MIN_LEARNERS) is None and class_size_warning(MIN_LEARNERS - 1)
