"""Articles from a file path or standard input: size limit, decoding, then the draft's kind."""

from __future__ import annotations

import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from factcheck.errors import InputError
from factcheck.sources.base import Article
from factcheck.sources.decode import decode
from factcheck.sources.drafts import article_from_draft, kind_for_suffix, sniff_kind
from factcheck.sources.settings import InputSettings
from factcheck.text.controls import escape_controls

STDIN = "-"


def too_large(origin: str, size: int | None, limit: int) -> InputError:
    what = f"{size} bytes" if size is not None else "more than that"
    return InputError(f"{origin}: too large ({what}; the limit is {limit} bytes)")


def read_limited(stream: BinaryIO, origin: str, limit: int) -> bytes:
    """At most `limit` bytes; one more byte means the input is refused, never read whole."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_large(origin, None, limit)
    return data


@dataclass(frozen=True)
class FileSource:
    path: Path
    settings: InputSettings = field(default_factory=InputSettings, compare=False)

    @property
    def origin(self) -> str:
        return escape_controls(str(self.path))  # shown in reports and messages: never raw controls

    def read(self) -> Article:
        origin = self.origin
        limit = self.settings.max_bytes
        try:
            info = self.path.stat()
            if stat.S_ISDIR(info.st_mode):
                raise InputError(f"{origin}: is a directory")
            # Refused from its size alone: a 50 MB file is never loaded to be rejected.
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise too_large(origin, info.st_size, limit)
            with self.path.open("rb") as stream:  # a FIFO or a growing file: still at most limit+1
                data = read_limited(stream, origin, limit)
        except FileNotFoundError:
            raise InputError(f"{origin}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{origin}: is a directory") from None
        except OSError as exc:
            raise InputError(f"{origin}: cannot read ({exc.strerror})") from None
        decoded = decode(data, origin)
        return article_from_draft(origin, decoded.text, kind_for_suffix(self.path.suffix), decoded.notes)


@dataclass(frozen=True)
class StdinSource:
    settings: InputSettings = field(default_factory=InputSettings, compare=False)
    origin = STDIN

    def read(self) -> Article:
        data = read_limited(sys.stdin.buffer, "<stdin>", self.settings.max_bytes)
        decoded = decode(data, "<stdin>")
        return article_from_draft(STDIN, decoded.text, sniff_kind(decoded.text), decoded.notes)


def source_for(name: str, settings: InputSettings | None = None) -> FileSource | StdinSource:
    settings = settings or InputSettings()
    return StdinSource(settings) if name == STDIN else FileSource(Path(name), settings)
