"""Compiled rulebooks kept on disk between runs: parsing and compiling the YAML costs ~0.3 s per
process (measured, bench/README.md), a third of a warm check; unpickling costs ~0.03 s.

The key is the rules' paths and content fingerprint plus a digest of factcheck's own code and the versions of
the libraries compilation calls (normalisation, stemming), so an edited rule, an upgraded library
or a changed normaliser all compile afresh. diskcache makes concurrent runs safe; any trouble with
the cache means compiling, never failing."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.user_cache import cache_dir

if TYPE_CHECKING:
    from factcheck.rulebook.compile import Rulebook

_LIBRARIES = ("camel-tools", "PyStemmer", "pydantic")
_SIZE_LIMIT = 64 * 2**20


@cache
def code_digest() -> str:
    """Digest of factcheck's sources and of the library versions compilation depends on."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}=={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(name.encode())
    return digest.hexdigest()[:16]


def cached_rulebook(
    files_and_fingerprint: tuple[tuple[str, ...], str], build: Callable[[], Rulebook]
) -> Rulebook:
    """The compiled rulebook from the cache, or `build()` stored for next time. Rule errors raised
    by `build` reach the caller; trouble with the cache itself only costs the compile."""
    if os.environ.get("FACTCHECK_NO_RULES_CACHE"):
        return build()
    paths, fingerprint = files_and_fingerprint
    # The rulebook records where each rule came from (file:line messages): same content read from
    # another place is another entry.
    where = hashlib.sha256("\0".join(paths).encode()).hexdigest()[:16]
    key = f"{fingerprint}:{where}:{code_digest()}"
    store = _open()
    if store is None:
        return build()
    try:
        try:
            found = store.get(key)
        except Exception:  # an unreadable or stale entry (pickle of an older class): compile
            found = None
        if found is not None:
            return found  # type: ignore[no-any-return]
        book = build()
        with contextlib.suppress(Exception):
            store.set(key, book)
        return book
    finally:
        with contextlib.suppress(Exception):
            store.close()


def _open() -> Any:
    try:
        import diskcache

        return diskcache.Cache(str(cache_dir("rulebooks")), size_limit=_SIZE_LIMIT)
    except Exception:  # a read-only or broken cache folder
        return None
