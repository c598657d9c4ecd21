"""Limits and accounting for a whole sandbox -- every process it starts -- with a control group.

Resource limits (rlimits) bind one process each: eight forked children may each hold the
memory limit. A control group holds the sandbox's whole process tree: its memory (including
files in its tmpfs) and process count are capped together, its CPU time is counted together
(forked children included), and every process in it can be found and killed. Children cannot
leave it.

Both kernels' layouts are handled: cgroup v2 (one hierarchy at /sys/fs/cgroup, as on hosted
CI runners) and cgroup v1 (one hierarchy per controller under /sys/fs/cgroup/<controller>,
as on this project's machines). Creating groups needs root; where that is not possible,
`support()` says why and the caller falls back to per-process limits, saying so in reports.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
V1_CONTROLLERS = ("memory", "pids", "cpuacct")
_names = itertools.count()


@dataclass(frozen=True)
class Support:
    """Which cgroup version this machine lets us use (2, 1, or None) and, when None, why not."""

    version: int | None
    reason: str = ""

    @property
    def label(self) -> str:
        """How reports name it: 'cgroup v2', 'cgroup v1', or the fallback and its reason."""
        return f"cgroup v{self.version}" if self.version else f"no cgroup ({self.reason})"


@functools.lru_cache(maxsize=None)
def support() -> Support:
    """Detect (once) whether sandboxes can get their own control group here."""
    if sys.platform != "linux":
        return Support(None, "not Linux")
    if os.geteuid() != 0:
        return Support(None, "creating control groups needs root")
    if (ROOT / "cgroup.controllers").is_file():
        return _probe(2)
    if all((ROOT / c).is_dir() for c in V1_CONTROLLERS):
        return _probe(1)
    return Support(None, "no memory, pids and cpu controllers mounted under /sys/fs/cgroup")


def _probe(version: int) -> Support:
    try:
        group = Cgroup.create(version, 64 << 20, 8)
    except OSError as exc:
        return Support(None, f"cgroup v{version} is mounted but a group cannot be made: {exc.strerror or exc}")
    group.remove()
    return Support(version)


def _own_path(controller: str) -> str:
    """This process's group in a v1 hierarchy (new groups go below it, within its limits)."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, names, path = line.split(":", 2)
        if controller in names.split(","):
            return path.lstrip("/")
    return ""


def _v2_parent() -> Path:
    """The v2 folder that holds our groups: `dlquiz` at the root, with the memory, pids and cpu
    controllers enabled for its children (a group without processes may delegate them)."""
    parent = ROOT / "dlquiz"
    parent.mkdir(exist_ok=True)
    wanted = {"memory", "pids", "cpu"}
    enabled = set((parent / "cgroup.subtree_control").read_text().split())
    if not wanted <= enabled:
        root_enabled = set((ROOT / "cgroup.subtree_control").read_text().split())
        if not wanted <= root_enabled:
            (ROOT / "cgroup.subtree_control").write_text(" ".join(f"+{c}" for c in sorted(wanted - root_enabled)))
        (parent / "cgroup.subtree_control").write_text(" ".join(f"+{c}" for c in sorted(wanted)))
    return parent


