"""The article-source interface: every source yields Articles."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from factcheck.text.dates import DateSource
from factcheck.text.lines import LineIndex


class SourceMap(Protocol):
    """Maps an offset in the extracted text to (line, column), 1-based, in the draft as written."""

    def locate(self, offset: int) -> tuple[int, int]: ...


@dataclass(frozen=True)
class Article:
    origin: str  # path, "-" or URL, as the user named it
    text: str  # what the extractor reads (Markdown and HTML drafts: their text, without markup)
    date: dt.date | None = None  # from front matter or page metadata, else its opening: anchors time windows
    date_source: DateSource | None = None  # "metadata" (front matter, page) or "text" (text/dates.py)
    source: str | None = None
    title: str | None = None
    # Drafts whose text differs from the file (Markdown, HTML) carry a map back to the file, so
    # annotations land on the draft's own line; None means the text is the file.
    source_map: SourceMap | None = field(default=None, compare=False)
    ignored_lines: frozenset[int] = frozenset()  # lines of the draft marked `factcheck: ignore`
    # One-line remarks for stderr that are not errors ("empty article", "no Arabic text").
    notes: tuple[str, ...] = field(default=(), compare=False)
    # Worked out when the article is read, so a run keeps these and lets the text go once rendered.
    sha256: str = field(init=False, compare=False, repr=False)
    characters: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sha256", hashlib.sha256(self.text.encode("utf-8")).hexdigest())
        object.__setattr__(self, "characters", len(self.text))

    def locate(self, offset: int) -> tuple[int, int]:
        if self.source_map is not None:
            return self.source_map.locate(offset)
        return self._lines.locate(offset)

    @cached_property
    def _lines(self) -> LineIndex:  # built once, on the first claim that asks
        return LineIndex(self.text)


@dataclass(frozen=True)
class OffsetMap:
    """A SourceMap from aligned runs: text[text_starts[i]:…] was copied from draft[draft_starts[i]:…]."""

    draft: str
    text_starts: tuple[int, ...]
    draft_starts: tuple[int, ...]
    _lines: LineIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lines", LineIndex(self.draft))

    def draft_offset(self, offset: int) -> int:
        run = bisect.bisect_right(self.text_starts, offset) - 1
        if run < 0:
            return 0
        return min(self.draft_starts[run] + offset - self.text_starts[run], len(self.draft))

    def locate(self, offset: int) -> tuple[int, int]:
        return self._lines.locate(self.draft_offset(offset))


@dataclass(frozen=True)
class ChainedMap:
    """A SourceMap through two steps: the text to an intermediate draft (`first`, a Markdown or HTML
    draft without its control characters), then that draft to the file as written (`then`)."""

    first: OffsetMap
    then: OffsetMap

    def locate(self, offset: int) -> tuple[int, int]:
        return self.then.locate(self.first.draft_offset(offset))


class ArticleSource(Protocol):
    @property
    def origin(self) -> str: ...  # as the user named it, for messages

    def read(self) -> Article: ...
