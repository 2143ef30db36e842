"""The analysis cache's store (diskcache, over sqlite). It is only a cache: a damaged one is
discarded with a warning naming it and made again, never a reason to stop indexing. A full disk
or an I/O error is not damage; it reaches the caller (the index reports it as a write error)."""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger("factcheck")

_SIZE_LIMIT = 2**32
# sqlite's primary result codes for a file that is not (or no longer) a sound database.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


def is_damage(exc: BaseException) -> bool:
    """A sqlite error saying the file is corrupt or not a database at all."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc)
    return "not a database" in text or "malformed" in text


class AnalysisCache:
    """Entries by key; `fresh` (index --rebuild) starts from an empty cache."""

    def __init__(self, folder: Path, fresh: bool = False) -> None:
        self.folder = folder
        if fresh:
            shutil.rmtree(folder, ignore_errors=True)
        self._store = self._open()

    def _open(self) -> Any:
        import diskcache

        try:
            return diskcache.Cache(str(self.folder), size_limit=_SIZE_LIMIT)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            self._discard(exc)
            return diskcache.Cache(str(self.folder), size_limit=_SIZE_LIMIT)

    def _discard(self, exc: BaseException) -> None:
        log.warning("analysis cache %s is damaged (%s); discarded, and made again", self.folder, exc)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _reopen(self, exc: BaseException) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._store.close()
        self._discard(exc)
        self._store = self._open()

    def get_many(self, keys: Sequence[str]) -> list[Any]:
        """Each key's entry, or None; a cache found damaged is discarded and nothing is a hit."""
        try:
            return [self._store.get(key) for key in keys]
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            self._reopen(exc)
            return [None] * len(keys)

    def set_many(self, entries: Iterable[tuple[str, Any]]) -> None:
        """One transaction for all; entries lost with a damaged cache are only analysed again."""
        try:
            with self._store.transact():
                for key, value in entries:
                    self._store.set(key, value)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            self._reopen(exc)

    def close(self) -> None:
        self._store.close()
