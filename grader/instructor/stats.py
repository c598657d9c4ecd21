"""Item analysis: per question or exercise, how many got it right, the commonest failure, and how
well it separates strong from weak learners.

Discrimination, two ways:
- `r_pb`, the corrected item-rest correlation: between the item's score and the learner's mean
  score on the *other* items (so the item does not correlate with itself); for right/wrong
  items (scores 0 or 1) it is the point-biserial correlation;
- `d`, the upper-lower index: share right among the top 27% of learners (by mean score over
  every item) minus share right among the bottom 27%.
Around 0.3 and above separates well; near 0 does not; negative usually means a wrong key or a
misleading question.

Each share right comes with its 95% Wilson score interval (sound for small n and for shares
near 0 or 1, where the normal approximation fails), and below MIN_LEARNERS learners every
figure is flagged as unreliable: with 5 learners a discrimination of +1.00 is common by chance.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass

from grader.instructor.responses import Responses
from grader.textmath import to_terminal

GROUP_SHARE = 0.27  # Kelley's upper and lower groups
WEAK = 0.2          # below this discrimination an item is flagged for review
MIN_LEARNERS = 20   # below this the figures are too noisy to act on (a warning is shown)
Z95 = 1.959964      # the 97.5th percentile of the normal distribution


@dataclass(frozen=True)
class ItemStats:
    """The analysis of one item; None where too few learners answered to say."""

    item: str
    kind: str
    n: int
    share_right: float
    share_right_low: float
    share_right_high: float
    mean_score: float
    r_pb: float | None
    d: float | None
    top_failure: str | None
    top_failure_count: int

    def to_json(self) -> dict:
        """A plain dict for `--format json`."""
        return asdict(self)


def wilson(right: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval (95% by default) for a share `right`/`n`; (0, 1) when n is 0."""
    if n <= 0:
        return 0.0, 1.0
    p = right / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def class_size_warning(learners: int) -> str | None:
    """A warning when there are too few learners for the figures to mean much, else None."""
    if learners >= MIN_LEARNERS:
        return None
    return (f"Only {learners} learner(s): below {MIN_LEARNERS}, discrimination and shares right swing widely "
            "by chance (see the intervals); treat these figures as a hint, not a verdict.")


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r (the point-biserial when `xs` is 0/1); None when either side does not vary."""
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / math.sqrt(sxx * syy)


def learner_totals(responses: Responses) -> dict[str, tuple[float, int]]:
    """Each learner's (sum of scores, number of items answered)."""
    totals: dict[str, tuple[float, int]] = {}
    for (learner, _), response in responses.by_pair.items():
        total, count = totals.get(learner, (0.0, 0))
        totals[learner] = (total + response.score, count + 1)
    return totals


def rest_mean(totals: dict[str, tuple[float, int]], learner: str, score: float) -> float | None:
    """The learner's mean score over their other items (None when this was their only one)."""
    total, count = totals[learner]
    return (total - score) / (count - 1) if count > 1 else None


def groups(means: dict[str, float]) -> tuple[set[str], set[str]]:
    """(upper, lower): the top and bottom 27% of learners by mean score (at least one each)."""
    ranked = sorted(means, key=lambda who: (-means[who], who))
    size = max(1, round(len(ranked) * GROUP_SHARE))
    if len(ranked) < 2 * size:
        return set(), set()
    return set(ranked[:size]), set(ranked[-size:])


def analyse(responses: Responses) -> list[ItemStats]:
    """Statistics for every item, the most discriminating first (items without an index last)."""
    totals = learner_totals(responses)
    upper, lower = groups({who: total / count for who, (total, count) in totals.items()})
    out = []
    for item in responses.items():
        answered = {who: r for (who, it), r in responses.by_pair.items() if it == item}
        right = [who for who, r in answered.items() if r.correct]
        pairs = [(r.score, rest) for who, r in answered.items()
                 if (rest := rest_mean(totals, who, r.score)) is not None]
        failures = Counter(r.failure for r in answered.values() if not r.correct and r.failure)
        top, count = failures.most_common(1)[0] if failures else (None, 0)
        low, high = wilson(len(right), len(answered))
        out.append(ItemStats(
            item=item, kind=responses.kinds.get(item, ""), n=len(answered),
            share_right=len(right) / len(answered), share_right_low=low, share_right_high=high,
            mean_score=sum(r.score for r in answered.values()) / len(answered),
            r_pb=correlation([p[0] for p in pairs], [p[1] for p in pairs]),
            d=_upper_lower(answered, upper, lower),
            top_failure=top, top_failure_count=count,
        ))
    return sorted(out, key=lambda s: (s.r_pb is None, -(s.r_pb or 0.0), s.item))


def _upper_lower(answered: dict, upper: set[str], lower: set[str]) -> float | None:
    up = [answered[w].correct for w in upper if w in answered]
    low = [answered[w].correct for w in lower if w in answered]
    if not up or not low:
        return None
    return sum(up) / len(up) - sum(low) / len(low)


def flagged(stats: list[ItemStats]) -> list[ItemStats]:
    """Items worth a second look: discrimination below WEAK (negative first)."""
    weak = [s for s in stats if s.r_pb is not None and s.r_pb < WEAK]
    return sorted(weak, key=lambda s: s.r_pb)


def table(stats: list[ItemStats], learners: int, width: int = 100) -> str:
    """The analysis as a text table, then the items to review."""
    from grader.code.escape import printable  # item names and failures come from the files read: no ESC reaches the terminal

    name_w = min(40, max([len("item")] + [len(printable(s.item)) for s in stats]))
    head = (f"{'item':<{name_w}}  {'n':>4}  {'right':>5} {'(95% CI)':<10}  {'mean':>5}  {'r_pb':>5}  {'D':>5}  "
            "most common failure")
    lines = [f"{len(stats)} item(s), {learners} learner(s); most discriminating first"]
    warning = class_size_warning(learners)
    if warning:
        lines.append(f"Warning: {warning}")
    lines += [head, "-" * min(width, len(head) + 20)]
    for s in stats:
        failure = f"{s.top_failure_count}x {printable(_one_line(to_terminal(s.top_failure)))}" if s.top_failure else ""
        row = (f"{_cut(printable(s.item), name_w):<{name_w}}  {s.n:>4}  {s.share_right:>5.0%} {interval_text(s):<10}  "
               f"{s.mean_score:>5.2f}  {_num(s.r_pb):>5}  {_num(s.d):>5}  {failure}")
        lines.append(_cut(row, width))
    weak = flagged(stats)
    if weak:
        lines += ["", f"Review these (discrimination below {WEAK}: strong and weak learners do about as well, "
                  "or the weak do better):"]
        lines += [f"  {printable(s.item)}: r_pb {_num(s.r_pb)}, {s.share_right:.0%} right" for s in weak]
    return "\n".join(lines)


def interval_text(s: ItemStats) -> str:
    """`(40–89%)`: the share right's 95% interval."""
    return f"({100 * s.share_right_low:.0f}–{100 * s.share_right_high:.0f}%)"


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
