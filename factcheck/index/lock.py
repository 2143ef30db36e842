"""One writer at a time: an exclusive, non-blocking lock file next to the index."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from factcheck.errors import FactcheckError


class IndexBusyError(FactcheckError):
    """Another process is writing this index."""


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """The lock dies with its process (kill -9 included): no stale lock files to clean up."""
    index_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(index_dir / "write.lock", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusyError(
                f"{index_dir}: another factcheck is indexing it; try again when it ends"
            ) from None
        yield
    finally:
        os.close(descriptor)
