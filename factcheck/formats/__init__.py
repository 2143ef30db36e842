"""Output formats, one module each; `renderer(name)` imports a --format's renderer on demand."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, TextIO

from factcheck.formats.display import BidiMode

if TYPE_CHECKING:  # the report pulls in pydantic and the index: not at `factcheck --help`
    from factcheck.report import RunReport

Renderer = Callable[["RunReport", TextIO, BidiMode, bool], None]

# Imported on demand: rich costs start-up time that JSON users should not pay.
_RENDERERS = {
    "rich": ("factcheck.formats.rich_format", "render_rich"),
    "json": ("factcheck.formats.json_format", "render_json"),
    "jsonl": ("factcheck.formats.jsonl_format", "render_jsonl"),
    "markdown": ("factcheck.formats.markdown_format", "render_markdown"),
    "github": ("factcheck.formats.github_format", "render_github"),
    "sarif": ("factcheck.formats.sarif_format", "render_sarif"),
}
FORMAT_NAMES = tuple(_RENDERERS)


def renderer(name: str) -> Renderer:
    try:
        module, function = _RENDERERS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r} (choose from {', '.join(FORMAT_NAMES)})") from None
    render: Renderer = getattr(import_module(module), function)
    return render
