"""Where factcheck keeps what it can rebuild: $XDG_CACHE_HOME/factcheck, else ~/.cache/factcheck."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(*parts: str) -> Path:
    """The user's factcheck cache folder, or a folder inside it (not created here)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base.joinpath("factcheck", *parts)
