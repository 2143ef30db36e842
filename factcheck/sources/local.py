"""Articles from a file path or standard input."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import InputError
from factcheck.sources.base import Article
from factcheck.sources.decode import decode

STDIN = "-"


@dataclass(frozen=True)
class FileSource:
    path: Path

    @property
    def origin(self) -> str:
        return str(self.path)

    def read(self) -> Article:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{self.path}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{self.path}: is a directory") from None
        except OSError as exc:
            raise InputError(f"{self.path}: cannot read ({exc.strerror})") from None
        return Article(str(self.path), decode(data, str(self.path)))


@dataclass(frozen=True)
class StdinSource:
    origin = STDIN

    def read(self) -> Article:
        return Article(STDIN, decode(sys.stdin.buffer.read(), "<stdin>"))


def source_for(name: str) -> FileSource | StdinSource:
    return StdinSource() if name == STDIN else FileSource(Path(name))
