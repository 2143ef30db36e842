"""Find every quantity in a sentence: bound marker + number (or vague amount) + unit, or a dual noun."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from factcheck.model import Quantity, as_number
from factcheck.quantities.numbers import read_number
from factcheck.rulebook.compile import Range, Rulebook, UnitEntry
from factcheck.text.segment import Token

_HAS_DIGIT = re.compile(r"\d")
_OF = "من"  # "13 من الجنود": the unit noun may follow من
_YEAR_RANGE = (1900, 2100)
TIME_UNITS = frozenset({"day", "week", "month", "year", "hour"})


@dataclass(frozen=True, slots=True)
class Found:
    """A quantity and where it sits among the sentence's tokens (half-open index ranges)."""

    quantity: Quantity
    first: int  # first token of the whole expression
    number: int  # first token of the number itself
    last: int  # one past the last token
    unit_tokens: tuple[int, int] | None
    is_date: bool = False


def _interval(value: float, bound: str, margin: float) -> tuple[float | None, float | None]:
    match bound:
        case "approximate":
            return round(value * (1 - margin), 2), round(value * (1 + margin), 2)
        case "more_than" | "at_least":
            return value, None
        case "less_than" | "up_to":
            return None, value
    return value, value


def _unit_after(
    keys: Sequence[tuple[str, ...]], index: int, book: Rulebook
) -> tuple[UnitEntry, int, int] | None:
    for position in (index, index + 1):
        if position >= len(keys):
            return None
        if position == index + 1 and _OF not in keys[index]:
            return None
        for key in keys[position]:
            if key in book.unit_symbols:
                return UnitEntry(book.unit_symbols[key], dual=False), position, position + 1
        match = book.units.match_at(keys, position)
        if match is not None:
            return match.payload, position, match.end
    return None


def _unit_before(
    keys: Sequence[tuple[str, ...]], index: int, book: Rulebook
) -> tuple[UnitEntry, int, int] | None:
    """ "يوم واحد", "جندي واحد": a number word may follow its noun."""
    if index == 0:
        return None
    match = book.units.match_at(keys, index - 1)
    if match is not None and match.end == index and not match.payload.dual:
        return match.payload, index - 1, index
    return None


def is_core(norm: str, keys: tuple[str, ...], cores: frozenset[str]) -> bool:
    """Can a quantity be read from this token (a digit, or a key among Rulebook.quantity_cores)?
    Every quantity holds one; a bound or a unit only extends it."""
    return _HAS_DIGIT.search(norm) is not None or not cores.isdisjoint(keys)


def find_quantities(
    original: str, tokens: Sequence[Token], keys: Sequence[tuple[str, ...]], book: Rulebook
) -> list[Found]:
    """Quantities of one sentence, left to right; `original` is the text the token offsets point into."""
    found: list[Found] = []
    starters, cores = book.quantity_starters, book.quantity_cores
    # Every quantity holds a core token at or after the token it starts at: none can start after
    # the last core. Many sentences hold none.
    cored = [i for i, token in enumerate(tokens) if is_core(token.norm, keys[i], cores)]
    end = cored[-1] + 1 if cored else 0
    index = 0
    while index < end:
        # Most tokens start no quantity: test that with one set operation before parsing.
        if starters.isdisjoint(keys[index]) and not _HAS_DIGIT.search(tokens[index].norm):
            index += 1
            continue
        result = _quantity_at(tokens, keys, index, book)
        if result is None:
            index += 1
            continue
        quantity = result.quantity
        text = original[quantity.start : quantity.end]
        found.append(replace(result, quantity=replace(quantity, text=text)))
        index = max(result.last, index + 1)
    return found


def _quantity_at(
    tokens: Sequence[Token], keys: Sequence[tuple[str, ...]], index: int, book: Rulebook
) -> Found | None:
    before = book.bounds_before.match_at(keys, index)
    start = before.end if before else index
    bound = before.payload if before else "exact"
    vague: Range | None = None
    value: float | None = None
    number = book.vague.match_at(keys, start) if start < len(keys) else None
    parsed = read_number(keys, start, book) if start < len(keys) else None
    if parsed is not None:
        value, end = parsed
    elif number is not None:
        vague, end = number.payload, number.end
        scaled = read_number(keys, end, book) if end < len(keys) else None
        # "بضعة آلاف": a vague count of a scale word multiplies the range.
        if scaled is None and end < len(keys):
            entry = next((book.number_words[k] for k in keys[end] if k in book.number_words), None)
            if entry is not None and entry.scale:
                vague = Range(vague.low * entry.value, vague.high * entry.value)
                end += 1
    else:
        if before is not None:
            return None
        return _dual_at(tokens, keys, index, book)
    unit = _unit_after(keys, end, book) or (_unit_before(keys, start, book) if before is None else None)
    last = unit[2] if unit and unit[1] >= end else end
    after = book.bounds_after.match_at(keys, last) if last < len(keys) else None
    if after is not None and bound == "exact":
        bound, last = after.payload, after.end
    low: float | None
    high: float | None
    if vague is not None:
        low, high = vague.low, vague.high
        if bound in ("more_than", "at_least"):
            high = None
        elif bound in ("less_than", "up_to"):
            low = None
        bound = "vague" if bound in ("exact", "approximate") else bound
    else:
        assert value is not None
        low, high = _interval(value, bound, book.approximate_margin)
    first_token = min(index, unit[1]) if unit else index
    quantity = Quantity(
        text="",
        value=as_number(value),
        low=as_number(low),
        high=as_number(high),
        unit=unit[0].unit if unit else None,
        group=unit[0].group if unit else None,
        approximate=vague is not None or bound == "approximate",
        bound=bound,  # type: ignore[arg-type]
        start=tokens[first_token].start,
        end=tokens[last - 1].end,
    )
    is_date = _is_date(keys, start, value, unit is not None, book)
    return Found(quantity, first_token, start, last, (unit[1], unit[2]) if unit else None, is_date)


def _dual_at(
    tokens: Sequence[Token], keys: Sequence[tuple[str, ...]], index: int, book: Rulebook
) -> Found | None:
    match = book.units.match_at(keys, index)
    if match is None or not match.payload.dual:
        return None
    quantity = Quantity(
        text="",
        value=2,
        low=2,
        high=2,
        unit=match.payload.unit,
        group=match.payload.group,
        approximate=False,
        bound="exact",
        start=tokens[index].start,
        end=tokens[match.end - 1].end,
    )
    return Found(quantity, index, index, match.end, (index, match.end))


def _is_date(
    keys: Sequence[tuple[str, ...]], start: int, value: float | None, has_unit: bool, book: Rulebook
) -> bool:
    """عام 2015, 12 ديسمبر, 2015 alone: dates and years, not amounts."""
    if value is None or has_unit:
        return False
    if start > 0 and book.year_words.intersection(keys[start - 1]):
        return True
    if _YEAR_RANGE[0] <= value <= _YEAR_RANGE[1] and float(value).is_integer():
        return True
    following = start + 1
    return following < len(keys) and book.time_phrases.match_at(keys, following) is not None
