"""Validate one rule file against its schema (pydantic), with the file:line of the first error."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from factcheck.errors import RuleFileError
from factcheck.rulebook.load import builtin_rules_dir
from factcheck.rulebook.schema import FILE_MODELS, Strict
from factcheck.rulebook.yaml_lines import Location, line_of, load_with_lines


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
