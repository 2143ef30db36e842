"""Drafts as written to the text the extractor reads: front matter, Markdown, HTML, ignore markers.

Markdown and HTML lose their markup, and the text keeps an OffsetMap back to the draft, so a claim's
line and column are those of the file. Front matter (YAML between `---` lines at the top) gives the
article's date, source and title."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import yaml

from factcheck.errors import InputError
from factcheck.sources.base import Article, ChainedMap, OffsetMap
from factcheck.text.controls import remove_controls, removed_note, without_controls
from factcheck.text.dates import DateSource, date_in_text
from factcheck.text.segment import overlong_note

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

Kind = Literal["text", "markdown", "html"]

MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# Markdown and HTML: the marker is an HTML comment on its own or at the end of a line.
_COMMENT_MARKER = re.compile(r"<!--\s*factcheck:\s*ignore(?P<next>-next-line)?\s*-->", re.IGNORECASE)
# Plain text: the words anywhere on the line, whatever comment syntax surrounds them (#, //, <!-- -->).
_TEXT_MARKER = re.compile(r"factcheck:\s*ignore(?P<next>-next-line)?(?![\w-])", re.IGNORECASE)


def kind_for_suffix(suffix: str) -> Kind:
    suffix = suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def sniff_kind(text: str) -> Kind:
    """Standard input has no suffix: front matter means Markdown, an HTML document HTML."""
    if _front_matter_bounds(_normalize_newlines(text)) is not None:
        return "markdown"
    head = text.lstrip("\ufeff \t\r\n")[:100].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    return "text"


def article_from_draft(origin: str, text: str, kind: Kind, notes: tuple[str, ...] = ()) -> Article:
    """The Article of a decoded draft. Plain text without front matter is its own text (no map).

    Terminal control characters are removed first (with a note); the article's source map then
    leads back to the draft as written, so lines and columns stay those of the file. `notes` are
    the reader's (a repaired encoding)."""
    removal = remove_controls(text)
    if not removal.removed:
        return _article(origin, text, kind, notes)
    # Removed from the draft with its newlines normalised: the map of Markdown and HTML leads there.
    draft = _normalize_newlines(text)
    removal = remove_controls(draft)
    written = OffsetMap(draft, removal.text_starts, removal.original_starts)
    article = _article(origin, removal.text, kind, (*notes, removed_note(removal.removed)))
    inner = article.source_map
    source_map = written if not isinstance(inner, OffsetMap) else ChainedMap(inner, written)
    return replace(article, source_map=source_map)


def _article(origin: str, text: str, kind: Kind, notes: tuple[str, ...]) -> Article:
    draft = _normalize_newlines(text)
    bounds = _front_matter_bounds(draft)
    if kind == "text" and bounds is None:
        return Article(
            origin,
            text,
            *dated(None, text),
            ignored_lines=ignored_lines(text, _TEXT_MARKER),
            notes=(*notes, *notes_for(text)),
        )
    meta: dict[str, Any] = {}
    body_start = 0
    if bounds is not None:
        header_start, header_end, body_start = bounds
        meta = _front_matter(draft, header_start, header_end, origin)
    builder = _Builder(draft)
    if kind == "markdown":
        _markdown_text(draft, body_start, builder)
        marker = _COMMENT_MARKER
    elif kind == "html":
        page = _html_text(draft, body_start, builder)
        meta = {**page, **meta}  # front matter wins over <title> and <meta> tags
        marker = _COMMENT_MARKER
    else:  # plain text after front matter: copied as it is
        builder.copy(body_start, draft[body_start:])
        marker = _TEXT_MARKER
    body = builder.text()
    return Article(
        origin,
        body,
        *dated(meta.get("date"), body),
        source=meta.get("source"),
        title=meta.get("title"),
        source_map=builder.source_map(),
        ignored_lines=ignored_lines(draft, marker),
        notes=(*notes, *notes_for(body)),
    )


def ignored_lines(draft: str, marker: re.Pattern[str]) -> frozenset[int]:
    """1-based lines holding `factcheck: ignore`, and the lines after `factcheck: ignore-next-line`."""
    lines: set[int] = set()
    for number, line in enumerate(draft.splitlines(), start=1):
        for match in marker.finditer(line):
            lines.add(number + 1 if match.group("next") else number)
    return frozenset(lines)


def notes_for(text: str) -> tuple[str, ...]:
    if not text.strip():
        return ("empty article: no text, no claims",)
    if not _ARABIC.search(text):
        return ("no Arabic text: no claims",)
    note = overlong_note(text)
    return (note,) if note else ()


