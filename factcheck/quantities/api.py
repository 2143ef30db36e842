"""Convenience entry point: all quantities of a text."""

from __future__ import annotations

from factcheck.model import Quantity
from factcheck.quantities.find import find_quantities
from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.lexicon import token_keys
from factcheck.text.segment import segment


def parse_quantities(text: str, book: Rulebook) -> list[Quantity]:
    result: list[Quantity] = []
    for sentence in segment(text):
        keys = token_keys([token.norm for token in sentence.tokens])
        result.extend(found.quantity for found in find_quantities(text, sentence.tokens, keys, book))
    return result
