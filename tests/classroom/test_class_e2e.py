"""End to end, through the real commands: a class of 6 learners as local git repositories, an
assignment of 3 typed questions and 2 exercises; keys made, answers typed at the terminal and
pushed, repositories collected, graded in 2 shards, merged, exported for Canvas and Moodle, and
the files checked against the published column layouts."""

from __future__ import annotations

import csv
import io
import json
import shutil

from grader.assignment.keys import seed_for
from grader.bank import Bank
from grader.checkers import checker_for
from grader.classroom.lms import CANVAS_COLUMNS, MOODLE_COLUMNS
from grader.code import learner_filename, reference_path, starter_path
from grader.variants import make_variant
from tests.classroom.test_collect_and_lms import git
from tests.code.conftest import exercises

ASSIGNMENT = """\
id: week-3
title: "Week 3: losses and activations"
tries: 2
questions:
  - {id: losses/mse, points: 2}
  - {id: losses/choose-loss, points: 1}
  - {id: activations/sigmoid-derivative, points: 1}
exercises:
  - {id: code/mse, points: 3}
  - {id: code/one-hot, points: 3}
"""
ROSTER = """\
learner,student_id,name,email,section
ana,S1,Ana Lima,ana@uni.example,A
ben,S2,Ben Ode,ben@uni.example,A
cleo,S3,Cleo Park,cleo@uni.example,B
dev,S4,Dev Rao,dev@uni.example,B
eve,S5,Eve Stone,eve@uni.example,A
fay,S6,Fay Wu,fay@uni.example,B
"""
TYPED = ["losses/mse", "losses/choose-loss", "activations/sigmoid-derivative"]


def right(key: str, qid: str) -> str:
    variant = make_variant(Bank.open(None).load(qid), seed_for(key, qid))
    text = checker_for(variant.question.kind).answer_text(variant)
    return text.split(")")[0] if variant.question.kind == "choice" else text


def wrong(key: str, qid: str) -> str:
    return {"losses/mse": "123456", "activations/sigmoid-derivative": "x^3"}.get(qid) or \
        "abcd".replace(right(key, qid), "")[0]


