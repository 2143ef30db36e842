"""HTML pages: the article body via trafilatura, falling back to the stdlib parser's visible text."""

from __future__ import annotations

import logging
from html.parser import HTMLParser

from factcheck.corpus.readers.base import Collector, ReadResult
from factcheck.corpus.readers.fields import FieldMap

log = logging.getLogger(__name__)


def read_html(data: bytes, path: str, fields: FieldMap) -> ReadResult:
    del fields  # an HTML page has no named fields to map
    collector = Collector(path, fields={})
    html = collector.decode(data)
    if html is None:
        return collector.result()
    extracted = _trafilatura(html, path)
    if extracted is not None:
        collector.add(
            key="0",
            text=extracted["text"],
            title=extracted["title"],
            source=extracted["source"],
            date=extracted["date"],
            url=extracted["url"],
        )
    else:
        title, text = visible_text(html)
        collector.add(key="0", text=text, title=title)
    return collector.result()


def _trafilatura(html: str, path: str) -> dict[str, str | None] | None:
    """Body and metadata, or None when trafilatura finds no article (or fails on the markup)."""
    import trafilatura  # heavy (lxml, dateparser): imported only when a corpus holds HTML

    try:
        text = trafilatura.extract(html, include_comments=False)
        if text is None or not text.strip():
            return None
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # third-party markup handling: any failure means "use the fallback"
        log.debug("%s: trafilatura failed (%s); using the plain-text fallback", path, exc)
        return None
    return {
        "text": text,
        "title": getattr(meta, "title", None),
        "source": getattr(meta, "sitename", None),
        "date": getattr(meta, "date", None),
        "url": getattr(meta, "url", None),
    }


# Their content is not visible text.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})
# Each starts a new line, so words of adjacent blocks do not run together.
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption"),
        *("figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main"),
        *("nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"),
    }
)


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title_parts: list[str] = []
        self.parts: list[str] = []
        self._hidden_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _HIDDEN:
            self._hidden_depth += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _HIDDEN:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif not self._hidden_depth:
            self.parts.append(data)


def visible_text(html: str) -> tuple[str | None, str]:
    """(<title>, visible text with one line per block and collapsed spaces)."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    title = " ".join("".join(parser.title_parts).split()) or None
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return title, "\n".join(line for line in lines if line)
