"""Output formats, one module each; FORMATS maps a --format name to its renderer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from factcheck.formats.display import BidiMode

if TYPE_CHECKING:  # the report pulls in pydantic and the index: not at `factcheck --help`
    from factcheck.report import RunReport

Renderer = Callable[["RunReport", TextIO, BidiMode, bool], None]


def renderer(name: str) -> Renderer:
    # Imported on demand: rich costs start-up time that JSON users should not pay.
    if name == "json":
        from factcheck.formats.json_format import render_json

        return render_json
    from factcheck.formats.rich_format import render_rich

    return render_rich


FORMAT_NAMES = ("rich", "json")
