"""Every other file dlquiz reads or writes, given by the user: answer files (`check ID @FILE`), results for
`stats`, handout and export targets. A bad one is one message naming it, exit 2: no hang, no traceback."""

from __future__ import annotations

import os

import pytest

from grader.userfiles import InputFileError, read_text, write_text

GOOD_PROGRESS = ("learner,question_id,topic,kind,seed,answered_at,correct,score,tries,hints_used,mistake,rating\n"
                 "ana,losses/mse,losses,numeric,1,2025-01-01T00:00:00+00:00,1,1,1,0,,good\n")


def make(tmp_path, how: str):
    """A path of the kind `how` names."""
    path = tmp_path / f"thing-{how}"
    if how == "fifo":
        os.mkfifo(path)
    elif how == "folder":
        path.mkdir()
    elif how == "device":
        return "/dev/zero"
    elif how == "big":
        path.write_text("x" * 300_000)
    elif how == "not utf-8":
        path.write_bytes(b"\xff\xfe\x00answer")
    elif how == "link out":
        path.symlink_to("/etc/hostname")
    return str(path)


READS = [  # (kind of file, fragment of the message)
    ("fifo", "it is a named pipe (FIFO), not a regular file"),
    ("device", "it is a device, not a regular file"),
    ("folder", "it is a folder, not a regular file"),
    ("big", "it is 292 KiB, over the 256 KiB limit"),
    ("not utf-8", "it is not UTF-8 text"),
    ("missing", "No such file or directory: check the path"),
]


@pytest.mark.parametrize("how, fragment", READS, ids=[r[0] for r in READS])
def test_an_answer_file_that_cannot_be_read_is_one_message(dlquiz, tmp_path, how, fragment):
    target = make(tmp_path, how)
    run = dlquiz("check", "losses/mse", f"@{target}", timeout=60)
    assert run.code == 2 and "Traceback" not in run.err
    assert f"Cannot read the answer file '{target}': {fragment}" in run.err


STATS = [  # (file name, content or kind, fragment)
    ("fifo.csv", "fifo", "it is a named pipe (FIFO)"),
    ("zero.csv", "device", "it is a device"),
    ("short-rows.csv", "learner,question_id,answered_at,correct,score\nana,q1\n", ":2: this row has 2 cells but the header has 5"),
    ("nul.csv", "learner,question_id,answered_at,correct,score\x00\nana\x00", "nul.csv:2: this row has 1 cells"),
    ("binary.csv", b"\x89PNG\r\n\x1a\n\xff\xff", "it is not UTF-8 text"),
    ("bad-score.csv", GOOD_PROGRESS.replace(",1,1,1,0,", ",1,nan,1,0,"), "should be a number from 0 to 1, not 'nan'"),
    ("details.json", '{"format": "dlquiz-gradebook", "version": 1, "learners": [1]}', "is not laid out as `dlquiz grade --batch` writes"),
]


@pytest.mark.parametrize("name, content, fragment", STATS, ids=[s[0] for s in STATS])
def test_stats_refuses_a_bad_results_file_with_one_message(dlquiz, tmp_path, name, content, fragment):
    path = tmp_path / name
    if content in ("fifo", "device"):
        path = make(tmp_path, content)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    run = dlquiz("stats", str(path), timeout=60)
    assert run.code == 2 and "Traceback" not in run.err
    assert fragment in run.err, run.err
    assert str(path) in run.err


WRITES = [("fifo", "it is a named pipe (FIFO)"), ("device", "it is a device"), ("folder", "it is a folder")]


@pytest.mark.parametrize("how, fragment", WRITES, ids=[w[0] for w in WRITES])
@pytest.mark.parametrize("command", ["export", "stats --out", "progress --export"])
def test_an_output_target_that_is_not_a_file_is_refused(dlquiz, tmp_path, how, fragment, command):
    target = make(tmp_path, how)
    results = tmp_path / "progress.csv"
    results.write_text(GOOD_PROGRESS)
    args = {"export": ["export", target, "--topic", "losses"],
            "stats --out": ["stats", str(results), "--out", target],
            "progress --export": ["progress", "--learner", "ana", "--export", target]}[command]
    run = dlquiz(*args, timeout=60)
    assert run.code == 2 and "Traceback" not in run.err
    assert f"'{target}': {fragment}" in run.err and "give the name of a file" in run.err


def test_writing_replaces_a_file_whole_and_keeps_its_mode(tmp_path):
    path = tmp_path / "out.md"
    path.write_text("old")
    path.chmod(0o640)
    write_text(path, "new text", "the handout")
    assert path.read_text() == "new text" and (path.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temporary file left
    link = tmp_path / "link.md"
    link.symlink_to(path)
    write_text(link, "through the link", "the handout")
    assert link.is_symlink() and path.read_text() == "through the link"


def test_reading_stays_inside_the_folder_it_is_given(tmp_path):
    inside = tmp_path / "bank"
    inside.mkdir()
    (inside / "ok.yaml").write_text("fine")
    (inside / "also.yaml").symlink_to(inside / "ok.yaml")
    (inside / "out.yaml").symlink_to("/etc/hostname")
    assert read_text(inside / "also.yaml", "the question file", 100, within=inside) == "fine"
    with pytest.raises(InputFileError, match="outside"):
        read_text(inside / "out.yaml", "the question file", 100, within=inside)


def test_a_progress_export_never_hands_a_spreadsheet_a_formula(dlquiz, tmp_path):
    """A mistake's feedback comes from a question file: exported with a leading quote, read back without."""
    from grader.learner.store import AnswerRecord, Store

    home = tmp_path / "home"
    home.mkdir()
    store = Store.open(home / "progress.db")
    store.save(AnswerRecord("ana", "t/q", "t", "numeric", 1, tries=1, outcome="wrong", rating="again",
                            mistake='=HYPERLINK("http://x","click")'))
    store.close()
    out = tmp_path / "ana.csv"
    assert dlquiz("progress", "--learner", "ana", "--export", str(out)).code == 0
    assert "\"'=HYPERLINK" in out.read_text()
    run = dlquiz("stats", str(out), "--format", "json")
    assert run.code == 0 and '"top_failure": "=HYPERLINK(\\"http://x\\",\\"click\\")"' in run.out
