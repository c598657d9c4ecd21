"""`dlquiz exercise watch`: re-run an exercise's public checks whenever the learner saves its file.

Change detection polls each file's (mtime, size, inode) every `interval` seconds (0.3 s by
default). Polling works on every file system, including network and container mounts that
send no change events, costs one `stat` per file per interval, and sees both editors that
write in place and editors that write a new file and rename it. A change is acted on once the
file has stopped changing for one interval, so a save in several writes runs the checks once.

Each run clears the screen first, so what is shown is the state of the file just saved. In
course mode (watching every exercise, as rustlings does) the watcher works through the
exercises in order: it opens on the first one that does not pass yet, and when a save makes
that one pass it says so and moves on to the next unfinished one (writing its starter file
if there is none yet).
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
    """Poll the exercises' files; run the checks of each one saved; report progress through them all.

    `course`: work through the exercises in order (see the module docstring); `probe` checks a
    file without showing anything (the first look at every file), `begin` is called when an
    exercise becomes the current one (it writes the starter where there is no file and says what
    to do), `clear` clears the screen.
    """

    def __init__(self, exercises: list[Exercise], run_checks: Callable[[str, Path], bool],
                 show: Callable[..., None], interval: float = DEFAULT_INTERVAL,
                 sleep: Callable[[float], None] = time.sleep, clear: Callable[[], None] = lambda: None,
                 course: bool = False, probe: Callable[[str, Path], bool] | None = None,
                 begin: Callable[[Exercise], None] = lambda exercise: None):
        self.exercises, self.run_checks, self.show = exercises, run_checks, show
        self.interval, self.sleep, self.clear = interval, sleep, clear
        self.course, self.probe, self.begin = course, probe or run_checks, begin
        self.current: Exercise | None = None

    def changed(self) -> list[Exercise]:
        """The exercises whose file changed since last acted on and has now been still for one interval."""
        moved = [(e, s) for e in self.exercises if (s := stamp(e.path)) != e.seen and s is not None]
        if not moved:
            return []
        self.sleep(self.interval)
        return [e for e, s in moved if stamp(e.path) == s]

    def check(self, exercise: Exercise) -> None:
        """Clear the screen, run the checks on one exercise's file and remember the verdict;
        in course mode, move on when the current exercise passes."""
        exercise.seen = stamp(exercise.path)
        self.clear()
        self.show(f"── {exercise.path.name} ({exercise.qid}) at {time.strftime('%H:%M:%S')} ──", "bold")
        exercise.passed = self.run_checks(exercise.qid, exercise.path)
        self.show_progress()
        if exercise.passed and (exercise is self.current or not self.course):
            self.passed(exercise)

    def passed(self, exercise: Exercise) -> None:
        """Say the exercise passes; in course mode, make the next unfinished one current."""
        self.show()
        self.show(f"✓ {exercise.qid} passes.", "green", "bold")
        if not self.course:
            self.show("`dlquiz exercise watch` (without an id) takes you through all the exercises in order.", "dim")
            return
        self.advance()

    def advance(self) -> None:
        """Make the first exercise that does not pass current (after the current one, wrapping
        round), or say that every exercise passes."""
        start = self.exercises.index(self.current) + 1 if self.current in self.exercises else 0
        order = self.exercises[start:] + self.exercises[:start]
        self.current = next((e for e in order if e.passed is not True), None)
        if self.current is None:
            self.show(f"All {len(self.exercises)} exercises pass. Well done!", "green", "bold")
            return
        self.show(f"Next: {self.current.qid} ({self.current.path})", "bold")
        self.begin(self.current)
        self.current.seen = stamp(self.current.path)  # a starter just written is not a save

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
        """Take a first look, then poll until Ctrl-C (or for `rounds` polls, for tests)."""
        if self.course:
            self.survey()
        else:
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

    def survey(self) -> None:
        """Course mode's first look: check every existing file quietly, then show the first
        exercise that does not pass (running it, or starting it when it has no file)."""
        for i, exercise in enumerate(self.exercises, 1):
            if stamp(exercise.path) is not None:
                self.show(f"Checking your exercises: {i}/{len(self.exercises)}", "dim")
                exercise.seen = stamp(exercise.path)
                exercise.passed = self.probe(exercise.qid, exercise.path)
        first = next((e for e in self.exercises if e.passed is not True), None)
        if first is not None and first.seen is not None:
            self.current = first
            self.check(first)
        else:
            self.clear()
            self.show_progress()
            self.advance()
