"""The one interface every format reader implements, and the shared record-to-document step."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Protocol

from factcheck.corpus.document import Document, ReadProblem
from factcheck.corpus.readers.fields import FieldMap, as_text, clean, document_id, lookup, parse_date
from factcheck.errors import InputError
from factcheck.sources.decode import decode
from factcheck.text.controls import remove_controls, removed_note, without_controls
from factcheck.text.dates import DateSource, date_in_text
from factcheck.text.segment import overlong_note

ReadResult = tuple[list[Document], list[ReadProblem]]

# The largest record (document text) analysed, in characters: about 500 pages, far more than any
# news report. Analysis holds a record's sentences, tokens and passages at once, so this bounds the
# memory one record can take (a 100 MB CSV field took 6 GB before it was killed). Longer records are
# skipped and reported.
MAX_RECORD_CHARS = 1_000_000


def record_too_long(characters: int) -> str:
    return (
        f"text of {characters} characters exceeds the {MAX_RECORD_CHARS}-character limit per record, skipped"
    )


class Reader(Protocol):
    """Reads one file's bytes; `path` is the corpus-relative name documents and problems carry."""

    def __call__(self, data: bytes, path: str, fields: FieldMap) -> ReadResult: ...


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def lines_of(text: str) -> Iterator[str]:
    """The lines of `text` with their line breaks (\\n, \\r\\n or \\r, what csv expects of a file
    opened with newline=""), one at a time: never a second copy of the whole file (io.StringIO
    made one, four bytes per character)."""
    for match in _LINE.finditer(text):
        yield match.group()


class Collector:
    """Accumulates one file's documents and problems; refuses two records with the same id."""

    def __init__(self, path: str, fields: FieldMap) -> None:
        self.path = path
        self.fields = fields
        self.documents: list[Document] = []
        self.problems: list[ReadProblem] = []
        self._seen: dict[str, str] = {}  # document id -> where it was first seen

    def problem(self, message: str, line: int | None = None) -> None:
        self.problems.append(ReadProblem(self.path, line, message))

    def note(self, message: str, line: int | None = None) -> None:
        """Something changed in a record that was read all the same."""
        self.problems.append(ReadProblem(self.path, line, message, kept=True))

    def decode(self, data: bytes) -> str | None:
        """The file's text (bad bytes replaced, control characters removed, each with a note), or
        None when it cannot be decoded (reported as a problem). Controls go before any parsing:
        YAML refuses a raw ESC, and JSON a raw control character inside a string."""
        try:
            decoded = decode(data, self.path)
        except InputError as exc:
            # decode() prefixes its message with the origin; the problem already carries the path.
            self.problem(str(exc).removeprefix(f"{self.path}: "))
            return None
        for note in decoded.notes:
            self.note(note)
        removal = remove_controls(decoded.text)
        if removal.removed:
            self.note(removed_note(removal.removed))
        return removal.text

    def add_record(
        self,
        record: Mapping[str, object],
        position: int,
        line: int | None = None,
        text: str | None = None,
        whole_file: bool = False,
    ) -> None:
        """A mapping from a structured file; `text` is given when it lives outside the mapping
        (the body under front matter, which is then the `whole_file`'s one document)."""
        where = None if whole_file else (f"line {line}" if line is not None else f"record {position}")
        if text is None:
            text = lookup(record, "text", self.fields)
        self.add(
            key=clean(lookup(record, "id", self.fields)) or str(position),
            line=line,
            text=text,
            title=lookup(record, "title", self.fields),
            source=lookup(record, "source", self.fields),
            date=lookup(record, "date", self.fields),
            url=lookup(record, "url", self.fields),
            where=where,
        )

    def add(
        self,
        *,
        key: str,
        text: str | None,
        line: int | None = None,
        title: str | None = None,
        source: str | None = None,
        date: str | None = None,
        url: str | None = None,
        where: str | None = None,
    ) -> None:
        """`where` names the record in messages ("line 3", "record 2"); None for whole-file documents."""
        # With a line number the problem already says where; an array index has nowhere else to go.
        prefix = f"{where}: " if where and line is None else ""
        text = as_text(text)
        if text is None or not text.strip():
            self.problem(f"{prefix}no text", line)
            return
        characters = len(text) + len(title or "")  # the headline is analysed with the text
        if characters > MAX_RECORD_CHARS:
            self.problem(f"{prefix}{record_too_long(characters)}", line)
            return
        removal = remove_controls(text)  # escaped ones (JSON's \\u001b): the raw ones went in decode
        if removal.removed:  # they would reach the terminal of whoever reads this as evidence
            text = removal.text
            self.note(f"{prefix}{removed_note(removal.removed)}", line)
            if not text.strip():
                self.problem(f"{prefix}no text", line)
                return
        overlong = overlong_note(text)
        if overlong:
            self.note(f"{prefix}{overlong}", line)
        doc_id = document_id(self.path, key)
        if doc_id in self._seen:
            self.problem(f"{prefix}duplicate id {key!r} (first at {self._seen[doc_id]})", line)
            return
        self._seen[doc_id] = where or "the start"
        stated, date_source = _dated(parse_date(date), text)
        self.documents.append(
            Document(
                id=doc_id,
                path=self.path,
                source=clean(_shown(source)),
                date=stated,
                title=clean(_shown(title)),
                url=clean(_shown(url)),
                text=text,
                date_source=date_source,
            )
        )

    def result(self) -> ReadResult:
        return self.documents, self.problems


def _dated(metadata: str | None, text: str) -> tuple[str | None, DateSource | None]:
    """The record's date and where it came from. The text is read only when the metadata has no
    date, so a dated corpus (SaudiNewsNet) pays nothing for it."""
    if metadata is not None:
        return metadata, "metadata"
    stated = date_in_text(text)
    return (stated.isoformat(), "text") if stated else (None, None)


def _shown(value: str | None) -> str | None:
    """Metadata shown beside evidence: without control characters (the text's note covers them)."""
    return without_controls(value) if value is not None else None
