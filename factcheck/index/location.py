"""Where a corpus's index lives when the user does not say (--index)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from factcheck.user_cache import cache_dir


def default_index_dir(corpus: Path) -> Path:
    """Outside the corpus (we never write into a user's archive), one per corpus path, under the
    XDG cache folder."""
    base = cache_dir("indexes")
    resolved = str(corpus.resolve())
    return base / f"{Path(resolved).name or 'corpus'}-{hashlib.sha1(resolved.encode()).hexdigest()[:12]}"
