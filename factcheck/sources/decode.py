"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1256; never mojibake.

A file that is mostly valid UTF-8 is UTF-8: its few bad bytes are replaced (U+FFFD) and a note says
where, since reading the whole file as another encoding would turn every Arabic letter to gibberish.
Windows-1256 is tried only when the bytes are not mostly UTF-8."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from factcheck.errors import InputError

_ARABIC_BLOCK = range(0x0600, 0x0700)
# surrogateescape turns each byte that is not UTF-8 into one of these, one per byte.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    notes: tuple[str, ...] = ()  # one-line remarks for the user (bytes replaced), without the origin


def decode(data: bytes, origin: str) -> Decoded:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise InputError(f"{origin}: invalid UTF-16 at byte {exc.start}") from None
    if b"\x00" in data:
        raise InputError(f"{origin}: binary file (NUL bytes), not an article")
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        first_bad = exc.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
    repaired = _mostly_utf8(data)
    if repaired is not None:
        text, replaced = repaired
        return Decoded(text, (f"byte {first_bad}: not valid UTF-8 ({replaced} bytes replaced by U+FFFD)",))
    # Older Arabic newsroom systems still export Windows-1256; accept it only when the result is
    # mostly Arabic letters, otherwise report where UTF-8 broke instead of guessing.
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    letters = [char for char in text if char.isalpha()]
    if letters and sum(ord(char) in _ARABIC_BLOCK for char in letters) / len(letters) > 0.5:
        return Decoded(text)
    raise InputError(f"{origin}: not valid UTF-8 (byte {first_bad}) nor Windows-1256 Arabic") from None


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """(text with bad bytes replaced, how many) when valid multi-byte UTF-8 characters outnumber the
    bad bytes; None otherwise. Windows-1256 Arabic almost never forms a valid UTF-8 sequence."""
    escaped = data.decode("utf-8-sig", errors="surrogateescape")
    repaired, bad = _ESCAPED_BYTE.subn("\ufffd", escaped)
    valid = len(escaped) - len(escaped.encode("ascii", errors="ignore")) - bad
    if valid <= bad:
        return None
    return repaired, bad
