"""The learner's name in a report: --learner, else the CI run's, else the folder's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.classroom.names import learner_name


def _event(tmp_path: Path, owner_type: str) -> str:
    path = tmp_path / f"event-{owner_type}.json"
    path.write_text(json.dumps({"repository": {"owner": {"login": "x", "type": owner_type}}}))
    return str(path)


@pytest.mark.parametrize("explicit, env, expected", [
    ("ana", {"GITHUB_ACTIONS": "true", "GITHUB_ACTOR": "ben"}, "ana"),
    (None, {}, "exercises"),
    (None, {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY_OWNER": "my-course", "GITHUB_ACTOR": "ana"}, "ana"),
    (None, {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY_OWNER": "my-course", "GITHUB_ACTOR": "github-classroom[bot]"},
     "my-course"),
    (None, {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY_OWNER": "ana", "GITHUB_ACTOR": "ta-bob", "EVENT": "User"}, "ana"),
    (None, {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY_OWNER": "my-course", "GITHUB_ACTOR": "ana",
            "EVENT": "Organization"}, "ana"),
    (None, {"GITLAB_CI": "true", "GITLAB_USER_LOGIN": "cleo", "CI_PROJECT_NAMESPACE": "course"}, "cleo"),
    (None, {"GITLAB_CI": "true", "CI_PROJECT_NAMESPACE": "dev"}, "dev"),
    (None, {"GITHUB_ACTOR": "not-in-ci"}, "exercises"),
])
def test_learner_name(tmp_path, explicit, env, expected):
    env = dict(env)
    if "EVENT" in env:
        env["GITHUB_EVENT_PATH"] = _event(tmp_path, env.pop("EVENT"))
    folder = tmp_path / "exercises"
    folder.mkdir()
    assert learner_name(explicit, folder, env)[0] == expected


def test_an_unreadable_event_payload_falls_back_to_the_actor(tmp_path):
    bad = tmp_path / "event.json"
    bad.write_text("{not json")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY_OWNER": "course", "GITHUB_ACTOR": "ana",
           "GITHUB_EVENT_PATH": str(bad)}
    assert learner_name(None, tmp_path, env) == ("ana", "GITHUB_ACTOR (who pushed)")
