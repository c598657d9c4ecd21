"""The hostile question corpus, through the real command: each file gives one clear problem line and
exit 2, within a time and memory bound, and runs no code.

The corpus is tests/fixtures/hostile_questions (each file's first line `# expect: FRAGMENT[ | OTHER]`
says what its problem line contains), plus files that cannot live in git: a FIFO, links leading
out of the bank (to a file and to a device), a link loop, a folder named like a question, and a
file over the size limit.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, dlquiz_env

CORPUS = REPO / "tests" / "fixtures" / "hostile_questions"
MARKER = "dlquiz-EXECUTED"  # what the corpus's payloads try to create in the working folder
SECONDS = 30.0  # per `show`, on a loaded 2-core machine (each takes well under 2 s alone)
VALIDATE_SECONDS = 120.0  # one `validate` over the whole corpus (about 5 s alone)
MAX_RSS_MB = 400  # numpy, SymPy and the loaded bank take ~150 MB


@dataclass(frozen=True)
class Measured:
    """One command's exit code, output, wall time and peak memory."""

    code: int | None
    out: str
    err: str
    seconds: float
    rss_mb: float


# The command runs as a grandchild of a small launcher that reports its peak memory: Linux carries
# the peak RSS of the process that executes over into the new program, so measured as a direct
# child of pytest (large after a long suite) every command would look as big as pytest.
LAUNCHER = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(args: list[str], cwd: Path, home: Path, seconds: float = SECONDS) -> Measured:
    """Run `python -m cli ARGS`, killed after `seconds`; its peak memory (with its children's) from wait4."""
    tag = threading.get_ident()
    out_path, err_path, rss_path = (cwd / f".{name}-{tag}" for name in ("out", "err", "rss"))
    with open(out_path, "w") as out, open(err_path, "w") as err:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(rss_path), sys.executable, "-m", "cli", *args],
                                stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True,
                                cwd=cwd, env={**dlquiz_env(home), "PYTHONPATH": str(REPO)})
        timer = threading.Timer(seconds, os.killpg, (proc.pid, signal.SIGKILL))
        timer.start()
        proc.wait()
        timer.cancel()
        elapsed = time.monotonic() - start
    texts = out_path.read_text(errors="replace"), err_path.read_text(errors="replace")
    rss_kb = int(rss_path.read_text()) if rss_path.exists() else 0
    for path in (out_path, err_path, rss_path):
        path.unlink(missing_ok=True)
    return Measured(None if elapsed >= seconds else proc.returncode, *texts, elapsed, rss_kb / 1024)


def expectations() -> dict[str, list[str]]:
    """Question id -> the fragments its problem line may contain (the corpus's `# expect:` lines)."""
    found = {}
    for path in sorted((CORPUS / "t").glob("*.yaml")):
        first = path.read_bytes().split(b"\n", 1)[0].decode()
        match = re.fullmatch(r"# expect: (.+)", first)
        assert match, f"{path} has no `# expect:` first line"
        found[f"t/{path.stem}"] = [part.strip() for part in match.group(1).split(" | ")]
    return found


EXPECTED = expectations()
SPECIAL = {  # made at run time: (how, problem fragment)
    "t/fifo": ("fifo", "it is a named pipe (FIFO), not a regular file"),
    "t/link-out": ("link:/etc/hostname", "outside"),
    "t/link-device": ("link:/dev/zero", "outside"),
    "t/link-loop": ("link:link-loop.yaml", "its links cannot be followed"),
    "t/folder": ("folder", "it is a folder, not a regular file"),
    "t/too-big": ("big", "over the 256 KiB limit"),
}


@pytest.fixture(scope="module")
def bank(tmp_path_factory) -> Path:
    """The corpus and the special files, in a bank of their own."""
    root = tmp_path_factory.mktemp("hostile") / "bank"
    shutil.copytree(CORPUS, root)
    for qid, (how, _) in SPECIAL.items():
        path = root / f"{qid}.yaml"
        if how == "fifo":
            os.mkfifo(path)
        elif how.startswith("link:"):
            path.symlink_to(how[5:])
        elif how == "folder":
            path.mkdir()
        else:
            path.write_text("title: T\nkind: flashcard\nprompt: p\nanswer: '" + "x" * 300_000 + "'\n")
    return root


def problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Question configuration error:")]


def assert_contained(run: Measured, cwd: Path) -> None:
    assert run.code is not None, f"no answer in {run.seconds:.0f} s"
    assert "Traceback" not in run.err + run.out, run.err
    assert 0 < run.rss_mb < MAX_RSS_MB, f"{run.rss_mb:.0f} MB"
    assert not (cwd / MARKER).exists(), "CODE WAS EXECUTED"


