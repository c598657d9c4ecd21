"""Isolation for learners' code: which kind is available, and starting and stopping one sandbox.

Three levels, the best available is used (or the one named by $DLQUIZ_SANDBOX):
  bubblewrap  a private filesystem view (system libraries, Python and numpy read-only; the
              learner's files; nothing else), no network, own pid/ipc/uts namespaces;
  unshare     no network, own pid/ipc/uts namespaces, the filesystem shared;
  rlimits     resource limits and a process group only.
In every level: an unprivileged uid when started as root, resource limits (CPU, memory,
processes, file size, open files), the interpreter started directly with -I -S -B, BLAS
threads pinned to 1, and the whole process tree killed at the end. docs/threat-model.md
explains what each level defends.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from grader.errors import DlquizError

MODES = ("bubblewrap", "unshare", "rlimits")
HARNESS = Path(__file__).with_name("harness.py")
NAMESPACES = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
       "MKL_NUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1", "VECLIB_MAXIMUM_THREADS": "1", "PYTHONHASHSEED": "0"}
# Modules the harness needs after the uid drop; imported before it where the interpreter's own
# files may be unreadable to that uid (no private filesystem view to make them readable).
PREIMPORT = ["traceback", "importlib.util", "math", "random", "itertools", "functools", "collections", "time"]


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
    command = [os.path.realpath(sys.executable), "-I", "-S", "-B", inside["harness"]]
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


def paths_inside(mode: str, root: Path, inputs: Path) -> dict[str, str]:
    """Where the sandboxed process sees the harness, numpy, the learner's files, the inputs and its scratch."""
    if mode == "bubblewrap":
        return {"harness": "/opt/dlquiz/harness.py", "site": "/opt/dlquiz/site", "src": "/box/src",
                "out": "/box/out", "in": "/box/in", "late": "/box/late", "scratch": "/tmp"}
    return {"harness": str(HARNESS), "site": str(_site_links(inputs.parent)), "src": str(root / "src"),
            "out": str(root / "out"), "in": str(inputs), "late": str(root / "late"), "scratch": str(root / "scratch")}


def numpy_dirs() -> list[Path]:
    """numpy's package folder and, for wheels, its bundled libraries (numpy.libs)."""
    import importlib.util

    found = importlib.util.find_spec("numpy")
    package = Path(found.submodule_search_locations[0])
    libs = package.with_name("numpy.libs")
    return [package] + ([libs] if libs.is_dir() else [])


def _site_links(run: Path) -> Path:
    """A folder holding only links to numpy (what the harness may import besides the stdlib)."""
    site = run / "site"
    if not site.is_dir():
        site.mkdir()
        for folder in numpy_dirs():
            (site / folder.name).symlink_to(folder)
    return site


def bwrap_command(root: Path, inputs: Path, isolation: Isolation) -> list[str]:
    """The bubblewrap command line: only what the harness needs is mounted, read-only."""
    args = ["bwrap", *NAMESPACES, "--die-with-parent", "--new-session"]
    if isolation.uid is None:
        args += ["--unshare-user"]
    shared: list[Path] = []  # host folders mounted at their own path
    for top in ("bin", "lib", "lib64", "sbin", "usr"):
        host = Path("/") / top
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            args += ["--ro-bind", str(host), str(host)]
            shared.append(host)
    made = {str(p) for p in shared}
    for path in (Path(sys.base_prefix).resolve(), Path(os.path.realpath(sys.executable)).parent):
        if not _under(path, shared):
            args += _parents(path, made) + ["--ro-bind", str(path), str(path)]
            shared.append(path)
            made.add(str(path))
    binds = [(d, Path("/opt/dlquiz/site") / d.name) for d in numpy_dirs()]
    binds += [(HARNESS, Path("/opt/dlquiz/harness.py")), (root, Path("/box")), (inputs, Path("/box/in"))]
    for source, target in binds:
        args += _parents(target, made) + ["--ro-bind", str(source), str(target)]
        made.add(str(target))
    args += ["--bind", str(root / "out"), "/box/out"]
    for secret in hidden_dirs(shared):
        args += ["--tmpfs", str(secret)]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(isolation.limits.scratch_bytes), "--tmpfs", "/tmp", "--chdir", "/tmp"]
    return args


def _parents(target: Path, made: set[str]) -> list[str]:
    """--dir for each missing ancestor of `target`, readable by all (bwrap's default is 0700)."""
    args = []
    for parent in reversed(target.parents):
        if str(parent) != "/" and str(parent) not in made:
            args += ["--perms", "0755", "--dir", str(parent)]
            made.add(str(parent))
    return args


def _under(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def hidden_dirs(shared: list[Path]) -> list[Path]:
    """Folders inside the trees mounted at their own path that must look empty: every
    site-packages folder (one may hold an installed dlquiz with its solutions) and dlquiz's own files."""
    import glob
    import sysconfig

    from grader.bank import data_dir

    candidates = [Path(p) for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
    candidates += [Path(sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_prefix})[k])
                   for k in ("purelib", "platlib")]
    candidates += [Path(p) for p in glob.glob("/usr/lib/python3*/*-packages") + glob.glob("/usr/local/lib/python3*/*-packages")]
    candidates += [data_dir("solutions"), data_dir("questions"), Path(__file__).resolve().parents[1]]
    hidden: list[Path] = []
    for path in candidates:
        path = path.resolve()
        if path.is_dir() and _under(path, shared) and not _under(path, hidden):
            hidden = [h for h in hidden if not _under(h, [path])] + [path]
    return hidden


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
