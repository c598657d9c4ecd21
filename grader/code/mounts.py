"""What a sandboxed process can see: the bubblewrap mounts, and where it finds the Python
interpreter, the harness, numpy, the learner's files, the inputs and its scratch space.

With bubblewrap every host path is hidden behind a neutral mount point: the interpreter's
installation at /opt/python (unless it lives in /usr, which is mounted as it is), numpy at
/opt/dlquiz/site, the harness at /opt/dlquiz/harness.py, the learner's folder at /box. No
/proc is mounted, so neither the launcher's command line nor the mount table (which names
every mount's source) can be read inside.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from grader.code.isolation import NAMESPACES, Isolation

HARNESS = Path(__file__).with_name("harness.py")
PYTHON_INSIDE = Path("/opt/python")
SYSTEM_TREES = ("bin", "lib", "lib64", "sbin", "usr")  # mounted read-only at their own path
_SITE_LOCK = threading.Lock()


def interpreter() -> str:
    """The base Python interpreter's real path: not a virtual environment's copy or link (its
    site-packages are not wanted: the harness runs with -I -S and gets numpy mounted on its own)
    and not a PATH shim (a shell script costing ~80 ms per start)."""
    return os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)


def python_home() -> Path:
    """The interpreter's installation (sys.base_prefix, links resolved)."""
    return Path(sys.base_prefix).resolve()


def relocated() -> bool:
    """True when the installation is mounted at /opt/python (it is not under a system tree and
    the interpreter lives inside it); else it is mounted at its own path."""
    home = python_home()
    return not _under(home, [Path("/") / t for t in SYSTEM_TREES]) and _under(Path(interpreter()), [home])


def inside_python(path: Path) -> Path:
    """Where a host path of the Python installation appears in the bubblewrap sandbox."""
    return PYTHON_INSIDE / path.relative_to(python_home()) if relocated() and _under(path, [python_home()]) else path


def paths_inside(mode: str, root: Path, inputs: Path) -> dict[str, str]:
    """Where the sandboxed process sees the interpreter, the harness, numpy, the learner's files
    (src), the reference solution being timed (ref), the inputs, its output files and scratch."""
    if mode == "bubblewrap":
        return {"python": str(inside_python(Path(interpreter()))), "harness": "/opt/dlquiz/harness.py",
                "site": "/opt/dlquiz/site", "src": "/box/src", "ref": "/box/ref", "out": "/box/out", "in": "/box/in",
                "late": "/box/late", "scratch": "/tmp"}
    return {"python": interpreter(), "harness": str(HARNESS), "site": str(_site_links(inputs.parent)),
            "src": str(root / "src"), "ref": str(root / "ref"), "out": str(root / "out"), "in": str(inputs),
            "late": str(root / "late"), "scratch": str(root / "scratch")}


def numpy_dirs() -> list[Path]:
    """numpy's package folder and, for wheels, its bundled libraries (numpy.libs)."""
    import importlib.util

    found = importlib.util.find_spec("numpy")
    package = Path(found.submodule_search_locations[0])
    libs = package.with_name("numpy.libs")
    return [package] + ([libs] if libs.is_dir() else [])


def _site_links(run: Path) -> Path:
    """A folder holding only links to numpy (what the harness may import besides the stdlib),
    made once per run (workers may start sandboxes at the same moment)."""
    site = run / "site"
    with _SITE_LOCK:
        if not site.is_dir():
            building = run / f"site-{os.getpid()}-{threading.get_ident()}"
            building.mkdir()
            for folder in numpy_dirs():
                (building / folder.name).symlink_to(folder)
            building.rename(site)
    return site


def bwrap_command(root: Path, inputs: Path, isolation: Isolation) -> list[str]:
    """The bubblewrap command line: only what the harness needs is mounted, read-only, except its
    two output files. As root the harness mounts its own /tmp (size and inode caps)."""
    args = ["bwrap", *NAMESPACES, "--die-with-parent", "--new-session"]
    if isolation.uid is None:
        args += ["--unshare-user"]
    shared: list[Path] = []  # host folders mounted at their own path
    for top in SYSTEM_TREES:
        host = Path("/") / top
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            args += ["--ro-bind", str(host), str(host)]
            shared.append(host)
    made = {str(p) for p in shared}
    binds = [(d, Path("/opt/dlquiz/site") / d.name) for d in numpy_dirs()]
    if relocated():
        binds.insert(0, (python_home(), PYTHON_INSIDE))
    else:
        for path in (python_home(), Path(interpreter()).parent):
            if not _under(path, shared):
                binds.append((path, path))
                shared.append(path)
    binds += [(HARNESS, Path("/opt/dlquiz/harness.py")), (root, Path("/box")), (inputs, Path("/box/in"))]
    for source, target in binds:
        args += _parents(target, made) + ["--ro-bind", str(source), str(target)]
        made.add(str(target))
    for name in ("bundle", "log"):
        args += ["--bind", str(root / "out" / name), f"/box/out/{name}"]
    for secret in hidden_dirs(shared + ([python_home()] if relocated() else [])):
        args += ["--tmpfs", str(inside_python(secret))]
    args += ["--dev", "/dev", "--chdir", "/"]
    if isolation.uid is not None:  # the harness mounts /tmp itself, then drops the capability with its uid
        args += ["--cap-add", "CAP_SYS_ADMIN", "--perms", "0755", "--dir", "/tmp"]
    else:
        args += ["--perms", "1777", "--size", str(isolation.limits.scratch_bytes), "--tmpfs", "/tmp"]
    # Nothing else writable: not the root or /dev (their tmpfs would grow without a size limit).
    return args + ["--remount-ro", "/dev", "--remount-ro", "/"]


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
    """Folders inside the trees mounted from the host that must look empty: every
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
