"""Deep validation: one question x many seeds, checked through the learner's path.

For each question: the canonical variant and seeds 0..N-1 draw and render; the answer
probes (grader.instructor.probes) run on each; code questions grade their reference and
starter once. The same fault on many seeds is reported once, with the seeds it hit.
grader.instructor.checking runs `validate_one` for every file of a bank, each in a bounded child.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from grader.errors import QuestionConfigError
from grader.instructor.probes import Finding, answer_findings, answer_text_or_placeholder, render_findings
from grader.model import Question, Variant
from grader.yamlfile import dotted

Seed = int | None  # None: the canonical variant


@dataclass(frozen=True)
class SeededProblem:
    """A fault in one question file, with the seeds it appeared on and one example."""

    file: str
    line: int | None
    key: str
    message: str
    seeds: tuple[Seed, ...]
    detail: str = ""
    note: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" [{self.key}]" if self.key else ""
        example = f"; e.g. {seed_text(self.seeds[0])}: {self.detail}" if self.detail else ""
        return f"{where}:{key} {self.message} ({seeds_text(self.seeds)}{example})"

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form used by `dlquiz validate --json`."""
        return {"file": self.file, "line": self.line, "key": self.key, "message": self.message,
                "seeds": ["canonical" if s is None else s for s in self.seeds], "detail": self.detail}


def seed_text(seed: Seed) -> str:
    """`canonical` or `seed 7`."""
    return "canonical" if seed is None else f"seed {seed}"


def seeds_text(seeds: tuple[Seed, ...], shown: int = 8) -> str:
    """`canonical`, `seed 3`, `seeds 1, 4, 9 and 12 more`."""
    if len(seeds) == 1:
        return seed_text(seeds[0])
    names = ["canonical" if s is None else str(s) for s in seeds]
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return f"seeds {', '.join(names[:shown])}{more}"


def is_random(question: Question) -> bool:
    """True when some parameter is drawn (otherwise every seed gives the canonical numbers)."""
    return any(p.uniform is not None or p.integer is not None or p.choice is not None
               for p in question.spec.parameters.values())


def seed_dependent_answers(question: Question) -> bool:
    """Whether the answer checks can differ between variants (numbers drawn, or templated answers)."""
    if not is_random(question):
        return False
    spec = question.spec
    if spec.kind == "symbolic":
        texts = [spec.answer] + [m.expression for m in spec.mistakes]
        return any("{{" in str(t) for t in texts)
    return spec.kind not in ("flashcard", "choice") or any("{{" in o.text for o in spec.options)


def variant_findings(question: Question, seed: Seed, answers: bool) -> list[Finding]:
    """Draw, render and (with `answers`) probe the answers of one variant."""
    from grader.variants import make_variant

    try:
        variant = make_variant(question, seed)
    except QuestionConfigError as exc:
        problem = exc.problems[0]
        if problem.key and problem.key != "parameters":  # a formula or a constraint, located by its key
            return [Finding(key_path(problem.key), problem.message)]
        return [Finding(("parameters",), "no well-posed variant in 100 draws (every draw had a non-finite answer "
                        "or a mistake within twice the tolerance of it): narrow the parameter ranges")]
    except Exception as exc:  # a solver or checker failed on the drawn numbers
        return [Finding(("parameters",), f"drawing a variant failed: {type(exc).__name__}: {exc}")]
    found = render_findings(variant, answer_text_or_placeholder(variant))
    if variant.question.spec.figure is not None:  # figures depend on the parameters: every seed
        from grader.figures.probes import variant_problems

        found += [Finding(key, message, detail) for key, message, detail in variant_problems(variant)]
    if answers and not question.spec.withheld:
        found += answer_findings(variant)
    if seed is not None:
        found += _nonzero_findings(variant) + _redraw_notes(variant)
    elif seed_dependent_answers(question):
        found = [_course_numbers_note(f) if f.coincides else f for f in found]
    return found


def key_path(dotted_key: str) -> tuple:
    """`constraints.0` -> ('constraints', 0): a dotted key back to the path line_of looks up."""
    return tuple(int(part) if part.isdigit() else part for part in dotted_key.split("."))


def _course_numbers_note(finding: Finding) -> Finding:
    """On the course's own numbers a coincidence cannot be redrawn away; learners' seeds are, so it is a note."""
    return Finding(finding.key, f"on the course's numbers (learners' seeds are redrawn): {finding.message}",
                   finding.detail, note=True)


def _nonzero_findings(variant: Variant) -> list[Finding]:
    import numpy as np

    return [Finding(("parameters", name), "drew an exact 0 although `nonzero: true`: widen the range")
            for name, p in variant.question.spec.parameters.items()
            if p.nonzero and np.any(np.asarray(variant.params[name]) == 0)]


def _redraw_notes(variant: Variant) -> list[Finding]:
    """When a seed's first draw was not well posed (and was redrawn), say why, as notes."""
    from grader.variants import draw_params

    question, seed = variant.question, variant.seed
    first = Variant(question, seed, draw_params(question, seed))
    if first.params == variant.params:
        return []
    if question.spec.constraints:
        from grader.formulas import failed_constraint

        failed = failed_constraint(question.spec, first.params)
        if failed is not None:  # what constraints are for: not worth a note per seed
            return []
    why = [f for f in answer_findings(first) if not f.note]
    if not why:
        why = [Finding(("parameters",), "a mistake lay within twice the tolerance of the answer")]
    return [Finding(f.key, f"redrawn automatically: {f.message}", f.detail, note=True) for f in why]


def question_findings(question: Question, seeds: int) -> list[tuple[Seed, Finding]]:
    """Every finding on the canonical variant and seeds 0..seeds-1 (just the canonical one if nothing is drawn)."""
    chosen: list[Seed] = [None] + (list(range(seeds)) if seeds and is_random(question) else [])
    per_seed = seed_dependent_answers(question)
    found = [(seed, f) for seed in chosen for f in variant_findings(question, seed, answers=seed is None or per_seed)]
    if question.kind == "code" and seeds:  # grading in the sandbox is the in-depth part
        from grader.instructor.code_probe import code_findings

        found += [(None, f) for f in code_findings(question)]
    return found


def validate_one(task: tuple[Question, int]) -> list[SeededProblem]:
    """Worker entry point: one question's problems, grouped by fault, never raising."""
    import warnings

    import numpy as np

    question, seeds = task
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # overflow and the like are reported as findings instead
            found = question_findings(question, seeds)
    except Exception as exc:  # a bug in a probe must not hide the other questions' results
        found = [(None, Finding((), f"validation stopped: {type(exc).__name__}: {exc}"))]
    return group(question, found)


def group(question: Question, found: Iterable[tuple[Seed, Finding]]) -> list[SeededProblem]:
    """One problem per (key, message), listing its seeds; lines looked up in the file."""
    from grader.loader import lines_in_file
    from grader.yamlfile import line_of

    groups: dict[tuple, list[tuple[Seed, Finding]]] = {}
    for seed, finding in found:
        groups.setdefault((finding.key, finding.message, finding.note), []).append((seed, finding))
    if not groups:
        return []
    lines = lines_in_file(question.file)  # {} if the file changed since it was loaded: reported without lines
    out = []
    for (key, message, note), hits in groups.items():
        seeds = tuple(dict.fromkeys(seed for seed, _ in hits))
        out.append(SeededProblem(str(question.file), line_of(lines, key), dotted(key), message, seeds,
                                 hits[0][1].detail, note))
    return out
