"""What the index holds: versions, the rules' fingerprint, and every corpus file it was built from."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from factcheck.atomic import write_atomically
from factcheck.index import ANALYZER_VERSION, FORMAT_VERSION

MANIFEST = "manifest.json"


@dataclass
class FileRecord:
    sha256: str
    size: int
    mtime_ns: int
    documents: int
    passages: int
    terms: int = 0  # all its passages' terms together: the corpus's mean passage length (ranking.py)
    document_stems: int = 0  # all its documents' stems: the mean document length (verify/events.py)


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
    """A crash never leaves half a manifest (see factcheck.atomic)."""
    data = asdict(manifest)
    write_atomically(index_dir / MANIFEST, json.dumps(data, ensure_ascii=False, sort_keys=True))
