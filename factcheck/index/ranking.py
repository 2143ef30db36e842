"""The canonical BM25 score and the exact top passages of one index or shard under it.

Why not tantivy's own score: it normalises passage length by the average of the index it runs in
(a shard's, not the corpus's), quantises lengths and adds in float32, so the same passage scores
differently in a single index and in a shard, and the candidates near the cut-off differ. We score
every passage ourselves, from its stored terms and corpus-wide statistics, in float64 with an exactly
rounded sum: equal passages get bit-identical scores wherever they are stored. tantivy only orders
the fetching, and a bound (score_ratio) says when nothing left unfetched can still make the cut.

Every term of a passage appears once in its terms (index/passages.py de-duplicates them), so the
term frequency is 1 and a passage's score is
    Σ over matched query terms t of  w_t · idf_t · (k1 + 1) / (1 + k1 · (1 − b + b · dl / avgdl))
with dl its number of terms, idf_t = ln(1 + (N − df_t + 0.5) / (df_t + 0.5)), N the live passages,
df_t the live passages holding t and avgdl the mean number of terms per live passage (the terms
counted by the manifests, index/build.py; terms never hold whitespace, so tantivy counts the same).

Deleted passages: tantivy keeps them in its statistics (N, doc_freq, average length) until a merge
drops them. The canonical score uses live counts only: doc_freq when the index holds no deleted
passage, else a count over the term's postings (dearer, cached per searcher). So an index updated in
place ranks like one built from scratch, and shards like a single index, whatever was merged.

What is not exact:
- a shard (or index) that fetched MAX_FETCH passages without proving its top: its candidates are
  the best of those fetched (ShardedSearcher and RemoteSearcher count such queries in `truncated`);
- a searcher opened between an update's tantivy commit and its manifest write (index/build.py)
  takes the old manifest's term count, for as long as it stays open;
- score_ratio's float32 allowance assumes queries of at most a few hundred terms (ours: dozens)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from factcheck.index.store import Hit, Searcher

K1 = 1.2  # tantivy's BM25 parameters: the canonical score keeps them, so its order stays close
B = 0.75
Query = Sequence[tuple[str, float]]

# How many passages one index or shard fetches at most for a query. Beyond it, when the bound has
# not yet proved that nothing unfetched can make the cut (thousands of passages tied with the last
# candidate), the candidates are the best of those fetched and may differ from another layout's.
MAX_FETCH = 3000


@dataclass(frozen=True, slots=True)
class Corpus:
    """What the canonical score needs of the whole corpus (the sum of its shards')."""

    passages: int  # live passages: N
    terms: int  # their terms, all together (from the manifests): avgdl = terms / passages
    frequencies: dict[str, int]  # live passages holding each query term: df

    @property
    def avgdl(self) -> float:
        return self.terms / self.passages if self.terms > 0 and self.passages else 1.0


@dataclass(frozen=True, slots=True)
class Shard:
    """One index or shard: its part of the corpus, and the statistics tantivy scores it with, which
    count deleted passages that no merge has dropped yet."""

    corpus: Corpus
    tantivy_passages: int
    tantivy_frequencies: dict[str, int]
    tantivy_avgdl: float


def statistics(searcher: Searcher, terms: Iterable[str]) -> Shard:
    terms = sorted(set(terms))
    raw = {term: searcher.doc_freq(term) for term in terms}
    bm25 = searcher.bm25_statistics([term for term in terms if raw[term]])
    if bm25 is None:  # no live passage holds any of the terms: nothing here to score
        return Shard(Corpus(searcher.passages, searcher.terms(), dict.fromkeys(terms, 0)), 0, raw, 1.0)
    tantivy_passages, tantivy_avgdl = bm25
    if tantivy_passages == searcher.passages:
        live = raw  # no deleted passage is left in the index: tantivy's counts are the live ones
    else:  # deleted passages are still counted by doc_freq: count the live ones
        live = {term: searcher.live_doc_freq(term) if raw[term] else 0 for term in terms}
    return Shard(Corpus(searcher.passages, searcher.terms(), live), tantivy_passages, raw, tantivy_avgdl)


def total(corpora: Iterable[Corpus]) -> Corpus:
    passages = terms = 0
    frequencies: dict[str, int] = {}
    for corpus in corpora:
        passages += corpus.passages
        terms += corpus.terms
        for term, count in corpus.frequencies.items():
            frequencies[term] = frequencies.get(term, 0) + count
    return Corpus(passages, terms, frequencies)


def idf(passages: int, frequency: int) -> float:
    """BM25's idf, as tantivy computes it (in float64 here)."""
    return math.log(1 + (passages - frequency + 0.5) / (frequency + 0.5))


def canonical_weights(query: Query, corpus: Corpus) -> dict[str, float]:
    """Each query term's w_t · idf_t · (k1 + 1): the same floats wherever they are computed."""
    return {
        term: weight * idf(corpus.passages, corpus.frequencies.get(term, 0)) * (K1 + 1)
        for term, weight in query
    }


def canonical_score(terms: Sequence[str], weights: dict[str, float], avgdl: float) -> float:
    """A passage's canonical score: fsum is exactly rounded, so the order of the terms (the order of
    the passage's or the query's) cannot change a bit of it."""
    norm = 1 + K1 * (1 - B + B * len(terms) / avgdl)
    return math.fsum(weights[term] / norm for term in terms if term in weights)


def tantivy_weights(query: Query, shard: Shard, corpus: Corpus) -> list[tuple[str, float]]:
    """The query sent to tantivy for this shard: each weight scaled by idf(corpus) / idf(shard as
    tantivy computes it), so its per-term factors are the canonical ones and its order is close to
    the canonical order (fewer passages to fetch)."""
    weighted = []
    for term, weight in query:
        frequency = shard.tantivy_frequencies.get(term, 0)
        if frequency:
            weight *= idf(corpus.passages, corpus.frequencies.get(term, 0)) / idf(
                shard.tantivy_passages, frequency
            )
        weighted.append((term, weight))
    return weighted


def score_ratio(query: Query, shard: Shard, corpus: Corpus) -> float:
    """R ≥ canonical / tantivy score, for every passage of this shard and this query.

    Derivation. With the weights of tantivy_weights, a matched term t contributes
        canonical: a_t / (1 + k1 (1 − b + b dl / A))      A = the corpus's avgdl
        tantivy:   a_t / (1 + k1 (1 − b + b q / A_s))    A_s = tantivy's avgdl of this shard
    where a_t = w_t · idf_t · (k1 + 1) is the same in both, and q ≤ dl is tantivy's quantised
    length (it keeps a bucket lower than or equal to dl). So their ratio is at most
        (c + k1 b dl / A_s) / (c + k1 b dl / A)          c = 1 + k1 (1 − b) > 0
    which is ≤ 1 when A ≤ A_s, and ≤ A / A_s otherwise ((c + x r) / (c + x) ≤ r for r ≥ 1).
    Both scores are sums of positive contributions, so the bound of each term bounds the sum:
        canonical ≤ max(1, A / A_s) · tantivy (exact arithmetic).
    tantivy computes in float32: boosts, idf, the length factor and the sum each round by a few
    units of 2^-24 relative, covered by 1e-4 for queries of a few dozen terms; its idf also rounds
    1 + x before the log, an absolute error of about 2^-23 that is large relative to an idf near
    0 (a term in nearly every passage): 1e-6 / idf covers it."""
    present = [
        idf(shard.tantivy_passages, shard.tantivy_frequencies[term])
        for term, _ in query
        if shard.tantivy_frequencies.get(term)
    ]
    if not present:
        return 1.0
    precision = 1 + 1e-4 + 1e-6 / min(present)
    return precision * max(1.0, corpus.avgdl / shard.tantivy_avgdl)


def exact_top(
    searcher: Searcher, query: Query, shard: Shard, corpus: Corpus, limit: int
) -> tuple[list[Hit], bool]:
    """This shard's best `limit` passages by (canonical score desc, document id, passage number),
    with canonical scores, and whether they are proved exact (False: cut by MAX_FETCH).

    Fetched in tantivy's order, in growing batches; every passage not fetched yet scores at most
    the last fetched one's tantivy score s in tantivy, so at most R · s canonically (score_ratio).
    Once that is strictly below the limit-th best canonical score fetched, none of them can make
    the cut (nor tie with it). Merging shards' exact tops and cutting at `limit` is then the exact
    top of the corpus: the same candidates as one index of it."""
    if limit <= 0 or not any(shard.corpus.frequencies.values()):
        return [], True  # no live passage here holds any of the query's terms
    weights = canonical_weights(query, corpus)
    avgdl = corpus.avgdl
    ratio = score_ratio(query, shard, corpus)
    sent = tantivy_weights(query, shard, corpus)
    # Loading stored passages is the cost. tantivy's order is close to the canonical one (same
    # per-term factors; only the average length differs), so a quarter more than `limit` usually
    # proves the top (measured on the generated corpus); then the count doubles. Each round asks
    # for the top `wanted` from the start: paging with an offset is not stable where tantivy's
    # scores tie (a 1M-passage index returned one passage on two pages and skipped another), and
    # the bound below holds only for a true top `wanted`.
    wanted = limit + limit // 4
    while True:
        fetched = searcher.search(sent, wanted)
        scored = [Hit(canonical_score(hit.passage.terms, weights, avgdl), hit.passage) for hit in fetched]
        if len(fetched) < wanted:
            exact = True  # every matching passage is here
            break
        if len(scored) >= limit:
            cut = sorted((hit.score for hit in scored), reverse=True)[limit - 1]
            if fetched[-1].score * ratio < cut:
                exact = True
                break
        if wanted >= MAX_FETCH:
            exact = False
            break
        wanted = min(2 * wanted, MAX_FETCH)
    scored.sort(key=hit_key)
    return scored[:limit], exact


def hit_key(hit: Hit) -> tuple[float, str, int]:
    """Best first; equal scores by document id and passage number: a key that is unique and the
    same wherever the passage is stored (which index, which shard, which segment, which position)."""
    return (-hit.score, hit.passage.document.id, hit.passage.number)
