"""A start-up cache for camel_tools.utils.charsets, whose import walks all 1.1 million code points.

That walk costs 0.5–0.7 s per process (measured, bench/README.md), more than the rest of a warm
check. The sets it builds depend only on camel-tools' version and Python's Unicode database, so
after the first import they are saved (marshal: plain frozensets of str, nothing executable) and
later processes get a module holding them. The huge letter/mark/number sets, which factcheck's
code path never reads, are left out of the file; asking for one of them loads the real module.
Any problem with the cache means the real import, never a failure."""

from __future__ import annotations

import importlib.machinery
import importlib.metadata
import importlib.util
import marshal
import os
import sys
import types
import unicodedata
from pathlib import Path
from typing import Any

from factcheck.atomic import write_atomically
from factcheck.user_cache import cache_dir

_MODULE = "camel_tools.utils.charsets"
_LARGE = 20_000  # sets bigger than this are not worth a file read: built only when asked for


def _cache_file() -> Path:
    base = cache_dir()
    version = importlib.metadata.version("camel-tools")
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return base / f"camel-charsets-{version}-unicode{unicodedata.unidata_version}-py{python}.marshal"


def preload() -> None:
    """Put camel-tools' charsets module in place from the cache (or build the cache)."""
    if _MODULE in sys.modules or os.environ.get("FACTCHECK_NO_CHARSET_CACHE"):
        return
    try:
        path = _cache_file()
        values = marshal.loads(path.read_bytes())
        if not isinstance(values, dict) or "__all__" not in values:
            raise ValueError("unexpected cache content")
    except (OSError, ValueError, EOFError, TypeError, ImportError):
        _build_cache()
        return
    sys.modules[_MODULE] = _cached_module(values)


def _real_spec() -> importlib.machinery.ModuleSpec:
    import camel_tools.utils

    spec = importlib.machinery.PathFinder.find_spec(_MODULE, list(camel_tools.utils.__path__))
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot find {_MODULE}")
    return spec


def _real_module() -> types.ModuleType:
    spec = _real_spec()
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _cached_module(values: dict[str, Any]) -> types.ModuleType:
    module = types.ModuleType(_MODULE, "camel-tools charsets (factcheck start-up cache)")
    module.__dict__.update(values)
    module.__spec__ = _real_spec()
    state: dict[str, types.ModuleType] = {}

    def __getattr__(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if "real" not in state:
            state["real"] = _real_module()
        value = getattr(state["real"], name)
        setattr(module, name, value)
        return value

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    return module


def _build_cache() -> None:
    import camel_tools.utils.charsets as charsets

    names = list(charsets.__all__)
    values: dict[str, Any] = {"__all__": names}
    for name in names:
        value = getattr(charsets, name)
        if len(value) <= _LARGE:
            values[name] = value
    try:
        path = _cache_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole or not at all: a reader never sees half a file.
        write_atomically(path, marshal.dumps(values), readable_by_all=False)
    except (OSError, importlib.metadata.PackageNotFoundError):
        pass  # a read-only home: every run pays the import, nothing breaks
