"""Command-line inputs to article sources: files, directories, globs and - for standard input."""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import InputError
from factcheck.sources.base import ArticleSource
from factcheck.sources.local import STDIN, FileSource, StdinSource

# Files a directory input contributes: drafts, not every file a newsroom folder holds.
DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


@dataclass(frozen=True)
class InputSettings:
    offline: bool = False


def sources_for(names: list[str], settings: InputSettings | None = None) -> list[ArticleSource]:
    """One source per article, in the order given; directories in sorted path order."""
    del settings
    sources: list[ArticleSource] = []
    for name in names:
        if name == STDIN:
            sources.append(StdinSource())
            continue
        path = Path(name)
        if path.is_dir():
            sources.extend(FileSource(p) for p in _drafts_under(path))
        elif not path.exists() and glob.has_magic(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                raise InputError(f"{name}: no file matches")
            sources.extend(FileSource(Path(m)) for m in matches if Path(m).is_file())
        else:
            sources.append(FileSource(path))
    return sources


def _drafts_under(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.suffix.lower() in DRAFT_SUFFIXES and p.is_file())
