"""Start-up and checking speed of `dlquiz check` (issue 2), each figure next to its floor.

Run: python benchmarks/startup.py
- numeric check vs `python -c 'import numpy, yaml, typer'`        target <= 1.5x
- symbolic check vs `python -c 'import numpy, sympy, yaml, typer'`  target <= 1.5x
- one symbolic equivalence check in-process, after the first        target median < 10 ms
- a formula-answer numeric check (examples/course, a course bank)    target <= 1.5x the numeric floor
- a SymPy-derived question (gradient at a point, examples/course)    target <= 1.5x the SymPy floor
- show of a figure question (four runs of training curves) vs `python -c 'import numpy, yaml, typer'`
                                                                      target <= 1.5x
  (and the same `show` of a question without a figure, for comparison)
"""

from __future__ import annotations

import statistics
import sys
import time

from _timing import REPO, dlquiz_command, median_wall, python_floor, report

COURSE = REPO / "examples" / "course" / "questions"


def in_process_symbolic(repeats: int = 50) -> tuple[float, float]:
    """(first call, median of later calls) of checking a sigmoid-derivative answer in-process."""
    sys.path.insert(0, str(__import__("_timing").REPO))
    from grader.bank import Bank
    from grader.checkers import checker_for
    from grader.variants import make_variant

    variant = make_variant(Bank.open().load("activations/sigmoid-derivative"), None)
    checker = checker_for("symbolic")
    answers = ["exp(-x)/(1+exp(-x))^2", "sigmoid(x)*(1-sigmoid(x))", "sigmoid(x) - sigmoid(x)^2", "x*(1-x)"]
    start = time.perf_counter()
    checker.check(variant, "sigmoid(x)*(1 - sigmoid(x))")
    first = time.perf_counter() - start
    from grader.symbolic import equivalence, parse

    times = []
    for i in range(repeats):
        # empty the caches so every check parses and samples both sides (and the mistakes) afresh
        parse._parse_cached.cache_clear()
        equivalence._floats.cache_clear()
        equivalence._precise.cache_clear()
        start = time.perf_counter()
        checker.check(variant, answers[i % len(answers)])
        times.append(time.perf_counter() - start)
    return first, statistics.median(times)


def main() -> int:
    """Measure and print; exit 1 if a target is missed."""
    dlquiz = dlquiz_command()
    walls = median_wall({
        "floor_numeric": python_floor("import numpy, yaml, typer"),
        "numeric": dlquiz + ["check", "losses/mse", "0.04"],
        "floor_symbolic": python_floor("import numpy, sympy, yaml, typer"),
        "symbolic": dlquiz + ["check", "activations/sigmoid-derivative", "sigmoid(x)*(1-sigmoid(x))"],
        "formula": dlquiz + ["check", "cnn/conv-output-size", "14", "--bank", str(COURSE)],
        "derivative": dlquiz + ["check", "backprop/gradient-at-point", "[0, 3]", "--bank", str(COURSE)],
        "show_figure": dlquiz + ["show", "training/which-run-overfits", "--seed", "3"],
        "show_plain": dlquiz + ["show", "losses/mse", "--seed", "3"],
    })
    ok = report("dlquiz check (numeric)", walls["numeric"], walls["floor_numeric"], 1.5)
    ok &= report("dlquiz check (symbolic)", walls["symbolic"], walls["floor_symbolic"], 1.5)
    ok &= report("dlquiz check (formula answer, course bank)", walls["formula"], walls["floor_numeric"], 1.5)
    ok &= report("dlquiz check (SymPy-derived gradient)", walls["derivative"], walls["floor_symbolic"], 1.5)
    ok &= report("dlquiz show (a figure of four runs)", walls["show_figure"], walls["floor_numeric"], 1.5)
    report("dlquiz show (no figure, for comparison)", walls["show_plain"], walls["floor_numeric"], 1.5)
    first, later = in_process_symbolic()
    print(f"{'symbolic equivalence in-process':<46} first {first * 1000:6.1f} ms, later median "
          f"{later * 1000:5.1f} ms  (target < 10 ms) {'ok' if later < 0.010 else 'OVER'}")
    ok &= later < 0.010
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
