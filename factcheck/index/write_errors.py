"""An index write that fails (a full disk, the file-size limit, an I/O error): its cause in one
line, and the segment files the failed run had begun removed. The last complete index stays as it
was (build.py: tantivy commits atomically, the manifest is renamed into place after)."""

from __future__ import annotations

import contextlib
import errno
import json
import re
import resource
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from factcheck.errors import FactcheckError
from factcheck.index.documents import DOCUMENTS_DIR
from factcheck.index.manifest import Manifest
from factcheck.index.store import TANTIVY_DIR, is_panic

# Index and analysis cache bytes per corpus byte, for an index too small to measure its own:
# SaudiNewsNet's 131 MB took 294 MB (bench/README.md); short documents take more per byte.
_GROWTH = 3.0
_MEASURED_FROM = 10_000_000  # corpus bytes from which an index's own ratio is used
_MB = 1_000_000
_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)
# tantivy's io::Error texts: "… (os error 28)", "Os { code: 28, kind: StorageFull … }".
_OS_CODE = re.compile(r"os error (\d+)|code: (\d+)")
_SEGMENT_FILE = re.compile(r"[0-9a-f]{32}\.")


class IndexWriteError(FactcheckError):
    """The index could not be written; the last complete index is left as it was."""


def space_needed(index_dir: Path, manifest: Manifest | None, new_bytes: int) -> int:
    """About how many bytes indexing `new_bytes` of corpus adds to the index and its cache."""
    corpus = sum(record.size for record in manifest.files.values()) if manifest else 0
    growth = _GROWTH
    if corpus >= _MEASURED_FROM:
        growth = max(1.0, _folder_bytes(index_dir) / corpus)
    return int(growth * new_bytes)


@contextmanager
def write_errors(index_dir: Path, needed: int) -> Iterator[None]:
    """Around every write of an index update: a failed one is one IndexWriteError, never a traceback."""
    try:
        yield
    except FactcheckError:
        raise
    except BaseException as exc:
        cause = _cause(exc)
        if cause is None:
            raise
        remove_uncommitted(index_dir)
        said = _said(cause, index_dir, needed)
        raise IndexWriteError(
            f"{index_dir}: cannot write the index{said}; the last complete index is kept"
        ) from None


def _cause(exc: BaseException) -> tuple[int | None, str] | None:
    """The error's errno (when known) and text, for write errors; None for anything else."""
    if isinstance(exc, OSError):
        return exc.errno, exc.strerror or str(exc)
    if isinstance(exc, sqlite3.Error):
        text = str(exc)
        return (errno.ENOSPC if "disk is full" in text else None), text
    if isinstance(exc, ValueError) or is_panic(exc):  # tantivy reports I/O errors as ValueError
        text = " ".join(str(exc).split())
        found = _OS_CODE.search(text)
        return (int(found.group(1) or found.group(2)) if found else None), text
    return None


def _said(cause: tuple[int | None, str], index_dir: Path, needed: int) -> str:
    """The cause as the user can act on it. Some errors hide their errno (tantivy's killed
    writer, sqlite's "disk I/O error"): then too little free space, or a file-size limit, is named."""
    code, text = cause
    free = shutil.disk_usage(index_dir).free
    if code in _NO_SPACE or (code is None and free < needed):
        needed_mb, free_mb = max(1, round(needed / _MB)), round(free / _MB)
        return f": no space left on device (about {needed_mb} MB needed, {free_mb} MB free)"
    if code == errno.EFBIG:
        return ": a file would pass the file-size limit (ulimit -f)"
    if len(text) > 200:
        text = text[:200] + "…"
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if code is None and limit != resource.RLIM_INFINITY:
        return f" ({text}; the file-size limit, ulimit -f, is {limit} bytes)"
    return f" ({text})"


def remove_uncommitted(index_dir: Path) -> None:
    """Delete the segment files of either tantivy index that its meta.json does not list: what a
    failed run had begun writing (tantivy would only collect them after the next commit)."""
    for folder in (index_dir / TANTIVY_DIR, index_dir / DOCUMENTS_DIR):
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            committed = {str(segment["segment_id"]).replace("-", "") for segment in meta["segments"]}
        except FileNotFoundError:
            committed = set()  # a first build: nothing committed yet
        except (OSError, ValueError, KeyError, TypeError):
            continue  # unreadable: leave the folder to the damage checks, delete nothing
        try:
            files = list(folder.iterdir())
        except OSError:
            continue
        for path in files:
            if _SEGMENT_FILE.match(path.name) and path.name[:32] not in committed:
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)


def _folder_bytes(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file():
                total += path.stat().st_size
        except OSError:
            continue
    return total
