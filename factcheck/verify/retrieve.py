"""Candidate passages for a claim: BM25 over its key terms (predicate, entities with what contains
them, unit, content stems), the same terms the index stores per passage, ranked by the canonical
score of index/ranking.py."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.index.passages import entity_terms, word_terms
from factcheck.index.ranking import exact_top, statistics
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


def top_hits(searcher: Searcher, weighted_terms: Sequence[tuple[str, float]], limit: int) -> list[Hit]:
    """The `limit` best hits by ranking.hit_key under the canonical score (index/ranking.py): the same set
    for one index and for any sharding of the same corpus. Searchers that merge shards already
    (index/shards.py, cluster/client.py) say so with `ordered` and rank the same way."""
    if getattr(searcher, "ordered", False):
        return searcher.search(weighted_terms, limit)
    shard = statistics(searcher, [term for term, _ in weighted_terms])
    return exact_top(searcher, weighted_terms, shard, shard.corpus, limit)[0]


def passage_frequencies(searcher: Searcher, terms: Sequence[str]) -> dict[str, int]:
    """Live passages of the whole corpus holding each term: the same counts for one index and for
    any sharding of it (sharded and remote searchers add up their shards')."""
    if hasattr(searcher, "frequencies"):
        return searcher.frequencies(terms)  # type: ignore[no-any-return]
    return dict(statistics(searcher, terms).corpus.frequencies)


def candidates(claim: Claim, searcher: Searcher, book: Rulebook, limit: int = CANDIDATES) -> list[Hit]:
    return top_hits(searcher, query_terms(claim, book), limit)
