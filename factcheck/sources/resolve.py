"""Command-line inputs to article sources: files, directories, globs, http(s) URLs and - for stdin."""

from __future__ import annotations

import glob
import re
from pathlib import Path

from factcheck.errors import InputError
from factcheck.sources.base import ArticleSource
from factcheck.sources.local import STDIN, FileSource, StdinSource
from factcheck.sources.settings import InputSettings
from factcheck.sources.web import RefusedSource, UrlSource, redact

__all__ = ["DRAFT_SUFFIXES", "InputSettings", "is_url", "sources_for"]

# Files a directory input contributes: drafts, not every file a newsroom folder holds.
DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

# "scheme://…", or one of the schemes that take no "//" (javascript:, data:, mailto:, …). One letter
# before the colon is a Windows drive, not a scheme.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
_SCHEMES_WITHOUT_SLASHES = frozenset({"javascript", "data", "mailto", "about", "file", "tel", "news"})


def url_scheme(name: str) -> str | None:
    """The lower-cased scheme when `name` is meant as a URL, else None (a path)."""
    match = _SCHEME.match(name)
    if match is None:
        return None
    scheme = match.group(1).lower()
    if name[match.end() :].startswith("//") or scheme in _SCHEMES_WITHOUT_SLASHES:
        return scheme
    return None


def is_url(name: str) -> bool:
    return url_scheme(name) is not None and not Path(name).exists()


def sources_for(names: list[str], settings: InputSettings | None = None) -> list[ArticleSource]:
    """One source per article, in the order given; directories and globs in sorted path order.

    A glob that matches nothing and a directory without drafts are errors (the run stops); a URL
    with a scheme other than http(s) is an input that fails when read (the others go on)."""
    settings = settings or InputSettings()
    sources: list[ArticleSource] = []
    for name in names:
        if name == STDIN:
            sources.append(StdinSource(settings))
            continue
        if is_url(name):
            scheme = url_scheme(name)
            if scheme in ("http", "https"):
                sources.append(UrlSource(name, settings))
            else:
                sources.append(
                    RefusedSource(redact(name), f"unsupported URL scheme {scheme}: (only http and https)")
                )
            continue
        path = Path(name)
        if path.is_dir():
            drafts = _drafts_under(path)
            if not drafts:
                raise InputError(f"{name}: no drafts in this directory ({', '.join(DRAFT_SUFFIXES)})")
            sources.extend(FileSource(p, settings) for p in drafts)
        elif not path.exists() and glob.has_magic(name):
            matches = [Path(m) for m in sorted(glob.glob(name, recursive=True))]
            files = [m for m in matches if m.is_file()]
            if not files:
                raise InputError(f"{name}: no file matches")
            sources.extend(FileSource(m, settings) for m in files)
        else:
            sources.append(FileSource(path, settings))
    return sources


def _drafts_under(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.suffix.lower() in DRAFT_SUFFIXES and p.is_file())
