"""Cross-checks of a code question's `checks:` that the schema cannot express: every case names
exactly the signature's parameters, random draws cover them and use defined dims, gradients
name real parameters and outputs. (That the reference passes and the starter fails is checked
by `dlquiz validate`, which grades both.)"""

from __future__ import annotations

from typing import Any, Iterator

from grader.code.spec import BOUND, Cases, CheckSpec, Random

Finding = tuple[tuple[Any, ...], str]


def spec_problems(spec: Any) -> list[Finding]:
    """Every problem in a CodeQuestion's check specification, as (key path, message)."""
    checks: CheckSpec = spec.checks
    found = [(("checks", "arguments", name), f"'{name}' is not in the signature {checks.signature}")
             for name in checks.arguments if name not in checks.signature]
    if len(set(checks.signature)) != len(checks.signature):
        found.append((("checks", "signature"), "a parameter is listed twice"))
    names = [check.name for check in checks.values]
    if len(set(names)) != len(names):
        found.append((("checks", "values"), "two value checks share a name: give each its own"))
    for i, check in enumerate(checks.values):
        found += _cases(checks, check, ("checks", "values", i))
        if check.min_passing is not None and check.min_passing > _case_count(check):
            found.append((("checks", "values", i, "min_passing"), "more than the number of cases"))
        if check.expected is not None and len(checks.returns) > 1 and check.through is None:
            found.append((("checks", "values", i, "expected"), "`expected` works for one output only (or with `through`)"))
        if check.training is not None:
            steps = check.training.steps
            if steps not in checks.signature or checks.argument(steps).type != "int":
                found.append((("checks", "values", i, "training", "steps"),
                              f"'{steps}' must be a parameter passed as an int"))
    props = checks.properties
    for key in ("finite", "gradient", "budget"):
        source = getattr(props, key)
        if source is not None:
            found += _cases(checks, source, ("checks", "properties", key))
    if props.gradient is not None:
        outputs = [o.name for o in checks.returns]
        for arg, output in props.gradient.wrt.items():
            if arg not in checks.signature:
                found.append((("checks", "properties", "gradient", "wrt"), f"'{arg}' is not a parameter"))
            if output not in outputs:
                found.append((("checks", "properties", "gradient", "wrt"), f"'{output}' is not an output {outputs}"))
    if props.budget is not None and _case_count(props.budget) != 1:
        found.append((("checks", "properties", "budget"), "a budget check has exactly one (large) case"))
    return found


def _case_count(source: Cases) -> int:
    """How many cases a check has: its fixed ones plus its random ones."""
    return len(source.cases) + (source.random.count if source.random else 0)


def _cases(checks: CheckSpec, source: Cases, key: tuple[Any, ...]) -> Iterator[Finding]:
    wanted = set(checks.signature)
    for name in source.pass_as:
        if name not in wanted:
            yield key + ("pass_as",), f"'{name}' is not a parameter"
    for n, case in enumerate(source.cases):
        if set(case) != wanted:
            missing, extra = sorted(wanted - set(case)), sorted(set(case) - wanted)
            yield key + ("cases", n), f"a case gives each parameter once: missing {missing}, unknown {extra}"
    if source.random is not None:
        yield from _random(checks, source.random, key + ("random",))


def _random(checks: CheckSpec, random: Random, key: tuple[Any, ...]) -> Iterator[Finding]:
    if set(random.args) != set(checks.signature):
        yield key + ("args",), f"draw exactly the parameters {checks.signature}, not {sorted(random.args)}"
    for name, draw in random.args.items():
        used = [d for d in draw.shape if isinstance(d, str)] + ([draw.dim] if draw.dim else [])
        used += [BOUND.match(b).group("name") for b in draw.integer or () if isinstance(b, str)]
        for dim in used:
            if dim not in random.dims:
                yield key + ("args", name), f"dim '{dim}' is not defined under `dims`"
    for name, dim in random.dims.items():
        if isinstance(dim, tuple) and not 0 <= dim[0] <= dim[1]:
            yield key + ("dims", name), f"[low, high] needs 0 <= low <= high, not {list(dim)}"
