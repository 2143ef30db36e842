"""The one interface every format reader implements, and the shared record-to-document step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from factcheck.corpus.document import Document, ReadProblem
from factcheck.corpus.readers.fields import FieldMap, as_text, clean, document_id, lookup, parse_date
from factcheck.errors import InputError
from factcheck.sources.decode import decode

ReadResult = tuple[list[Document], list[ReadProblem]]


class Reader(Protocol):
    """Reads one file's bytes; `path` is the corpus-relative name documents and problems carry."""

    def __call__(self, data: bytes, path: str, fields: FieldMap) -> ReadResult: ...


def decode_text(data: bytes, path: str) -> str | ReadProblem:
    try:
        return decode(data, path)
    except InputError as exc:
        # decode() prefixes its message with the origin; the problem already carries the path.
        message = str(exc).removeprefix(f"{path}: ")
        return ReadProblem(path, None, message)


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
        doc_id = document_id(self.path, key)
        if doc_id in self._seen:
            self.problem(f"{prefix}duplicate id {key!r} (first at {self._seen[doc_id]})", line)
            return
        self._seen[doc_id] = where or "the start"
        self.documents.append(
            Document(
                id=doc_id,
                path=self.path,
                source=clean(source),
                date=parse_date(date),
                title=clean(title),
                url=clean(url),
                text=text,
            )
        )

    def result(self) -> ReadResult:
        return self.documents, self.problems
