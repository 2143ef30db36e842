"""Normalisation for matching, built on camel_tools.utils (imported lazily: it costs ~0.5 s)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

from factcheck.text.clean import INVISIBLE

TATWEEL = "\u0640"
_DIGITS = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬",
    "01234567890123456789.,",
)
_INVISIBLE_TABLE = {ord(char): None for char in INVISIBLE} | {ord(TATWEEL): None}


@cache
def _camel() -> tuple[Callable[[str], str], ...]:
    from factcheck.text.camel_charsets import preload

    preload()
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
        normalize_unicode,
    )

    return (
        normalize_unicode,
        dediac_ar,
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
    )


def ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits (and the Arabic decimal/thousands signs) to ASCII."""
    return text.translate(_DIGITS)


def strip_invisible(text: str) -> str:
    return text.translate(_INVISIBLE_TABLE)


@lru_cache(maxsize=200_000)
def normalize(word: str) -> str:
    """Matching key of a word: Unicode NFKC (presentation forms), no diacritics or tatweel, one alef,
    ى→ي, ة→ه, ASCII digits, no invisible controls."""
    unicode_nfkc, dediac, alef, maksura, teh = _camel()
    # camel-tools' normalize_unicode spells out ﷼ and ﷽ (a per-character Python mapping, a fifth of
    # this function's time) and then applies NFKC: words without them go to NFKC directly.
    has_ligature = "\ufdfc" in word or "\ufdfd" in word
    text = strip_invisible(unicode_nfkc(word) if has_ligature else unicodedata.normalize("NFKC", word))
    return ascii_digits(teh(maksura(alef(dediac(text)))))


@lru_cache(maxsize=200_000)
def dediacritize(word: str) -> str:
    """Diacritics, tatweel and invisible controls removed, letters otherwise as written."""
    dediac = _camel()[1]
    return dediac(strip_invisible(word))


@lru_cache(maxsize=20_000)
def normalize_text(text: str) -> str:
    """Normalise running text word by word (whitespace kept as single spaces). Cached: verification
    compares the same passages and claim contexts many times."""
    return " ".join(normalize(word) for word in text.split())
