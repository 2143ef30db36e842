"""Extract every claim of a text."""

from __future__ import annotations

from dataclasses import replace

from factcheck.extract.analysis import analyse
from factcheck.extract.assemble import extract_sentence
from factcheck.model import Claim
from factcheck.rulebook.compile import Rulebook
from factcheck.text.segment import segment


def extract_claims(text: str, book: Rulebook, include_uncheckable: bool = False) -> list[Claim]:
    """Claims in reading order. Speculative ones are dropped unless `include_uncheckable`."""
    claims: list[Claim] = []
    seen: dict[str, int] = {}
    for sentence in segment(text):
        for claim in extract_sentence(analyse(sentence, book), book, text):
            if not claim.checkable and not include_uncheckable:
                continue
            # The same sentence twice in one article gives the same id; number the repeats.
            seen[claim.id] = seen.get(claim.id, 0) + 1
            if seen[claim.id] > 1:
                claim = replace(claim, id=f"{claim.id}-{seen[claim.id]}")
            claims.append(claim)
    claims.sort(key=lambda claim: (claim.span.start, claim.span.end, claim.rule))
    return claims
