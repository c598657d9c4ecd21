"""The `dlquiz` command line: typed options in, one call into grader.commands out.

Exit codes: 0 ok / correct, 1 wrong answer or failing score, 2 bad input (unknown id,
unreadable answer, broken question file). Heavy modules are imported inside commands.

No `from __future__ import annotations` here: Typer would have to evaluate every option's
annotation from its text at each start (~40 ms of a 600 ms `dlquiz show`).
"""


import sys
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer
from typer.core import TyperGroup

# `dlquiz --help` lists the learners' commands first; any command not named here goes with the authors'.
HELP_SECTIONS = (("Study", ("quiz", "review", "progress", "exercise", "list", "show", "check", "solution")),
                 ("Author and teach", ()))


class SectionedGroup(TyperGroup):
    """The top-level command group: its --help lists commands in HELP_SECTIONS, learners' first."""

    def format_commands(self, ctx, formatter) -> None:
        """One help section per HELP_SECTIONS entry, each command with its one-line help."""
        shown = {name: cmd for name, cmd in self.commands.items() if not cmd.hidden}
        named = {name for _, names in HELP_SECTIONS for name in names}
        limit = formatter.width - 6 - max(map(len, shown), default=0)
        for title, names in HELP_SECTIONS:
            chosen = [n for n in names if n in shown] or [n for n in shown if n not in named]
            if chosen:
                with formatter.section(title):
                    formatter.write_dl([(n, shown[n].get_short_help_str(limit)) for n in chosen])


app = typer.Typer(
    name="dlquiz",
    cls=SectionedGroup,
    help="Auto-graded quizzes and coding exercises for deep-learning foundations.\n\n"
         "Start with `dlquiz quiz`, `dlquiz exercise list` and `dlquiz progress`; "
         "`dlquiz COMMAND --help` explains each command.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _print_version(asked: bool) -> None:
    if asked:
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"dlquiz {version('dlquiz')}")
        except PackageNotFoundError:  # a checkout run without installing
            print("dlquiz (not installed: run `pip install -e .`)")
        raise typer.Exit(0)


@app.callback()
def main_options(version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_print_version,
                                                       help="Print dlquiz's version and exit.")] = False) -> None:
    """Options of dlquiz itself (--version)."""


BankOpt = Annotated[Optional[list[Path]], typer.Option(
    "--bank", envvar="DLQUIZ_BANK", show_default=False,
    help="A folder of question files to use instead of the built-in bank; give it again to use several "
         "(@builtin names the built-in bank; DLQUIZ_BANK takes a ':'-separated list).")]
SeedOpt = Annotated[Optional[int], typer.Option("--seed", help="Your own numbers: the variant for this seed (default: the course's).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output (documented in docs/cli.md).")]
QuestionId = Annotated[str, typer.Argument(help="A question id such as activations/softmax (see `dlquiz list`).")]


def run(command: Callable[..., int], *args) -> None:
    """Call a command; show dlquiz's own errors as messages (exit 2), never as tracebacks."""
    from grader.errors import DlquizError

    try:
        code = command(*args)
    except DlquizError as exc:
        from grader.console import warn

        warn(str(exc))
        code = exc.exit_code
    except KeyboardInterrupt:
        code = 130
    raise typer.Exit(code)


@app.command("list")
def list_(bank: BankOpt = None,
          topic: Annotated[Optional[str], typer.Option(help="Only this topic (folder), e.g. losses.")] = None,
          kind: Annotated[Optional[str], typer.Option(help="Only this kind: numeric, symbolic, choice, flashcard, code, design.")] = None,
          json: JsonOpt = False) -> None:
    """List the questions in the bank, by topic."""
    from grader.commands.questions import list_questions

    run(list_questions, bank, topic, kind, json)


@app.command()
def show(qid: QuestionId, seed: SeedOpt = None, bank: BankOpt = None, json: JsonOpt = False,
         all_seeds: Annotated[Optional[int], typer.Option("--all-seeds", help="Authors: K variants side by side with their answers (from --seed, else the canonical one and seeds 0, 1, ...).")] = None) -> None:
    """Show a question as a learner sees it."""
    if all_seeds is not None:
        from grader.commands.instructor import show_all_seeds

        run(show_all_seeds, bank, qid, seed, all_seeds, json)
    from grader.commands.questions import show as show_

    run(show_, bank, qid, seed, json)


# an answer may start with '-' (`-3`, `-x^2`): unknown options are kept as the answer, not refused
@app.command(context_settings={"ignore_unknown_options": True})
def check(qid: QuestionId,
          answer: Annotated[str, typer.Argument(help="Your answer, e.g. 0.04, '[0.629, 0.231, 0.14]', 's*(1-s)', b, good.")],
          seed: SeedOpt = None, bank: BankOpt = None, json: JsonOpt = False) -> None:
    """Check an answer: exit 0 correct, 1 incorrect, 2 unreadable."""
    from grader.commands.questions import check as check_

    run(check_, bank, qid, answer, seed, json)


