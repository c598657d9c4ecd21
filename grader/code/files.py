"""Where an exercise's files live (the starter next to its YAML, the reference under solutions/,
the learner's copy under a conventional name), and reading a learner's files safely.

A learner controls their folder: any part of a path may be a symbolic link to a reference
solution or to another learner's work. So a learner's path is walked one component at a time,
each opened relative to its parent's descriptor with O_NOFOLLOW: a link anywhere in the path
is refused, never followed. `read_learner_file` is the one way a learner's file is read; the
sandbox gets the bytes it returned, never the path.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # grader.model imports this package for the check specification
    from grader.model import Question

MAX_SOURCE = 1 << 20  # a learner's file above this is not graded
MAX_NOTEBOOK = 8 << 20  # a notebook carries its outputs (plots): it may be larger; its code may not
NOTEBOOK_SUFFIX = ".ipynb"
LEARNER_FOLDER_FALLBACK = "exercises"  # a learner's repository may keep its files there
_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # a FIFO cannot block the grader


class UnsafePath(OSError):
    """A learner's path that cannot be used: a link in it, not a folder or file, unreadable, too
    large. The message says why, for the learner's report."""


def learner_filename(qid: str) -> str:
    """The learner's file for exercise `qid`: its last id part with '-' as '_', plus .py
    (code/relu-backward -> relu_backward.py), so it is also an importable module name."""
    return qid.rsplit("/", 1)[-1].replace("-", "_") + ".py"


def starter_path(question: "Question") -> Path:
    """The starter file: next to the question file, same name, .py (questions/code/relu-backward.py)."""
    return question.file.with_suffix(".py")


def bank_root_of(question: "Question") -> Path:
    """The bank folder the question was loaded from (its file minus the id's parts)."""
    root = question.file
    for _ in question.id.split("/"):
        root = root.parent
    return root


def solutions_root(question: "Question") -> Path:
    """The solutions/ folder of the question's own bank (grader.bank.solutions_dir): never
    another bank's, so a course exercise without its reference is an error naming this path."""
    from grader.bank import solutions_dir

    return solutions_dir(bank_root_of(question))


def reference_path(question: "Question") -> Path:
    """The reference solution: solutions/<id>.py."""
    return solutions_root(question) / f"{question.id}.py"


@dataclass(frozen=True)
class LearnerFile:
    """One exercise's file from a learner: its conventional `name`, and its `source` (None: not
    submitted) or the `problem` that keeps it from being graded."""

    name: str
    source: bytes | None = None
    problem: str = ""
    submitted_as: str = ""  # the learner's own file name when it is not `name` (a notebook)
    notebook: Any = None  # grader.code.notebook.NotebookModule: where the source came from

    @property
    def shown(self) -> str:
        """The file name a learner knows: their notebook's, or the conventional one."""
        return self.submitted_as or self.name

    @property
    def submitted(self) -> bool:
        """True when there is something to grade or to report as unusable."""
        return self.source is not None or bool(self.problem)


def open_folder(path: Path) -> int:
    """A descriptor of folder `path`, reached without following any symbolic link: relative
    paths from the working folder, absolute ones from `/`. UnsafePath says which part is a
    link or not a folder. The caller closes the descriptor."""
    fd = os.open("/" if path.is_absolute() else ".", _DIRECTORY)
    walked = Path("/") if path.is_absolute() else Path()
    try:
        for part in path.parts[1:] if path.is_absolute() else path.parts:
            walked = walked / part
            try:
                child = os.open(part, _DIRECTORY, dir_fd=fd)
            except OSError as exc:
                raise UnsafePath(exc.errno, _why(fd, part, walked, exc, folder=True)) from None
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_learner_file(folder: int | Path, name: str, limit: int = MAX_SOURCE) -> bytes:
    """The bytes of learner file `name` in `folder` (a descriptor from open_folder, or a path
    walked the same way): the one way a learner's file is read. UnsafePath when it is a link,
    not a regular file, unreadable or larger than `limit` bytes (read no further than that)."""
    fd = folder if isinstance(folder, int) else open_folder(folder)
    try:
        try:
            file = os.open(name, _FILE, dir_fd=fd)
        except OSError as exc:
            raise UnsafePath(exc.errno, _why(fd, name, Path(name), exc, folder=False)) from None
        try:
            if not stat.S_ISREG(os.fstat(file).st_mode):
                raise UnsafePath(errno.EINVAL, "it is not a regular file")
            data = b""
            while len(data) <= limit and (chunk := os.read(file, limit + 1 - len(data))):
                data += chunk
        finally:
            os.close(file)
    finally:
        if not isinstance(folder, int):
            os.close(fd)
    if len(data) > limit:
        raise UnsafePath(errno.EFBIG, f"it is larger than {limit >> 10} KiB"
                         + (": clear its outputs (Kernel > Restart & Clear Output) and save it again"
                            if name.endswith(NOTEBOOK_SUFFIX) else ""))
    return data


