"""The client side: connect to a scheduler, fan retrieval out over the shards, stream batches."""

from __future__ import annotations

import json
import sys
import uuid
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from factcheck.cluster import worker
from factcheck.errors import FactcheckError
from factcheck.index.ranking import Shard, total
from factcheck.index.shards import merge_hits, read_shard_count, shard_dirs

if TYPE_CHECKING:
    from distributed import Client

    from factcheck.app import Options
    from factcheck.index.store import Hit
    from factcheck.model import Claim
    from factcheck.rulebook.compile import Rulebook

RETRIES = 2  # a task that raises is tried this many more times; one on a dead worker is rescheduled anyway
CONNECT_TIMEOUT = "20s"

Query = tuple[tuple[str, float], ...]


@dataclass
class BatchSummary:
    """What a batch produced: articles written, articles that failed, and the verdicts of the checked
    claims that are not suppressed (for --fail-on)."""

    articles: int = 0
    failures: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)

    def findings(self, fail_on: str) -> int:
        """How many verdicts reach the --fail-on level (app.findings for a batch)."""
        from factcheck.app import verdicts_at_or_above

        return verdicts_at_or_above(self.verdicts, fail_on)


@contextmanager
def connect(address: str) -> Iterator[Client]:
    """A client of the scheduler at tcp://HOST:PORT (or a scheduler file's address), closed on exit."""
    try:
        from distributed import Client
    except ImportError:
        raise FactcheckError("--scheduler needs Dask: pip install 'factcheck[cluster]'") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise FactcheckError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        yield client
    finally:
        client.close()


def remote_searcher(address: str, index_dir: Path) -> RemoteSearcher:
    """For app._verifier: a RemoteSearcher whose client lives as long as the searcher (closed when it
    is collected or at exit), so a run needs no `with` block."""
    import weakref

    manager = connect(address)
    client = manager.__enter__()
    searcher = RemoteSearcher(client, shard_paths(index_dir))
    weakref.finalize(searcher, manager.__exit__, None, None, None)
    return searcher


def shard_paths(index_dir: Path) -> list[str]:
    """Absolute shard paths (workers resolve nothing relative to the client's folder). A plain index
    counts as one shard."""
    index_dir = index_dir.resolve()
    count = read_shard_count(index_dir)
    return [str(index_dir)] if count is None else [str(path) for path in shard_dirs(index_dir, count)]


