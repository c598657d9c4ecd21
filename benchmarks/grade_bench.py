"""Speed of grading code (issue 4), each figure next to its floor measured in the same run.

Run: python benchmarks/grade_bench.py [--learners 200] [--repeats 7]

The learner's folder holds every exercise's reference solution (so every check runs, none is
skipped). The same calls the grader makes (every case, the repeated first case of each group,
the large budget case) are exported once with their expected outputs, and:

- floor: a bare `python -c` that imports numpy, loads each submission file, makes those calls
  and asserts the outputs (no sandbox, no messages): the least any grader must spend;
- pytest: the same calls and asserts as parametrized pytest tests (`pytest -q`);
- dlquiz: `python -m cli grade FOLDER` (the CLI start-up, the sandbox, every check and the report).

Targets: one learner's folder <= 2x the floor and faster than pytest; `grade --batch` of N
learners <= 1.3x the floor per learner; 2 workers >= 1.8x the throughput of 1. Commands are
spawned with this interpreter directly and interleaved, after an unmeasured warm-up, with a
private bytecode cache (as an installed dlquiz has compiled .pyc files).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from _timing import REPO, bench_env, load_average, median_wall, report, timed

sys.path.insert(0, str(REPO))

from grader.code import learner_filename, reference_path  # noqa: E402
from grader.code.runner import Run  # noqa: E402
from grader.commands.exercise import code_questions  # noqa: E402

SMALL = ["code/relu-backward", "code/one-hot"]
ASSIGNMENT = ("id: bench\nquestions: [losses/mse, losses/choose-loss, activations/sigmoid-derivative]\n"
              "exercises:\n")
ANSWERS = ("assignment: bench\nkey: abcd-efgh-ijkl-mnop\nanswers:\n  losses/mse: {answer: '0.04'}\n"
           "  losses/choose-loss: {answer: b}\n  activations/sigmoid-derivative: {answer: 'sigmoid(x)*(1-sigmoid(x))'}\n")

FLOOR = """
import importlib.util, sys, numpy as np
data = np.load(sys.argv[1] + "/calls.npz")
fns = {}
for name in sorted({k.split("|")[0] for k in data.files}):
    spec = importlib.util.spec_from_file_location(name, f"{sys.argv[2]}/{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fns[name] = module
passes = {}
for key in sorted({k.rsplit("|", 2)[0] for k in data.files if "|arg" in k}):
    name, function, case, calls, atol, rtol, group = key.split("|")
    args = [data[f"{key}|arg|{i}"] for i in range(sum(f.startswith(key + "|arg|") for f in data.files))]
    args = [a.tolist() if a.dtype.kind in "iu" and a.ndim == 0 else a for a in args]
    for _ in range(int(calls)):
        out = getattr(fns[name], function)(*[a.copy() if hasattr(a, "copy") else a for a in args])
        outs = out if isinstance(out, (tuple, list)) else (out,)
        ok = all(np.allclose(o, data[f"{key}|out|{j}"], atol=float(atol), rtol=float(rtol)) for j, o in enumerate(outs))
    passes.setdefault(group, []).append(ok)
for group, oks in passes.items():
    assert sum(oks) >= int(group.rsplit("#", 1)[1]), group
"""

PYTEST = '''
import importlib.util, numpy as np, pytest
DATA = np.load("{folder}/calls.npz")
KEYS = sorted({{k.rsplit("|", 2)[0] for k in DATA.files if "|arg" in k}})
GROUP_SIZES = {{}}
for _key in KEYS:
    GROUP_SIZES[_key.split("|")[-1]] = GROUP_SIZES.get(_key.split("|")[-1], 0) + 1

def _module(name, cache={{}}):
    if name not in cache:
        spec = importlib.util.spec_from_file_location(name, "{learner}/" + name + ".py")
        cache[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(cache[name])
    return cache[name]

@pytest.mark.parametrize("key", KEYS)
def test_case(key):
    name, function, case, calls, atol, rtol, group = key.split("|")
    count = sum(f.startswith(key + "|arg|") for f in DATA.files)
    args = [DATA[f"{{key}}|arg|{{i}}"] for i in range(count)]
    args = [a.tolist() if a.dtype.kind in "iu" and a.ndim == 0 else a for a in args]
    for _ in range(int(calls)):
        out = getattr(_module(name), function)(*[a.copy() if hasattr(a, "copy") else a for a in args])
        outs = out if isinstance(out, (tuple, list)) else (out,)
        close = all(np.allclose(o, DATA[f"{{key}}|out|{{j}}"], atol=float(atol), rtol=float(rtol))
                    for j, o in enumerate(outs))
    assert close or int(group.rsplit("#", 1)[1]) < GROUP_SIZES[group]  # e.g. 2 of 3 XOR seeds
'''


def export_calls(folder: Path, only: list[str] | None = None) -> None:
    """Every call the grader makes (for the exercises in `only`, default all), with its
    expected outputs, into folder/calls.npz."""
    arrays = {}
    folder.mkdir(exist_ok=True)
    with Run(code_questions(None, only)) as run:
        run.precompute()
        for qid, prepared in run.prepare().items():
            plan, reference = prepared.plan, prepared.reference
            name = learner_filename(qid)[:-3]
            groups = [(check, cases) for check, cases in plan.values]
            groups += [(None, plan.checkpoints), (None, plan.finite), (None, plan.gradient), (None, plan.budget)]
            for check, cases in groups:
                tolerance = (check.tolerance if check and check.tolerance else plan.spec.tolerance)
                needed = check.min_passing if check and check.min_passing else len(cases)
                group = f"{qid}:{check.name if check else id(cases)}#{needed}"
                for n, case in enumerate(cases):
                    calls = 2 if check and n == 0 and plan.spec.properties.deterministic else 1
                    key = f"{name}|{plan.question.spec.function}|{case.key}|{calls}|{tolerance.atol}|{tolerance.rtol}|{group}"
                    for i, arg in enumerate(case.args):
                        arrays[f"{key}|arg|{i}"] = np.asarray(arg)
                    direct = check and check.expected is not None and check.through is None
                    expected = ((np.asarray(check.expected, dtype=float),) if direct
                                else reference.outputs(case))
                    for j, out in enumerate(expected):
                        arrays[f"{key}|out|{j}"] = out
    np.savez(folder / "calls.npz", **arrays)


def learner_folder(root: Path, name: str) -> Path:
    """A learner whose every file is the exercise's reference solution."""
    folder = root / name
    folder.mkdir(parents=True)
    for question in code_questions(None):
        shutil.copyfile(reference_path(question), folder / learner_filename(question.id))
    return folder


def main() -> bool:
    """Measure everything, print each figure next to its floor; True when every target is met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=7)
    options = parser.parse_args()
    print(f"load average at the start: {load_average()} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as tmp:
        work = Path(tmp)
        env = bench_env(PYTHONPYCACHEPREFIX=str(work / "pycache"), OPENBLAS_NUM_THREADS="1")
        env.pop("DLQUIZ_BANK", None)
        learner = learner_folder(work, "learner")
        export_calls(work)
        (work / "test_equivalent.py").write_text(PYTEST.format(folder=work, learner=learner))
        commands = {
            "floor": [sys.executable, "-c", FLOOR, str(work), str(learner)],
            "pytest": [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(work / "test_equivalent.py")],
            "dlquiz": [sys.executable, "-m", "cli", "grade", str(learner)],
        }
        one = median_wall(commands, repeats=options.repeats, env=env)
        graded = subprocess.run(commands["dlquiz"] + ["--format", "json"], capture_output=True, text=True,
                                env=env, cwd=REPO).stdout
        print(f"isolation: {json.loads(graded)['isolation']}")
        ok = report("one learner, 10 exercises: dlquiz grade", one["dlquiz"], one["floor"], 2.0)
        ok &= report("one learner, 10 exercises: pytest (same calls)", one["pytest"], one["floor"], float("inf"))
        faster = one["dlquiz"] < one["pytest"]
        print(f"{'dlquiz grade faster than pytest':<46} {'yes' if faster else 'NO'}")
        ok &= faster

        # informational: two small exercises, where start-up costs dominate (FACTS.md's floor)
        small = work / "small"
        export_calls(small, SMALL)
        few = median_wall({"floor": [sys.executable, "-c", FLOOR, str(small), str(learner)],
                       "dlquiz": commands["dlquiz"] + ["--only", ",".join(SMALL)]},
                          repeats=options.repeats, env=env)
        report("one learner, relu-backward + one-hot only (info)", few["dlquiz"], few["floor"], 2.0)

        batch = work / "class"
        for n in range(options.learners):
            learner_folder(batch, f"learner{n:03d}")
        floors, per_worker = [], {}
        for workers in (1, 2):  # the floor is measured around each batch, under the same load
            floors += [timed(commands["floor"], env) for _ in range(options.repeats)]
            grade = [sys.executable, "-m", "cli", "grade", "--batch", str(batch), "--workers", str(workers),
                     "--out", str(work / f"gradebook-{workers}.csv")]
            per_worker[workers] = timed(grade, env)
        floor = statistics.median(floors)
        per_learner = per_worker[1] / options.learners
        ok &= report(f"batch of {options.learners}, 1 worker, per learner", per_learner, floor, 1.3)
        speedup = per_worker[1] / per_worker[2]
        print(f"{'batch, 2 workers vs 1: throughput':<46} {speedup:4.2f}x  (1 worker {per_worker[1]:.1f} s, "
              f"2 workers {per_worker[2]:.1f} s; target >= 1.8x) {'ok' if speedup >= 1.8 else 'UNDER'}")
        ok &= speedup >= 1.8

        # informational: the same class graded as an assignment (every exercise plus three typed
        # answers each, checked in bounded children), next to the same floor
        (work / "assignment.yaml").write_text(ASSIGNMENT + "".join(f"  - {q.id}\n" for q in code_questions(None)))
        for folder in batch.iterdir():
            (folder / "answers.yaml").write_text(ANSWERS)
        graded = timed([sys.executable, "-m", "cli", "grade", "--batch", str(batch), "--assignment",
                        str(work / "assignment.yaml"), "--out", str(work / "gradebook-a.csv")], env)
        report(f"batch of {options.learners} as an assignment, per learner (info)", graded / options.learners,
               floor, 1.3)
        print(f"load average (1, 5, 15 min) at the end: {load_average()} "
              f"on {os.cpu_count()} cores (other work on the machine slows the batch and its scaling)")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
