"""Output formats, one module each; `renderer(name)` imports a --format's renderer on demand.

Each module has a streaming renderer class (factcheck.formats.stream: `begin(header)`,
`article(report)` per article as it is checked, `end(totals)`), which `stream_renderer(name)`
returns; `renderer(name)` renders a whole `RunReport` held in memory through the same class."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, TextIO

from factcheck.formats.display import BidiMode

if TYPE_CHECKING:  # the report pulls in pydantic and the index: not at `factcheck --help`
    from factcheck.formats.stream import StreamRenderer
    from factcheck.report import RunReport

Renderer = Callable[["RunReport", TextIO, BidiMode, bool], None]

# Imported on demand: rich costs start-up time that JSON users should not pay.
# format → (module, streaming class)
_RENDERERS = {
    "rich": ("factcheck.formats.rich_format", "RichRenderer"),
    "json": ("factcheck.formats.json_format", "JsonRenderer"),
    "jsonl": ("factcheck.formats.jsonl_format", "JsonlRenderer"),
    "markdown": ("factcheck.formats.markdown_format", "MarkdownRenderer"),
    "github": ("factcheck.formats.github_format", "GithubRenderer"),
    "sarif": ("factcheck.formats.sarif_format", "SarifRenderer"),
}
FORMAT_NAMES = tuple(_RENDERERS)


def _entry(name: str) -> tuple[str, str]:
    try:
        return _RENDERERS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r} (choose from {', '.join(FORMAT_NAMES)})") from None


def renderer(name: str) -> Renderer:
    """The function that renders a whole run held in memory: (run, out, bidi, color)."""
    renderer_class = stream_renderer(name)

    def render(run: RunReport, out: TextIO, bidi: BidiMode, color: bool) -> None:
        renderer_class(out, bidi, color).replay(run)

    return render


def stream_renderer(name: str) -> type[StreamRenderer]:
    """The streaming class: `cls(out, bidi, color)`, then begin, article …, end."""
    module, cls = _entry(name)
    renderer_class: type[StreamRenderer] = getattr(import_module(module), cls)
    return renderer_class