ALL = {**EXPECTED, **{qid: [fragment] for qid, (_, fragment) in SPECIAL.items()}}
# `show` runs on the issue's own payloads and one file of every other sort (`validate` runs on all).
SHOWN = ["t/globals-walk", "t/billion-laughs", "t/fifo", "t/range-billion", "t/string-10gb", "t/unknown-solver",
         "t/huge-shape", "t/integer-1e30", "t/uniform-infinite", "t/thirty-options", "t/design-without-fields",
         "t/link-out", "t/macro-doubling", "t/include-file", "t/subclasses-walk", "t/too-big"]


@pytest.fixture(scope="module")
def shown(bank, tmp_path_factory) -> dict[str, tuple[Measured, Path]]:
    """`dlquiz show ID` for the files in SHOWN (two at a time)."""
    def show(qid: str) -> tuple[Measured, Path]:
        cwd = tmp_path_factory.mktemp("cwd")
        return run_measured(["show", qid, "--bank", str(bank)], cwd, cwd / "home"), cwd

    with ThreadPoolExecutor(2) as pool:
        return dict(zip(SHOWN, pool.map(show, SHOWN)))


@pytest.mark.parametrize("qid", SHOWN)
def test_show_gives_one_clear_problem_line(shown, qid):
    run, cwd = shown[qid]
    assert_contained(run, cwd)
    assert run.code == 2
    [line] = problem_lines(run.err)
    assert f"t/{qid[2:]}.yaml" in line
    assert any(fragment in line for fragment in ALL[qid]), line


def test_validate_reports_every_file_once_and_goes_on(bank, tmp_path):
    """One run over the whole corpus: one problem line per file (plus the good question, which passes)."""
    (bank / "t" / "fine.yaml").write_text("title: Fine\nkind: flashcard\nprompt: '{{ 1 + 1 }}'\nanswer: x\n")
    try:
        run = run_measured(["validate", str(bank), "--seeds", "0"], tmp_path, tmp_path / "home", VALIDATE_SECONDS)
    finally:
        (bank / "t" / "fine.yaml").unlink()
    assert_contained(run, tmp_path)
    assert run.code == 2
    lines = problem_lines(run.err)
    for qid, fragments in ALL.items():
        mine = [line for line in lines if f"/{qid}.yaml" in line]
        assert len(mine) == 1, (qid, mine)
        assert any(fragment in mine[0] for fragment in fragments), mine[0]
    assert len(lines) == len(ALL)
    assert "fine.yaml" not in run.err


def test_list_leaves_the_broken_files_out_and_lists_the_rest(bank, tmp_path):
    (bank / "t" / "fine.yaml").write_text("title: Fine\nkind: flashcard\nprompt: p\nanswer: x\n")
    try:
        run = run_measured(["list", "--bank", str(bank)], tmp_path, tmp_path / "home")
    finally:
        (bank / "t" / "fine.yaml").unlink()
    assert_contained(run, tmp_path)
    assert run.code == 2 and "t/fine" in run.out


def test_validate_stops_one_question_that_runs_too_long_and_checks_the_rest(tmp_path):
    """The issue's power tower as a symbolic answer: bounded by the expression reader, else stopped at --timeout."""
    bank = tmp_path / "bank" / "t"
    bank.mkdir(parents=True)
    (bank / "tower.yaml").write_text("title: T\nkind: symbolic\nprompt: p\nvariables: [x]\n"
                                     "answer: '((((2^200)^200)^200)^200)*x'\n")
    (bank / "fine.yaml").write_text("title: Fine\nkind: flashcard\nprompt: p\nanswer: x\n")
    (bank / "broken.yaml").write_text("title: Broken\nkind: flashcard\nprompt: '{{ nope }}'\nanswer: x\n")
    run = run_measured(["validate", str(tmp_path / "bank"), "--seeds", "0", "--timeout", "5", "--jobs", "1"],
                       tmp_path, tmp_path / "home", VALIDATE_SECONDS)
    assert_contained(run, tmp_path)
    assert run.code == 2
    lines = problem_lines(run.err)
    assert len(lines) == 2 and "tower.yaml" in lines[0] + lines[1] and "broken.yaml" in lines[0] + lines[1]
    assert "fine.yaml" not in run.err and "1 question(s) checked" in run.out


@pytest.mark.parametrize("qid", ["t/outer-product", "t/derivative-swell"])
def test_a_learners_variant_of_a_formula_bomb_is_one_line_in_bounded_memory(bank, tmp_path, qid):
    """`show` of the course's variant needs no answer; a learner's seed draws and checks it: every redraw
    used to build the 800 MB array again (or differentiate again for seconds, 100 times)."""
    run = run_measured(["show", qid, "--seed", "1", "--bank", str(bank)], tmp_path, tmp_path / "home")
    assert_contained(run, tmp_path)
    assert run.code == 2
    [line] = problem_lines(run.err)
    assert any(fragment in line for fragment in ALL[qid]), line