@dataclass
class Cgroup:
    """One sandbox's control group: its folders (one, or one per v1 controller)."""

    version: int
    folders: dict[str, Path]

    @classmethod
    def create(cls, version: int, memory_bytes: int, processes: int) -> "Cgroup":
        """A new group capped at `memory_bytes` (no swap) and `processes` tasks."""
        name = f"dlquiz-{os.getpid()}-{next(_names)}"
        if version == 2:
            folder = _v2_parent() / name
            folders = {c: folder for c in ("memory", "pids", "cpu")}
        else:
            folders = {c: ROOT / c / _own_path(c) / name for c in V1_CONTROLLERS}
        group = cls(version, folders)
        try:
            for folder in set(folders.values()):
                folder.mkdir()
            if version == 2:
                _write(folders["memory"] / "memory.max", memory_bytes)
                _write(folders["memory"] / "memory.swap.max", 0, optional=True)
                _write(folders["pids"] / "pids.max", processes)
            else:
                _write(folders["memory"] / "memory.limit_in_bytes", memory_bytes)
                _write(folders["memory"] / "memory.memsw.limit_in_bytes", memory_bytes, optional=True)
                _write(folders["pids"] / "pids.max", processes)
        except OSError:
            group.remove()
            raise
        return group

    def procs_files(self) -> list[str]:
        """The files a process writes its pid to, to join the group (every controller)."""
        return [str(folder / "cgroup.procs") for folder in dict.fromkeys(self.folders.values())]

    def cpu_seconds(self) -> float | None:
        """CPU time (user + system) used by every process of the group so far, as the kernel counts it."""
        try:
            if self.version == 2:
                stat = dict(line.split() for line in (self.folders["cpu"] / "cpu.stat").read_text().splitlines())
                return int(stat["usage_usec"]) / 1e6
            return int((self.folders["cpuacct"] / "cpuacct.usage").read_text()) / 1e9
        except (OSError, KeyError, ValueError):
            return None

    def memory_exhausted(self) -> bool:
        """True when the kernel refused or reclaimed memory at the group's limit (an OOM kill)."""
        try:
            if self.version == 2:
                events = dict(line.split() for line in (self.folders["memory"] / "memory.events").read_text().splitlines())
                return int(events.get("oom_kill", 0)) > 0 or int(events.get("max", 0)) > 0
            control = dict(line.split() for line in (self.folders["memory"] / "memory.oom_control").read_text().splitlines())
            return int(control.get("oom_kill", 0)) > 0 or int((self.folders["memory"] / "memory.failcnt").read_text()) > 0
        except (OSError, ValueError):
            return False

    def processes_refused(self) -> bool:
        """True when a fork was refused at the group's process limit."""
        try:
            events = dict(line.split() for line in (self.folders["pids"] / "pids.events").read_text().splitlines())
            return int(events.get("max", 0)) > 0
        except (OSError, ValueError):
            return False

    def members(self) -> list[int]:
        """The pids still in the group."""
        found: set[int] = set()
        for procs in self.procs_files():
            try:
                found.update(int(p) for p in Path(procs).read_text().split())
            except (OSError, ValueError):
                continue
        return sorted(found)

    def kill(self) -> None:
        """SIGKILL every process of the group, also ones forked meanwhile (v2: cgroup.kill)."""
        kill_file = self.folders["pids"] / "cgroup.kill"
        if self.version == 2 and kill_file.exists():
            try:
                kill_file.write_text("1")
                return
            except OSError:
                pass
        for _ in range(100):
            pids = self.members()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            time.sleep(0.002)

    def remove(self) -> None:
        """Kill what is left and delete the group's folders; a folder the kernel still holds (a
        process not yet reaped) is deleted later, by `remove_pending` (also at exit)."""
        self.kill()
        if not self._rmdir():
            _pending.append(self)

    def _rmdir(self) -> bool:
        done = True
        for folder in dict.fromkeys(self.folders.values()):
            try:
                folder.rmdir()
            except FileNotFoundError:
                continue
            except OSError:
                done = False
        return done


_pending: list[Cgroup] = []


@atexit.register
def remove_pending(wait: float = 2.0) -> None:
    """Delete the groups whose folders could not be deleted at once, waiting up to `wait` seconds."""
    deadline = time.monotonic() + wait
    while _pending:
        _pending[:] = [group for group in _pending if not group._rmdir()]
        if not _pending or time.monotonic() > deadline:
            return
        time.sleep(0.01)


def _write(path: Path, value: int, optional: bool = False) -> None:
    try:
        path.write_text(str(value))
    except OSError:
        if not optional:
            raise