def submission_path(folder: Path, qid: str) -> Path:
    """Where a learner's file for `qid` is in `folder`: <name>.py, else <name>.ipynb when only the
    notebook exists (what `exercise test`, `exercise list` and `exercise watch` look at)."""
    path = folder / learner_filename(qid)
    notebook = folder / notebook_name(path.name)
    return notebook if not os.path.lexists(path) and os.path.lexists(notebook) else path


def notebook_name(name: str) -> str:
    """The notebook a learner may submit instead of `name` (relu_backward.py -> relu_backward.ipynb)."""
    return name.removesuffix(".py") + NOTEBOOK_SUFFIX


def read_submission(folder: int | Path, file: str, name: str) -> LearnerFile:
    """Learner file `file` in `folder` as the module `name`: a .py file as it is, a notebook
    (.ipynb) as the code of its cells (grader.code.notebook: parsed, never run), or the problem
    that keeps it from being graded."""
    notebook = file.lower().endswith(NOTEBOOK_SUFFIX)
    try:
        data = read_learner_file(folder, file, MAX_NOTEBOOK if notebook else MAX_SOURCE)
    except UnsafePath as exc:
        return LearnerFile(name, problem=exc.strerror, submitted_as=file if notebook else "")
    return notebook_file(name, file, data) if notebook else LearnerFile(name, data)


def notebook_file(name: str, file: str, data: bytes) -> LearnerFile:
    """Notebook bytes `data` (the learner's `file`) as the module `name`: the code of its cells
    (grader.code.notebook: parsed in a bounded child, never run), or the problem with it."""
    from grader.code.notebook import NotebookError, notebook_module

    try:
        module = notebook_module(data, MAX_NOTEBOOK, MAX_SOURCE)
    except NotebookError as exc:
        return LearnerFile(name, problem=str(exc), submitted_as=file)
    source = module.source.encode("utf-8")
    if len(source) > MAX_SOURCE:
        return LearnerFile(name, problem=f"its code is larger than {MAX_SOURCE >> 10} KiB", submitted_as=file)
    return LearnerFile(name, source, submitted_as=file, notebook=module)


def learner_files(folder: Path, ids: list[str]) -> dict[str, LearnerFile]:
    """Each exercise's file in a learner's folder, by its conventional name (learner_filename);
    if none is there but the folder has an `exercises/` subfolder, those in it. No link is
    followed, in the folder's path or below it. UnsafePath when the folder itself cannot be used."""
    names = {qid: learner_filename(qid) for qid in ids}
    fd = open_folder(folder)
    try:
        if (not any(_exists(fd, n) or _exists(fd, notebook_name(n)) for n in names.values())
                and _exists(fd, LEARNER_FOLDER_FALLBACK)):
            try:
                inner = os.open(LEARNER_FOLDER_FALLBACK, _DIRECTORY, dir_fd=fd)
            except OSError as exc:
                why = _why(fd, LEARNER_FOLDER_FALLBACK, Path(LEARNER_FOLDER_FALLBACK), exc, folder=True)
                return {qid: LearnerFile(name, problem=why) for qid, name in names.items()}
            os.close(fd)
            fd = inner
        return {qid: _read_one(fd, name) for qid, name in names.items()}
    finally:
        os.close(fd)


def source_file(name: str, source: bytes) -> LearnerFile:
    """A learner's file given as text rather than read from disk (`dlquiz check code/x @file`); a
    notebook's JSON (`@relu_backward.ipynb`) is read as the notebook, not as Python."""
    if source.lstrip()[:1] == b"{" and b'"nbformat"' in source:
        return notebook_file(name, notebook_name(name), source)
    if len(source) > MAX_SOURCE:
        return LearnerFile(name, problem=f"it is larger than {MAX_SOURCE >> 10} KiB")
    return LearnerFile(name, source)


def _read_one(fd: int, name: str) -> LearnerFile:
    """The exercise's .py file, else its notebook (a .py beside a notebook is the one graded)."""
    for file in (name, notebook_name(name)):
        if _exists(fd, file):
            return read_submission(fd, file, name)
    return LearnerFile(name)


def _exists(fd: int, name: str) -> bool:
    try:
        os.lstat(name, dir_fd=fd)
    except OSError:
        return False
    return True


def _why(fd: int, name: str, shown: Path, exc: OSError, folder: bool) -> str:
    """Why `name` (in the folder `fd`) could not be opened, in words for a report."""
    try:
        mode = os.lstat(name, dir_fd=fd).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISLNK(mode):
        what = f"'{shown}' is" if folder else "it is"
        return f"{what} a symbolic link: links are not followed, submit the {'folder' if folder else 'file'} itself"
    if mode is not None and folder and not stat.S_ISDIR(mode):
        return f"'{shown}' is not a folder"
    return f"cannot read {'it' if not folder else repr(str(shown))}: {exc.strerror}"
