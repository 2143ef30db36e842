"""Plain text and Markdown: optional YAML front matter (title, source, date, url, id), then the text."""

from __future__ import annotations

import yaml

from factcheck.corpus.readers.base import Collector, ReadResult
from factcheck.corpus.readers.fields import FieldMap

_FENCE = "---"
_CLOSING = ("---", "...")


def read_text(data: bytes, path: str, fields: FieldMap) -> ReadResult:
    collector = Collector(path, fields)
    text = collector.decode(data)
    if text is None:
        return collector.result()
    split = _split_front_matter(text)
    if split is None:
        collector.add(key="0", text=text)
        return collector.result()
    header, body, header_line = split
    try:
        # BaseLoader keeps every scalar a string: "date: 2015-07-21" must not become a date
        # object, nor "id: 0012" the octal number 10.
        meta = yaml.load(header, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = header_line + mark.line if mark is not None else header_line
        problem = getattr(exc, "problem", None) or str(exc)
        collector.problem(f"invalid front matter: {problem}", line)
        return collector.result()
    except RecursionError:  # PyYAML recurses once per nesting level
        collector.problem("invalid front matter: nested too deeply", header_line)
        return collector.result()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        collector.problem("front matter is not a mapping of field: value", header_line)
        return collector.result()
    collector.add_record(meta, 0, text=body, whole_file=True)
    return collector.result()


def _split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(header, body, 1-based line of the header's first line), or None without front matter.

    An opening fence with no closing one is a Markdown rule, not front matter: the file is all text.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != _FENCE:
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _CLOSING:
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), 2
    return None
