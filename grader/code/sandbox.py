"""One sandbox: starting the harness at the chosen isolation level inside its own control
group, and stopping it with everything it started (no process, daemon or zombie left behind).

The interpreter is started directly (not through a PATH shim) with -I -S -B, BLAS threads
pinned to 1; the configuration travels in the environment. The process joins its control
group before it starts anything (a shell line writes its pid, then execs the sandbox), so the
whole tree's memory, process count and CPU time are capped and counted together. See
grader.code.isolation for the levels and limits, grader.code.mounts for what the process
sees, grader.code.cgroups for the control groups.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from grader.code import cgroups
from grader.code.isolation import Isolation
from grader.code.mounts import PYTHON_INSIDE, bwrap_command, paths_inside, relocated

ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
       "MKL_NUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1", "VECLIB_MAXIMUM_THREADS": "1", "PYTHONHASHSEED": "0"}
# Modules the harness needs after the uid drop; imported before it where the interpreter's own
# files may be unreadable to that uid (no private filesystem view to make them readable).
PREIMPORT = ["traceback", "importlib.util", "zlib", "mmap", "re", "numpy.random", "numpy.linalg", "math", "random", "itertools",
             "functools", "collections", "copy", "dataclasses", "typing", "time"]


# Joins the control groups whose cgroup.procs files are listed before `--`, then runs the rest.
JOIN = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"'


@dataclass
class Box:
    """One running sandbox: its folder on the host, its process, its isolation, where the
    process sees its folders (`inside`: python, harness, site, src, ref, out, in, late,
    scratch) and its control group (None where cgroups are not available)."""

    root: Path
    process: subprocess.Popen
    isolation: Isolation
    inside: dict[str, str]
    cgroup: cgroups.Cgroup | None = None

    def harness_pid(self) -> int | None:
        """The host pid of the harness: our child (rlimits), its child (unshare) or grandchild
        (bubblewrap: outer bwrap -> the namespace's first process -> the harness)."""
        pids = [self.process.pid]
        for _ in range({"rlimits": 0, "unshare": 1, "bubblewrap": 2}[self.isolation.mode]):
            pids = _children(pids[0]) if pids else []
        return pids[0] if pids else None

    def cpu_seconds(self) -> float | None:
        """CPU time (user + system) the kernel has counted for the whole sandbox, read from
        outside, so the sandboxed code cannot change it: its control group's, which includes
        every child, or else the harness's process tree's (children it has not reaped yet
        included, those reaped by a grandchild too; not those already gone). None without /proc."""
        if self.cgroup is not None:
            return self.cgroup.cpu_seconds()
        pid = self.harness_pid()
        return _tree_cpu(pid) if pid else None

    def over_limits(self) -> str:
        """Which whole-sandbox limit the kernel enforced ('' when none, or unknown)."""
        if self.cgroup is None:
            return ""
        if self.cgroup.memory_exhausted():
            return f"it reached the memory limit ({self.isolation.limits.memory_bytes >> 20} MiB for all its processes together)"
        if self.cgroup.processes_refused():
            return f"it reached the limit of {self.isolation.limits.processes} processes"
        return ""

    def stop(self) -> None:
        """Kill the process and everything it started (also daemons that left its group), and
        leave no zombie behind: with namespaces, the pid namespace's first process is killed
        (the kernel kills the rest) and bwrap/unshare, still alive, reap it; without, every
        process of the sandbox's uid is killed and reaped here (the grader adopts orphans)."""
        if self.process.poll() is None:
            inner = _children(self.process.pid) if self.isolation.mode != "rlimits" else []
            for pid in inner:
                _kill(pid)
            try:
                self.process.wait(timeout=2 if inner else 0)
            except subprocess.TimeoutExpired:
                pass
            if self.process.poll() is None:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if self.cgroup is not None:  # whatever escaped the namespace or the process group
            self.cgroup.kill()
        if self.isolation.mode == "rlimits" and self.isolation.uid is not None:
            _kill_every_process_of(self.isolation.uid)
            _reap_adopted(self.isolation.uid)
        if self.cgroup is not None:
            self.cgroup.remove()


def start(isolation: Isolation, root: Path, inputs: Path, cpu_seconds: int) -> Box:
    """Start the harness in a sandbox over folder `root` (src/, ref/, out/ and late/ made by the caller).

    `inputs` is the run's shared folder of input files. The configuration travels in the
    environment (readable only by the process's own uid), not on the command line (which
    every process on the machine can read).
    """
    uid = isolation.uid
    limits = isolation.limits.rlimits(uid is not None) | {"RLIMIT_CPU": cpu_seconds}
    if isolation.mode == "rlimits":
        adopt_orphans()
    _prepare(root, uid)
    inside = paths_inside(isolation.mode, root, inputs)
    config = {"site": inside["site"], "bundle": f"{inside['out']}/bundle", "log": f"{inside['out']}/log",
              "scratch": inside["scratch"], "limits": limits, "uid": uid, "tmpfs": isolation.scratch_mount(),
              "preimport": PREIMPORT if isolation.mode != "bubblewrap" and uid is not None else []}
    command = [inside["python"], "-I", "-S", "-B", inside["harness"]]
    env = ENV | {"HOME": inside["scratch"], "TMPDIR": inside["scratch"], "DLQUIZ_HARNESS": json.dumps(config)}
    if isolation.mode == "bubblewrap":
        command = bwrap_command(root, inputs, isolation) + command
        if relocated():
            env["LD_LIBRARY_PATH"] = str(PYTHON_INSIDE / "lib")
    elif isolation.mode == "unshare":
        namespaces = ["--pid", "--fork", "--kill-child", "--mount-proc", "--net", "--ipc", "--uts", "--mount"]
        command = ["unshare", *namespaces, "--"] + command
    group = _cgroup(isolation)
    if group is not None:
        command = ["/bin/sh", "-c", JOIN, "sh", *group.procs_files(), "--", *command]
    try:
        with open(root / "stderr.log", "wb") as errors:
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                                       cwd=root, env=env, start_new_session=True, close_fds=True)
    except BaseException:
        if group is not None:
            group.remove()
        raise
    return Box(root, process, isolation, inside, group)


