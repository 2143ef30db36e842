"""The application core behind the CLI: read, extract, index, verify, render. No typer here."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.errors import FactcheckError
from factcheck.formats.display import BidiMode
from factcheck.report import ClaimsReport

CORPUS_ENV = "FACTCHECK_CORPUS"


@dataclass
class Options:
    output: str = "rich"
    rules: list[Path] = field(default_factory=list)
    bidi: BidiMode = BidiMode.auto
    include_uncheckable: bool = False
    color: bool = True
    corpus: Path | None = None
    index: Path | None = None
    article_date: dt.date | None = None
    window_days: int = 30
    fields: dict[str, str] = field(default_factory=dict)
    quiet: bool = False


def parse_fields(pairs: list[str]) -> dict[str, str]:
    """--field text=content → {"text": "content"}."""
    fields: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name or not column:
            raise FactcheckError(f"--field expects NAME=FIELD, got {pair!r}")
        fields[name.strip()] = column.strip()
    return fields


def parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FactcheckError(f"--date expects YYYY-MM-DD, got {text!r}") from None


def corpus_from(options: Options) -> Path | None:
    if options.corpus is not None:
        return options.corpus
    configured = os.environ.get(CORPUS_ENV)
    return Path(configured) if configured else None


def render(report: ClaimsReport, options: Options) -> None:
    from factcheck.formats import FORMAT_NAMES, renderer
    from factcheck.formats.display import resolve

    if options.output not in FORMAT_NAMES:
        raise FactcheckError(f"unknown format {options.output!r} (choose from {', '.join(FORMAT_NAMES)})")
    mode = resolve(options.bidi, sys.stdout.isatty())
    renderer(options.output)(report, sys.stdout, mode, options.color)


def extract(article: str, options: Options) -> ClaimsReport:
    from factcheck.extract.document import extract_claims
    from factcheck.rulebook.load import load_rulebook
    from factcheck.sources.local import source_for

    book = load_rulebook(options.rules)
    loaded = source_for(article).read()
    claims = extract_claims(loaded.text, book, include_uncheckable=options.include_uncheckable)
    return ClaimsReport(loaded, claims, book.fingerprint)


def build_index(corpus: Path, options: Options, rebuild: bool = False):  # type: ignore[no-untyped-def]
    from factcheck.index.build import index_corpus
    from factcheck.index.location import default_index_dir
    from factcheck.index.progress import stderr_progress
    from factcheck.rulebook.load import load_rulebook

    if not corpus.exists():
        raise FactcheckError(f"{corpus}: corpus not found")
    index_dir = options.index or default_index_dir(corpus)
    book = load_rulebook(options.rules)
    with stderr_progress("indexing", enabled=not options.quiet) as progress:
        stats = index_corpus(
            corpus, index_dir, book, fields=options.fields, rebuild=rebuild, progress=progress
        )
    return index_dir, stats


FAIL_LEVELS = {"never": 3, "contested": 2, "unverified": 1}  # verdicts at or above the level fail
_VERDICT_LEVEL = {"corroborated": 0, "unverified": 1, "contested": 2}


def findings(report: ClaimsReport | None, fail_on: str) -> int:
    """How many checked claims reach the --fail-on level (0 when nothing was checked)."""
    if fail_on not in FAIL_LEVELS:
        raise FactcheckError(f"--fail-on expects one of {', '.join(FAIL_LEVELS)}, got {fail_on!r}")
    if report is None or not report.verifications:
        return 0
    level = FAIL_LEVELS[fail_on]
    return sum(_VERDICT_LEVEL[v.verdict] >= level for v in report.verifications.values())


def check(article: str, options: Options) -> ClaimsReport:
    """Extract the claims; with a corpus (or an index), verify each of them."""
    from dataclasses import replace

    from factcheck.index.store import Searcher, open_index
    from factcheck.rulebook.load import load_rulebook
    from factcheck.verify.check import Checker, check_claims

    report = extract(article, options)
    corpus = corpus_from(options)
    if corpus is None and options.index is None:
        return report
    if corpus is not None:
        index_dir, _ = build_index(corpus, options)  # incremental: cheap when nothing changed
    else:
        assert options.index is not None
        index_dir = options.index  # an existing index, checked as it is
    book = load_rulebook(options.rules)
    checker = Checker(Searcher(open_index(index_dir)), book, options.article_date, options.window_days)
    verifications = check_claims(report.claims, checker)
    return replace(report, corpus=str(corpus or index_dir), verifications=verifications)
