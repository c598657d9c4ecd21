"""Control groups: both layouts (cgroup v2 as on hosted CI, v1 as on this project's machines)
are created, limited, read and removed the same way; on this machine, a real group caps a
process tree's memory and counts the CPU time of forked children."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from grader.code import cgroups
from grader.code.sandbox import JOIN


@pytest.fixture
def fake_v2(tmp_path, monkeypatch):
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (tmp_path / "cgroup.subtree_control").write_text("cpu memory pids\n")
    monkeypatch.setattr(cgroups, "ROOT", tmp_path)
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kwargs):  # the kernel gives every new group its files
        real_mkdir(self, *args, **kwargs)
        if self.parent == tmp_path / "dlquiz" or self == tmp_path / "dlquiz":
            (self / "cgroup.subtree_control").write_text("")
            (self / "cgroup.procs").write_text("")

    monkeypatch.setattr(Path, "mkdir", mkdir)
    return tmp_path


def test_v2_groups_go_under_a_dlquiz_parent_with_the_controllers_delegated(fake_v2):
    group = cgroups.Cgroup.create(2, 1 << 30, 35)
    folder = group.folders["memory"]
    assert folder.parent == fake_v2 / "dlquiz"
    assert (folder / "memory.max").read_text() == str(1 << 30)
    assert (folder / "memory.swap.max").read_text() == "0"
    assert (folder / "pids.max").read_text() == "35"
    assert set((fake_v2 / "dlquiz" / "cgroup.subtree_control").read_text().split()) == {"+cpu", "+memory", "+pids"}
    assert group.procs_files() == [str(folder / "cgroup.procs")]
    (folder / "cpu.stat").write_text("usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n")
    (folder / "memory.events").write_text("low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")
    (folder / "pids.events").write_text("max 0\n")
    assert group.cpu_seconds() == 1.5
    assert group.memory_exhausted() and not group.processes_refused()
    for file in folder.iterdir():  # the kernel's files vanish with the group; these are ours
        file.unlink()
    group.remove()
    assert not folder.exists()


def test_v1_groups_go_below_our_own_group_in_each_hierarchy(tmp_path, monkeypatch):
    monkeypatch.setattr(cgroups, "ROOT", tmp_path)
    monkeypatch.setattr(cgroups, "_own_path", lambda controller: "parent" if controller == "memory" else "")
    for controller in cgroups.V1_CONTROLLERS:
        (tmp_path / controller / ("parent" if controller == "memory" else "")).mkdir(parents=True, exist_ok=True)
    group = cgroups.Cgroup.create(1, 1 << 30, 35)
    assert group.folders["memory"].parent == tmp_path / "memory" / "parent"
    assert (group.folders["memory"] / "memory.limit_in_bytes").read_text() == str(1 << 30)
    assert (group.folders["pids"] / "pids.max").read_text() == "35"
    assert len(group.procs_files()) == 3
    (group.folders["cpuacct"] / "cpuacct.usage").write_text("2500000000\n")
    assert group.cpu_seconds() == 2.5


def test_without_root_there_is_no_group_and_the_reason_is_given(monkeypatch):
    cgroups.support.cache_clear()
    monkeypatch.setattr(cgroups.os, "geteuid", lambda: 1000)
    try:
        found = cgroups.support()
        assert found.version is None and "root" in found.label
    finally:
        cgroups.support.cache_clear()


needs_cgroup = pytest.mark.skipif(cgroups.support().version is None, reason=cgroups.support().reason)

CHILD_WORK = """
import os
pid = os.fork()
if pid == 0:
    x = 0
    for i in range(3_000_000):
        x += i
    os._exit(0)
os.waitpid(pid, 0)
"""


@needs_cgroup
def test_a_real_group_counts_the_cpu_of_forked_children():
    group = cgroups.Cgroup.create(cgroups.support().version, 256 << 20, 16)
    try:
        subprocess.run(["/bin/sh", "-c", JOIN, "sh", *group.procs_files(), "--", sys.executable, "-c", CHILD_WORK],
                       check=True)
        assert group.cpu_seconds() > 0.05  # the child's loop, not just the parent's start-up
    finally:
        group.remove()


@needs_cgroup
def test_a_real_group_caps_the_memory_of_the_whole_tree():
    group = cgroups.Cgroup.create(cgroups.support().version, 200 << 20, 16)
    code = ("import os\nfor _ in range(3):\n    if os.fork() == 0:\n        b = bytearray(120 << 20)\n"
            "        os._exit(0 if b else 1)\nstatus = [os.wait()[1] for _ in range(3)]\nprint(status)")
    try:
        done = subprocess.run(["/bin/sh", "-c", JOIN, "sh", *group.procs_files(), "--", sys.executable, "-c", code],
                              capture_output=True, text=True)
        assert done.returncode == 0
        assert group.memory_exhausted() or "9" in done.stdout  # at least one child was refused its 120 MiB
    finally:
        group.remove()
