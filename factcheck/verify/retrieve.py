"""Candidate passages for a claim: BM25 over its key terms (predicate, entities with what contains
them, unit, content stems), the same terms the index stores per passage."""

from __future__ import annotations

from factcheck.index.passages import entity_terms, word_terms
from factcheck.index.store import Hit, Searcher
from factcheck.model import Claim
from factcheck.rulebook.compile import Rulebook

CANDIDATES = 60
_PREDICATE_WEIGHT = 3.0
_ENTITY_WEIGHT = 2.0
_WORD_WEIGHT = 0.5


def query_terms(claim: Claim, book: Rulebook) -> list[tuple[str, float]]:
    weighted: dict[str, float] = {f"p:{claim.predicate}": _PREDICATE_WEIGHT}
    entities = [actor.id for actor in claim.actors] + ([claim.location.id] if claim.location else [])
    for entity in entities:
        for term in entity_terms(entity, book):
            weighted.setdefault(term, _ENTITY_WEIGHT)
    if claim.quantity and claim.quantity.unit:
        weighted.setdefault(f"u:{claim.quantity.unit}", 1.0)
    for term in word_terms(claim.context):
        weighted.setdefault(term, _WORD_WEIGHT)
    return sorted(weighted.items())  # sorted: the same claim always sends the same query


def candidates(claim: Claim, searcher: Searcher, book: Rulebook, limit: int = CANDIDATES) -> list[Hit]:
    return searcher.search(query_terms(claim, book), limit)