@app.command()
def solution(qid: QuestionId, seed: SeedOpt = None, bank: BankOpt = None, json: JsonOpt = False) -> None:
    """Show the reference answer and the worked solution."""
    from grader.commands.questions import solution as solution_

    run(solution_, bank, qid, seed, json)


@app.command()
def validate(path: Annotated[Optional[Path], typer.Argument(help="A bank folder (default: --bank or the built-in bank).")] = None,
             bank: BankOpt = None, json: JsonOpt = False,
             seeds: Annotated[int, typer.Option("--seeds", help="Check the canonical variant and this many seeds of every question in depth, and grade code exercises (0: the canonical variant only).")] = 50,
             jobs: Annotated[Optional[int], typer.Option("--jobs", help="Worker processes (default: one per core when checking seeds of 8 files or more, else one).")] = None,
             timeout: Annotated[Optional[float], typer.Option("--timeout", help="Seconds allowed for checking one question before it is stopped and reported (default 120).")] = None) -> None:
    """Check every question file and report every problem (exit 2 if any)."""
    from grader.commands.questions import validate as validate_

    run(validate_, bank, path, json, seeds, jobs, timeout)


@app.command()
def new(kind: Annotated[str, typer.Argument(help="numeric, symbolic, choice, flashcard, code or design.")],
        qid: QuestionId, bank: BankOpt = None) -> None:
    """Authors: write a commented question file of KIND with id ID that passes `dlquiz validate`."""
    from grader.commands.instructor import new as new_

    run(new_, kind, qid, bank)


@app.command()
def schema() -> None:
    """Authors: print the JSON Schema of a question file (for an editor's YAML language server)."""
    from grader.commands.instructor import schema as schema_

    run(schema_)


@app.command()
def solvers(markdown: Annotated[bool, typer.Option("--markdown", help="As the Markdown table in docs/authoring.md.")] = False,
            json: JsonOpt = False) -> None:
    """Authors: the catalog of reference and mistake solvers a question can name."""
    from grader.commands.instructor import solvers as solvers_

    run(solvers_, markdown, json)


@app.command()
def export(out: Annotated[Path, typer.Argument(help="The file to write ('-' for standard output).")],
           format: Annotated[Optional[str], typer.Option("--format", help="markdown or html (default: from OUT's extension).")] = None,
           topic: Annotated[Optional[str], typer.Option(help="Only this topic (folder), e.g. losses.")] = None,
           seed: SeedOpt = None,
           answers: Annotated[bool, typer.Option("--answers", help="An answer key: answers and worked solutions.")] = False,
           bank: BankOpt = None) -> None:
    """Instructors: a printable worksheet or answer key (Markdown, or one self-contained HTML page)."""
    from grader.commands.instructor import export as export_

    run(export_, bank, out, format, topic, seed, answers)


@app.command()
def stats(files: Annotated[list[Path], typer.Argument(help="`grade --batch` gradebooks (CSV, JSON details) and `progress --export` CSV files.")],
          format: Annotated[str, typer.Option("--format", help="table, json or html (with charts).")] = "table",
          out: Annotated[Optional[Path], typer.Option("--out", help="Write to this file instead of standard output.")] = None) -> None:
    """Instructors: item analysis: share right, commonest failure, and which items separate strong from weak learners."""
    from grader.commands.instructor import stats as stats_

    run(stats_, files, format, out)


@app.command()
def release(bank: Annotated[Path, typer.Argument(help="The private course bank (its questions folder).")],
            out: Annotated[Path, typer.Argument(help="A new or empty folder for the learners' copy.")]) -> None:
    """Instructors: write the learners' copy of a course (no answers, solutions or hidden checks)."""
    from grader.commands.instructor import release as release_

    run(release_, bank, out)


@app.command()
def docs(name: Annotated[str, typer.Argument(help="authoring, cli, ci, threat-model or architecture.")] = "authoring") -> None:
    """The user guides (Markdown): how to write questions, every command, grading in CI."""
    from grader.commands.instructor import docs as docs_

    run(docs_, name)


LearnerOpt = Annotated[Optional[str], typer.Option("--learner", envvar="DLQUIZ_LEARNER",
                                                   help="Who is studying (default: the name given the first time).")]
TriesOpt = Annotated[int, typer.Option("--tries", help="Tries per question before the solution is shown.")]


