"""Read one number (digits, words or both) starting at a token: ألف ومئتي = 1200, 1.5 مليون."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.rulebook.compile import NumberEntry, Rulebook

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
TEEN_BASE = 10
HUNDRED = 100
# Larger "figures" are identifiers, phone numbers or digit noise, not quantities; 400 nines would
# otherwise become float infinity, which JSON cannot carry.
MAX_VALUE = 1e15


@dataclass(frozen=True, slots=True)
class Word:
    entry: NumberEntry
    conjoined: bool  # written with و (وخمسين, و200)
    digits: bool


def digit_value(text: str) -> float | None:
    """1,200 → 1200; 3.5 → 3.5; 3,5 → 3.5 (a comma not followed by 3-digit groups is a decimal sign)."""
    if _THOUSANDS.fullmatch(text):
        return _bounded(float(text.replace(",", "")))
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        return _bounded(float(text))
    except ValueError:
        return None


def _bounded(value: float) -> float | None:
    return value if math.isfinite(value) and value <= MAX_VALUE else None


def read_word(keys: tuple[str, ...], book: Rulebook) -> Word | None:
    for position, key in enumerate(keys):
        conjoined = position > 0 and keys[0].startswith("و")
        if _DIGITS.fullmatch(key):
            value = digit_value(key)
            if value is not None:
                return Word(NumberEntry(value, scale=False, standalone=True), conjoined, digits=True)
        entry = book.number_words.get(key)
        if entry is not None:
            return Word(entry, conjoined, digits=False)
    return None


def read_number(keys: Sequence[tuple[str, ...]], start: int, book: Rulebook) -> tuple[float, int] | None:
    """(value, end token index) of the number beginning at `start`, or None.

    Classic accumulator: small numbers add up into `current`, a scale word multiplies `current`
    into `total`. Only contiguous tokens join: a following number word continues the number when it
    is a scale, a teen's عشر, a hundred after a digit word (ثلاث مئة), or carries the conjunction و."""
    first = read_word(keys[start], book)
    if first is None:
        return None
    if not first.entry.standalone and not _starts_teen(keys, start, book):
        return None
    total = 0.0
    current = 0.0
    previous: Word | None = None
    index = start
    while index < len(keys):
        word = read_word(keys[index], book) if index > start else first
        if word is None:
            break
        value = word.entry.value
        if previous is not None:
            small_before = (
                previous.entry.value < TEEN_BASE and not previous.digits and not previous.entry.scale
            )
            teen = value == TEEN_BASE and small_before and not word.conjoined
            two_word_hundred = value == HUNDRED and small_before and not word.conjoined
            if not ((word.entry.scale and not word.conjoined) or teen or two_word_hundred or word.conjoined):
                break
            if word.digits and not previous.digits and not word.conjoined:
                break
            if teen:
                current += TEEN_BASE
            elif two_word_hundred:
                current = current - previous.entry.value + previous.entry.value * HUNDRED
            elif word.entry.scale:
                current = (current or 1) * value
                total += current
                current = 0.0
            else:
                current += value
        elif word.entry.scale:
            if not word.entry.standalone:
                return None
            total += value
        else:
            current += value
        previous = word
        index += 1
    number = _bounded(total + current)  # scale words multiply: مليار مليار …
    return None if number is None else (number, index)


def _starts_teen(keys: Sequence[tuple[str, ...]], start: int, book: Rulebook) -> bool:
    if start + 1 >= len(keys):
        return False
    following = read_word(keys[start + 1], book)
    return following is not None and following.entry.value == TEEN_BASE and not following.conjoined
