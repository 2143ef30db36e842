"""JSON on stdout: the documented contract (logical order, UTF-8, stable key order)."""

from __future__ import annotations

import json
from typing import TextIO

from factcheck.formats.display import BidiMode
from factcheck.report import RunReport


def render_json(report: RunReport, out: TextIO, bidi: BidiMode, color: bool) -> None:
    del bidi, color  # JSON is data: always logical order, never coloured
    json.dump(report.document(), out, ensure_ascii=False, indent=2)
    out.write("\n")
