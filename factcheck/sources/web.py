"""Articles from http(s) URLs: bounded, typed, cached downloads; the page's article by trafilatura."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from factcheck.errors import InputError
from factcheck.sources.addresses import refuse_private
from factcheck.sources.base import Article
from factcheck.sources.deadline import DeadlinePassed, within
from factcheck.sources.decode import Decoded, decode
from factcheck.sources.drafts import article_from_draft, dated, notes_for, parse_draft_date
from factcheck.sources.settings import InputSettings
from factcheck.text.controls import escape_controls, remove_controls, removed_note, without_controls

log = logging.getLogger(__name__)

# Content types read, and how: a page's article is extracted, Markdown converted, text kept.
CONTENT_TYPES = {
    "text/html": "page",
    "application/xhtml+xml": "page",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}
_CHUNK = 64 * 1024
_CACHE_FORMAT = 1


def redact(url: str) -> str:
    """The URL without user:password@, for every message, report and log line."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.rpartition("@")[2] if "@" in url.partition("?")[0] else url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


@dataclass(frozen=True)
class RefusedSource:
    """An input refused before any reading (a file:, ftp: or javascript: URL): fails when read."""

    origin: str
    reason: str

    def read(self) -> Article:
        raise InputError(f"{self.origin}: {self.reason}")


@dataclass(frozen=True)
class Download:
    url: str  # after redirects, with credentials as given (never shown)
    content_type: str  # media type, lower case, no parameters
    charset: str | None
    body: bytes


@dataclass(frozen=True)
class UrlSource:
    url: str
    settings: InputSettings = field(default_factory=InputSettings, compare=False)

    @property
    def origin(self) -> str:
        return escape_controls(redact(self.url))

    def read(self) -> Article:
        download = fetch(self.url, self.settings)
        return article_from_download(self.origin, download)


# ------------------------------------------------------------------------------------------ fetch


def fetch(url: str, settings: InputSettings) -> Download:
    """The URL's body: from the cache when it holds a fresh copy (any copy, offline), else the network."""
    shown = redact(url)
    cached = _cache_get(url, settings)
    if cached is not None:
        return cached
    if settings.offline:
        raise InputError(f"{shown}: offline: not fetching it, and the cache holds no copy")
    try:
        download = within(settings.total_timeout, lambda: _download(url, settings))
    except DeadlinePassed:
        raise InputError(_out_of_time(shown, settings)) from None
    _cache_put(url, download, settings)
    return download


def _out_of_time(shown: str, settings: InputSettings) -> str:
    return f"{shown}: timed out downloading (after {settings.total_timeout:g} s)"


def _download(url: str, settings: InputSettings) -> Download:
    import requests

    shown = redact(url)
    started = time.monotonic()
    seen = {url}
    current = url
    with requests.Session() as session:
        session.headers["User-Agent"] = settings.user_agent
        for _hop in range(settings.max_redirects + 1):
            if not settings.allow_private_urls:
                refuse_private(current, shown, redirected=current != url)
            response = _get(session, current, settings)
            with response:
                if response.is_redirect:
                    location = response.headers.get("Location", "")
                    target = urljoin(current, location)
                    scheme = urlsplit(target).scheme.lower()
                    if scheme not in ("http", "https"):
                        raise InputError(
                            f"{shown}: redirect to {redact(target)} refused (only http and https)"
                        )
                    if target in seen:
                        raise InputError(f"{shown}: redirect loop (back to {redact(target)})")
                    seen.add(target)
                    current = target
                    continue
                if response.status_code != 200:
                    reason = f" {response.reason}" if response.reason else ""
                    raise InputError(f"{shown}: HTTP {response.status_code}{reason}")
                media, charset = _content_type(response.headers.get("Content-Type"))
                if media not in CONTENT_TYPES:
                    raise InputError(
                        f"{shown}: not text ({media or 'no Content-Type'}); "
                        "only HTML, plain text and Markdown are read"
                    )
                body = _body(response, shown, settings, started)
                return Download(current, media, charset, body)
    raise InputError(f"{shown}: too many redirects (more than {settings.max_redirects})")


def _get(session: Any, url: str, settings: InputSettings) -> Any:
    import requests

    shown = redact(url)
    try:
        return session.get(
            url, stream=True, allow_redirects=False, timeout=(settings.timeout, settings.timeout)
        )
    except requests.exceptions.ConnectTimeout:
        raise InputError(f"{shown}: timed out connecting (after {settings.timeout:g} s)") from None
    except requests.exceptions.ReadTimeout:
        raise InputError(f"{shown}: timed out reading (after {settings.timeout:g} s)") from None
    except requests.exceptions.SSLError:
        raise InputError(f"{shown}: TLS/SSL error (certificate or handshake)") from None
    except requests.exceptions.ConnectionError as exc:
        raise InputError(f"{shown}: {_connection_cause(exc)}") from None
    except requests.exceptions.InvalidURL:
        raise InputError(f"{shown}: invalid URL") from None
    except requests.exceptions.RequestException as exc:
        raise InputError(f"{shown}: request failed ({type(exc).__name__})") from None


