"""Right-to-left text for terminals that do not run the Unicode bidi algorithm themselves.

Most terminal emulators print characters in memory order, so Arabic comes out reversed and
unjoined. In `visual` mode we shape letters (arabic-reshaper) and reorder each line (python-bidi)
before printing. Terminals that already do bidi (mlterm, Konsole, VTE ≥ 0.58) must get logical
order, or the text is reversed twice. Files and pipes always get logical order."""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import StrEnum
from functools import cache

_VTE_WITH_BIDI = 5800  # VTE_VERSION of GNOME Terminal & co. when they gained bidi support


class BidiMode(StrEnum):
    auto = "auto"
    visual = "visual"
    logical = "logical"


def terminal_does_bidi(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    if "KONSOLE_VERSION" in environ or environ.get("TERM", "").startswith("mlterm"):
        return True
    vte = environ.get("VTE_VERSION", "")
    return vte.isdigit() and int(vte) >= _VTE_WITH_BIDI


def resolve(
    mode: BidiMode, is_terminal: bool, environ: dict[str, str] | os._Environ[str] = os.environ
) -> BidiMode:
    """`auto`: FACTCHECK_BIDI if set; else visual on a terminal that does not do bidi itself."""
    if mode is not BidiMode.auto:
        return mode
    configured = environ.get("FACTCHECK_BIDI", "")
    if configured in (BidiMode.visual.value, BidiMode.logical.value):
        return BidiMode(configured)
    return BidiMode.visual if is_terminal and not terminal_does_bidi(environ) else BidiMode.logical


@cache
def _visual() -> Callable[[str], str]:
    import arabic_reshaper
    from bidi import get_display

    return lambda text: get_display(arabic_reshaper.reshape(text), base_dir="R")


def for_display(text: str, mode: BidiMode) -> str:
    """Text as it should be written to the terminal in `mode` (logical text is left untouched)."""
    if mode is not BidiMode.visual or not text:
        return text
    return "\n".join(_visual()(line) for line in text.split("\n"))