def _cgroup(isolation: Isolation) -> cgroups.Cgroup | None:
    """A new control group with the sandbox's whole-tree limits, when this machine allows one."""
    version = cgroups.support().version
    if version is None:
        return None
    limits = isolation.limits
    return cgroups.Cgroup.create(version, limits.memory_bytes, limits.processes + LAUNCHERS)


LAUNCHERS = 3  # bubblewrap's two processes and the harness itself are not the learner's


def _prepare(root: Path, uid: int | None) -> None:
    """Permissions and the two output files: the sandbox uid may read src/ and late/ and own
    scratch/, nothing else here; the output files are root's, opened by the harness before it
    drops its uid (it cannot reopen them or make others); in/ is a mount point for bubblewrap."""
    for name in ("scratch", "in", "out"):
        (root / name).mkdir(exist_ok=True)
    for name in ("bundle", "log"):
        (root / "out" / name).touch(mode=0o600)
    os.chmod(root, 0o711)
    if uid is not None:
        os.chown(root / "scratch", uid, uid)
        os.chmod(root / "scratch", 0o700)


def _tree_cpu(pid: int) -> float | None:
    """CPU seconds of `pid` and its descendants, with their reaped children (Linux /proc)."""
    total, pending, seen = 0, [pid], set()
    try:
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            try:
                fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime, stime, cutime, cstime
            pending += _children(current)
    except (ValueError, IndexError):
        return None
    return total / os.sysconf("SC_CLK_TCK") if seen else None


def _children(pid: int) -> list[int]:
    """The direct children of `pid` (Linux /proc; [] where unknown)."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@functools.lru_cache(maxsize=None)
def adopt_orphans() -> bool:
    """Make this process a child subreaper (Linux), so the sandbox's orphaned processes are
    re-parented here and can be reaped, rather than left as zombies under an init that may
    never reap them (as in some containers). True when in effect."""
    if sys.platform != "linux":
        return False
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _reap_adopted(uid: int) -> None:
    """Collect the exit status of the sandbox uid's processes that were re-parented to us."""
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == me and entry.stat().st_uid == uid:
                os.waitpid(int(entry.name), os.WNOHANG)
        except (OSError, ValueError, IndexError, ChildProcessError):
            continue


def _kill_every_process_of(uid: int) -> None:
    """Without a pid namespace, a daemon may have left the process group: as root, kill every
    process of the sandbox's own uid (nothing else runs under it)."""
    try:
        subprocess.run(["kill", "-KILL", "--", "-1"], user=uid, group=uid, extra_groups=[],
                       capture_output=True, timeout=5, cwd="/")
    except (OSError, subprocess.SubprocessError):
        pass
