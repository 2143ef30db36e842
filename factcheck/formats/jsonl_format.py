"""JSON Lines: one self-contained object per claim, for streaming (`jq -c`, `grep`, log pipelines).

Each line is `#/$defs/claim_line` of schema/claims.schema.json: `schema_version`, `input`, `corpus`,
then the claim exactly as in the JSON document's `claims[]`. Lines follow input order, then text
order. There is no summary line (`jq -s` rebuilds any total) and no line for an unreadable input
(its error goes to stderr and the run exits 2)."""

from __future__ import annotations

import json
from typing import TextIO

from factcheck.formats.display import BidiMode
from factcheck.report import SCHEMA_VERSION, RunReport


def render_jsonl(run: RunReport, out: TextIO, bidi: BidiMode, color: bool) -> None:
    del bidi, color  # data: always logical order, never coloured
    for report in run.articles:
        for document in report.claim_documents():
            line = {"schema_version": SCHEMA_VERSION, "input": document["input"], "corpus": run.corpus}
            line.update(document)
            out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
