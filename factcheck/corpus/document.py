"""What a corpus reader produces: documents, and the problems that made it skip something."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.text.dates import DateSource


@dataclass(frozen=True, slots=True)
class Document:
    id: str  # "d" + 12 hex of sha1("{path}#{key}"): survives re-reads and moving the corpus root
    path: str  # relative to the corpus root, POSIX; zip members as "archive.zip!inner/file.json"
    source: str | None  # outlet or agency
    date: str | None  # ISO "YYYY-MM-DD", or None when absent or unparseable
    title: str | None
    url: str | None
    text: str
    # Where `date` came from: the record's metadata, or the opening of its text (text/dates.py) when
    # the metadata had none; None when there is no date.
    date_source: DateSource | None = None


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A record or file that was skipped: reported to the user, never silently dropped. With
    `kept`, the record was read all the same and this is a note on what was changed (bad bytes
    replaced, control characters removed)."""

    path: str
    line: int | None
    message: str
    kept: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"
