"""Which isolation a sandbox gets: the levels, their availability here, and the resource limits.

Three levels; `dlquiz grade` needs the first and refuses the others unless the caller allows
them explicitly (`--allow-weak-sandbox`); `exercise test` falls back with a warning:
  bubblewrap  a private filesystem view (system libraries, Python and numpy read-only; the
              learner's files; nothing else; no /proc), no network, own pid/ipc/uts/mount
              namespaces;
  unshare     no network, own pid/ipc/uts/mount namespaces, the filesystem shared;
  rlimits     resource limits and a process group only.
$DLQUIZ_SANDBOX names one level instead of the best available. At every level: an
unprivileged uid when started as root, resource limits per process (CPU, memory, file size,
open files) and, where the machine allows it (root, cgroup v1 or v2), a control group
capping the memory and processes of the whole sandbox and counting its CPU time.
docs/threat-model.md says what each level defends.
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
STRONG = "bubblewrap"
NAMESPACES = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandbox: the whole tree's memory and process count (a control
    group), each process's CPU time, address space, file size and open files, the two output
    files' size each, and the scratch /tmp's size and number of files."""

    cpu_seconds: int = 60
    memory_bytes: int = 1 << 30
    processes: int = 32
    file_bytes: int = 64 << 20
    open_files: int = 256
    scratch_bytes: int = 16 << 20
    scratch_files: int = 4096

    def rlimits(self, with_processes: bool) -> dict[str, int]:
        """The per-process limits as `resource` names -> value (process count only for a dropped uid)."""
        limits = {"RLIMIT_CPU": self.cpu_seconds, "RLIMIT_AS": self.memory_bytes, "RLIMIT_FSIZE": self.file_bytes,
                  "RLIMIT_NOFILE": self.open_files, "RLIMIT_CORE": 0}
        if with_processes:
            limits["RLIMIT_NPROC"] = self.processes
        return limits

    def describe(self, cgroup: str, with_processes: bool, inode_cap: bool) -> str:
        """The limits in force, for reports: `cgroup` names the control group support (or why none)."""
        scratch = f"/tmp {self.scratch_bytes >> 20} MiB" + (f" and {self.scratch_files} files" if inode_cap else
                                                            " (no file-count cap: needs root)")
        disk = f"disk: 2 output files of {self.file_bytes >> 20} MiB at most, {scratch}"
        per_process = f"per process: CPU {self.cpu_seconds} s, memory {self.memory_bytes >> 20} MiB"
        if cgroup.startswith("cgroup"):
            whole = (f"for the whole sandbox ({cgroup}): memory {self.memory_bytes >> 20} MiB, "
                     f"{self.processes} processes, CPU time counted for every process")
        else:
            whole = (f"no limit for the whole sandbox ({cgroup}): "
                     + (f"{self.processes} processes of its uid" if with_processes else "processes only bounded "
                        "by the pid namespace") + ", memory per process only, CPU time of live processes")
        return f"{whole}; {per_process}; {disk}"


@dataclass(frozen=True)
class Isolation:
    """The isolation in force: its `mode`, the sandbox uid, the limits and a sentence for reports."""

    mode: str
    uid: int | None
    limits: Limits = field(default_factory=Limits)

    @property
    def strong(self) -> bool:
        """True for bubblewrap, the level `dlquiz grade` needs."""
        return self.mode == STRONG

    def scratch_mount(self) -> str | None:
        """The options of the scratch tmpfs the harness mounts itself (as root in a private
        mount namespace, where it can cap the number of files), or None."""
        if self.uid is None or self.mode == "rlimits":
            return None
        return f"size={self.limits.scratch_bytes},nr_inodes={self.limits.scratch_files},mode=1777"

    @property
    def description(self) -> str:
        """What this isolation does, for every report."""
        from grader.code.cgroups import support

        who = f"uid {self.uid}" if self.uid is not None else "the caller's uid (not root: no uid change)"
        limits = self.limits.describe(support().label, self.uid is not None, self.scratch_mount() is not None)
        return {
            "bubblewrap": f"bubblewrap: private read-only filesystem view (no solutions, questions, other files or "
                          f"/proc), no network, own pid/ipc/uts/mount namespaces, {who}; limits {limits}",
            "unshare": f"unshare (weaker than bubblewrap): no network, own pid/ipc/uts/mount namespaces, shared "
                       f"filesystem (protected by permissions only), {who}; limits {limits}",
            "rlimits": f"resource limits only (weaker than bubblewrap, no namespaces): the code can read what {who} "
                       f"may read and reach the network; limits {limits}",
        }[self.mode]


