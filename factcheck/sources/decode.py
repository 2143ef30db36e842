"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1256; never mojibake."""

from __future__ import annotations

import codecs

from factcheck.errors import InputError

_ARABIC_BLOCK = range(0x0600, 0x0700)


def decode(data: bytes, origin: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{origin}: invalid UTF-16 at byte {exc.start}") from None
    if b"\x00" in data:
        raise InputError(f"{origin}: binary file (NUL bytes), not an article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Older Arabic newsroom systems still export Windows-1256; accept it only when the result is
    # mostly Arabic letters, otherwise report where UTF-8 broke instead of guessing.
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    letters = [char for char in text if char.isalpha()]
    if letters and sum(ord(char) in _ARABIC_BLOCK for char in letters) / len(letters) > 0.5:
        return text
    raise InputError(f"{origin}: not valid UTF-8 (byte {utf8_error.start}) nor Windows-1256 Arabic") from None
