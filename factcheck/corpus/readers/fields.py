"""Record fields to document fields: name mapping, date normalisation and stable ids."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping

from factcheck.errors import InputError

FieldMap = dict[str, str]  # our field name -> the file's field name (from --field text=content)

# Tried in order, case-insensitively; the first one holding a non-empty value wins.
DEFAULT_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article"),
    "title": ("title", "headline"),
    "source": ("source", "publisher", "outlet"),
    "date": ("date", "date_extracted", "published", "published_at", "datetime"),
    "url": ("url", "link"),
    "id": ("id", "_id", "guid"),
}

# Only the date part is kept; what follows it (time, "T…", zone) is allowed but ignored.
_YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?=$|[T\s])")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?=$|[T\s])")
# Arabic-Indic and Persian digits occur in Arabic newsroom exports.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def check_fields(fields: FieldMap | None) -> FieldMap:
    """Validate a user's --field overrides; an unknown name is a usage error, not a file problem."""
    fields = dict(fields or {})
    for name, column in fields.items():
        if name not in DEFAULT_ALIASES:
            known = ", ".join(DEFAULT_ALIASES)
            raise InputError(f"unknown field {name!r} in field mapping (known: {known})")
        if not column.strip():
            raise InputError(f"field mapping for {name!r} names no column")
    return fields


def lookup(record: Mapping[str, object], name: str, fields: FieldMap) -> str | None:
    """The record's value for one of our fields as a string, or None when absent or blank."""
    keys = (fields[name],) if name in fields else DEFAULT_ALIASES[name]
    by_lower: dict[str, object] = {}
    for key, value in record.items():
        by_lower.setdefault(str(key).lower(), value)
    for key in keys:
        value = by_lower.get(key.lower())
        text = as_text(value)
        if text is not None and text.strip():
            return text
    return None


# JSON may escape a lone surrogate ("\\ud800"); such a string cannot be written as UTF-8 (index,
# cache, output), so each one becomes U+FFFD, the replacement character.
_SURROGATE = re.compile("[\ud800-\udfff]")


def as_text(value: object) -> str | None:
    """Strings as they are, numbers as written, a list of strings (paragraphs) joined by blank
    lines; anything else (objects, nested lists: a YAML alias bomb among them) has no text."""
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        value = "\n\n".join(value)
    if not isinstance(value, str):
        return None
    return _SURROGATE.sub("\ufffd", value)


def clean(value: str | None) -> str | None:
    """Metadata is stripped and blank means absent (the article text itself is kept as written)."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def parse_date(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().translate(_DIGITS)
    if match := _YEAR_FIRST.match(value):
        year, month, day = match.groups()
    elif match := _DAY_FIRST.match(value):
        day, month, year = match.groups()
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def document_id(path: str, key: str) -> str:
    """Depends only on the relative path and the record's key, so moving the corpus keeps ids."""
    return "d" + hashlib.sha1(f"{path}#{key}".encode(), usedforsecurity=False).hexdigest()[:12]
