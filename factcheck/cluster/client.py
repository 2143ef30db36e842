"""The client side: connect to a scheduler, fan retrieval out over the shards, stream batches."""

from __future__ import annotations

import json
import sys
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from factcheck.cluster import worker
from factcheck.errors import FactcheckError
from factcheck.index.shards import complete, merge_hits, read_shard_count, shard_dirs

if TYPE_CHECKING:
    from distributed import Client

    from factcheck.app import Options
    from factcheck.index.store import Hit
    from factcheck.model import Claim
    from factcheck.rulebook.compile import Rulebook

RETRIES = 2  # a task that raises is tried this many more times; one on a dead worker is rescheduled anyway
CONNECT_TIMEOUT = "20s"

Query = tuple[tuple[str, float], ...]


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


def shard_paths(index_dir: Path) -> list[str]:
    """Absolute shard paths (workers resolve nothing relative to the client's folder). A plain index
    counts as one shard."""
    index_dir = index_dir.resolve()
    count = read_shard_count(index_dir)
    return [str(index_dir)] if count is None else [str(path) for path in shard_dirs(index_dir, count)]


class RemoteSearcher:
    """The Searcher interface over shards searched by the workers: each shard returns its top
    `limit` for a query and the results are merged exactly as ShardedSearcher does locally (see
    index/shards.merge_hits for why the verifier then sees the set a single index gives it).

    prefetch() sends every claim of an article in one task per shard; search() then answers from
    what came back (or asks the cluster for a query it has not seen)."""

    def __init__(self, client: Client, paths: Sequence[str]) -> None:
        self._client = client
        self._paths = list(paths)
        self._results: dict[tuple[Query, int], list[Hit]] = {}
        self.truncated = 0

    @property
    def passages(self) -> int:
        return 0  # not needed by verification; counting would cost a round trip per shard

    def prefetch(self, queries: Iterable[Sequence[tuple[str, float]]], limit: int) -> None:
        wanted = list(
            dict.fromkeys(tuple(query) for query in queries if (tuple(query), limit) not in self._results)
        )
        if not wanted:
            return
        futures = [
            self._client.submit(worker.search_shard, path, wanted, limit, pure=False, retries=RETRIES)
            for path in self._paths
        ]
        per_shard = self._client.gather(futures)  # [shard][query] → hits
        for position, query in enumerate(wanted):
            hits = [shard_hits[position] for shard_hits in per_shard]
            if not complete(hits, limit):
                self.truncated += 1
            self._results[(query, limit)] = merge_hits(hits, limit)

    def prefetch_claims(self, claims: Iterable[Claim], book: Rulebook) -> None:
        from factcheck.verify.retrieve import CANDIDATES, query_terms

        self.prefetch((query_terms(claim, book) for claim in claims if claim.checkable), CANDIDATES)

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
) -> int:
    """Check every article on the cluster (one task each: read, extract, verify) and write one JSON
    line per article to `out`, in input order, as soon as it and all before it are done. At most
    `in_flight` tasks are submitted at a time (memory stays bounded on long archives).

    Nothing is lost: a dead worker's tasks are rescheduled by Dask, a task that raises is retried
    RETRIES times, and an article whose task finally fails is an error record (and a line on `err`).
    Returns how many articles failed."""
    paths = shard_paths(index_dir)
    label = label or str(index_dir)
    remote = replace(options, rules=[Path(rule).resolve() for rule in options.rules])
    if in_flight is None:
        threads = sum(client.nthreads().values()) or 1
        in_flight = max(8, 4 * threads)
    token = uuid.uuid4().hex[:8]
    pending: deque[tuple[str, Any]] = deque()
    upcoming = iter(enumerate(origins))
    failures = 0

    def submit_next() -> None:
        item = next(upcoming, None)
        if item is None:
            return
        number, origin = item
        future = client.submit(
            worker.check_article,
            origin,
            str(Path(origin).resolve()),
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
        if record["error"]:
            failures += 1
            err.write(f"factcheck: error: {record['error']}\n")
            err.flush()
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
        submit_next()
    return failures