def _normalize_newlines(text: str) -> str:
    # CRLF to LF keeps every line and column; a lone CR is a line break to editors and to Markdown.
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------------- front matter


def _front_matter_bounds(draft: str) -> tuple[int, int, int] | None:
    """(header start, header end, body start) offsets, or None. The opening `---` must be the first
    line; without a closing `---` (or `...`) line it is a Markdown rule, not front matter."""
    first_end = draft.find("\n")
    if first_end < 0 or draft[:first_end].rstrip() != "---":
        return None
    start = position = first_end + 1
    while position <= len(draft):
        end = draft.find("\n", position)
        line_end = len(draft) if end < 0 else end
        if draft[position:line_end].rstrip() in ("---", "..."):
            return start, position, (line_end + 1 if end >= 0 else line_end)
        if end < 0:
            return None
        position = end + 1
    return None


def _front_matter(draft: str, start: int, end: int, origin: str) -> dict[str, Any]:
    first_line = draft.count("\n", 0, start) + 1
    try:
        # BaseLoader keeps every scalar a string ("date: 2015-07-21" stays text we parse ourselves).
        node = yaml.compose(draft[start:end], Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(exc, "problem", None) or "not YAML"
        raise InputError(f"{origin}:{line}: invalid front matter: {problem}") from None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise InputError(f"{origin}:{first_line}: front matter is not a mapping of field: value")
    meta: dict[str, Any] = {}
    for key, value in node.value:
        name = str(key.value).strip().lower()
        line = first_line + key.start_mark.line
        if name not in ("date", "source", "title"):
            continue
        if not isinstance(value, yaml.ScalarNode):
            raise InputError(f"{origin}:{line}: front matter {name} must be a single value")
        text = str(value.value).strip()
        if name == "date":
            meta["date"] = parse_draft_date(text, f"{origin}:{line}")
        elif text:
            meta[name] = text
    return meta


def dated(metadata: dt.date | None, text: str) -> tuple[dt.date | None, DateSource | None]:
    """An article's date and where it came from: its metadata, else the opening of its text."""
    if metadata is not None:
        return metadata, "metadata"
    stated = date_in_text(text)
    return stated, "text" if stated else None


def parse_draft_date(text: str, where: str) -> dt.date | None:
    """YYYY-MM-DD or a full ISO 8601 datetime (2015-12-08T10:30:00+03:00, …Z); its calendar date."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise InputError(
            f"{where}: invalid date {text!r} (expected YYYY-MM-DD or an ISO 8601 datetime)"
        ) from None


# ----------------------------------------------------------------------------------- text builder


class _Builder:
    """Accumulates the text and, for every piece, where in the draft it starts."""

    def __init__(self, draft: str) -> None:
        self.draft = draft
        self.parts: list[str] = []
        self.text_starts: list[int] = []
        self.draft_starts: list[int] = []
        self.length = 0
        self._copied = False  # the last run is a copy, which a contiguous copy extends

    def copy(self, draft_start: int, piece: str) -> None:
        """`piece` is the draft's text from draft_start on (or the same length: "\n" made " ")."""
        if not piece:
            return
        end_of_last = self.draft_starts[-1] + self.length - self.text_starts[-1] if self._copied else -1
        contiguous = end_of_last == draft_start
        if not contiguous:
            self.text_starts.append(self.length)
            self.draft_starts.append(draft_start)
        self._copied = True
        self.parts.append(piece)
        self.length += len(piece)

    def insert(self, draft_start: int, piece: str) -> None:
        """Text standing for the draft at draft_start without copying it: a separator, a decoded entity
        (`&#27;` is an ESC, which the draft's own control characters already lost)."""
        piece = without_controls(piece)
        if not piece:
            return
        self.text_starts.append(self.length)
        self.draft_starts.append(draft_start)
        self._copied = False
        self.parts.append(piece)
        self.length += len(piece)

    def ends_with_space(self) -> bool:
        return not self.parts or self.parts[-1][-1:].isspace()

    def separate(self, draft_start: int, separator: str = "\n\n") -> None:
        """A block boundary: the extractor ends a sentence at a newline."""
        if not self.parts:
            return
        tail = self.parts[-1]
        if tail.endswith("\n"):
            return
        self.insert(draft_start, separator)

    def text(self) -> str:
        return "".join(self.parts)

    def source_map(self) -> OffsetMap:
        if not self.text_starts:
            return OffsetMap(self.draft, (0,), (0,))
        return OffsetMap(self.draft, tuple(self.text_starts), tuple(self.draft_starts))


# --------------------------------------------------------------------------------------- Markdown


@cache
def _markdown_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # Without text_join, entities and backslash escapes stay separate tokens whose markup is the
    # source as written: every text token is then a verbatim slice of the draft.
    parser.disable("text_join")
    return parser


def _markdown_text(draft: str, body_start: int, builder: _Builder) -> None:
    body = draft[body_start:]
    line_starts = [0, *(m.end() for m in re.finditer("\n", body))]

    def offset_of_line(line: int) -> int:
        return body_start + (line_starts[line] if line < len(line_starts) else len(body))

    for token in _markdown_parser().parse(body):
        if token.map is None:
            continue
        start, end = offset_of_line(token.map[0]), offset_of_line(token.map[1])
        if token.type == "inline":
            builder.separate(start)
            _Inline(draft, builder, start, end).run(token.children or [])
        elif token.type == "html_block":
            builder.separate(start)
            _html_fragment(draft, start, end, builder)
        # fence, code_block, hr: not article text; the rest are containers of inline tokens


class _Inline:
    """Walks one inline token's children with a cursor in the draft, copying the text tokens."""

    def __init__(self, draft: str, builder: _Builder, start: int, end: int) -> None:
        self.draft = draft
        self.builder = builder
        self.cursor = start
        self.end = end
        self.link_starts: list[int] = []

    def find(self, needle: str) -> int:
        at = self.draft.find(needle, self.cursor, self.end)
        return at if at >= 0 else self.cursor

    def run(self, children: list[Token]) -> None:
        for child in children:
            handler = self.handlers.get(child.type)
            if handler is not None:
                handler(self, child)

    def text(self, token: Token) -> None:
        content = token.content
        if not content:
            return
        at = self.draft.find(content, self.cursor, self.end)
        if at < 0:  # should not happen; keep the text, placed at the cursor
            self.builder.insert(self.cursor, content)
            return
        self.builder.copy(at, content)
        self.cursor = at + len(content)

    def special(self, token: Token) -> None:  # an entity (&amp;) or an escape (\*)
        at = self.draft.find(token.markup, self.cursor, self.end)
        if at < 0:
            self.builder.insert(self.cursor, token.content)
            return
        if token.content == token.markup[-len(token.content) :] and token.info == "escape":
            self.builder.copy(at + len(token.markup) - len(token.content), token.content)
        else:
            self.builder.insert(at, token.content)
        self.cursor = at + len(token.markup)

    def code(self, token: Token) -> None:  # `code`: its text is kept, the backticks dropped
        opening = self.find(token.markup)
        self.cursor = opening + len(token.markup)
        self.text(token)
        self.cursor = self.find(token.markup) + len(token.markup)

    def softbreak(self, token: Token) -> None:  # a line break inside a paragraph is a space
        at = self.draft.find("\n", self.cursor, self.end)
        self.builder.insert(at if at >= 0 else self.cursor, " ")
        if at >= 0:
            self.cursor = at + 1

    def hardbreak(self, token: Token) -> None:
        at = self.draft.find("\n", self.cursor, self.end)
        self.builder.insert(at if at >= 0 else self.cursor, "\n")
        if at >= 0:
            self.cursor = at + 1

    def html_inline(self, token: Token) -> None:  # <b>, </b>, <!-- … -->: dropped
        at = self.draft.find(token.content, self.cursor, self.end)
        if at >= 0:
            self.cursor = at + len(token.content)

    def link_open(self, token: Token) -> None:
        if token.markup == "autolink":  # <https://…>: the address is its text
            self.link_starts.append(-1)
            return
        at = self.draft.find("[", self.cursor, self.end)
        self.link_starts.append(at)
        if at >= 0:
            self.cursor = at + 1

    def link_close(self, token: Token) -> None:
        opening = self.link_starts.pop() if self.link_starts else -1
        if token.markup == "autolink":
            self.cursor = self.find(">") + 1
        elif opening >= 0:
            self.cursor = _after_link(self.draft, opening, self.end)

    def image(self, token: Token) -> None:  # ![alt](src): not article text
        at = self.draft.find("![", self.cursor, self.end)
        if at >= 0:
            self.cursor = _after_link(self.draft, at + 1, self.end)

    handlers: ClassVar[dict[str, Callable[[_Inline, Token], None]]] = {
        "text": text,
        "text_special": special,
        "code_inline": code,
        "softbreak": softbreak,
        "hardbreak": hardbreak,
        "html_inline": html_inline,
        "link_open": link_open,
        "link_close": link_close,
        "image": image,
    }


def _after_link(draft: str, opening: int, end: int) -> int:
    """The offset after `[text](destination "title")`, `[text][label]` or `[text]`, given the `[`."""
    position = _matching(draft, opening, end, "[", "]")
    if position >= end:
        return end
    position += 1
    if position < end and draft[position] == "(":
        return min(_matching(draft, position, end, "(", ")") + 1, end)
    if position < end and draft[position] == "[":
        close = draft.find("]", position, end)
        return close + 1 if close >= 0 else position
    return position


def _matching(draft: str, opening: int, end: int, open_char: str, close_char: str) -> int:
    depth = 0
    position = opening
    quote = ""
    while position < end:
        char = draft[position]
        if char == "\\":
            position += 2
            continue
        if open_char == "(" and char in "\"'" and depth == 1:
            if not quote:
                quote = char
            elif quote == char:
                quote = ""
        elif not quote and char == open_char:
            depth += 1
        elif not quote and char == close_char:
            depth -= 1
            if depth == 0:
                return position
        position += 1
    return end


# ------------------------------------------------------------------------------------------- HTML

# Their content is not article text.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "head"})
# Each starts a new line, so the words of adjacent blocks do not run together (the extractor ends
# sentences at newlines).
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption"),
        *("figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main"),
        *("nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "body", "title"),
    }
)
_DATE_META = frozenset(
    {"date", "dc.date", "dcterms.date", "article:published_time", "pubdate", "publish-date", "og:pubdate"}
)
_SOURCE_META = frozenset({"og:site_name", "source", "publisher"})


