"""Learner keys: each learner's variants are seeded from a key only the instructor can make.

    key  = HMAC-SHA256(secret, "dlquiz-assignment" NUL assignment id NUL learner), 80 bits, base32
    seed = first 31 bits of SHA-256(key NUL question id)

The secret stays with the instructor (a file outside every learner's repository, or a CI secret of
the instructor's gradebook repository). A learner is given their own key (`dlquiz assignment
keys` writes one per roster line); without the secret nobody can work out another learner's key,
so knowing a neighbour's account name does not give their numbers. At grading time the key is
made again from the learner's identity: answers saved under someone else's key are graded on the
learner's own variants (and the report says so).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from pathlib import Path

from grader.errors import DlquizError

SECRET_ENV = "DLQUIZ_ASSIGNMENT_SECRET"
MIN_SECRET = 16
MAX_SECRET_FILE = 4096
SEED_BITS = 31
KEY_FORM = re.compile(r"^[a-z2-7]{4}(-[a-z2-7]{4}){3}$")


def read_secret(secret_file: Path | None) -> bytes | None:
    """The instructor's secret: from `secret_file`, else $DLQUIZ_ASSIGNMENT_SECRET, else None."""
    if secret_file is not None:
        from grader.userfiles import read_text

        text = read_text(secret_file, "the secret file", MAX_SECRET_FILE)  # a FIFO or a device is refused
        origin = f"the secret file '{secret_file}'"
    elif os.environ.get(SECRET_ENV):
        text, origin = os.environ[SECRET_ENV], f"${SECRET_ENV}"
    else:
        return None
    secret = text.strip()
    if len(secret) < MIN_SECRET:
        raise DlquizError(f"The secret in {origin} is shorter than {MIN_SECRET} characters: make a long random "
                          "one, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`")
    return secret.encode()


def require_secret(secret_file: Path | None) -> bytes:
    """The secret, or a message saying where to give it."""
    secret = read_secret(secret_file)
    if secret is None:
        raise DlquizError(f"Learner keys need the instructor's secret: pass --secret-file FILE or set {SECRET_ENV}")
    return secret


def identity_of(learner: str) -> str:
    """How a learner's identity enters the key: trimmed and lower-cased (accounts are case-blind)."""
    return learner.strip().lower()


def learner_key(secret: bytes, assignment_id: str, learner: str) -> str:
    """The learner's key for one assignment: 16 letters and digits in groups of 4 (80 bits)."""
    message = f"dlquiz-assignment\x00{assignment_id}\x00{identity_of(learner)}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    letters = base64.b32encode(digest[:10]).decode().lower()
    return "-".join(letters[i:i + 4] for i in range(0, 16, 4))


def normal_key(text: str) -> str:
    """A typed key in its normal form (spaces and case forgiven), or a DlquizError."""
    compact = re.sub(r"[\s-]", "", text).lower()
    key = "-".join(compact[i:i + 4] for i in range(0, len(compact), 4))
    if not KEY_FORM.match(key):
        raise DlquizError(f"'{text}' is not a learner key: a key is 16 letters and digits like abcd-efgh-ijkl-mnop "
                          "(ask your instructor for yours)")
    return key


def seed_for(key: str, question_id: str) -> int:
    """The variant seed of question `question_id` for the learner holding `key` (0 <= seed < 2**31)."""
    digest = hashlib.sha256(f"{key}\x00{question_id}".encode()).digest()
    return int.from_bytes(digest[:4], "little") >> (32 - SEED_BITS)
