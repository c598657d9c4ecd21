"""`dlquiz exercise watch`: re-run an exercise's public checks whenever the learner saves its file.

Change detection polls each file's (mtime, size, inode) every `interval` seconds (0.3 s by
default). Polling works on every file system, including network and container mounts that
send no change events, costs one `stat` per file per interval, and sees both editors that
write in place and editors that write a new file and rename it. A change is acted on once the
file has stopped changing for one interval, so a save in several writes runs the checks once.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

DEFAULT_INTERVAL = 0.3
Stamp = tuple[int, int, int] | None


def stamp(path: Path) -> Stamp:
    """What changes when a file is saved: (mtime in ns, size, inode); None while it does not exist."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


@dataclass
class Exercise:
    """One watched exercise: its id, the learner's file, the last stamp acted on, the last verdict."""

    qid: str
    path: Path
    seen: Stamp = None
    passed: bool | None = None  # None: not run yet (no file)


class Watcher:
    """Poll the exercises' files; run the checks of each one saved; report progress through them all."""

    def __init__(self, exercises: list[Exercise], run_checks: Callable[[str, Path], bool],
                 show: Callable[..., None], interval: float = DEFAULT_INTERVAL,
                 sleep: Callable[[float], None] = time.sleep):
        self.exercises, self.run_checks, self.show = exercises, run_checks, show
        self.interval, self.sleep = interval, sleep

    def changed(self) -> list[Exercise]:
        """The exercises whose file changed since last acted on and has now been still for one interval."""
        moved = [(e, s) for e in self.exercises if (s := stamp(e.path)) != e.seen and s is not None]
        if not moved:
            return []
        self.sleep(self.interval)
        return [e for e, s in moved if stamp(e.path) == s]

    def check(self, exercise: Exercise) -> None:
        """Run the checks on one exercise's file and remember the verdict."""
        exercise.seen = stamp(exercise.path)
        self.show()
        self.show(f"── {exercise.path.name} ({exercise.qid}) at {time.strftime('%H:%M:%S')} ──", "bold")
        exercise.passed = self.run_checks(exercise.qid, exercise.path)
        self.show_progress()

    def show_progress(self) -> None:
        """One line per watch: how many exercises pass, and each one's state."""
        passing = sum(e.passed is True for e in self.exercises)
        if len(self.exercises) == 1:
            return
        marks = {True: "✓", False: "✗", None: "·"}
        self.show(f"Exercises passing: {passing}/{len(self.exercises)}", "green" if passing == len(
            self.exercises) else "bold")
        # a no-break space keeps each mark with its id when the line wraps
        self.show("  ".join(f"{marks[e.passed]}\u00a0{e.qid}" for e in self.exercises), "dim")

    def poll_once(self) -> int:
        """Check every changed exercise once; return how many were run."""
        todo = self.changed()
        for exercise in todo:
            self.check(exercise)
        return len(todo)

    def watch(self, rounds: int | None = None) -> None:
        """Check what exists now, then poll until Ctrl-C (or for `rounds` polls, for tests)."""
        for exercise in self.exercises:
            if stamp(exercise.path) is not None:
                self.check(exercise)
        waiting = [e.path.name for e in self.exercises if e.seen is None]
        if waiting:
            self.show(f"Waiting for {', '.join(waiting)} (`dlquiz exercise start ID` writes a starter).", "dim")
        self.show("Watching for saves; Ctrl-C to stop.", "dim")
        done = 0
        while rounds is None or done < rounds:
            self.poll_once()
            self.sleep(self.interval)
            done += 1
