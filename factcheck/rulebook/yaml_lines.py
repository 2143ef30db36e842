"""Load YAML while remembering the line of every value, so validation errors can say file:line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from factcheck.errors import RuleFileError

Location = tuple[str | int, ...]
# libyaml's C parser is ~10x faster and keeps the marks we need for file:line.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Location, int] = {}
        # A loader over an empty stream is only used to turn scalar nodes into Python values
        # with YAML's own type resolution (ints, floats, booleans, null).
        self._scalars = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Location) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = key_node.value
                if key in result:
                    raise RuleFileError(self.file, key_node.start_mark.line + 1, f"duplicate key {key!r}")
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalars.construct_object(node, deep=True)


def load_with_lines(path: Path, trusted: bool = False) -> tuple[Any, dict[Location, int]]:
    """Parse one YAML file; return the data and a map from each value's path to its 1-based line.
    `trusted` files (the shipped rules) skip the structure check, which costs a second parse."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(str(path), 0, f"cannot read: {exc}") from None
    try:
        if not trusted:
            _check_structure(text, str(path))
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise RuleFileError(str(path), _fault_line(exc), f"invalid YAML: {exc.problem}") from None
    builder = _Builder(str(path))
    if root is None:
        return None, builder.lines
    return builder.build(root, ()), builder.lines


# Rule files nest a few levels; libyaml's composer recurses in C once per level, so thousands of
# nested brackets crash the interpreter (a segmentation fault), and the builder below recurses too.
MAX_DEPTH = 64


def _check_structure(text: str, file: str) -> None:
    """Refuse deep nesting and aliases from the event stream, which libyaml produces without
    recursing or expanding anything. The builder copies an aliased node at every use, so a few
    lines of aliases to aliases ("billion laughs") would expand to gigabytes; rule files never
    need them."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else 0
                raise RuleFileError(file, line, "YAML aliases are not allowed in rule files")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else 0
                    raise RuleFileError(file, line, f"nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml 0.2.6 (PyYAML 6.0.4) refuses more than 1,000 levels itself, in its scanner, which
        # reads a line of brackets ahead of the events: the same fault, said the same way.
        if "nesting depth" not in (exc.problem or ""):
            raise
        raise RuleFileError(file, _fault_line(exc), f"nested more than {MAX_DEPTH} levels deep") from None


def _fault_line(exc: yaml.MarkedYAMLError) -> int:
    """An unclosed bracket is only noticed where the stream (or the next structure) starts; the
    line that needs fixing is where the bracket opened, which PyYAML keeps as the context mark."""
    mark = exc.problem_mark
    if exc.context_mark is not None and (exc.context or "").startswith("while parsing a flow"):
        mark = exc.context_mark
    return mark.line + 1 if mark else 0


def line_of(lines: dict[Location, int], location: Location) -> int:
    """The line of the deepest known prefix of `location` (pydantic may point inside a missing key)."""
    for cut in range(len(location), -1, -1):
        if location[:cut] in lines:
            return lines[location[:cut]]
    return 0
