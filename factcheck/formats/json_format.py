"""JSON on stdout: the documented contract (logical order, UTF-8, stable key order).

Written as the run goes: the header keys, then `claims` one by one as each article is checked,
then `inputs`, `errors` and `summary` (known only at the end). One document all the same, the
same bytes as `RunReport.document()` dumped whole."""

from __future__ import annotations

from factcheck.formats.stream import STREAMED, JsonArrayStream, StreamRenderer
from factcheck.report import ClaimsReport, RunHeader, RunTotals, header_document, trailer_document


class JsonRenderer(StreamRenderer):
    # JSON is data: always logical order, never coloured (bidi and color are ignored).

    def begin(self, header: RunHeader) -> None:
        self.header = header
        self.stream = JsonArrayStream(self.out)
        self.stream.begin({**header_document(header), "claims": STREAMED})

    def article(self, report: ClaimsReport) -> None:
        for claim in report.claims:  # one document at a time: a long article's are never all held
            self.stream.add(report.claim_document(claim))

    def end(self, totals: RunTotals) -> None:
        trailer = trailer_document(totals, self.header.checked)
        self.stream.end({**header_document(self.header), "claims": STREAMED, **trailer})
