"""Candidate passages for a claim: BM25 over its key terms (predicate, entities with what contains
them, unit, content stems), the same terms the index stores per passage."""

from __future__ import annotations

from collections.abc import Sequence

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


# How far ties at the cut-off are followed (passages fetched at most): beyond it, which of the tied
# passages make the cut is left to the index.
MAX_FETCH = 50 * CANDIDATES


def hit_key(hit: Hit) -> tuple[float, str, int]:
    """Best first; equal scores by document id and passage number: a key that is unique and the
    same wherever the passage is stored (which index, which shard, which segment, which position)."""
    return (-hit.score, hit.passage.document.id, hit.passage.number)


def top_hits(searcher: Searcher, weighted_terms: Sequence[tuple[str, float]], limit: int) -> list[Hit]:
    """The `limit` best hits by hit_key. tantivy breaks equal scores by where it stores passages,
    which depends on indexing order and merges; we fetch past the cut-off until the score drops, so
    every passage tied with the last one is seen, then cut by the key. Searchers that already merge
    under this order (index/shards.py) say so with `ordered`."""
    if getattr(searcher, "ordered", False):
        return searcher.search(weighted_terms, limit)
    fetch = limit + 1
    while True:
        hits = searcher.search(weighted_terms, fetch)
        if len(hits) < fetch or hits[-1].score < hits[limit - 1].score or fetch >= MAX_FETCH:
            break
        fetch = min(fetch * 4, MAX_FETCH)
    hits.sort(key=hit_key)
    return hits[:limit]


def candidates(claim: Claim, searcher: Searcher, book: Rulebook, limit: int = CANDIDATES) -> list[Hit]:
    return top_hits(searcher, query_terms(claim, book), limit)