@app.command()
def quiz(topic: Annotated[Optional[str], typer.Option(help="Only this topic (folder), e.g. losses.")] = None,
         kind: Annotated[Optional[str], typer.Option(help="Only this kind: numeric, symbolic, choice, flashcard, design.")] = None,
         count: Annotated[int, typer.Option(help="How many questions.")] = 10,
         tries: TriesOpt = 3, learner: LearnerOpt = None, bank: BankOpt = None) -> None:
    """An interactive quiz (it opens with the reviews due): answer, get a verdict and feedback; `hint`, `skip`, `solution`, `quit` at the prompt."""
    from grader.commands.learn import quiz as quiz_

    run(quiz_, bank, learner, topic, kind, count, tries)


@app.command()
def review(count: Annotated[Optional[int], typer.Option(help="At most this many questions (default: all due).")] = None,
           tries: TriesOpt = 3, learner: LearnerOpt = None, bank: BankOpt = None) -> None:
    """The questions due now for spaced-repetition review (FSRS), with fresh numbers; ends when none is due."""
    from grader.commands.learn import review as review_

    run(review_, bank, learner, count, tries)


@app.command()
def progress(json: JsonOpt = False,
             export: Annotated[Optional[Path], typer.Option("--export", help="Write every answer to this CSV file (see docs/cli.md).")] = None,
             learner: LearnerOpt = None, bank: BankOpt = None) -> None:
    """Mastery and accuracy per topic, reviews due, streak, and a chart."""
    from grader.commands.learn import progress as progress_

    run(progress_, bank, learner, json, export)


exercise_app = typer.Typer(help="Coding exercises: start one, test it, watch it, list them.", no_args_is_help=True)
app.add_typer(exercise_app, name="exercise")
ExerciseId = Annotated[str, typer.Argument(help="An exercise id such as code/relu-backward (see `dlquiz exercise list`).")]
ExercisesDir = Annotated[Optional[Path], typer.Option("--dir", help="Your exercises folder (default: ./exercises).")]


@exercise_app.command("start")
def exercise_start(qid: ExerciseId, dir: ExercisesDir = None,
                   force: Annotated[bool, typer.Option("--force", help="Replace an existing file with a fresh starter.")] = False,
                   notebook: Annotated[bool, typer.Option("--notebook", help="Write a Jupyter notebook (<name>.ipynb) instead of a .py file.")] = False,
                   bank: BankOpt = None) -> None:
    """Write the exercise's starter file (or, with --notebook, a notebook) into your exercises folder (never overwriting without --force)."""
    from grader.commands.exercise import start

    run(start, bank, qid, dir, force, notebook)


@exercise_app.command("test")
def exercise_test(qid: ExerciseId,
                  file: Annotated[Optional[Path], typer.Argument(help="Your file, a .py or a Jupyter notebook .ipynb (default: exercises/<name>.py, else <name>.ipynb).")] = None,
                  bank: BankOpt = None, json: JsonOpt = False) -> None:
    """Run the exercise's public checks in the sandbox: exit 0 all pass, 1 some fail, 2 bad input."""
    from grader.commands.exercise import test_exercise

    run(test_exercise, bank, qid, file, json)


@exercise_app.command("list")
def exercise_list(dir: ExercisesDir = None, bank: BankOpt = None, json: JsonOpt = False) -> None:
    """List the coding exercises and the file each one is written in."""
    from grader.commands.exercise import list_exercises

    run(list_exercises, bank, dir, json)


@exercise_app.command("watch")
def exercise_watch(qid: Annotated[Optional[str], typer.Argument(help="An exercise id (default: every exercise, with progress through them).")] = None,
                   dir: ExercisesDir = None,
                   interval: Annotated[float, typer.Option("--interval", help="Seconds between checks for a save (files are polled).")] = 0.3,
                   bank: BankOpt = None) -> None:
    """Run the exercise's public checks now and each time you save the file; Ctrl-C stops."""
    from grader.commands.learn import watch

    run(watch, bank, qid, dir, interval)


assignment_app = typer.Typer(help="Graded assignments: check one, make the learners' keys, answer one (docs/assignments.md).",
                               no_args_is_help=True)
app.add_typer(assignment_app, name="assignment")
AssignmentFile = Annotated[Path, typer.Argument(help="The assignment file (YAML: questions and exercises with points).")]
SecretOpt = Annotated[Optional[Path], typer.Option("--secret-file", help="The instructor's secret (default: $DLQUIZ_ASSIGNMENT_SECRET); never in a learner's repository.")]


@assignment_app.command("check")
def assignment_check(file: AssignmentFile, bank: BankOpt = None) -> None:
    """Instructors: check an assignment file against the bank and list what it holds."""
    from grader.commands.assignment import check as check_

    run(check_, bank, file)


@assignment_app.command("keys")
def assignment_keys(file: AssignmentFile,
                    roster: Annotated[Path, typer.Option("--roster", help="The class roster (CSV with a `learner` column).")],
                    secret_file: SecretOpt = None,
                    out: Annotated[Optional[Path], typer.Option("--out", help="Write the keys (CSV) here instead of standard output.")] = None,
                    bank: BankOpt = None) -> None:
    """Instructors: each learner's key for this assignment (their variants come from it)."""
    from grader.commands.assignment import keys as keys_

    run(keys_, bank, file, roster, secret_file, out)