def choose_isolation(slot: int = 0, limits: Limits | None = None, allow_weak: bool = False) -> Isolation:
    """The isolation for worker `slot`: $DLQUIZ_SANDBOX if set, else the best available. Below
    bubblewrap only with `allow_weak` (a DlquizError saying how to get bubblewrap otherwise).
    As root each slot gets its own unprivileged uid, so process limits do not interfere."""
    mode = available_mode(os.environ.get("DLQUIZ_SANDBOX", "auto"))
    if mode != STRONG and not allow_weak:
        problem = _bwrap_problem()
        where = (f"bubblewrap is not available here ({problem}); the best available is '{mode}'" if problem else
                 f"DLQUIZ_SANDBOX={mode} asks for weaker isolation")
        raise DlquizError(f"Grading needs the bubblewrap sandbox: {where}, which does not keep the code from "
                          "reading the machine's files (and, at 'rlimits', from reaching the network). Install "
                          "bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; docs/ci.md shows CI set-ups), or "
                          f"pass --allow-weak-sandbox to grade with '{mode}' anyway (every report says so)")
    uid = 200000 + (os.getpid() * 16 + slot) % 800000 if is_root() else None
    return Isolation(mode, uid, limits or Limits())


def weak_warning(isolation: str) -> str | None:
    """The warning a command prints when code was run below bubblewrap ('isolation' is the
    report's description), or None."""
    if isolation.startswith(STRONG) or not isolation:
        return None
    return (f"warning: bubblewrap is not available here ({_bwrap_problem() or 'not chosen'}): your code ran with "
            f"weaker isolation ({isolation.split(':')[0]}); install bubblewrap for the sandbox grading uses")


@functools.lru_cache(maxsize=None)
def available_mode(requested: str) -> str:
    """`requested` if it works here (else an error), or the best working mode for 'auto'."""
    if requested not in MODES + ("auto",):
        raise DlquizError(f"DLQUIZ_SANDBOX='{requested}': use one of auto, {', '.join(MODES)}")
    if sys.platform == "win32":
        raise DlquizError("grading code needs Linux or macOS (process groups and resource limits)")
    probes = {"bubblewrap": lambda: not _bwrap_problem(), "unshare": _unshare_works, "rlimits": lambda: True}
    if requested != "auto":
        if not probes[requested]():
            raise DlquizError(f"DLQUIZ_SANDBOX={requested}, but {requested} does not work on this machine"
                              + (f" ({_bwrap_problem()})" if requested == STRONG else ""))
        return requested
    return next(mode for mode in MODES if probes[mode]())


def is_root() -> bool:
    """True when running as root (CI): the sandbox then switches to an unprivileged uid."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


@functools.lru_cache(maxsize=None)
def _bwrap_problem() -> str:
    """Why bubblewrap cannot run here ('' when it can): missing, or namespaces refused."""
    if sys.platform != "linux":
        return "bubblewrap needs Linux"
    if shutil.which("bwrap") is None:
        return "no `bwrap` command"
    user = [] if is_root() else ["--unshare-user"]
    try:
        done = subprocess.run(["bwrap", *NAMESPACES, *user, "--ro-bind", "/", "/", "--", "/bin/true"],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"bwrap did not run: {exc}"
    if done.returncode == 0:
        return ""
    hint = "" if is_root() else ("; unprivileged user namespaces may be disabled (Ubuntu 24.04: "
                                 "kernel.apparmor_restrict_unprivileged_userns, see docs/ci.md) -- or run as root")
    return f"bwrap failed: {done.stderr.strip()[:200]}{hint}"


def _unshare_works() -> bool:
    return is_root() and _runs(["unshare", "--pid", "--fork", "--net", "--ipc", "--uts", "--mount", "--", "/bin/true"])


def _runs(command: list[str]) -> bool:
    if sys.platform != "linux" or shutil.which(command[0]) is None:
        return False
    try:
        return subprocess.run(command, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
