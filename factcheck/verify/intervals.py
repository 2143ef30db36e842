"""Figures as intervals: "more than 55" is [55, ∞), "up to 1200" is (-∞, 1200], "dozens" [20, 99]."""

from __future__ import annotations

import math

Interval = tuple[float, float]


def interval(low: float | None, high: float | None) -> Interval:
    return (-math.inf if low is None else float(low), math.inf if high is None else float(high))


def overlaps(a: Interval, b: Interval) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def describe(low: float | None, high: float | None, unit: str | None) -> str:
    """Human form for reasons: "4", "≥ 55", "≤ 1200", "20–99"."""

    def number(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:g}"

    suffix = f" {unit}" if unit else ""
    if low is not None and high is not None:
        return f"{number(low)}{suffix}" if low == high else f"{number(low)}–{number(high)}{suffix}"
    if low is not None:
        return f"≥ {number(low)}{suffix}"
    if high is not None:
        return f"≤ {number(high)}{suffix}"
    return f"?{suffix}"