@assignment_app.command("answer")
def assignment_answer(file: AssignmentFile,
                      key: Annotated[Optional[str], typer.Option("--key", help="Your key (from your instructor; needed the first time only).")] = None,
                      bank: BankOpt = None) -> None:
    """Answer the assignment's questions; every readable answer is saved at once beside the assignment file."""
    from grader.commands.assignment import answer as answer_

    run(answer_, bank, file, key)


@app.command()
def collect(roster: Annotated[Path, typer.Option("--roster", help="The class roster (CSV with a `learner` column).")],
            url: Annotated[str, typer.Option("--url", help="Each learner's repository, with {learner}: e.g. https://github.com/course/week3-{learner}.git")],
            into: Annotated[Path, typer.Option("--into", help="The folder to clone into, one sub-folder per learner.")] = Path("submissions"),
            before: Annotated[Optional[str], typer.Option("--before", help="Take each repository as it was at this time (a deadline, e.g. '2025-03-01 23:59').")] = None,
            jobs: Annotated[int, typer.Option("--jobs", help="Repositories fetched at once.")] = 4) -> None:
    """Instructors: clone (or update) every learner's repository into one folder for `grade --batch`; exit 1 if some failed."""
    from grader.commands.collect import collect as collect_

    run(collect_, roster, url, into, before, jobs)


@app.command()
def grade(paths: Annotated[Optional[list[Path]], typer.Argument(
              help="A learner's folder (their repository), or `merge PART...` to join shard gradebooks, or `export GRADEBOOK` for an LMS.",
              show_default=False)] = None,
          batch: Annotated[Optional[Path], typer.Option("--batch", help="A folder of learner folders: write a CSV gradebook and its JSON details.")] = None,
          format: Annotated[str, typer.Option("--format", help="text, json, junit or markdown.")] = "text",
          out: Annotated[Optional[Path], typer.Option("--out", help="Write the report (with --batch: the gradebook CSV) to this file.")] = None,
          summary: Annotated[Optional[Path], typer.Option("--summary", help="Append a Markdown summary to this file (e.g. $GITHUB_STEP_SUMMARY).")] = None,
          min_score: Annotated[Optional[float], typer.Option("--min-score", help="Exit 1 when the score (0..1) is below this.")] = None,
          timeout: Annotated[Optional[float], typer.Option("--timeout", help="Wall-clock seconds per exercise (default: each exercise's own).")] = None,
          workers: Annotated[int, typer.Option("--workers", help="With --batch: learners graded in parallel (one sandbox each).")] = 1,
          shard: Annotated[Optional[str], typer.Option("--shard", help="With --batch: grade only slice K/N of the learners (merge the slices with `grade merge`).")] = None,
          only: Annotated[Optional[str], typer.Option("--only", help="Comma-separated exercise ids to grade (default: every coding exercise).")] = None,
          learner: Annotated[Optional[str], typer.Option("--learner", help="The learner's name in the report (default: from the CI run, else the folder's name).")] = None,
          roster: Annotated[Optional[Path], typer.Option("--roster", help="The class roster (CSV: learner, student_id, name, email): unknown learners are refused; with --batch every roster learner gets a row.")] = None,
          assignment: Annotated[Optional[Path], typer.Option("--assignment", help="Grade this assignment: its typed answers and its exercises, with their points.")] = None,
          secret_file: SecretOpt = None,
          partial: Annotated[bool, typer.Option("--partial", help="With merge: allow missing shards.")] = False,
          lms: Annotated[Optional[str], typer.Option("--lms", help="With export: canvas or moodle.")] = None,
          points: Annotated[Optional[float], typer.Option("--points", help="With export: the maximum points (default: the assignment's, else 100).")] = None,
          allow_weak_sandbox: Annotated[bool, typer.Option("--allow-weak-sandbox", help="Grade even without bubblewrap, with weaker isolation (unshare or resource limits; every report says so).")] = False,
          bank: BankOpt = None) -> None:
    """Grade submitted code (in a sandbox) and an assignment's typed answers: one learner's folder, or a class with --batch (see docs/ci.md)."""
    from grader.commands.grade import Options, grade as grade_

    run(grade_, bank, paths or [], batch, Options(format, out, summary, min_score, timeout, workers, shard, only,
                                                  learner, roster, assignment, secret_file, partial, lms, points,
                                                  allow_weak_sandbox))


def main() -> None:
    """Entry point for `python cli.py`."""
    app(prog_name="dlquiz")


if __name__ == "__main__":
    sys.exit(main())
