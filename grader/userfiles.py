"""Files given by someone else: reading them without trusting them, and writing where the user said.

Reading: only regular files (a FIFO would block, a device never ends), within a size cap, without
blocking on open, and, when a folder is given, only if the file really lies inside it (a link may not
lead out of a shared bank). Every refusal is an `InputFileError` whose `reason` says what is wrong and
what to do, for the caller to place in its own message.

Writing: only to a regular file (or a new one), through a temporary file renamed into place, so a
full disk or a Ctrl-C never leaves half a file behind; errors are one message naming the file.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from grader.errors import DlquizError

MiB = 1024 * 1024
# Terminal control codes in text from someone else (ESC sequences can clear the screen, retitle the
# window or worse): refused in question files, removed from rendered text. Tab and newline stay.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_KINDS = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """`text` for a CSV cell a spreadsheet will not run as a formula (a mistake's feedback comes from a
    question file, which may be anyone's): a leading `'` before `=`, `+`, `-`, `@` (`dlquiz stats`
    drops it again)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class InputFileError(DlquizError):
    """A file that cannot be read as asked; `reason` is the part after the file's name."""

    def __init__(self, path: Path, what: str, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"Cannot read {what} '{path}': {reason}")


def size_text(size: int) -> str:
    """`300 bytes`, `12 KiB`, `3.5 MiB`."""
    if size < 1024:
        return f"{size} bytes"
    if size < MiB:
        return f"{size // 1024} KiB"
    return f"{size / MiB:.1f} MiB"


def read_text(path: Path, what: str, max_bytes: int, within: Path | None = None) -> str:
    """The UTF-8 text of `path` (a regular file of at most `max_bytes`, inside `within` if given)."""
    data = read_bytes(path, what, max_bytes, within)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(path, what, f"it is not UTF-8 text (byte {exc.start} cannot be read): "
                                         "save it as UTF-8") from None


def read_bytes(path: Path, what: str, max_bytes: int, within: Path | None = None) -> bytes:
    """The bytes of `path`, under the same rules as `read_text`."""
    if within is not None:
        _check_inside(path, what, within)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputFileError(path, what, _os_reason(exc)) from None
    try:
        info = os.fstat(fd)
        kind = next((name for test, name in _KINDS if test(info.st_mode)), None)
        if kind is not None or not stat.S_ISREG(info.st_mode):
            raise InputFileError(path, what, f"it is {kind or 'not a regular file'}, not a regular file: "
                                             "give a plain file")
        if info.st_size > max_bytes:
            raise InputFileError(path, what, _too_big(info.st_size, max_bytes))
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(MiB, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:  # it grew while being read
            raise InputFileError(path, what, _too_big(total, max_bytes))
    except OSError as exc:
        raise InputFileError(path, what, _os_reason(exc)) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _too_big(size: int, limit: int) -> str:
    return f"it is {size_text(size)}, over the {size_text(limit)} limit: make it smaller (or split it)"


def _check_inside(path: Path, what: str, root: Path) -> None:
    try:
        real, real_root = path.resolve(), root.resolve()
    except (OSError, RuntimeError) as exc:  # a link loop
        raise InputFileError(path, what, f"its links cannot be followed ({exc}): replace the link by the file") from None
    if not real.is_relative_to(real_root):
        raise InputFileError(path, what, f"it is a link to '{real}', outside '{root}': copy the file in instead "
                                         "(links may not lead out of the folder)")


def _os_reason(exc: OSError) -> str:
    import errno

    reason = exc.strerror or str(exc)
    fixes = {errno.ENOENT: "check the path", errno.EACCES: "check its permissions",
             errno.EPERM: "check its permissions", errno.ELOOP: "replace the link by the file",
             errno.EISDIR: "give a file, not a folder", errno.ENOSPC: "free some space",
             errno.EROFS: "it is on a read-only disk: write somewhere else"}
    return f"{reason}: {fixes.get(exc.errno, 'check the file')}"


def write_text(path: Path, text: str, what: str, make_folder: bool = False) -> None:
    """Write `text` to `path` (a regular file or a new one; with `make_folder`, its folder is made),
    replacing it whole."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise DlquizError(f"Cannot write {what} '{path}': {_os_reason(exc)}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        raise DlquizError(f"Cannot write {what} '{path}': it is {kind}: give the name of a file to write "
                          "('-' writes to standard output)")
    try:
        if make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        if info is not None:
            mode = stat.S_IMODE(info.st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        replace_file(path.resolve(), text, mode)  # through a link to a file: that file is replaced, the link stays
    except OSError as exc:
        raise DlquizError(f"Cannot write {what} '{path}': {_os_reason(exc)}") from None


def replace_file(path: Path, text: str, mode: int | None = None) -> None:
    """Write `text` to a temporary file beside `path`, flushed to disk (with `mode`, if given), then
    rename it over `path`: a reader, or a failure half-way, never sees a partly written file. OSError
    on failure, with no temporary file left behind."""
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
