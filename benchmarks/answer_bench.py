"""How long answers take to check (issue 9): the slowest of a fixed hostile corpus next to the typical one.

Run: python benchmarks/answer_bench.py
- typical: median in-process `check_answer` time over ordinary right and wrong answers of every kind
- slowest: the slowest hostile answer (in-process, median of its repeats), target <= 2 s (the bound
  on every answer) and printed as a ratio to the typical one
- the same slowest answer through the whole `dlquiz check` process, next to `dlquiz check` of an
  ordinary answer (the floor)
- the fork floor: `run_bounded` of a function that does nothing (what the SymPy fallback pays first)
Figures under load are noisy: read the ratios.
"""

from __future__ import annotations

import statistics
import sys
import time

from _timing import REPO, dlquiz_command, median_wall

sys.path.insert(0, str(REPO))

from tests.test_answering import LAUGHS  # noqa: E402 - the issue's alias bomb, one copy

BOUND = 2.0
SIG = "activations/sigmoid-derivative"
SGD = "optim/sgd-update"
MSE = "losses/mse"
SOFTMAX = "activations/softmax"
CHOICE = "losses/choose-loss"
DESIGN = "design/audio-classifier"
TYPICAL = [
    (MSE, "0.04"), (MSE, "1/25"), (MSE, "0.08"), (SGD, "1.47"), (SGD, "-3"), (SOFTMAX, "[0.629, 0.231, 0.140]"),
    (SOFTMAX, "0.63, 0.23, 0.14"), (SIG, "sigmoid(x)*(1-sigmoid(x))"), (SIG, "exp(-x)/(1+exp(-x))^2"),
    (SIG, "x*(1-x)"), (SIG, "sigmoid(x)"), (CHOICE, "b"),
]
HOSTILE = [
    (SIG, "sigmoid(x)*(1-sigmoid(x)"), (SIG, "1/0"), (SIG, "x/(x-x)"), (SIG, "log(0)"), (SIG, "σ(1-σ)"),
    (SIG, "1e999999999"), (SIG, "(((2^200)^200)^200)^200"), (SIG, "9^9^9^9"), (SIG, "e^(e^(e^(e^x)))"),
    (SIG, "e^(e^(e^(e^(e^(e^x)))))"), (SIG, "exp(exp(exp(x+10)))"), (SIG, "x^1000 - (x^2)^500"),
    (SIG, "(x-3)^13 - (x^13 - 39x^12 + 702x^11 - 7722x^10 + 57915x^9 - 312741x^8 + 1250964x^7 - 3752892x^6 "
          "+ 8444007x^5 - 14073345x^4 + 16888014x^3 - 13817466x^2 + 6908733x - 1594323)"),
    (SIG, "-" * 59 + "x"), (SIG, "(" * 59 + "x" + ")" * 59), (SIG, "+".join(["sigmoid(x)"] * 190)),
    (SIG, "*".join(["sin(x)"] * 190)), (SIG, "x" + "+x" * 990), (SIG, "9" * 40 + "*x"),
    (SIG, "sin(1e300*x)"), (SIG, "\udcff" * 100), (SIG, "1/(1+e^(-x))" * 160),
    (SGD, "(-8)**(1/3)"), (SGD, "9" * 320), (SGD, "1e309"), (SGD, "10^300*10^300"), (SGD, "2^1000"),
    (SOFTMAX, "[" + ", ".join(["0.1"] * 990) + "]"), (SOFTMAX, "[" * 60 + "1" + "]" * 60),
    (SOFTMAX, "; ".join(" ".join(["1"] * 30) for _ in range(30))),
    (CHOICE, "9" * 5000), (CHOICE, "①"), (CHOICE, "a, " * 5000),
    (DESIGN, LAUGHS), (DESIGN, "batch_size: 9" + "9" * 5000), (DESIGN, "batch_size: .inf"),
    (DESIGN, "hidden_layers: [" + ", ".join(["64"] * 1999) + "]"), (DESIGN, "x" * 19_999),
    (DESIGN, "loss: " + "[" * 5000),
]


def _time_answers(corpus, repeats: int) -> list[tuple[float, str, str, str]]:
    from grader.answering import check_answer
    from tests.conftest import variant_of

    variants = {qid: variant_of(qid) for qid, _ in corpus}
    for qid, text in corpus:  # warm-up: first imports and caches are not what this measures
        check_answer(variants[qid], text)
    out = []
    for qid, text in corpus:
        times = []
        for _ in range(repeats):
            _clear_caches()
            start = time.perf_counter()
            outcome = check_answer(variants[qid], text)
            times.append(time.perf_counter() - start)
        out.append((statistics.median(times), qid, text, outcome.status))
    return out


def _clear_caches() -> None:
    from grader.symbolic import equivalence, parse

    parse._parse_cached.cache_clear()
    equivalence._floats.cache_clear()
    equivalence._precise.cache_clear()


def _fork_floor(repeats: int = 20) -> float:
    from grader.bounded import run_bounded

    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run_bounded(int)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _shown(text: str) -> str:
    text = text.encode("utf-8", "replace").decode().replace("\n", "\\n")
    return text if len(text) <= 40 else f"{text[:30]}... ({len(text)} chars)"


def main() -> int:
    """Measure and print; exit 1 if an answer takes longer than the bound."""
    typical = _time_answers(TYPICAL, repeats=9)
    hostile = _time_answers(HOSTILE, repeats=3)
    typical_median = statistics.median(t for t, *_ in typical)
    slowest, qid, text, status = max(hostile)
    ok = slowest <= BOUND
    print(f"{'typical answer (median of ' + str(len(typical)) + ', caches cleared)':<52} {typical_median * 1000:8.1f} ms")
    print(f"{'slowest of ' + str(len(hostile)) + ' hostile answers (in-process)':<52} {slowest * 1000:8.1f} ms  "
          f"{slowest / typical_median:6.1f}x typical  (bound {BOUND * 1000:.0f} ms) {'ok' if ok else 'OVER'}")
    print(f"    {qid} {_shown(text)!r} -> {status}")
    for seconds, q, t, s in sorted(hostile, reverse=True)[1:4]:
        print(f"    next: {seconds * 1000:7.1f} ms  {q} {_shown(t)!r} -> {s}")
    print(f"{'fork floor (run_bounded of a no-op)':<52} {_fork_floor() * 1000:8.1f} ms")
    dlquiz = dlquiz_command()
    walls = median_wall({"floor": dlquiz + ["check", MSE, "0.04"],
                         "slowest": dlquiz + ["check", qid, "--", text] if text.startswith("-")
                         else dlquiz + ["check", qid, text]}, repeats=5, allowed=(0, 1, 2))
    print(f"{'dlquiz check, slowest hostile answer (process)':<52} {walls['slowest'] * 1000:8.1f} ms  floor "
          f"(dlquiz check {MSE} 0.04) {walls['floor'] * 1000:7.1f} ms  {walls['slowest'] / walls['floor']:4.2f}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
