"""JSON Lines: one self-contained object per claim, for streaming (`jq -c`, `grep`, log pipelines).

Each line is `#/$defs/claim_line` of schema/claims.schema.json: `schema_version`, `input`, `corpus`,
then the claim exactly as in the JSON document's `claims[]`. Lines follow input order, then text
order, and an article's lines are written as soon as it is checked. There is no summary line
(`jq -s` rebuilds any total) and no line for an unreadable input (its error goes to stderr and
the run exits 2)."""

from __future__ import annotations

import json

from factcheck.formats.stream import StreamRenderer
from factcheck.report import SCHEMA_VERSION, ClaimsReport, RunHeader


class JsonlRenderer(StreamRenderer):
    # Data: always logical order, never coloured (bidi and color are ignored).

    def begin(self, header: RunHeader) -> None:
        self.corpus = header.corpus

    def article(self, report: ClaimsReport) -> None:
        for claim in report.claims:  # one at a time: a long article's documents are never all held
            document = report.claim_document(claim)
            line = {"schema_version": SCHEMA_VERSION, "input": document["input"], "corpus": self.corpus}
            line.update(document)
            self.out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
