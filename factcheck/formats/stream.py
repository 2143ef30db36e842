"""The streaming interface every format implements, and a writer for JSON documents that grow.

A run calls `begin(header)` once, `article(report)` for each article as soon as it is checked,
then `end(totals)`; a format writes as it goes and keeps only what its ending needs (the totals
carry the per-input entries, the failures and the counts). `replay` feeds a whole `RunReport`
through the same calls, so a run held in memory renders exactly as a streamed one."""

from __future__ import annotations

import json
from typing import Any, TextIO

from factcheck.formats.display import BidiMode
from factcheck.report import ClaimsReport, RunHeader, RunReport, RunTotals
from factcheck.text.controls import escape_controls


class EscapingWriter:
    """A text stream that shows control characters as `\\xNN`: for a writer whose own output holds
    none (rich without colour), so nothing it is given can act on a terminal."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(escape_controls(text))

    def flush(self) -> None:
        self.out.flush()

    def isatty(self) -> bool:
        return self.out.isatty()


class StreamRenderer:
    """One format's writer for one run: begin, article …, end."""

    def __init__(self, out: TextIO, bidi: BidiMode = BidiMode.logical, color: bool = False) -> None:
        self.out = out
        self.bidi = bidi
        self.color = color

    def begin(self, header: RunHeader) -> None:
        """Before the first article: what the run knows up front (rules, corpus, number of inputs)."""

    def article(self, report: ClaimsReport) -> None:
        """One article, as soon as it is checked; nothing of it may be kept afterwards."""

    def end(self, totals: RunTotals) -> None:
        """After the last article: the inputs read, the failures and the counts."""

    def replay(self, run: RunReport) -> None:
        self.begin(run.header())
        for report in run.articles:
            self.article(report)
        self.end(run.totals())


# A string no real document holds (Unicode noncharacters): marks where the streamed array goes.
STREAMED = "\ufdd0factcheck: streamed array\ufdd1"
_MARK = json.dumps(STREAMED, ensure_ascii=False)


def dumps(value: Any) -> str:
    """The project's pretty JSON: UTF-8 as it is, two-space indent (what `json.dump` wrote whole)."""
    return json.dumps(value, ensure_ascii=False, indent=2)


class JsonArrayStream:
    """Writes one pretty JSON document whose one big array is written element by element.

    `begin(document)` and `end(document)` get the document with `STREAMED` in the array's place;
    the text before the array comes from the first (keys after the array may still be
    placeholders) and the text after it from the second. The output is byte for byte
    `dumps(document)` with the elements in the array."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.empty = True
        self.indent = ""

    def begin(self, document: dict[str, Any]) -> None:
        text = dumps(document)
        at = text.index(_MARK)
        line = text[text.rfind("\n", 0, at) + 1 : at]
        self.indent = " " * (len(line) - len(line.lstrip(" ")))  # of the line that opens the array
        self.out.write(text[:at])

    def add(self, element: Any) -> None:
        inner = "\n" + self.indent + "  "
        self.out.write(("[" if self.empty else ",") + inner + dumps(element).replace("\n", inner))
        self.empty = False

    def end(self, document: dict[str, Any]) -> None:
        text = dumps(document)
        self.out.write("[]" if self.empty else "\n" + self.indent + "]")
        self.out.write(text[text.index(_MARK) + len(_MARK) :] + "\n")
