"""Which words can take part in starting a claim, so the index can skip sentences without one.

`extract_sentence` returns nothing unless some token starts a quantity (a digit or a quantity
starter among its keys) or a predicate (a trigger stem, or a trigger form among its keys): a
sentence whose tokens do neither yields no claim, and its analysis can be skipped. The test uses
exactly the sets those searches start from, so skipping changes no result."""

from __future__ import annotations

import re

from factcheck.rulebook.compile import Rulebook
from factcheck.text.clitics import word_keys
from factcheck.text.segment import word_tokens
from factcheck.text.stems import stem_keys

_HAS_DIGIT = re.compile(r"\d")  # as find_quantities tests a token's norm
_CACHE_LIMIT = 200_000


class ClaimWords:
    """Tells whether a whitespace-separated word holds a token that may start a claim (cached)."""

    def __init__(self, book: Rulebook) -> None:
        self._keys = book.quantity_starters | book.predicate_forms.first_words()
        self._stems = book.predicates.first_stems()
        self._known: dict[str, bool] = {}

    def may_start(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            if len(self._known) >= _CACHE_LIMIT:  # bounded like the text layer's lru caches
                self._known.clear()
            known = self._known[word] = any(
                self._token(surface, norm) for _, _, surface, norm in word_tokens(word)
            )
        return known

    def _token(self, surface: str, norm: str) -> bool:
        return (
            _HAS_DIGIT.search(norm) is not None
            or not self._keys.isdisjoint(word_keys(norm))
            or not self._stems.isdisjoint(stem_keys(surface))
        )


def claim_words(book: Rulebook) -> ClaimWords:
    """One per rulebook, kept on it (compiled rulebooks are not changed after compilation)."""
    cached = book.__dict__.get("_claim_words")
    if cached is None:
        cached = book.__dict__["_claim_words"] = ClaimWords(book)
    return cached
