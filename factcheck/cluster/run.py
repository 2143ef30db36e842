"""Entry points for the CLI: `index --shards N`, `check --scheduler tcp://HOST:PORT` and checking
against a sharded index without a scheduler. Like factcheck.app, no typer here."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from factcheck.app import Options, corpus_from, extract_article
from factcheck.errors import FactcheckError, InputError
from factcheck.report import ClaimsReport, InputFailure, RunReport

if TYPE_CHECKING:
    from factcheck.cluster.client import BatchSummary
    from factcheck.index.build import IndexStats
    from factcheck.index.shards import ShardedStats
    from factcheck.rulebook.compile import Rulebook


def build_index(
    corpus: Path, options: Options, shards: int | None = None, rebuild: bool = False
) -> tuple[Path, IndexStats | ShardedStats]:
    """app.build_index, shard-aware: `shards` N partitions the corpus into N shards; None keeps what
    the index is (plain, or sharded with its recorded N)."""
    from factcheck.index.location import default_index_dir
    from factcheck.index.progress import stderr_progress
    from factcheck.index.shards import index_any
    from factcheck.rulebook.load import load_rulebook

    if not corpus.exists():
        raise FactcheckError(f"{corpus}: corpus not found")
    index_dir = options.index or default_index_dir(corpus)
    book = load_rulebook(options.rules)
    with stderr_progress("indexing", enabled=not options.quiet) as progress:
        stats = index_any(
            corpus, index_dir, book, shards, fields=options.fields, rebuild=rebuild, progress=progress
        )
    return index_dir, stats


def index_dir_for(options: Options, shards: int | None = None) -> Path | None:
    """The index to check against (updated first when there is a corpus), or None."""
    corpus = corpus_from(options)
    if corpus is not None:
        index_dir, _ = build_index(corpus, options, shards)
        return index_dir
    return options.index


@contextmanager
def verifier(
    options: Options, book: Rulebook, index_dir: Path, scheduler: str | None = None
) -> Iterator[Callable[[ClaimsReport], ClaimsReport]]:
    """Verification against a plain or sharded index: locally, or with retrieval fanned out to the
    workers of `scheduler`. Either way the Checker is the one the local path uses."""
    from factcheck.index.shards import open_searcher
    from factcheck.verify.check import Checker, check_claims

    label = str(corpus_from(options) or index_dir)
    with _connected(scheduler) as client:
        if client is not None:
            from factcheck.cluster.client import RemoteSearcher, shard_paths

            searcher: Any = RemoteSearcher(client, shard_paths(index_dir))
        else:
            searcher = open_searcher(index_dir)

        def verify(report: ClaimsReport) -> ClaimsReport:
            if hasattr(searcher, "prefetch_claims"):
                searcher.prefetch_claims(report.claims, book)  # one task per shard for the whole article
            date = report.article.date or options.article_date
            checker = Checker(searcher, book, date, options.window_days)
            return replace(report, corpus=label, verifications=check_claims(report.claims, checker))

        yield verify


def _connected(scheduler: str | None):  # type: ignore[no-untyped-def]
    if scheduler is None:
        return nullcontext(None)
    from factcheck.cluster.client import connect

    return connect(scheduler)


def run(
    names: list[str], options: Options, scheduler: str | None = None, shards: int | None = None
) -> RunReport:
    """app.run against a sharded index and/or through a scheduler: the same RunReport and JSON
    (baseline and `factcheck: ignore` suppression and input notes included)."""
    from factcheck.app import log, suppress
    from factcheck.baseline import load_baseline
    from factcheck.rulebook.load import load_rulebook
    from factcheck.sources.resolve import sources_for

    book = load_rulebook(options.rules)
    known = load_baseline(options.baseline) if options.baseline is not None else frozenset()
    sources = sources_for(names, options.inputs)
    index_dir = index_dir_for(options, shards)
    if index_dir is None:
        raise FactcheckError("nothing to check against: give --corpus or --index")
    reports: list[ClaimsReport] = []
    failures: list[InputFailure] = []
    with verifier(options, book, index_dir, scheduler) as verify:
        for source in sources:
            try:
                article = source.read()
            except InputError as exc:
                failures.append(InputFailure(getattr(source, "origin", "?"), str(exc)))
                continue
            for note in article.notes:
                log.info("%s: %s", article.origin, note)
            reports.append(suppress(verify(extract_article(article, book, options)), known))
    label = str(corpus_from(options) or index_dir)
    return RunReport(tuple(reports), book.fingerprint, label, tuple(failures))


def is_batch(names: list[str], options: Options) -> bool:
    """With --scheduler: several articles (a folder, a glob, several names) are a batch, spread over
    the workers article by article; one article is checked with retrieval on the workers."""
    from factcheck.sources.resolve import sources_for

    return any(Path(name).is_dir() for name in names) or len(sources_for(names, options.inputs)) > 1


def run_batch(
    names: list[str],
    options: Options,
    scheduler: str,
    shards: int | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> BatchSummary:
    """`check ARCHIVE_DIR --scheduler …`: every article is a task on the cluster; JSON Lines on `out`
    in input order (one record per article, errors included). The CLI exits 2 when
    `summary.failures`, else 1 when `summary.findings(fail_on)`."""
    from factcheck.cluster.client import connect, stream_batch
    from factcheck.rulebook.load import load_rulebook
    from factcheck.sources.resolve import sources_for

    origins = [source.origin for source in sources_for(names, options.inputs)]
    if "-" in origins:
        raise FactcheckError("a batch on a cluster reads files: standard input cannot be sent to workers")
    book = load_rulebook(options.rules)
    index_dir = index_dir_for(options, shards)
    if index_dir is None:
        raise FactcheckError("nothing to check against: give --corpus or --index")
    with connect(scheduler) as client:
        return stream_batch(
            client,
            origins,
            options,
            index_dir,
            book.fingerprint,
            str(corpus_from(options) or index_dir),
            out or sys.stdout,
            err or sys.stderr,
        )
