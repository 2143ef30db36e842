"""Extract every claim of a text."""

from __future__ import annotations

from dataclasses import replace

from factcheck.extract.analysis import analyse
from factcheck.extract.assemble import extract_sentence
from factcheck.extract.identity import claim_id
from factcheck.model import Claim
from factcheck.rulebook.compile import Rulebook
from factcheck.text.segment import sentences_of


def extract_claims(text: str, book: Rulebook, include_uncheckable: bool = False) -> list[Claim]:
    """Claims in reading order, each with its id. Speculative ones are dropped unless
    `include_uncheckable`."""
    claims: list[Claim] = []
    seen: dict[str, int] = {}
    for sentence in sentences_of(text):
        for claim in extract_sentence(analyse(sentence, book), book, text, open_vocabulary=True):
            if not claim.checkable and not include_uncheckable:
                continue
            # The same sentence twice in one article gives the same id; number the repeats.
            identity = claim_id(claim)
            seen[identity] = seen.get(identity, 0) + 1
            claims.append(
                replace(claim, id=identity if seen[identity] == 1 else f"{identity}-{seen[identity]}")
            )
    claims.sort(key=lambda claim: (claim.span.start, claim.span.end, claim.rule))
    return claims
