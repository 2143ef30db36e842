"""Batch mode: `check ARCHIVE_DIR --scheduler tcp://HOST:PORT` spreads the articles themselves over
the cluster. (One article with --scheduler, sharded indexes and `index --shards N` go through
factcheck.app like any run.) Like factcheck.app, no typer here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from factcheck.app import Options, corpus_label, index_for
from factcheck.errors import FactcheckError

if TYPE_CHECKING:
    from factcheck.cluster.client import BatchSummary


def is_batch(names: list[str], options: Options) -> bool:
    """With --scheduler: several articles (a folder, a glob, several names) are a batch, spread over
    the workers article by article; one article is checked with retrieval on the workers."""
    from factcheck.sources.resolve import sources_for

    return any(Path(name).is_dir() for name in names) or len(sources_for(names, options.inputs)) > 1


def run_batch(
    names: list[str],
    options: Options,
    scheduler: str,
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
    index_dir = index_for(options)
    if index_dir is None:
        raise FactcheckError("nothing to check against: give --corpus or --index")
    with connect(scheduler) as client:
        return stream_batch(
            client,
            origins,
            options,
            index_dir,
            book.fingerprint,
            corpus_label(options) or str(index_dir),
            out or sys.stdout,
            err or sys.stderr,
        )
