"""What runs on a Dask worker. Every function here is called by name (pickled by reference), so
workers need factcheck importable and the shards on storage they share with the client.

A worker keeps what is expensive to open for its lifetime: one Searcher per shard path (reopened
when that shard's manifest changes, i.e. after an update) and the rulebook per rules folders."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.errors import FactcheckError, InputError

if TYPE_CHECKING:
    from factcheck.app import Options
    from factcheck.index.ranking import Corpus, Shard
    from factcheck.index.store import Hit, Searcher
    from factcheck.rulebook.compile import Rulebook
    from factcheck.verify.events import EventMatcher

_lock = threading.Lock()
_searchers: dict[str, tuple[int, Searcher]] = {}
_books: dict[tuple[str, ...], Rulebook] = {}


def shard_searcher(shard_path: str) -> Searcher:
    """The worker's Searcher for a shard, opened once (and again only after the shard changed)."""
    from factcheck.index.manifest import MANIFEST
    from factcheck.index.store import Searcher, open_index

    manifest = Path(shard_path) / MANIFEST
    try:
        version = manifest.stat().st_mtime_ns
    except FileNotFoundError:
        raise FactcheckError(f"{shard_path}: no index here (is it on storage this worker shares?)") from None
    with _lock:
        cached = _searchers.get(shard_path)
        if cached is None or cached[0] != version:
            cached = (version, Searcher(open_index(Path(shard_path)), Path(shard_path)))
            _searchers[shard_path] = cached
        return cached[1]


def events_of_shards(shard_paths: Sequence[str]) -> EventMatcher | None:
    """Event matching over the shards' document indexes, as the client does for one article."""
    from factcheck.index.documents import DocumentSearcher, ShardedDocumentSearcher, open_documents
    from factcheck.verify.events import EventMatcher

    searchers = []
    for path in shard_paths:
        index = open_documents(Path(path))
        if index is None:
            return None
        searchers.append(DocumentSearcher(index, Path(path)))
    return EventMatcher(ShardedDocumentSearcher(searchers))


def rulebook(rules: Sequence[str], fingerprint: str) -> Rulebook:
    """The same rules as the client's, or an error: verdicts must not depend on the worker."""
    from factcheck.rulebook.load import load_rulebook

    key = tuple(rules)
    with _lock:
        book = _books.get(key)
        if book is None:
            book = _books[key] = load_rulebook([Path(rule) for rule in rules])
    if book.fingerprint != fingerprint:
        raise FactcheckError(
            f"the worker's rules (fingerprint {book.fingerprint}) differ from the client's ({fingerprint})"
        )
    return book


def shard_statistics(shard_path: str, terms: Sequence[str]) -> Shard:
    """A shard's statistics for these terms (the client adds up their corpus parts)."""
    from factcheck.index.ranking import statistics

    return statistics(shard_searcher(shard_path), terms)


def search_shard(
    shard_path: str, queries: Sequence[tuple[Sequence[tuple[str, float]], Shard, Corpus]], limit: int
) -> list[tuple[list[Hit], bool]]:
    """One shard's exact top `limit` under the canonical score (ranking.exact_top) for each query,
    with the shard's statistics and the corpus's the client sent; one task per shard and article."""
    from factcheck.index.ranking import exact_top

    searcher = shard_searcher(shard_path)
    return [exact_top(searcher, query, shard, corpus, limit) for query, shard, corpus in queries]


def check_article(
    origin: str, path: str, options: Options, shard_paths: Sequence[str], fingerprint: str, label: str
) -> dict[str, Any]:
    """Read (from `path`, the client's `origin` made absolute), extract and verify one article
    against every shard; its JSON Lines record. An input
    that cannot be read is a record with an error (retrying would not help); anything else raises,
    so that Dask retries the task."""
    from factcheck.app import extract_article, stance_model
    from factcheck.index.shards import ShardedSearcher
    from factcheck.sources.resolve import sources_for
    from factcheck.verify.check import Checker, check_claims

    book = rulebook([str(rule) for rule in options.rules], fingerprint)
    try:
        (source,) = sources_for([path], options.inputs)  # absolute: the worker's folder is not ours
        article = replace(source.read(), origin=origin)
    except InputError as exc:
        return error_record(origin, str(exc))
    report = extract_article(article, book, options)
    searcher = ShardedSearcher([shard_searcher(path) for path in shard_paths])
    checker = Checker(
        searcher,  # type: ignore[arg-type]
        book,
        report.article.date or options.article_date,
        options.window_days,
        events_of_shards(shard_paths),
        report.article.text,
        stance_model(options.stance),
    )
    report = replace(report, corpus=label, verifications=check_claims(report.claims, checker))
    return article_record(report)


def article_record(report: Any) -> dict[str, Any]:
    """One line of batch output: the article, its claims (as in the JSON document) and a summary."""
    from factcheck.report import SCHEMA_VERSION, summarize

    claims = report.claim_documents()
    return {
        "schema_version": SCHEMA_VERSION,
        "input": report.article.origin,
        "error": None,
        "corpus": report.corpus,
        "article": report.input_document(),
        "claims": claims,
        "summary": summarize(claims, checked=report.corpus is not None),
    }


def error_record(origin: str, message: str) -> dict[str, Any]:
    from factcheck.report import SCHEMA_VERSION

    return {
        "schema_version": SCHEMA_VERSION,
        "input": origin,
        "error": message,
        "corpus": None,
        "article": None,
        "claims": [],
        "summary": None,
    }
