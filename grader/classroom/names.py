"""Whose work is graded: `--learner`, else what the CI run says, else the folder's name.

In GitHub Actions the repository's owner is the learner when a user owns it (a fork or a personal
repository); in a GitHub Classroom the owner is the course's organisation, and the learner is the
account that pushed (`GITHUB_ACTOR`, unless a bot pushed). The owner's type comes from the
event payload GitHub writes for every run (`$GITHUB_EVENT_PATH`). In GitLab CI the learner is
the user who started the pipeline (`GITLAB_USER_LOGIN`), else the project's namespace.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Mapping

MAX_EVENT = 4 << 20  # an event payload larger than this is not read


def learner_name(explicit: str | None, folder: Path, env: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(name, where it came from): `explicit`, else the CI environment, else the folder's name."""
    env = os.environ if env is None else env
    if explicit and explicit.strip():
        return explicit.strip(), "--learner"
    found = ci_learner(env)
    if found:
        return found
    return folder.resolve().name, "the folder's name"


def ci_learner(env: Mapping[str, str]) -> tuple[str, str] | None:
    """The learner a CI run is for, with the variable it came from; None outside CI."""
    if env.get("GITHUB_ACTIONS") == "true":
        owner, actor = env.get("GITHUB_REPOSITORY_OWNER", ""), env.get("GITHUB_ACTOR", "")
        if owner and _owner_type(env.get("GITHUB_EVENT_PATH")) == "User":
            return owner, "GITHUB_REPOSITORY_OWNER (a user's repository)"
        if actor and not actor.endswith("[bot]"):
            return actor, "GITHUB_ACTOR (who pushed)"
        if owner:
            return owner, "GITHUB_REPOSITORY_OWNER"
    if env.get("GITLAB_CI") == "true":
        for variable in ("GITLAB_USER_LOGIN", "CI_PROJECT_NAMESPACE"):
            if env.get(variable):
                return env[variable], variable
    return None


def _owner_type(event_path: str | None) -> str | None:
    """`User` or `Organization`, from the run's event payload (None when it cannot be read)."""
    if not event_path:
        return None
    try:
        path = Path(event_path)
        if path.stat().st_size > MAX_EVENT:
            return None
        event = json.loads(path.read_text(encoding="utf-8"))
        return event["repository"]["owner"]["type"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