def _connection_cause(exc: Exception) -> str:
    """A short cause from the exception chain, never its text (which repeats the URL)."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return "connection refused"
        name = type(current).__name__
        if (
            name == "NameResolutionError"
            or "getaddrinfo" in str(current)
            or "Name or service" in str(current)
        ):
            return "cannot resolve the host name"
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        for linked in (current.__cause__, current.__context__, getattr(current, "reason", None)):
            if isinstance(linked, BaseException):
                pending.append(linked)
    return "cannot connect"


def _content_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _body(response: Any, shown: str, settings: InputSettings, started: float) -> bytes:
    """The body, read as it arrives (read1: whatever one read from the socket gives), so the size
    limit and the total deadline are checked after every read, not after a whole chunk."""
    from urllib3.exceptions import HTTPError, ProtocolError, ReadTimeoutError

    limit = settings.max_bytes
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise InputError(f"{shown}: too large ({declared} bytes; the limit is {limit} bytes)")
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := response.raw.read1(_CHUNK, decode_content=True):
            size += len(chunk)
            if size > limit:  # stop reading: the rest is never downloaded
                raise InputError(f"{shown}: too large (more than {limit} bytes)")
            if time.monotonic() - started > settings.total_timeout:
                raise InputError(_out_of_time(shown, settings))
            chunks.append(chunk)
    except ReadTimeoutError:
        raise InputError(f"{shown}: timed out reading (after {settings.timeout:g} s)") from None
    except ProtocolError:
        raise InputError(f"{shown}: connection lost while reading") from None
    except HTTPError as exc:
        raise InputError(f"{shown}: reading failed ({type(exc).__name__})") from None
    return b"".join(chunks)


# ------------------------------------------------------------------------------------------ cache


def _cache_key(url: str) -> str:
    # A digest: URLs with credentials never reach the disk in clear.
    return "url:" + hashlib.sha256(url.encode("utf-8")).hexdigest()


def _open_cache(settings: InputSettings) -> Any:
    import diskcache

    return diskcache.Cache(str(settings.http_cache_dir()))


def _cache_get(url: str, settings: InputSettings) -> Download | None:
    if not settings.use_cache:
        return None
    try:
        with _open_cache(settings) as cache:
            entry = cache.get(_cache_key(url))
    except Exception as exc:  # an unusable cache is a miss, not an error
        log.debug("HTTP cache unreadable (%s)", type(exc).__name__)
        return None
    if not isinstance(entry, dict) or entry.get("format") != _CACHE_FORMAT:
        return None
    if not settings.offline and time.time() - entry["fetched"] > settings.cache_ttl:
        return None
    return Download(entry["url"], entry["content_type"], entry["charset"], entry["body"])


def _cache_put(url: str, download: Download, settings: InputSettings) -> None:
    """Only what was accepted is stored: 200 responses of a readable type within the size limit."""
    if not settings.use_cache:
        return
    entry = {
        "format": _CACHE_FORMAT,
        "fetched": time.time(),
        "url": redact(download.url),  # credentials never reach the disk
        "content_type": download.content_type,
        "charset": download.charset,
        "body": download.body,
    }
    try:
        with _open_cache(settings) as cache:
            cache.set(_cache_key(url), entry)
    except Exception as exc:  # a read-only or full disk: the article is still read
        log.debug("HTTP cache not written (%s)", type(exc).__name__)


# --------------------------------------------------------------------------------- to an Article


def article_from_download(origin: str, download: Download) -> Article:
    decoded = _decode_body(download, origin)
    kind = CONTENT_TYPES[download.content_type]
    if kind == "markdown":
        return article_from_draft(origin, decoded.text, "markdown", decoded.notes)
    if kind == "text":
        return article_from_draft(origin, decoded.text, "text", decoded.notes)
    return _page_article(origin, decoded, download.url)


def _decode_body(download: Download, origin: str) -> Decoded:
    if download.charset and download.charset not in ("utf-8", "utf8"):
        try:
            return Decoded(download.body.decode(download.charset))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declared charset: fall back to our own detection
    return decode(download.body, origin)


def _page_article(origin: str, decoded: Decoded, url: str) -> Article:
    """The article of a web page and its date, title and site name, as trafilatura finds them.
    Control characters are removed from what it finds (raw or as character references), with a note."""
    import trafilatura  # heavy (lxml, dateparser): only when a URL is read

    html = decoded.text
    try:
        text = trafilatura.extract(html, url=url, include_comments=False, include_tables=True)
        meta = trafilatura.extract_metadata(html, default_url=url)
    except Exception as exc:  # third-party markup handling
        raise InputError(f"{origin}: cannot extract the article ({type(exc).__name__})") from None
    if not text or not text.strip():
        raise InputError(f"{origin}: no article text found in the page")
    removal = remove_controls(text)
    text = removal.text
    notes = (*decoded.notes, removed_note(removal.removed)) if removal.removed else decoded.notes
    date: dt.date | None = None
    raw_date = getattr(meta, "date", None)
    if raw_date:
        try:
            date = parse_draft_date(str(raw_date), origin)
        except InputError:
            date = None
    return Article(
        origin,
        text,
        *dated(date, text),
        source=without_controls(getattr(meta, "sitename", None) or "") or None,
        title=without_controls(getattr(meta, "title", None) or "") or None,
        notes=(*notes, *notes_for(text)),
    )
