"""Read a class's results for item analysis: `grade --batch` gradebooks (the CSV, and the JSON
details written beside it, read automatically) and learners' `progress --export` CSV files,
into one table of responses.

A response is one learner's result on one item (a question or an exercise). From a progress
export, a learner's first encounter with a question counts (later reviews are practice).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from grader.errors import DlquizError

PROGRESS_COLUMNS = {"learner", "question_id", "answered_at", "correct", "score"}


@dataclass
class Response:
    """One learner on one item: score in 0..1, whether it was right, and why not."""

    score: float
    correct: bool
    failure: str | None = None
    when: str = ""


@dataclass
class Responses:
    """Every response, by (learner, item), plus what is known of each item."""

    by_pair: dict[tuple[str, str], Response] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    def learners(self) -> list[str]:
        """Everyone with at least one response, sorted."""
        return sorted({learner for learner, _ in self.by_pair})

    def items(self) -> list[str]:
        """Every item answered by someone, sorted."""
        return sorted({item for _, item in self.by_pair})


def read_results(paths: list[Path]) -> Responses:
    """Merge gradebook CSVs, their JSON details and progress exports; a bad file is a clear error."""
    if not paths:
        raise DlquizError("Give at least one file: a `grade --batch` gradebook (CSV/JSON) or a `progress --export` CSV")
    responses = Responses()
    details: list[Path] = []
    for path in paths:
        if path.suffix.lower() == ".json":
            details.append(path)  # after the CSVs, so details refine the gradebook's scores
        elif _read_csv(path, responses) == "gradebook" and path.with_suffix(".json").is_file():
            details.append(path.with_suffix(".json"))  # `grade --batch` writes its details beside the CSV
    for path in dict.fromkeys(details):
        _read_details(path, responses)
    if not responses.by_pair:
        raise DlquizError(f"No results found in {', '.join(map(str, paths))}")
    return responses


MAX_RESULTS_BYTES = 64 * 1024 * 1024  # a class of thousands, every answer: far less


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    import io

    from grader.userfiles import read_text

    text = read_text(path, "the results file", MAX_RESULTS_BYTES).removeprefix("\ufeff")
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = list(reader)
        header = list(reader.fieldnames or [])
    except csv.Error as exc:
        raise DlquizError(f"Cannot read '{path}' as CSV: {exc}: save it as CSV") from None
    for line, row in enumerate(rows, 2):
        if None in row or None in row.values():
            cells = len(row) - (None in row) + len(row.get(None) or [])
            raise DlquizError(f"{path}:{line}: this row has {cells - sum(v is None for v in row.values())} cells but "
                              f"the header has {len(header)}: fix the row")
    return header, rows


def _read_csv(path: Path, responses: Responses) -> str:
    """Read a progress export or a gradebook; say which it was."""
    from grader.code.escape import printable

    header, rows = _rows(path)
    if PROGRESS_COLUMNS <= set(header):
        _read_progress(path, rows, responses)
        return "progress"
    if header and header[0] == "learner" and "total" in header:
        _read_gradebook(path, header, rows, responses)
        return "gradebook"
    raise DlquizError(f"'{path}' is neither a gradebook (learner, <exercise>..., total) nor a progress export "
                      f"(learner, question_id, ..., correct, score); its columns: {printable(', '.join(header)) or 'none'}")


def _number(path: Path, row: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise DlquizError(f"{path}:{row}: column '{column}' should be a number from 0 to 1, not '{text}'") from None
    if not 0.0 <= value <= 1.0:
        raise DlquizError(f"{path}:{row}: column '{column}' should be a number from 0 to 1, not '{text}'")
    return value


def _cell(row: dict[str, str], column: str) -> str:
    """A cell's text ('' for a cell missing from a short row), without the `'` a progress export puts
    before text a spreadsheet would read as a formula."""
    from grader.userfiles import FORMULA_STARTS

    value = row.get(column)
    text = value.strip() if isinstance(value, str) else ""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _read_gradebook(path: Path, header: list[str], rows: list[dict[str, str]], responses: Responses) -> None:
    exercises = [c for c in header[1:] if c != "total"]
    for line, row in enumerate(rows, 2):
        for exercise in exercises:
            text = _cell(row, exercise)
            if text:
                score = _number(path, line, exercise, text)
                responses.by_pair[(_cell(row, "learner"), exercise)] = Response(score, score >= 1.0 - 1e-9)
                responses.kinds.setdefault(exercise, "code")


def _read_progress(path: Path, rows: list[dict[str, str]], responses: Responses) -> None:
    for line, row in enumerate(rows, 2):
        key = (_cell(row, "learner"), _cell(row, "question_id"))
        when = _cell(row, "answered_at")
        earlier = responses.by_pair.get(key)
        if earlier is not None and earlier.when <= when:
            continue  # keep the first encounter
        correct = _cell(row, "correct").lower() in ("1", "true", "yes")
        score = _number(path, line, "score", _cell(row, "score") or "0")
        failure = None if correct else _cell(row, "mistake") or None
        responses.by_pair[key] = Response(score, correct, failure, when)
        if _cell(row, "kind"):
            responses.kinds.setdefault(key[1], _cell(row, "kind"))


def _read_details(path: Path, responses: Responses) -> None:
    """`grade --batch`'s JSON details (docs/ci.md): per learner per exercise its score, status,
    first failing check and matched mistake; the matched mistake, else the failing check, is the failure."""
    from grader.code.gradebook import read, rows_of

    try:
        rows = rows_of(read(path))
        pairs = [(row["learner"], exercise, record) for row in rows for exercise, record in row["exercises"].items()]
    except (KeyError, TypeError, AttributeError) as exc:
        raise DlquizError(f"'{path}' is not laid out as `dlquiz grade --batch` writes its details "
                          f"(missing or wrong: {exc}): give the file it wrote") from None
    for learner, exercise, record in pairs:
        score = record.get("score") if isinstance(record, dict) else None
        if not isinstance(score, (int, float)) or isinstance(score, bool) or not 0 <= score <= 1:
            raise DlquizError(f"{path}: {learner}/{exercise}: `score` should be a number from 0 to 1, not {score!r}")
        correct = score >= 1.0 - 1e-9
        failure = record.get("mistake") or record.get("first_failure") or record.get("status")
        responses.by_pair[(str(learner), str(exercise))] = Response(float(score), correct,
                                                                    None if correct else str(failure))
        responses.kinds[str(exercise)] = record.get("kind") if isinstance(record.get("kind"), str) else "code"
