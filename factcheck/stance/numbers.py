"""Figures that cannot both be true: 3 vs 4, "more than 90" vs "less than 90", 5% vs 7%.

A figure present on one side only is an omission, not a conflict (paraphrases drop years and
amounts); a conflict needs a figure on each side, of the same unit, whose intervals are disjoint."""

from __future__ import annotations

import re

from factcheck.model import Quantity
from factcheck.quantities.api import parse_quantities
from factcheck.rulebook.compile import Rulebook
from factcheck.stance.words import prepare
from factcheck.verify.intervals import Interval, describe, interval

# "less than 90" excludes 90 itself: nudge the bound inward. "More than 200" is not nudged: tallies
# are reported rounded down, so "200 killed" and "more than 200 killed" are the same report (ANS
# train: 3 of 4 such pairs agree), while "below 74 dollars" against "74 dollars" is a change.
_STRICT = 1e-9
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")


def numbers_in(text: str) -> frozenset[str]:
    """The digit strings written in a text (ASCII), e.g. for selecting pairs whose figures differ."""
    return frozenset(number.replace(",", "") for number in _DIGITS.findall(prepare(text)))


def figures_in(text: str, book: Rulebook) -> frozenset[float]:
    """The definite numbers a text states, read as values by the quantity parser: ستة and 6 are the
    same number, and so are ملياري دولار and 2 مليار دولار. Vague amounts (عشرات) are not numbers."""
    return frozenset(q.value for q in parse_quantities(prepare(text), book) if q.value is not None)


def _span(quantity: Quantity) -> Interval:
    low, high = interval(quantity.low, quantity.high)
    if quantity.bound == "less_than":
        high -= max(abs(high) * _STRICT, _STRICT)
    return low, high


def _is_year(quantity: Quantity) -> bool:
    # "منذ 2010" is a date, not an amount: it cannot contradict "منذ تسعة أعوام".
    value = quantity.value
    return quantity.unit is None and value is not None and float(value).is_integer() and 1900 <= value <= 2100


def _comparable(a: Quantity, b: Quantity) -> bool:
    if _is_year(a) != _is_year(b):
        return False
    # A unit missing on one side (headline ellipsis: "90 عرضا" unparsed) does not make figures incomparable.
    return a.unit is None or b.unit is None or a.unit == b.unit


_LOWER = frozenset({"more_than", "at_least"})
_UPPER = frozenset({"less_than", "up_to"})


def _disjoint(a: Interval, b: Interval) -> bool:
    return a[1] < b[0] or b[1] < a[0]


def _differ(a: Quantity, b: Quantity) -> bool:
    """Can the two figures not both be true? Two bounds the same way ("passes 75 dollars" vs
    "passes 60 dollars") overlap, yet each reports its threshold as the news: they differ when the
    thresholds do."""
    if {a.bound, b.bound} <= _LOWER or {a.bound, b.bound} <= _UPPER:
        return a.value != b.value
    return _disjoint(_span(a), _span(b))


def number_conflict(first: str, second: str, book: Rulebook) -> str | None:
    """Why the figures of the two texts conflict, or None."""
    ones = parse_quantities(prepare(first), book)
    others = parse_quantities(prepare(second), book)
    for quantity in ones:
        peers = [other for other in others if _comparable(quantity, other)]
        if not peers or any(not _differ(quantity, peer) for peer in peers):
            continue
        # The other side's figure must itself be unmatched: "3 killed, 4 wounded" vs "4 wounded".
        peer = next((p for p in peers if all(_differ(p, q) for q in ones if _comparable(p, q))), None)
        if peer is not None:
            return (
                f"figures differ: {quantity.text} ({describe(quantity.low, quantity.high, quantity.unit)})"
                f" vs {peer.text} ({describe(peer.low, peer.high, peer.unit)})"
            )
    return None
