"""Remove invisible controls (bidi marks, zero-width characters) while remembering where each kept
character came from, so that spans found in the cleaned text map back to the user's original text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

# Bidi embedding/override/isolate controls, Arabic letter mark, zero-width characters and the BOM.
# They are invisible, break tokenisation (a ZWNJ inside "1‌200" splits the number) and carry no meaning.
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\u061c\ufeff"
)


class Origins(Sequence[int]):
    """`origins[i]`: the original offset of cleaned character i, and one sentinel entry equal to the
    original length. Kept as runs of consecutive characters (one run for a text with nothing to
    clean), not one entry per character: a 50 MB article's map was a tuple of 25 million ints."""

    def __init__(self, text_starts: list[int], original_starts: list[int], length: int) -> None:
        self._text_starts = text_starts
        self._original_starts = original_starts
        self._length = length  # of the cleaned text

    def __len__(self) -> int:
        return self._length + 1

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...
    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        run = bisect.bisect_right(self._text_starts, index) - 1
        return self._original_starts[run] + index - self._text_starts[run]


@dataclass(frozen=True, slots=True)
class CleanText:
    """`text` is the original without invisible characters; `origin[i]` is the original offset of
    `text[i]`, with one sentinel entry equal to the original length."""

    original: str
    text: str
    origin: Origins

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the cleaned text to the original text."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


_INVISIBLE_PATTERN = re.compile("[" + "".join(sorted(INVISIBLE)) + "]+")


def clean(original: str) -> CleanText:
    """Linear: one regex scan; the map has a run per stretch between invisible characters."""
    text_starts: list[int] = [0]
    original_starts: list[int] = [0]
    parts: list[str] = []
    cursor = length = 0
    for match in _INVISIBLE_PATTERN.finditer(original):
        parts.append(original[cursor : match.start()])
        length += match.start() - cursor
        cursor = match.end()
        text_starts.append(length)
        original_starts.append(cursor)
    if cursor == 0:  # most texts: nothing to clean, the identity map, no copy
        return CleanText(original, original, Origins(text_starts, original_starts, len(original)))
    parts.append(original[cursor:])
    length += len(original) - cursor
    return CleanText(original, "".join(parts), Origins(text_starts, original_starts, length))
