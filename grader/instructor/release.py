"""`dlquiz release BANK OUT`: the learners' copy of a graded course, as nbgrader's release step.

OUT/questions/ holds every question with what learners see (title, prompt, parameters, the
derived values the prompt, hints and constraints use, hints, options' texts, design fields,
starters, the public check groups) and `released: true`; it holds no answer, mistake, worked
solution, option verdict or feedback, design rule or model answer, hidden check group, budget
check or known-mistake function. OUT/solutions/ holds, per exercise, the reference's outputs on
the public cases only (grader/recorded.py), so `dlquiz exercise test` works without the reference
code. Course-local solvers.py and design_rules.py are not copied.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from grader.bank import Bank, solutions_dir
from grader.errors import DlquizError
from grader.model import Question

WITHHELD = "withheld"  # stands where an answer was, so the file keeps its schema
HEADER = ("# Learners' copy written by `dlquiz release`: answers, mistakes, solutions and hidden checks are\n"
          "# withheld; the instructor grades with the private bank.\n")


@dataclass(frozen=True)
class Released:
    """What a release wrote."""

    out: Path
    questions: int
    exercises: int


def release(bank: Bank, out: Path) -> Released:
    """Write the learners' copy of `bank` to `out` (a new or empty folder)."""
    questions, problems = bank.load_all(lint=True)
    if problems:
        raise DlquizError(f"The bank has {len(problems)} problem(s): run `dlquiz validate` and fix them before a release")
    _check_target(bank, out)
    root = out / "questions"
    exercises = 0
    for question in questions:
        target = root / f"{question.id}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(HEADER + _dump(learners_copy(question)), encoding="utf-8")
        if question.kind == "code":
            shutil.copyfile(question.file.with_suffix(".py"), target.with_suffix(".py"))
            recorded = solutions_dir(root) / f"{question.id}.py"
            recorded.parent.mkdir(parents=True, exist_ok=True)
            recorded.write_text(recorded_module(question), encoding="utf-8")
            exercises += 1
    return Released(out, len(questions), exercises)


def _check_target(bank: Bank, out: Path) -> None:
    resolved = out.resolve()
    for root in bank.roots:
        course = root.resolve().parent if root.name == "questions" else root.resolve()
        if resolved.is_relative_to(course) or course.is_relative_to(resolved):  # its solutions/ included
            raise DlquizError(f"Not writing the release into or around the private course {course}: "
                              "choose an OUT outside it")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise DlquizError(f"'{out}' exists and is not an empty folder: a release starts from nothing")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DlquizError(f"Cannot create '{out}': {exc.strerror}") from None


def _dump(data: dict[str, Any]) -> str:
    """YAML as an author writes it: multi-line text as `|` blocks, short lists of numbers inline."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper, value):
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    def sequence(dumper, value):
        flat = all(isinstance(v, (int, float, bool)) for v in value) or all(
            isinstance(v, list) and all(isinstance(x, (int, float)) for x in v) for v in value)
        return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=bool(value) and flat)

    Dumper.add_representer(str, text)
    Dumper.add_representer(list, sequence)
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


def learners_copy(question: Question) -> dict[str, Any]:
    """The question file's data with everything that gives an answer away removed."""
    from grader.yamlfile import read_yaml

    data = read_yaml(question.file.read_text(encoding="utf-8"))[0]
    data.pop("solution", None)
    kind = question.kind
    if kind in ("numeric", "symbolic", "flashcard"):
        data["answer"] = WITHHELD
        data.pop("mistakes", None)
    elif kind == "choice":
        data["options"] = [{"text": o["text"]} for o in data["options"]]
    elif kind == "design":
        data.pop("rules", None)
        data.pop("model_answer", None)
    elif kind == "code":
        data["checks"] = public_checks(data["checks"])
    if data.get("derived"):
        needed = needed_derived(question)
        data["derived"] = {k: v for k, v in data["derived"].items() if k in needed}
        if not data["derived"]:
            data.pop("derived")
    data["released"] = True
    return data


def public_checks(checks: dict[str, Any]) -> dict[str, Any]:
    """A code exercise's checks without hidden groups, known mistakes or the budget check."""
    out = dict(checks)
    out["values"] = [group for group in checks["values"] if not group.get("hidden")]
    out.pop("mistakes", None)
    properties = dict(checks.get("properties") or {})
    properties.pop("budget", None)  # drawn afresh on every run: nothing to record
    for key in ("finite", "gradient"):
        if isinstance(properties.get(key), dict) and properties[key].get("hidden"):
            properties.pop(key)
    if properties:
        out["properties"] = properties
    else:
        out.pop("properties", None)
    return out


def needed_derived(question: Question) -> set[str]:
    """The derived values a learner's copy needs: those its prompt, hints, option texts and
    constraints use, and the ones those are computed from."""
    from jinja2 import meta

    from grader.formulas import compiled, names_of
    from grader.render import environment

    spec = question.spec
    texts = [spec.prompt, *spec.hints, *(o.text for o in getattr(spec, "options", []))]
    used: set[str] = set()
    for text in texts:
        used |= meta.find_undeclared_variables(environment().parse(text))
    for text in spec.constraints:
        used |= set(compiled(text, names_of(spec)).names)
    needed: set[str] = set()
    for name in reversed(list(spec.derived)):  # later values depend on earlier ones only
        if name in used:
            needed.add(name)
            used |= set(compiled(spec.derived[name], names_of(spec)).names)
    return needed


def recorded_module(question: Question) -> str:
    """A module answering the public cases' calls from the reference's recorded outputs."""
    from grader.code.cases import build_plan
    from grader.code.checks import expected_outputs
    from grader.code.reference import Reference
    from grader.recorded import digest, encode, module_text

    reference = Reference(question)
    table: dict[str, Any] = {}
    names = [n for n, fn in vars(reference.module).items() if callable(fn) and not n.startswith("_")]
    for name in names:
        original = getattr(reference.module, name)
        if not getattr(original, "__module__", None) == reference.module.__name__:
            continue

        def recording(*args, _fn=original, _name=name):
            result = _fn(*args)
            table[f"{_name}:{digest(args)}"] = encode(result)
            return result
        setattr(reference.module, name, recording)
    plan = replace(build_plan(question, public_only=True), has_budget=False)  # the release has no budget check
    expected_outputs(plan, reference)
    gradient = plan.spec.properties.gradient
    for case in plan.gradient:
        for arg in gradient.wrt:
            reference.gradient(case, gradient.objective, arg, gradient.step)
    required = (question.spec.function,) + ((gradient.objective,) if gradient is not None else ())
    return module_text(question.id, table, required)


def describe(result: Released) -> str:
    """One line about what was written."""
    return (f"wrote {result.out}{os.sep}: {result.questions} question(s), {result.exercises} exercise(s) "
            "with their public cases; answers, solutions and hidden checks withheld")
