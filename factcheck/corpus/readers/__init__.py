"""Corpus files to documents: one small reader per format, chosen by suffix, behind `read_file`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from factcheck.corpus.document import ReadProblem
from factcheck.corpus.readers.base import Reader, ReadResult
from factcheck.corpus.readers.csvfile import read_csv
from factcheck.corpus.readers.fields import FieldMap, check_fields
from factcheck.corpus.readers.html import read_html
from factcheck.corpus.readers.jsonfile import read_json, read_jsonl
from factcheck.corpus.readers.text import read_text
from factcheck.corpus.readers.ziparchive import read_zip

__all__ = ["SUPPORTED_SUFFIXES", "FieldMap", "iter_corpus_files", "read_file"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv", ".zip")

# Files are read whole into memory (JSON arrays must be): a larger one is skipped and reported.
# The same bound applies to a zip archive's members (ziparchive.MAX_MEMBER_BYTES).
MAX_FILE_BYTES = 256 * 1024**2

# Readers of a file's bytes; zip archives are opened from their path and delegate to these.
_READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".csv": read_csv,
}


def iter_corpus_files(root: Path, problems: list[ReadProblem] | None = None) -> Iterator[Path]:
    """Supported files under `root` (or `root` itself when it is one), depth first, names sorted.

    Hidden files and folders are skipped; symlinks are followed, but each real folder is entered
    once, so a link back to an ancestor cannot loop. Folders that cannot be listed are appended
    to `problems` when given.
    """
    if root.is_file():
        if _supported(root.name):
            yield root
        return
    yield from _walk(root, root, set(), problems)


def _walk(folder: Path, root: Path, visited: set[str], problems: list[ReadProblem] | None) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in visited:
        return
    visited.add(real)
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        if problems is not None:
            problems.append(ReadProblem(_relative(folder, root), None, f"cannot list folder: {exc.strerror}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symlinks
            is_file = entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            yield from _walk(path, root, visited, problems)
        elif _supported(entry.name) and (is_file or entry.is_symlink()):
            # A dangling symlink is still yielded: read_file reports it instead of it vanishing.
            # FIFOs, sockets and devices are not, since reading one could block forever.
            yield path


def read_file(path: Path, root: Path, fields: FieldMap | None = None) -> ReadResult:
    """Documents of one corpus file, and the records or file skipped. Raises InputError only for
    an invalid field mapping (a usage error); every problem with the file itself is returned."""
    fields = check_fields(fields)
    relative = _relative(path, root)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return read_zip(path, relative, fields, _READERS)
    reader = _READERS.get(suffix)
    if reader is None:
        return [], [ReadProblem(relative, None, f"unsupported file type {suffix or '(none)'!r}")]
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"file of {size} bytes exceeds the {MAX_FILE_BYTES}-byte limit per file, not read"
            return [], [ReadProblem(relative, None, message)]
        data = path.read_bytes()
    except OSError as exc:
        return [], [ReadProblem(relative, None, f"cannot read: {exc.strerror or exc}")]
    return reader(data, relative, fields)


def _supported(name: str) -> bool:
    return name.lower().endswith(SUPPORTED_SUFFIXES)


def _relative(path: Path, root: Path) -> str:
    """Corpus-relative POSIX path: the part of a document's id that does not depend on where the
    corpus lives. A root that is itself a file names its documents by the file name."""
    if path == root or root.is_file():
        return path.name
    return path.relative_to(root).as_posix()