class RemoteSearcher:
    """The Searcher interface over shards searched by the workers: each shard returns its exact top
    `limit` for a query under the corpus's statistics and the results are merged exactly as
    ShardedSearcher does locally (see index/shards.merge_hits for why the verifier then sees the
    set a single index gives it).

    prefetch() sends every claim of an article in one task per shard; search() then answers from
    what came back (or asks the cluster for a query it has not seen)."""

    ordered = True  # results come merged in ranking.hit_key order

    def __init__(self, client: Client, paths: Sequence[str]) -> None:
        self._client = client
        self._paths = list(paths)
        self._results: dict[tuple[Query, int], list[Hit]] = {}
        self._frequencies: dict[str, int] = {}  # corpus-wide live passages per term, as fetched
        self.truncated = 0

    @property
    def passages(self) -> int:
        return 0  # not needed by verification; counting would cost a round trip per shard

    def prefetch(self, queries: Iterable[Sequence[tuple[str, float]]], limit: int) -> None:
        """Two rounds of one task per shard: each shard's statistics for every query's terms, then
        each shard's exact top `limit` under the corpus's statistics (ranking.exact_top) for every
        query, merged as ShardedSearcher merges locally."""
        wanted = list(
            dict.fromkeys(tuple(query) for query in queries if (tuple(query), limit) not in self._results)
        )
        if not wanted:
            return
        terms = sorted({term for query in wanted for term, _ in query})
        shards: list[Shard] = self._run(worker.shard_statistics, [(path, terms) for path in self._paths])
        corpus = total(shard.corpus for shard in shards)
        self._frequencies.update(corpus.frequencies)
        per_shard = self._run(  # [shard][query] → (hits, exact)
            worker.search_shard,
            [
                (path, [(query, shard, corpus) for query in wanted], limit)
                for path, shard in zip(self._paths, shards, strict=True)
            ],
        )
        for position, query in enumerate(wanted):
            found = [shard_found[position] for shard_found in per_shard]
            if not all(exact for _, exact in found):
                self.truncated += 1
            self._results[(query, limit)] = merge_hits([hits for hits, _ in found], limit)

    def _run(self, function: Any, calls: list[tuple[Any, ...]]) -> list[Any]:
        futures = [self._client.submit(function, *args, pure=False, retries=RETRIES) for args in calls]
        return self._client.gather(futures)

    def frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """Live passages holding each term over all shards (retrieve.passage_frequencies): from what
        prefetch brought back, one round of one task per shard for the rest."""
        missing = sorted(set(terms) - self._frequencies.keys())
        if missing:
            calls = [(path, missing) for path in self._paths]
            shards: list[Shard] = self._run(worker.shard_statistics, calls)
            self._frequencies.update(total(shard.corpus for shard in shards).frequencies)
        return {term: self._frequencies[term] for term in terms}

    def prefetch_claims(self, claims: Iterable[Claim], book: Rulebook, dated: bool = True) -> None:
        """The candidates of every checkable claim; for an undated article also how many passages
        name each claim's parties (verify/check.Checker asks), so that it needs no more rounds."""
        from factcheck.verify.check import party_terms
        from factcheck.verify.retrieve import CANDIDATES, query_terms

        checkable = [claim for claim in claims if claim.checkable]
        self.prefetch((query_terms(claim, book) for claim in checkable), CANDIDATES)
        if not dated:
            self.frequencies(sorted({term for claim in checkable for term in party_terms(claim, book)}))

    def search(self, weighted_terms: Sequence[tuple[str, float]], limit: int) -> list[Hit]:
        key = (tuple(weighted_terms), limit)
        if key not in self._results:
            self.prefetch([weighted_terms], limit)
        return self._results[key]


def stream_batch(
    client: Client,
    origins: Sequence[str],
    options: Options,
    index_dir: Path,
    fingerprint: str,
    label: str | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    in_flight: int | None = None,
) -> BatchSummary:
    """Check every article on the cluster (one task each: read, extract, verify) and write one JSON
    line per article to `out`, in input order, as soon as it and all before it are done. At most
    `in_flight` tasks are submitted at a time (memory stays bounded on long archives).

    Nothing is lost: a dead worker's tasks are rescheduled by Dask, a task that raises is retried
    RETRIES times, and an article whose task finally fails is an error record (and a line on `err`).
    Returns what was written (BatchSummary)."""
    paths = shard_paths(index_dir)
    label = label or str(index_dir)
    remote = replace(options, rules=[Path(rule).resolve() for rule in options.rules])
    if in_flight is None:
        threads = sum(client.nthreads().values()) or 1
        in_flight = max(8, 4 * threads)
    token = uuid.uuid4().hex[:8]
    pending: deque[tuple[str, Any]] = deque()
    upcoming = iter(enumerate(origins))
    summary = BatchSummary()

    def submit_next() -> None:
        item = next(upcoming, None)
        if item is None:
            return
        number, origin = item
        future = client.submit(
            worker.check_article,
            origin,
            origin if "://" in origin else str(Path(origin).resolve()),
            remote,
            paths,
            fingerprint,
            label,
            key=f"factcheck-article-{token}-{number}",
            retries=RETRIES,
        )
        pending.append((origin, future))

    for _ in range(in_flight):
        submit_next()
    while pending:
        origin, future = pending.popleft()
        try:
            record = future.result()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # KilledWorker, cancelled, or the task's own error after its retries
            record = worker.error_record(origin, f"{origin}: not checked: {type(exc).__name__}: {exc}")
        finally:
            future.release()
        summary.articles += 1
        summary.verdicts.update(
            claim["verdict"] for claim in record["claims"] if claim["verdict"] and not claim["suppressed"]
        )
        if record["error"]:
            summary.failures += 1
            err.write(f"factcheck: error: {record['error']}\n")
            err.flush()
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
        submit_next()
    return summary
