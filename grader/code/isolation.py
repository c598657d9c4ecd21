"""Which isolation a sandbox gets: the levels, their availability here, and the resource limits.

Three levels, the best available is used (or the one named by $DLQUIZ_SANDBOX):
  bubblewrap  a private filesystem view (system libraries, Python and numpy read-only; the
              learner's files; nothing else), no network, own pid/ipc/uts namespaces;
  unshare     no network, own pid/ipc/uts namespaces, the filesystem shared;
  rlimits     resource limits and a process group only.
At every level: an unprivileged uid when started as root and resource limits (CPU, memory,
processes, file size, open files). docs/threat-model.md says what each level defends.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

from grader.errors import DlquizError

MODES = ("bubblewrap", "unshare", "rlimits")
NAMESPACES = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandbox process (and of everything it starts)."""

    cpu_seconds: int = 60
    memory_bytes: int = 1 << 30
    processes: int = 32
    file_bytes: int = 64 << 20
    open_files: int = 256
    scratch_bytes: int = 16 << 20

    def rlimits(self, with_processes: bool) -> dict[str, int]:
        """The limits as `resource` names -> value (process count only for a dropped uid)."""
        limits = {"RLIMIT_CPU": self.cpu_seconds, "RLIMIT_AS": self.memory_bytes, "RLIMIT_FSIZE": self.file_bytes,
                  "RLIMIT_NOFILE": self.open_files, "RLIMIT_CORE": 0}
        if with_processes:
            limits["RLIMIT_NPROC"] = self.processes
        return limits

    def describe(self, with_processes: bool) -> str:
        """One line for reports."""
        text = f"CPU {self.cpu_seconds} s, memory {self.memory_bytes >> 20} MiB, files {self.file_bytes >> 20} MiB"
        return text + (f", {self.processes} processes" if with_processes else "")


@dataclass(frozen=True)
class Isolation:
    """The isolation in force: its `mode` and a sentence for reports."""

    mode: str
    uid: int | None
    limits: Limits = field(default_factory=Limits)

    @property
    def description(self) -> str:
        """What this isolation does, for every report."""
        who = f"uid {self.uid}" if self.uid is not None else "the caller's uid (not root: no uid change)"
        limits = self.limits.describe(self.uid is not None)
        return {
            "bubblewrap": f"bubblewrap: private read-only filesystem view (no solutions, questions or other files), "
                          f"no network, own pid/ipc/uts namespaces, {who}; limits: {limits}",
            "unshare": f"unshare: no network, own pid/ipc/uts namespaces, shared filesystem (protected by "
                       f"permissions only), {who}; limits: {limits}",
            "rlimits": f"resource limits only (no namespaces available): the code can read what {who} may read "
                       f"and reach the network; limits: {limits}",
        }[self.mode]


def choose_isolation(slot: int = 0, limits: Limits | None = None) -> Isolation:
    """The isolation for worker `slot`: $DLQUIZ_SANDBOX if set, else the best available.
    As root each slot gets its own unprivileged uid, so process limits do not interfere."""
    mode = available_mode(os.environ.get("DLQUIZ_SANDBOX", "auto"))
    uid = 200000 + (os.getpid() * 16 + slot) % 800000 if is_root() else None
    return Isolation(mode, uid, limits or Limits())


@functools.lru_cache(maxsize=None)
def available_mode(requested: str) -> str:
    """`requested` if it works here (else an error), or the best working mode for 'auto'."""
    if requested not in MODES + ("auto",):
        raise DlquizError(f"DLQUIZ_SANDBOX='{requested}': use one of auto, {', '.join(MODES)}")
    if sys.platform == "win32":
        raise DlquizError("grading code needs Linux or macOS (process groups and resource limits)")
    probes = {"bubblewrap": _bwrap_works, "unshare": _unshare_works, "rlimits": lambda: True}
    if requested != "auto":
        if not probes[requested]():
            raise DlquizError(f"DLQUIZ_SANDBOX={requested}, but {requested} does not work on this machine")
        return requested
    return next(mode for mode in MODES if probes[mode]())


def is_root() -> bool:
    """True when running as root (CI): the sandbox then switches to an unprivileged uid."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _bwrap_works() -> bool:
    user = [] if is_root() else ["--unshare-user"]
    return _runs(["bwrap", *NAMESPACES, *user, "--ro-bind", "/", "/", "--", "/bin/true"])


def _unshare_works() -> bool:
    return is_root() and _runs(["unshare", "--pid", "--fork", "--net", "--ipc", "--uts", "--", "/bin/true"])


def _runs(command: list[str]) -> bool:
    if sys.platform != "linux" or shutil.which(command[0]) is None:
        return False
    try:
        return subprocess.run(command, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
