"""Write a file whole or not at all: a temporary file in the same folder, fsync, then a rename.

A reader (or a crash, or a full disk) never sees half a manifest, baseline or report; on failure
the temporary file is removed and the old file is left as it was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: str | bytes, readable_by_all: bool = True) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())
        if readable_by_all:
            # mkstemp creates 0600; a file the user asked for is readable like any other they write.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
