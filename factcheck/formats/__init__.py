"""Output formats, one module each; `renderer(name)` imports a --format's renderer on demand.

Each module has a streaming renderer class (factcheck.formats.stream: `begin(header)`,
`article(report)` per article as it is checked, `end(totals)`), which `stream_renderer(name)`
returns, and a function that renders a whole `RunReport` through it, which `renderer(name)` returns."""

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
# format → (module, whole-run function, streaming class)
_RENDERERS = {
    "rich": ("factcheck.formats.rich_format", "render_rich", "RichRenderer"),
    "json": ("factcheck.formats.json_format", "render_json", "JsonRenderer"),
    "jsonl": ("factcheck.formats.jsonl_format", "render_jsonl", "JsonlRenderer"),
    "markdown": ("factcheck.formats.markdown_format", "render_markdown", "MarkdownRenderer"),
    "github": ("factcheck.formats.github_format", "render_github", "GithubRenderer"),
    "sarif": ("factcheck.formats.sarif_format", "render_sarif", "SarifRenderer"),
}
FORMAT_NAMES = tuple(_RENDERERS)


def _entry(name: str) -> tuple[str, str, str]:
    try:
        return _RENDERERS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r} (choose from {', '.join(FORMAT_NAMES)})") from None


def renderer(name: str) -> Renderer:
    """The function that renders a whole run held in memory: (run, out, bidi, color)."""
    module, function, _ = _entry(name)
    render: Renderer = getattr(import_module(module), function)
    return render


def stream_renderer(name: str) -> type[StreamRenderer]:
    """The streaming class: `cls(out, bidi, color)`, then begin, article …, end."""
    module, _, cls = _entry(name)
    renderer_class: type[StreamRenderer] = getattr(import_module(module), cls)
    return renderer_class
