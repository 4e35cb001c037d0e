"""Progress of targets: baseline, latest actual, rule and status (docs/progress.md).

Pure functions over :class:`Quantity` values (rows of ``queries/progress.rq``): no store, no I/O.
The build runs them once (:mod:`.assessment`) and publishes the result in the graph; the pages,
the API and SPARQL read the published statuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Iterable

from nghiquyet.graph.statistics.links import in_target_unit, within_period
from nghiquyet.graph.statistics.reasons import reason_texts
from nghiquyet.graph.statistics.quantity import Quantity, baseline_year, quantity_from_row
from nghiquyet.graph.statistics.units import UnitTable

__all__ = ["Quantity", "Progress", "quantity_from_row", "assess", "assess_all", "STATUSES", "RULES",
           "AT_RISK_SHARE", "NEAR_MISS", "APPROXIMATE", "is_zero_target", "better_direction"]

STATUSES = ("achieved", "on track", "at risk", "off track", "not achieved", "no data")
RULES = ("no-data", "reached", "deadline", "trajectory", "per-year-rate", "gap", "at-most-zero")
AT_RISK_SHARE = Decimal("0.75")  # at risk: at least 75 % of the progress the trajectory expects
NEAR_MISS = Decimal("0.10")      # at risk without a trajectory: within 10 % of the bound
APPROXIMATE = Decimal("0.02")    # "khoảng" (~), or "=" without a direction: within 2 % counts as reached
STATUS_RANK = {"A": 0, "P": 1, "E": 2, "I": 3, "B": 4, "": 0}
NO_ZERO_TARGET_UNITS = ("percentage_points",)  # a zero change is not "none left"


@dataclass
class Progress:
    """One target assessed against the values around it (values in the target's unit)."""

    target: Quantity
    status: str
    reason: str
    rule: str = "no-data"
    direction: str = "none"
    bound: Decimal | None = None
    baseline: Quantity | None = None
    latest: Quantity | None = None
    expected: Decimal | None = None
    expected_year: int | None = None
    plans: list[Quantity] = field(default_factory=list)
    actuals: list[Quantity] = field(default_factory=list)  # every comparable actual, forecasts included
    evidence: list[Quantity] = field(default_factory=list)  # the actuals that counted
    reasons: dict[str, str] = field(default_factory=dict)  # the reason in each language (vi, en)

    def say(self, key: str, **values: object) -> None:
        """Set the reason (English in ``reason``, every language in ``reasons``)."""
        self.reasons = reason_texts(key, **values)
        self.reason = self.reasons["en"]

    def reason_in(self, lang: str) -> str:
        """The reason in ``lang``, else in English."""
        return self.reasons.get(lang) or self.reason


def is_zero_target(target: Quantity) -> bool:
    """"không còn X": a zero level of a non-negative quantity, i.e. an at-most-0 target on X."""
    return (target.value == 0 and target.value_max is None and target.comparator in {"=", "<=", "~"}
            and not target.unit.endswith("_per_year") and target.unit not in NO_ZERO_TARGET_UNITS)


def better_direction(target: Quantity) -> str:
    """``higher``/``lower``/``none``: the comparator's, else the indicator concept's (never the baseline's)."""
    if is_zero_target(target) or target.comparator in {"<", "<="}:
        return "lower"
    if target.comparator in {">", ">="}:
        return "higher"
    return target.direction if target.direction in {"higher", "lower"} else "none"


def _bound(target: Quantity, direction: str) -> Decimal:
    """The value to reach: the lower end of a range going up (or without direction), the upper going down."""
    if target.comparator == "range" and target.value_max is not None and direction == "lower":
        return target.value_max
    return target.value


def _meets(value: Decimal, target: Quantity, direction: str) -> bool:
    bound = _bound(target, direction)
    if direction == "none":
        if target.comparator == "range" and target.value_max is not None:
            return target.value <= value <= target.value_max
        return abs(value - bound) <= abs(bound) * APPROXIMATE
    down = direction == "lower"
    if target.comparator == ">":
        return value > bound
    if target.comparator == "<":
        return value < bound
    if target.comparator == "~":
        slack = abs(bound) * APPROXIMATE
        return value <= bound + slack if down else value >= bound - slack
    return value <= bound if down else value >= bound


def _rate_target(target: Quantity) -> bool:
    """A per-year target over a period (growth 9–10 %/năm, 8,500 jobs a year, 90 % every year)."""
    return target.is_span and target.per_year


def _counts(target: Quantity, actual: Quantity) -> bool:
    """Whether an actual (in the target's unit) says how far the target is reached."""
    if actual.forecast or not within_period(target, actual):
        return False
    if not target.is_span:
        return True
    if actual.start == target.start:
        return True  # an average or total over the elapsed part of the period
    return _rate_target(target) and not actual.is_span  # one year of a per-year target


def _latest(target: Quantity, window: list[Quantity]) -> Quantity | None:
    """The deciding actual: for a period, an average from its start before single years; then the latest."""
    def key(q: Quantity) -> tuple:
        return (q.start == target.start and q.is_span, q.end, -STATUS_RANK.get(q.status, 5), q.kind == "observation")
    return max(window, key=key, default=None)


def assess(target: Quantity, others: Iterable[Quantity], units: UnitTable) -> Progress:
    """Assess one target against the other quantities (the rules of docs/progress.md)."""
    shown = [q for q in (in_target_unit(target, o, units) for o in others if o.iri != target.iri or not o.iri)
             if q is not None and q is not target]
    actuals = sorted((q for q in shown if q.kind in {"actual", "observation"}), key=lambda q: (q.end, q.start))
    base_year = baseline_year(target)
    # a merged unit's combined former figures (kind "combined") may start the trajectory, never decide it
    before = [q for q in [*actuals, *(q for q in shown if q.kind == "combined")]
              if q.end <= base_year and not q.forecast and q.is_span == target.is_span and q.unit == target.unit]
    baseline = max(before, key=lambda q: (q.end, -STATUS_RANK.get(q.status, 5)), default=None)
    window = [q for q in actuals if _counts(target, q)]
    plans = sorted((q for q in shown if q.kind == "plan" and within_period(target, q)), key=lambda q: q.end)
    direction = better_direction(target)
    progress = Progress(target, "no data", "no actual value after the baseline year", "no-data", direction,
                        _bound(target, direction), baseline, plans=plans, evidence=window,
                        actuals=[q for q in actuals if base_year < q.end <= target.end or q is baseline]
                        + ([baseline] if baseline is not None and baseline.kind == "combined" else []))
    if baseline is not None and baseline.kind == "combined":
        progress.say("no-data-baseline", baseline=baseline.value, baseline_period=baseline.period, baseline_label="")
    else:
        progress.say("no-data")
    latest = progress.latest = _latest(target, window)
    if latest is None:
        return progress
    _decide(progress, latest, base_year)
    return progress


def _decide(progress: Progress, latest: Quantity, base_year: int) -> None:
    target, direction, baseline = progress.target, progress.direction, progress.baseline
    bound = progress.bound
    zero = is_zero_target(target)
    if _meets(latest.value, target, direction):
        complete = not _rate_target(target) or (latest.end >= target.end and latest.start <= target.start)
        progress.rule = "at-most-zero" if zero else "reached"
        progress.status = "achieved" if complete else "on track"
        progress.say("reached" if complete else "rate-met", latest=latest.value, period=latest.period, bound=bound)
        return
    if latest.end >= target.end:
        progress.rule = "at-most-zero" if zero else "deadline"
        progress.status = "not achieved"
        progress.say("deadline", latest=latest.value, period=latest.period, bound=bound)
        return
    if _rate_target(target):
        _per_year(progress, latest)
        return
    if (baseline is not None and direction != "none" and bound != baseline.value
            and not _meets(baseline.value, target, direction)):
        elapsed = Decimal(latest.end - base_year) / Decimal(target.end - base_year)
        expected = progress.expected = baseline.value + (bound - baseline.value) * elapsed
        progress.expected_year = latest.end
        done = (latest.value - baseline.value) / (bound - baseline.value)
        if _meets(latest.value, replace(target, value=expected, value_max=expected), direction):
            progress.status = "on track"
        else:
            progress.status = "at risk" if done >= AT_RISK_SHARE * elapsed else "off track"
        progress.rule = "at-most-zero" if zero else "trajectory"
        progress.say("trajectory", latest=latest.value, period=latest.period, expected=expected,
                     baseline=baseline.value, baseline_period=baseline.period, bound=bound, end=target.end)
        return
    gap = abs(bound - latest.value) / abs(bound) if bound else Decimal(1)
    progress.rule = "at-most-zero" if zero else "gap"
    progress.status = "at risk" if gap <= NEAR_MISS else "off track"
    progress.say("gap", latest=latest.value, period=latest.period, gap=gap, bound=bound)


def _per_year(progress: Progress, latest: Quantity) -> None:
    """A per-year target not met so far: how far the rate is from the bound, and what is still needed."""
    target, bound = progress.target, progress.bound
    gap = abs(bound - latest.value) / abs(bound) if bound else Decimal(1)
    progress.rule = "per-year-rate"
    progress.status = "at risk" if gap <= NEAR_MISS else "off track"
    years, done = target.end - target.start + 1, latest.end - target.start + 1
    if latest.is_span and latest.start == target.start and 0 < done < years:
        progress.expected = (bound * years - latest.value * done) / (years - done)
        progress.expected_year = target.end
        progress.say("per-year-needed", latest=latest.value, period=latest.period, gap=gap, bound=bound,
                     expected=progress.expected, years=target.end - latest.end)
    else:
        progress.expected, progress.expected_year = bound, target.end
        progress.say("per-year", latest=latest.value, period=latest.period, gap=gap, bound=bound)


def assess_all(quantities: Iterable[Quantity], units: UnitTable) -> list[Progress]:
    """Every target assessed, ordered by province, indicator label, deadline and IRI."""
    quantities = list(quantities)
    targets = [q for q in quantities if q.kind == "target"]
    # only quantities of the target's province and indicator are shown to it (in_target_unit):
    # each target reads its own group, in the order of the others, not every quantity
    groups: dict[tuple[str, str], list[Quantity]] = {}
    for other in quantities:
        if other.kind != "target":
            groups.setdefault((other.province, other.indicator), []).append(other)
    results = [assess(target, groups.get((target.province, target.indicator), []), units) for target in targets]
    return sorted(results, key=lambda p: (p.target.province, p.target.indicator_label, p.target.end, p.target.iri))
