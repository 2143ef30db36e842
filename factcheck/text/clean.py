"""Remove invisible controls (bidi marks, zero-width characters) while remembering where each kept
character came from, so that spans found in the cleaned text map back to the user's original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Bidi embedding/override/isolate controls, Arabic letter mark, zero-width characters and the BOM.
# They are invisible, break tokenisation (a ZWNJ inside "1‌200" splits the number) and carry no meaning.
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\u061c\ufeff"
)


@dataclass(frozen=True, slots=True)
class CleanText:
    """`text` is the original without invisible characters; `origin[i]` is the original offset of
    `text[i]`, with one sentinel entry equal to the original length."""

    original: str
    text: str
    origin: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the cleaned text to the original text."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


_INVISIBLE_PATTERN = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


def clean(original: str) -> CleanText:
    if not _INVISIBLE_PATTERN.search(original):  # most texts: the identity map, built in C
        return CleanText(original=original, text=original, origin=tuple(range(len(original) + 1)))
    kept: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(original):
        if char in INVISIBLE:
            continue
        kept.append(char)
        origin.append(index)
    origin.append(len(original))
    return CleanText(original=original, text="".join(kept), origin=tuple(origin))
