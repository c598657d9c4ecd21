"""One sandbox: starting the harness at the chosen isolation level, and stopping it with
everything it started (no process, daemon or zombie left behind).

The interpreter is started directly (not through a PATH shim) with -I -S -B, BLAS threads
pinned to 1; the configuration travels in the environment. See grader.code.isolation for the
levels and limits, grader.code.mounts for what the process sees.
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

from grader.code.isolation import Isolation
from grader.code.mounts import bwrap_command, interpreter, paths_inside

ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
       "MKL_NUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1", "VECLIB_MAXIMUM_THREADS": "1", "PYTHONHASHSEED": "0"}
# Modules the harness needs after the uid drop; imported before it where the interpreter's own
# files may be unreadable to that uid (no private filesystem view to make them readable).
PREIMPORT = ["traceback", "importlib.util", "zlib", "numpy.random", "numpy.linalg", "math", "random", "itertools",
             "functools", "collections", "copy", "dataclasses", "typing", "time"]


@dataclass
class Box:
    """One running sandbox: its folder on the host, its process, its isolation, and where the
    process sees its folders (`inside`: harness, site, src, out, in, late, scratch)."""

    root: Path
    process: subprocess.Popen
    isolation: Isolation
    inside: dict[str, str]

    def harness_pid(self) -> int | None:
        """The host pid of the harness: our child (rlimits), its child (unshare) or grandchild
        (bubblewrap: outer bwrap -> the namespace's first process -> the harness)."""
        pids = [self.process.pid]
        for _ in range({"rlimits": 0, "unshare": 1, "bubblewrap": 2}[self.isolation.mode]):
            pids = _children(pids[0]) if pids else []
        return pids[0] if pids else None

    def cpu_seconds(self, pid: int | None) -> float | None:
        """CPU time (user + system, all threads) the kernel has counted for `pid`, read from
        outside: the sandboxed code cannot change it. None where /proc is not available."""
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError, TypeError):
            return None

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
        if self.isolation.mode == "rlimits" and self.isolation.uid is not None:
            _kill_every_process_of(self.isolation.uid)
            _reap_adopted(self.isolation.uid)


def start(isolation: Isolation, root: Path, inputs: Path, request_ids: list[int], cpu_seconds: int) -> Box:
    """Start the harness in a sandbox over folder `root` (src/, out/ and late/ made by the caller).

    `inputs` is the run's shared folder of input files; `request_ids` the requests it will serve.
    The configuration travels in the environment (readable only by the process's own uid),
    not on the command line (which every process on the machine can read).
    """
    uid = isolation.uid
    limits = isolation.limits.rlimits(uid is not None) | {"RLIMIT_CPU": cpu_seconds}
    if isolation.mode == "rlimits":
        adopt_orphans()
    _prepare(root, uid)
    inside = paths_inside(isolation.mode, root, inputs)
    config = {"requests": request_ids, "site": inside["site"], "src": inside["src"], "out": inside["out"],
              "scratch": inside["scratch"], "limits": limits, "uid": uid,
              "preimport": PREIMPORT if isolation.mode != "bubblewrap" and uid is not None else []}
    command = [interpreter(), "-I", "-S", "-B", inside["harness"]]
    if isolation.mode == "bubblewrap":
        command = bwrap_command(root, inputs, isolation) + command
    elif isolation.mode == "unshare":
        command = ["unshare", "--pid", "--fork", "--kill-child", "--mount-proc", "--net", "--ipc", "--uts", "--"] + command
    env = ENV | {"HOME": inside["scratch"], "TMPDIR": inside["scratch"], "DLQUIZ_HARNESS": json.dumps(config)}
    with open(root / "stderr.log", "wb") as errors:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                                   cwd=root, env=env, start_new_session=True, close_fds=True)
    return Box(root, process, isolation, inside)


def _prepare(root: Path, uid: int | None) -> None:
    """Permissions: the sandbox uid may read src/ and late/ and own scratch/, nothing else here;
    in/ is only a mount point for bubblewrap."""
    for name in ("scratch", "in"):
        (root / name).mkdir(exist_ok=True)
    os.chmod(root, 0o711)
    if uid is not None:
        os.chown(root / "scratch", uid, uid)
        os.chmod(root / "scratch", 0o700)


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