class _HtmlText(HTMLParser):
    """Visible text of an HTML draft or fragment, with every piece placed at its offset in the draft."""

    def __init__(self, draft: str, start: int, builder: _Builder) -> None:
        super().__init__(convert_charrefs=False)  # entities come one by one, at their own offsets
        self.draft = draft
        self.start = start
        self.builder = builder
        fragment_lines = [0, *(m.end() for m in re.finditer("\n", draft[start:]))]
        self._line_starts = fragment_lines
        self.hidden = 0
        self.pre = 0
        self.in_title = False
        self.title: list[str] = []
        self.meta: dict[str, Any] = {}

    def _at(self) -> int:
        line, column = self.getpos()
        return self.start + self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)
        if tag == "title":
            self.in_title = True
        elif tag in _HIDDEN:
            self.hidden += 1
        elif tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
        if tag in _BLOCKS and not self.hidden:
            self.builder.separate(self._at(), "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in _BLOCKS and not self.hidden:
            self.builder.separate(self._at(), "\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif self.hidden:
            return
        elif not data.strip():
            if not self.builder.ends_with_space():
                self.builder.insert(self._at(), " ")
        else:
            # A newline inside a paragraph is a space (same length: offsets still line up).
            self.builder.copy(self._at(), data if self.pre else data.replace("\n", " "))

    def handle_entityref(self, name: str) -> None:
        self._decoded(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._decoded(html.unescape(f"&#{name};"))

    def _decoded(self, char: str) -> None:
        if self.in_title:
            self.title.append(char)
        elif not self.hidden:
            self.builder.insert(self._at(), char)

    def _meta(self, attrs: dict[str, str | None]) -> None:
        name = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        content = (attrs.get("content") or "").strip()
        if not content:
            return
        if name in _DATE_META and "date" not in self.meta:
            # A page's own metadata, not something the user typed: an unreadable date is ignored.
            with contextlib.suppress(InputError):
                self.meta["date"] = parse_draft_date(content, "<meta>")
        elif name in _SOURCE_META and "source" not in self.meta:
            self.meta["source"] = content


def _html_text(draft: str, start: int, builder: _Builder) -> dict[str, Any]:
    """An HTML draft's visible text into `builder`; returns its title, date and source."""
    parser = _HtmlText(draft, start, builder)
    parser.feed(draft[start:])
    parser.close()
    meta = dict(parser.meta)
    if "source" in meta:  # attribute values decode character references: `&#27;` is an ESC
        meta["source"] = without_controls(meta["source"])
    title = " ".join(without_controls("".join(parser.title)).split())
    if title:
        meta["title"] = title
    return meta


def _html_fragment(draft: str, start: int, end: int, builder: _Builder) -> None:
    """An HTML block inside Markdown: its text, no metadata."""
    parser = _HtmlText(draft[:end], start, builder)
    parser.feed(draft[start:end])
    parser.close()
