"""Inline SVG chart of one target: baseline, straight trajectory, target, plan values, actuals.

Server-side and self-contained (no script, no external resource, no ``style`` attributes) so it
renders offline under a strict Content-Security-Policy.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Callable, Mapping

from nghiquyet.graph.statistics.progress import Progress, Quantity

__all__ = ["progress_svg", "WORDS"]

#: Tooltip wording (``str.format`` fields); the server passes the interface language's.
WORDS: dict[str, str] = {
    "target": "target {value} by {year}", "target_range": "target {low}–{high} by {year}",
    "trajectory": "straight trajectory from the baseline", "plan": "plan {period}: {value}",
    "actual": "{period}: {value}", "status.E": "estimated", "status.F": "forecast", "status.P": "provisional",
    "status.I": "imputed", "status.B": "break in series",
}

WIDTH, HEIGHT = 420, 200
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 14, 30
COLOURS = {"target": "#b3261e", "plan": "#7a5af8", "actual": "#0b6e4f", "forecast": "#0b6e4f",
           "trajectory": "#888888", "axis": "#444444"}


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def progress_svg(progress: Progress, title: str = "", words: Mapping[str, str] | None = None,
                 number: Callable[[Decimal], str] | None = None) -> str:
    """An SVG element (a string) for ``progress``; tooltips from ``words`` (default :data:`WORDS`),
    values written by ``number`` (default: plain decimal point)."""
    w = {**WORDS, **(words or {})}
    fmt = number or _fmt
    target = progress.target
    points: list[tuple[int, Decimal]] = [(target.end, target.value)]
    if target.value_max is not None:
        points.append((target.end, target.value_max))
    series = [*progress.actuals, *progress.plans]
    if progress.baseline is not None and progress.baseline not in series:
        series.append(progress.baseline)
    points += [(q.end, q.value) for q in series]
    years = [year for year, _ in points] + [target.start if target.is_span else target.end - 5]
    x0, x1 = min(years), max(years)
    low, high = min(v for _, v in points), max(v for _, v in points)
    pad = (high - low) * Decimal("0.15") or abs(high) * Decimal("0.1") or Decimal(1)
    low, high = low - pad, high + pad

    def x(year: int) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * ((year - x0) / (x1 - x0) if x1 > x0 else 0.5)

    def y(value: Decimal) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * float((high - value) / (high - low))

    label = title or f"{target.indicator_label} ({target.unit})"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="progress-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(label)}">',
             f"<title>{escape(label)}</title>",
             f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="{COLOURS["axis"]}"/>',
             f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="{COLOURS["axis"]}"/>']
    for year in range(x0, x1 + 1):
        parts.append(f'<text x="{x(year):.1f}" y="{HEIGHT - 10}" font-size="10" text-anchor="middle" '
                     f'fill="{COLOURS["axis"]}">{year}</text>')
    for value in (low + pad, high - pad):
        parts.append(f'<text x="{LEFT - 4}" y="{y(value) + 3:.1f}" font-size="10" text-anchor="end" '
                     f'fill="{COLOURS["axis"]}">{fmt(value)}</text>')
    if target.value_max is not None:
        top, bottom = y(target.value_max), y(target.value)
        parts.append(f'<rect class="target" x="{x(target.end) - 7:.1f}" y="{top:.1f}" width="14" '
                     f'height="{max(bottom - top, 2):.1f}" fill="{COLOURS["target"]}" fill-opacity="0.35" '
                     f'stroke="{COLOURS["target"]}"><title>'
                     + escape(w["target_range"].format(low=fmt(target.value), high=fmt(target.value_max), year=target.end))
                     + '</title></rect>')
    else:
        parts.append(_marker("target", x(target.end), y(target.value), COLOURS["target"], "square",
                             w["target"].format(value=_compared(target.comparator, fmt(target.value)),
                                                year=target.end)))
    if progress.baseline is not None and not target.per_year:
        goal = progress.bound if progress.bound is not None else target.value
        parts.append(f'<line class="trajectory" x1="{x(progress.baseline.end):.1f}" y1="{y(progress.baseline.value):.1f}" '
                     f'x2="{x(target.end):.1f}" y2="{y(goal):.1f}" stroke="{COLOURS["trajectory"]}" '
                     f'stroke-dasharray="4 3"><title>{escape(w["trajectory"])}</title></line>')
    for plan in progress.plans:
        parts.append(_marker("plan", x(plan.end), y(plan.value), COLOURS["plan"], "diamond",
                             w["plan"].format(period=plan.period, value=fmt(plan.value))))
    for actual in _with_baseline(progress):
        kind = "forecast" if actual.forecast else "actual"
        note = w.get(f"status.{actual.status}") if actual.status and actual.status != "A" else None
        tip = w["actual"].format(period=actual.period, value=fmt(actual.value)) + (f" ({note})" if note else "")
        parts.append(_marker(kind, x(actual.end), y(actual.value), COLOURS[kind], "circle", tip,
                             hollow=actual.forecast or actual.is_span))
    parts.append("</svg>")
    return "".join(parts)


def _compared(comparator: str, value: str) -> str:
    """``≥ 54`` for an at-least target; the value alone for "=" and ranges."""
    sign = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "≈"}.get(comparator, "")
    return f"{sign} {value}" if sign else value


def _with_baseline(progress: Progress) -> list[Quantity]:
    actuals = list(progress.actuals)
    if progress.baseline is not None and progress.baseline not in actuals:
        actuals.insert(0, progress.baseline)
    return actuals


def _marker(kind: str, cx: float, cy: float, colour: str, shape: str, title: str, hollow: bool = False) -> str:
    fill = "#ffffff" if hollow else colour
    tip = f"<title>{escape(title)}</title>"
    if shape == "square":
        return (f'<rect class="{kind}" x="{cx - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10" fill="{fill}" '
                f'stroke="{colour}">{tip}</rect>')
    if shape == "diamond":
        return (f'<path class="{kind}" d="M {cx:.1f} {cy - 6:.1f} L {cx + 6:.1f} {cy:.1f} L {cx:.1f} {cy + 6:.1f} '
                f'L {cx - 6:.1f} {cy:.1f} Z" fill="{fill}" stroke="{colour}">{tip}</path>')
    return f'<circle class="{kind}" cx="{cx:.1f}" cy="{cy:.1f}" r="4.5" fill="{fill}" stroke="{colour}" stroke-width="1.5">{tip}</circle>'
