"""Terminal control characters: removed from text before analysis, escaped in names shown as given.

An article or corpus record holding `\\x1b[2J` (clear screen), `\\x1b]0;title\\x07` (set the window
title) or `\\x1b[8m` (hide what follows) would act on the terminal of whoever reads the report, and
the digits inside a sequence would be read as figures. Whole escape sequences go, not only the ESC,
so none of their parameters is left behind as text. Tab, line feed and carriage return are text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# ESC sequences (ECMA-48): CSI `ESC [ params intermediates final`; OSC, DCS, SOS, PM and APC strings
# up to BEL or ST (`ESC \\`), or to the end of the line when unterminated; any other `ESC final`.
# Then the 8-bit forms of CSI and OSC, and every other C0 (but tab, LF, CR), DEL and C1 character.
_CONTROLS = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c\n]*[\x07\x9c]?"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)


@dataclass(frozen=True, slots=True)
class Removal:
    """`text` without control characters; `removed` counts the characters taken out. Kept runs:
    text[text_starts[i]:…] is original[original_starts[i]:…] (one run when nothing was removed)."""

    text: str
    removed: int
    text_starts: tuple[int, ...]
    original_starts: tuple[int, ...]


def remove_controls(original: str) -> Removal:
    """Linear: one regex scan, and the kept text joined once."""
    if _CONTROLS.search(original) is None:  # nearly every text: no copy, no map
        return Removal(original, 0, (0,), (0,))
    parts: list[str] = []
    text_starts: list[int] = []
    original_starts: list[int] = []
    length = cursor = removed = 0
    for match in _CONTROLS.finditer(original):
        if match.start() > cursor:
            text_starts.append(length)
            original_starts.append(cursor)
            parts.append(original[cursor : match.start()])
            length += match.start() - cursor
        removed += match.end() - match.start()
        cursor = match.end()
    text_starts.append(length)  # the rest (perhaps empty): every offset of the text has a run
    original_starts.append(cursor)
    parts.append(original[cursor:])
    return Removal("".join(parts), removed, tuple(text_starts), tuple(original_starts))


def without_controls(text: str) -> str:
    return remove_controls(text).text


def removed_note(removed: int) -> str:
    """The one wording of the note, for articles and corpus records alike."""
    return f"{removed} terminal control character(s) removed (escape sequences, C0/C1 controls)"


def escape_controls(text: str) -> str:
    """Control characters shown as `\\xNN` escapes: for what must be shown as the user gave it (a
    file name, a URL) but never reach a terminal raw."""
    if _CONTROLS.search(text) is None:
        return text
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", text)