def test_a_class_from_keys_to_lms(dlquiz, tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    (course / "roster.csv").write_text(ROSTER)
    (course / "secret.txt").write_text("course secret: keep it out of every learner's repository\n")
    template = tmp_path / "template"
    template.mkdir()
    (template / "assignment.yaml").write_text(ASSIGNMENT)
    assert dlquiz("assignment", "check", str(template / "assignment.yaml")).code == 0
    made = dlquiz("assignment", "keys", str(template / "assignment.yaml"), "--roster", str(course / "roster.csv"),
                  "--secret-file", str(course / "secret.txt"), "--out", str(course / "keys.csv"))
    assert made.code == 0, made.err
    keys = {r["learner"]: r["key"] for r in csv.DictReader((course / "keys.csv").open())}

    code = {q.id: q for q in exercises() if q.id in ("code/mse", "code/one-hot")}
    remotes, work = tmp_path / "remotes", tmp_path / "work"
    plans = {  # learner: (typed answers to give, {exercise: source file})
        "ana": ([right(keys["ana"], q) for q in TYPED], {q: reference_path(code[q]) for q in code}),
        "ben": ([right(keys["ben"], q) for q in TYPED],
                {"code/mse": starter_path(code["code/mse"]), "code/one-hot": reference_path(code["code/one-hot"])}),
        "cleo": ([wrong(keys["cleo"], "losses/mse"), wrong(keys["cleo"], "losses/mse"),
                  right(keys["cleo"], "losses/choose-loss"), "skip"], {"code/mse": reference_path(code["code/mse"])}),
        "dev": (None, {}),
        "eve": (None, {}),
        "fay": (None, {q: reference_path(code[q]) for q in code}),
    }
    for learner, (answers, files) in plans.items():
        repo = work / learner
        shutil.copytree(template, repo)
        git("init", "-q", "-b", "main", str(repo))
        (repo / "exercises").mkdir()
        for qid, source in files.items():
            shutil.copyfile(source, repo / "exercises" / learner_filename(qid))
        if answers is not None:
            typed = dlquiz("assignment", "answer", str(repo / "assignment.yaml"), "--key", keys[learner],
                           input="\n".join(answers + ["quit"]) + "\n")
            assert typed.code == 0, typed.err
        git("add", "-A", cwd=repo)
        git("commit", "-q", "--allow-empty", "-m", "my work", cwd=repo)
    shutil.copyfile(work / "ana" / "answers.yaml", work / "eve" / "answers.yaml")  # eve copies ana's answers
    (work / "fay" / "answers.yaml").write_text("assignment: week-3\nkey: [oops]\n")  # fay breaks hers
    for learner in ("eve", "fay"):
        git("add", "-A", cwd=work / learner)
        git("commit", "-q", "-m", "answers", cwd=work / learner)
    for learner in plans:
        git("clone", "-q", "--bare", str(work / learner), str(remotes / f"{learner}.git"))

    submissions = course / "submissions"
    collected = dlquiz("collect", "--roster", str(course / "roster.csv"), "--url", f"{remotes}/{{learner}}.git",
                       "--into", str(submissions))
    assert collected.code == 0, collected.err
    one = dlquiz("grade", str(submissions / "fay"), "--assignment", str(template / "assignment.yaml"),
                 "--secret-file", str(course / "secret.txt"))
    assert one.code == 2 and "answers.yaml:2:" in one.err  # one learner: her malformed file is an error

    common = ["--assignment", str(template / "assignment.yaml"), "--roster", str(course / "roster.csv"),
              "--secret-file", str(course / "secret.txt")]
    for k in (1, 2):
        shard = dlquiz("grade", "--batch", str(submissions), *common, "--shard", f"{k}/2", "--workers", "2",
                       "--out", str(course / f"part-{k}.csv"))
        assert shard.code == 0, shard.err
    merged = dlquiz("grade", "merge", str(course / "part-1.csv"), str(course / "part-2.csv"), "--format", "junit",
                    "--out", str(course / "gradebook.csv"))
    assert merged.code == 0, merged.err
    details = json.loads((course / "gradebook.json").read_text())
    totals = {name: record["total"] for name, record in details["totals"].items()}
    assert totals == {"ana": 1.0, "ben": 0.7, "cleo": 0.4, "dev": 0.0, "eve": totals["eve"], "fay": 0.6}
    assert totals["eve"] < 0.4 and "not eve's" in " ".join(details["totals"]["eve"]["notes"])
    statuses = details["learners"]
    assert statuses["ben"]["code/mse"]["status"] == "not attempted"
    assert statuses["dev"]["losses/mse"]["status"] == "not submitted"
    assert statuses["cleo"]["activations/sigmoid-derivative"]["status"] == "not attempted"
    assert "answers.yaml:2:" in statuses["fay"]["losses/mse"]["message"]
    assert details["max_points"] == 10 and details["totals"]["ana"]["marks"] == 10
    assert (course / "gradebook.xml").read_text().count("<testsuite ") == 6

    for lms, columns in (("canvas", CANVAS_COLUMNS), ("moodle", MOODLE_COLUMNS)):
        out = course / f"{lms}.csv"
        exported = dlquiz("grade", "export", str(course / "gradebook.csv"), "--lms", lms,
                          "--roster", str(course / "roster.csv"), "--out", str(out))
        assert exported.code == 0, exported.err
        rows = list(csv.reader(io.StringIO(out.read_text())))
        assert rows[0] == columns + ["Week 3: losses and activations"]
        body = rows[2:] if lms == "canvas" else rows[1:]
        if lms == "canvas":
            assert rows[1][0].strip() == "Points Possible" and rows[1][-1] == "10"
            ids, points = [r[2] for r in body], {r[2]: r[-1] for r in body}
        else:
            ids, points = [r[2] for r in body], {r[2]: r[-1] for r in body}
            assert body[0][:6] == ["Ana", "Lima", "S1", "", "", "ana@uni.example"]
        assert ids == ["S1", "S2", "S3", "S4", "S5", "S6"]
        assert {k: points[k] for k in ("S1", "S2", "S3", "S4", "S6")} == {"S1": "10", "S2": "7", "S3": "4", "S4": "0",
                                                                             "S6": "6"}
