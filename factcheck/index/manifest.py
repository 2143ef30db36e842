"""What the index holds: versions, the rules' fingerprint, and every corpus file it was built from."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from factcheck.index import ANALYZER_VERSION, FORMAT_VERSION

MANIFEST = "manifest.json"


@dataclass
class FileRecord:
    sha256: str
    size: int
    mtime_ns: int
    documents: int
    passages: int


@dataclass
class Manifest:
    format_version: int = FORMAT_VERSION
    analyzer_version: int = ANALYZER_VERSION
    rules_fingerprint: str = ""
    corpus: str = ""
    files: dict[str, FileRecord] = field(default_factory=dict)

    def compatible_with(self, rules_fingerprint: str) -> bool:
        return (
            self.format_version == FORMAT_VERSION
            and self.analyzer_version == ANALYZER_VERSION
            and self.rules_fingerprint == rules_fingerprint
        )


def load_manifest(index_dir: Path) -> Manifest | None:
    return read_manifest(index_dir)[0]


def read_manifest(index_dir: Path) -> tuple[Manifest | None, str | None]:
    """The manifest, or None and why: an unreadable manifest is treated as no manifest (the index
    is rebuilt, since nothing says which files it holds)."""
    path = index_dir / MANIFEST
    if not path.exists():
        return None, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = {name: FileRecord(**record) for name, record in data.pop("files").items()}
        return Manifest(**data, files=files), None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        return None, f"{MANIFEST} damaged ({type(exc).__name__})"
    except OSError as exc:
        return None, f"{MANIFEST} unreadable ({exc.strerror or exc})"


def save_manifest(index_dir: Path, manifest: Manifest) -> None:
    """Write to a temporary file, then rename: a crash never leaves half a manifest."""
    data = asdict(manifest)
    handle, temporary = tempfile.mkstemp(dir=index_dir, prefix=".manifest-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, index_dir / MANIFEST)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
