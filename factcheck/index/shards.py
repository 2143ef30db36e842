"""A sharded index: N ordinary factcheck indexes (PATH/shard-00 …), each holding the documents whose
id hashes to it, and a small top-level manifest (PATH/shards.json) that records N.

Each shard is a normal index with its own manifest, lock and cache, updated incrementally by file
like any other (a file whose documents fall in several shards is recorded in each of them, with the
documents it gave that shard). Retrieval queries every shard with the corpus's statistics and
merges (see merge_hits): the candidates of a single index of the same corpus."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.atomic import write_atomically
from factcheck.corpus.document import Document, ReadProblem
from factcheck.errors import FactcheckError
from factcheck.index.build import IndexStats, Progress, index_corpus
from factcheck.index.lock import writer_lock
from factcheck.index.manifest import MANIFEST
from factcheck.index.ranking import Query, exact_top, hit_key, statistics, total
from factcheck.index.store import Hit, Searcher, open_index
from factcheck.rulebook.compile import Rulebook

SHARDS_MANIFEST = "shards.json"
SHARDING_VERSION = 1  # bump when the hash or the shard layout changes
HASH = "blake2b-8"
MAX_SHARDS = 100  # shard-00 … shard-99


class ShardingError(FactcheckError):
    """A sharded index opened with another shard count, or a sharded/plain index mix-up."""


def shard_of(document_id: str, shards: int) -> int:
    """Stable across processes, machines and Python versions (hash() is salted per process)."""
    digest = hashlib.blake2b(document_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % shards


def shard_dir(index_dir: Path, shard: int) -> Path:
    return index_dir / f"shard-{shard:02d}"


def shard_dirs(index_dir: Path, shards: int) -> list[Path]:
    return [shard_dir(index_dir, shard) for shard in range(shards)]


def read_shard_count(index_dir: Path) -> int | None:
    """N for a sharded index, None for a plain index (or none yet)."""
    path = index_dir / SHARDS_MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["version"] != SHARDING_VERSION or data["hash"] != HASH:
            raise ShardingError(
                f"{index_dir}: sharded by another factcheck version; run: factcheck index --rebuild"
            )
        shards = int(data["shards"])
    except (ValueError, TypeError, KeyError):
        raise ShardingError(
            f"{index_dir}: {SHARDS_MANIFEST} is damaged; run: factcheck index --rebuild"
        ) from None
    if not 1 <= shards <= MAX_SHARDS:
        raise ShardingError(f"{index_dir}: {SHARDS_MANIFEST} is damaged; run: factcheck index --rebuild")
    return shards


def _save_shard_count(index_dir: Path, shards: int) -> None:
    """A crash never leaves half a shards.json (see factcheck.atomic)."""
    data = {"version": SHARDING_VERSION, "hash": HASH, "shards": shards}
    write_atomically(index_dir / SHARDS_MANIFEST, json.dumps(data, sort_keys=True))


def resolve_shard_count(index_dir: Path, requested: int | None, rebuild: bool = False) -> int | None:
    """The shard count to use: the recorded one when none is requested; a different request is an
    error unless rebuilding (which re-partitions). None: a plain, unsharded index."""
    if requested is not None and not 1 <= requested <= MAX_SHARDS:
        raise ShardingError(f"--shards expects 1 to {MAX_SHARDS}, got {requested}")
    recorded = read_shard_count(index_dir)
    if requested is None:
        return recorded
    if recorded is None and (index_dir / MANIFEST).exists() and not rebuild:
        raise ShardingError(
            f"{index_dir}: a plain (unsharded) index is here; use another --index or add --rebuild "
            f"to re-index it in {requested} shards"
        )
    if recorded is not None and recorded != requested and not rebuild:
        raise ShardingError(
            f"{index_dir}: this index has {recorded} shards, not {requested}; use --shards {recorded} "
            f"or add --rebuild to re-partition it"
        )
    return requested


@dataclass
class ShardedStats:
    shards: list[IndexStats]
    problems: list[ReadProblem] = field(default_factory=list)

    @property
    def files_seen(self) -> int:
        return max((s.files_seen for s in self.shards), default=0)

    @property
    def files_indexed(self) -> int:
        return max((s.files_indexed for s in self.shards), default=0)

    @property
    def files_removed(self) -> int:
        return max((s.files_removed for s in self.shards), default=0)

    @property
    def documents(self) -> int:
        return sum(s.documents for s in self.shards)

    @property
    def passages(self) -> int:
        return sum(s.passages for s in self.shards)

    @property
    def rebuilt(self) -> bool:
        return any(s.rebuilt for s in self.shards)

    @property
    def rebuild_reason(self) -> str | None:
        return next((s.rebuild_reason for s in self.shards if s.rebuild_reason), None)


def index_sharded(
    root: Path,
    index_dir: Path,
    book: Rulebook,
    shards: int | None,
    fields: dict[str, str] | None = None,
    rebuild: bool = False,
    workers: int = 2,
    progress: Progress | None = None,
) -> ShardedStats:
    """Build or update every shard (incrementally, each by its own manifest). `shards` None keeps the
    recorded count. Holds the top-level lock so that two runs never re-partition at once."""
    count = resolve_shard_count(index_dir, shards, rebuild)
    if count is None:
        raise ShardingError(f"{index_dir}: not a sharded index (index it with --shards N)")
    with writer_lock(index_dir):
        recorded = read_shard_count(index_dir)
        if recorded != count:
            _clear(index_dir)  # re-partitioning (or a plain index being replaced): start clean
        _save_shard_count(index_dir, count)  # before the shards: a half-built one is still sharded
        stats = ShardedStats([])
        seen: set[str] = set()
        for shard, directory in enumerate(shard_dirs(index_dir, count)):
            shard_stats = index_corpus(
                root,
                directory,
                book,
                fields=fields,
                rebuild=rebuild,
                workers=workers,
                progress=progress,
                select=_selector(shard, count),
            )
            stats.shards.append(shard_stats)
            for problem in shard_stats.problems:  # every shard reads every changed file: report once
                if str(problem) not in seen:
                    seen.add(str(problem))
                    stats.problems.append(problem)
    return stats


def _selector(shard: int, shards: int):  # type: ignore[no-untyped-def]
    def select(document: Document) -> bool:
        return shard_of(document.id, shards) == shard

    return select


def _clear(index_dir: Path) -> None:
    """What a plain or differently sharded index left here (never anything else of the user's)."""
    for child in index_dir.iterdir():
        if child.is_dir() and (child.name.startswith("shard-") or child.name in ("tantivy", "cache")):
            shutil.rmtree(child)
        elif child.name in (MANIFEST, SHARDS_MANIFEST):
            child.unlink()


def merge_hits(per_shard: Sequence[Sequence[Hit]], limit: int) -> list[Hit]:
    """The best `limit` hits over all shards in the order of ranking.hit_key (canonical score, then
    document id and passage number: unique, and the same wherever the passage is stored).

    Why the verifier sees the single index's set: every shard scores with the corpus's statistics
    (ranking.Corpus: passages, their mean length, df) and returns its exact top `limit` in that
    order (ranking.exact_top), so the merge is the exact top `limit` of the union, which is the
    exact top `limit` of one index of the corpus. Only a shard cut by ranking.MAX_FETCH before its
    top was proved (`exact` False) can make them differ."""
    merged = [hit for hits in per_shard for hit in hits]
    merged.sort(key=hit_key)
    return merged[:limit]


def search_shards(searchers: Sequence[Searcher], query: Query, limit: int) -> tuple[list[list[Hit]], bool]:
    """Each shard's exact top `limit` under the corpus's statistics, and whether all were proved."""
    shards = [statistics(searcher, [term for term, _ in query]) for searcher in searchers]
    corpus = total(shard.corpus for shard in shards)
    found = [
        exact_top(searcher, query, shard, corpus, limit)
        for searcher, shard in zip(searchers, shards, strict=True)
    ]
    return [hits for hits, _ in found], all(exact for _, exact in found)


class ShardedSearcher:
    """Searches every shard (with the corpus's term statistics) and merges: the Searcher interface
    the verifier uses, already in ranking.hit_key order (`ordered`)."""

    ordered = True

    def __init__(self, searchers: Sequence[Searcher]) -> None:
        self._searchers = list(searchers)
        self.truncated = 0  # queries some shard cut at MAX_FETCH before proving its top (see merge_hits)

    @property
    def passages(self) -> int:
        return sum(searcher.passages for searcher in self._searchers)

    @property
    def shards(self) -> list[Searcher]:
        return list(self._searchers)

    def frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """Live passages holding each term, over all shards (retrieve.passage_frequencies)."""
        return dict(total(statistics(searcher, terms).corpus for searcher in self._searchers).frequencies)

    def search(self, weighted_terms: Query, limit: int) -> list[Hit]:
        per_shard, exact = search_shards(self._searchers, weighted_terms, limit)
        if not exact:
            self.truncated += 1
        return merge_hits(per_shard, limit)


def open_searcher(index_dir: Path) -> Searcher | ShardedSearcher:
    """A plain index's Searcher, or one over every shard of a sharded index."""
    count = read_shard_count(index_dir)
    if count is None:
        return Searcher(open_index(index_dir), index_dir)
    return ShardedSearcher(
        [Searcher(open_index(directory), directory) for directory in shard_dirs(index_dir, count)]
    )


def index_any(
    root: Path,
    index_dir: Path,
    book: Rulebook,
    shards: int | None = None,
    fields: dict[str, str] | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IndexStats | ShardedStats:
    """`factcheck index [--shards N]`: a plain index, or a sharded one (also when N is not given
    but PATH is sharded: its recorded N is used)."""
    if resolve_shard_count(index_dir, shards, rebuild) is None:
        return index_corpus(root, index_dir, book, fields=fields, rebuild=rebuild, progress=progress)
    return index_sharded(root, index_dir, book, shards, fields=fields, rebuild=rebuild, progress=progress)
