"""Offsets to 1-based (line, column), for sentences, claims and drafts' source maps."""

from __future__ import annotations

import bisect
import re


class LineIndex:
    """Offsets to 1-based (line, column) by binary search over line starts: O(log n) per lookup."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
