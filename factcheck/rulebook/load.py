"""Find rule files and load them as a Rulebook: from the compiled-rules cache when it holds them,
else validated (validate.py, pydantic) and compiled. A cache hit imports neither pydantic nor the
schema: most runs of `factcheck check` never need them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from factcheck.errors import RuleFileError
from factcheck.rulebook.cache import cached_rulebook
from factcheck.rulebook.compile import Rulebook

RULE_SUFFIXES = (".yaml", ".yml")


def builtin_rules_dir() -> Path:
    """The rules shipped with the package (wheel), or the repository's rules/ in a source checkout."""
    packaged = Path(str(resources.files("factcheck"))) / "builtin_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def rule_files(directories: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for directory in directories:
        if not directory.is_dir():
            raise RuleFileError(str(directory), 0, "rules directory not found")
        files.extend(sorted(p for p in directory.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()))
    return files


def fingerprint(files: Sequence[Path]) -> str:
    """Content hash of the rule set: anything derived from the rules (index, cache) keys on it."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_COMPILED: dict[tuple[tuple[str, ...], str], Rulebook] = {}


def load_rulebook(extra_dirs: Sequence[Path] = ()) -> Rulebook:
    """Validate and compile the rules; within one process, the same files (by content) are
    compiled once."""
    directories = [builtin_rules_dir(), *extra_dirs]
    files = rule_files(directories)
    key = (tuple(str(path) for path in files), fingerprint(files))
    if key not in _COMPILED:

        def build() -> Rulebook:
            from factcheck.rulebook.compile import compile_rulebook
            from factcheck.rulebook.validate import validate_file

            validated = [(path, *validate_file(path)) for path in files]
            return compile_rulebook(validated, key[1])

        _COMPILED[key] = cached_rulebook(key, build)
    return _COMPILED[key]
