"""Find, validate and compile rule files into a Rulebook."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from factcheck.errors import RuleFileError
from factcheck.rulebook.cache import cached_rulebook
from factcheck.rulebook.compile import Rulebook, compile_rulebook
from factcheck.rulebook.schema import FILE_MODELS, Strict
from factcheck.rulebook.yaml_lines import Location, line_of, load_with_lines

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


def validate_file(path: Path) -> tuple[Strict, dict[Location, int]]:
    """The file's validated model and the line of every value in it."""
    data, lines = load_with_lines(path, trusted=path.is_relative_to(builtin_rules_dir()))
    if not isinstance(data, dict) or "type" not in data:
        raise RuleFileError(
            str(path), line_of(lines, ()), f"expected a mapping with 'type:' ({', '.join(FILE_MODELS)})"
        )
    model = FILE_MODELS.get(str(data["type"]))
    if model is None:
        raise RuleFileError(str(path), line_of(lines, ("type",)), f"unknown type {data['type']!r}")
    try:
        return model.model_validate(data), lines
    except ValidationError as exc:
        first = exc.errors()[0]
        location = tuple(first["loc"])
        where = ".".join(str(part) for part in location)
        message = first["msg"].removeprefix("Value error, ")  # pydantic's prefix for our own checks
        raise RuleFileError(str(path), line_of(lines, location), f"{where}: {message}") from None


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
            validated = [(path, *validate_file(path)) for path in files]
            return compile_rulebook(validated, key[1])

        _COMPILED[key] = cached_rulebook(key, build)
    return _COMPILED[key]
