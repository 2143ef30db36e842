"""JSON (one object, or an array of objects) and JSON Lines (one object per line)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from factcheck.corpus.readers.base import Collector, ReadResult
from factcheck.corpus.readers.fields import FieldMap

# Python's JSON parser recurses once per level; about a thousand nested arrays exhaust the stack.
TOO_DEEP = "invalid JSON: nested too deeply"


def read_json(data: bytes, path: str, fields: FieldMap) -> ReadResult:
    collector = Collector(path, fields)
    text = collector.decode(data)
    if text is None:
        return collector.result()
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        collector.problem(f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        return collector.result()
    except RecursionError:
        collector.problem(TOO_DEEP)
        return collector.result()
    if isinstance(value, dict):
        collector.add_record(value, 0, whole_file=True)
    elif isinstance(value, list):
        for position, record in enumerate(value):
            if isinstance(record, dict):
                collector.add_record(record, position)
            else:
                collector.problem(f"record {position}: not an object but {_kind(record)}")
    else:
        collector.problem(f"expected an object or an array of objects, found {_kind(value)}")
    return collector.result()


def read_jsonl(data: bytes, path: str, fields: FieldMap) -> ReadResult:
    collector = Collector(path, fields)
    text = collector.decode(data)
    if text is None:
        return collector.result()
    # Split on "\n" only: str.splitlines() would also break at U+2028 and friends, which JSON
    # allows unescaped inside strings. A record's key is its 0-based line index (blank and bad
    # lines count), so fixing a malformed line leaves the other records' ids unchanged.
    for index, raw in enumerate(_split_on_newlines(text)):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            collector.problem(f"invalid JSON: {exc.msg} (column {exc.colno})", index + 1)
            continue
        except RecursionError:
            collector.problem(TOO_DEEP, index + 1)
            continue
        if isinstance(record, dict):
            collector.add_record(record, index, line=index + 1)
        else:
            collector.problem(f"not an object but {_kind(record)}", index + 1)
    return collector.result()


def _kind(value: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else "null"
    )


def _split_on_newlines(text: str) -> Iterator[str]:
    """text.split("\\n"), one line at a time: a million-line file is not held twice."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]
