"""The class roster: learners to student ids, names and emails; one clear message (file, line)
for every malformed roster."""

from __future__ import annotations

import pytest

from grader.classroom.roster import RosterError, read_roster

GOOD = ("learner,student_id,name,email,section,extra column\n"
        "ana-l,S1001,Ana Lima,ana@uni.example,A,x\n"
        "Ben,S1002,Ben van Dijk,ben@uni.example,B,y\n"
        "\n"
        "cleo,,Cleo,,,\n")


def test_a_good_roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("\ufeff" + GOOD)  # a spreadsheet's byte-order mark is fine
    roster = read_roster(path)
    assert list(roster.students) == ["ana-l", "ben", "cleo"]
    ben = roster.find("BEN")
    assert ben.student_id == "S1002" and ben.split_name == ("Ben van", "Dijk") and ben.line == 3
    assert roster.find("cleo").split_name == ("Cleo", "") and roster.find("nobody") is None
    roster.require(["ana-l", "Ben"], "submissions")
    with pytest.raises(RosterError, match=r"2 learner\(s\) in submissions not on the roster: 'dan', 'eve'"):
        roster.require(["ana-l", "eve", "dan"], "submissions")


def test_first_and_last_name_columns(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("Learner,First Name,Last Name\nana,Ana,Lima\n")
    student = read_roster(path).find("ana")
    assert student.split_name == ("Ana", "Lima") and student.full_name == "Ana Lima"


@pytest.mark.parametrize("text, line, words", [
    ("", 1, "the file is empty"),
    ("name,email\nAna,a@x\n", 1, "no `learner` column"),
    ("learner,learner\nana,ana\n", 1, "given twice"),
    ("learner,student_id\nana,S1\nAna,S2\n", 3, "learner 'Ana' is already on line 2"),
    ("learner,student_id\nana,S1\nben,S1\n", 3, "student id 'S1' is already on line 2"),
    ("learner,student_id\nana,S1,extra\n", 2, "3 field(s), but the header has 2"),
    ("learner,student_id\n,S1\n", 2, "the learner is empty"),
    ("learner\n../etc\n", 2, "cannot be a folder name"),
    ("learner\n.git\n", 2, "cannot be a folder name"),
    ("learner,name\nana,\"Ana\x1b[2J\"\n", 2, "printable"),
    ('learner,name\nana,"unclosed\n', 2, "not valid CSV"),
    ("learner\n", None, "no learners in the roster"),
])
def test_malformed_rosters(tmp_path, text, line, words):
    path = tmp_path / "roster.csv"
    path.write_text(text)
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    message = str(caught.value)
    assert message.startswith(f"Roster error: {path}{':' + str(line) if line else ''}:"), message
    assert words in message


def test_binary_and_missing_rosters(tmp_path):
    binary = tmp_path / "roster.csv"
    binary.write_bytes(b"learner\n\xff\xfe\x00")
    with pytest.raises(RosterError, match="cannot read it as UTF-8"):
        read_roster(binary)
    with pytest.raises(Exception, match="No roster file"):
        read_roster(tmp_path / "none.csv")
