"""Snowball Arabic stems (PyStemmer) as matching keys for predicate triggers."""

from __future__ import annotations

from functools import cache, lru_cache

from factcheck.text.clitics import word_keys
from factcheck.text.normalize import dediacritize


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("arabic")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem of one word as written (the stemmer folds hamza forms and teh marbuta itself)."""
    return _stemmer().stemWord(dediacritize(word))


@lru_cache(maxsize=200_000)
def stem_keys(word: str) -> tuple[str, ...]:
    """Stems of a token and of its proclitic-stripped forms: Snowball leaves some proclitics
    (لمقتل, والقتلى) in place, so we strip them first and stem each candidate."""
    # One stemWords call for all candidates: a C loop instead of one Python call per key.
    return tuple(dict.fromkeys(_stemmer().stemWords(word_keys(dediacritize(word)))))
