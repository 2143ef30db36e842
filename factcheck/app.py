"""The application core behind the CLI: read, extract, index, verify, render. No typer here."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.baseline import load_baseline
from factcheck.errors import FactcheckError, InputError
from factcheck.formats.display import BidiMode
from factcheck.report import ClaimsReport, InputFailure, RunHeader, RunReport, RunTotals, Suppression
from factcheck.sources.base import Article
from factcheck.sources.resolve import InputSettings
from factcheck.sources.settings import total_timeout_for

if TYPE_CHECKING:
    from factcheck.config import Config
    from factcheck.model import Claim, Span
    from factcheck.rulebook.compile import Rulebook
    from factcheck.stance.model import StanceModel
    from factcheck.verify.events import EventMatcher

CORPUS_ENV = "FACTCHECK_CORPUS"
log = logging.getLogger("factcheck")  # notes at INFO (hidden by --quiet), details at DEBUG (--verbose)


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
    min_worthiness: float = 0.0  # claims scoring less (Claim.check_worthiness) are left out
    stance: str = "model"  # config.STANCE_MODES: with the learned model, or the rules alone
    fields: dict[str, str] = field(default_factory=dict)
    quiet: bool = False
    inputs: InputSettings = field(default_factory=InputSettings)
    baseline: Path | None = None  # known claims: marked suppressed="baseline", never fail a check
    shards: int | None = None  # `index --shards N`; None keeps what the index records
    scheduler: str | None = None  # Dask scheduler address: retrieval runs on its workers


def options_from(config: Config, include_uncheckable: bool = False, date: str | None = None) -> Options:
    """The run's options from the resolved settings (flag > environment > file > default)."""
    return Options(
        output=config["format"],
        rules=list(config["rules"]),
        bidi=BidiMode(config["bidi"]),
        include_uncheckable=include_uncheckable,
        color=config["color"],
        corpus=config["corpus"],
        index=config["index"],
        article_date=parse_date(date),
        window_days=config["window"],
        min_worthiness=config["min-worthiness"],
        stance=config["stance"],
        fields=dict(config["fields"]),
        quiet=config["quiet"],
        inputs=InputSettings(
            offline=config["offline"],
            timeout=float(config["timeout"]),
            total_timeout=total_timeout_for(float(config["timeout"])),
            max_bytes=config["max-bytes"],
            allow_private_urls=config["allow-private-urls"],
        ),
        baseline=config["baseline"],
    )


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


def render(run: RunReport | ReportStream, options: Options) -> RunTotals:
    """Writes a run to stdout in the --format; a stream is written article by article, as each is
    checked, and stdout is flushed after each so a pipeline sees it at once. Returns the totals."""
    from factcheck.formats import FORMAT_NAMES, stream_renderer
    from factcheck.formats.display import resolve

    if options.output not in FORMAT_NAMES:
        raise FactcheckError(f"unknown format {options.output!r} (choose from {', '.join(FORMAT_NAMES)})")
    mode = resolve(options.bidi, sys.stdout.isatty())
    writer = stream_renderer(options.output)(sys.stdout, mode, options.color)
    if isinstance(run, RunReport):
        writer.replay(run)
        return run.totals()
    writer.begin(run.header)
    for report in run:
        writer.article(report)
        sys.stdout.flush()
    writer.end(run.totals)
    return run.totals


def extract_article(article: Article, book: Rulebook, options: Options) -> ClaimsReport:
    from factcheck.extract.document import extract_claims

    claims = extract_claims(article.text, book, include_uncheckable=options.include_uncheckable)
    if options.min_worthiness > 0:
        claims = [claim for claim in claims if claim.check_worthiness >= options.min_worthiness]
    return ClaimsReport(article, relocate(claims, article), book.fingerprint)


def relocate(claims: list[Claim], article: Article) -> list[Claim]:
    """Lines and columns of a Markdown or HTML draft are those of the file, not of its text."""
    if article.source_map is None:
        return claims
    return [
        replace(claim, span=_moved(claim.span, article), sentence_span=_moved(claim.sentence_span, article))
        for claim in claims
    ]


def _moved(span: Span, article: Article) -> Span:
    line, column = article.locate(span.start)
    return replace(span, line=line, column=column)


def extract(article: str, options: Options) -> ClaimsReport:
    """One article's claims (the library entry point the tests use)."""
    from factcheck.rulebook.load import load_rulebook
    from factcheck.sources.resolve import sources_for

    book = load_rulebook(options.rules)
    (source,) = sources_for([article])
    return extract_article(source.read(), book, options)


def build_index(corpus: Path, options: Options, rebuild: bool = False):  # type: ignore[no-untyped-def]
    from factcheck.index.location import default_index_dir
    from factcheck.index.progress import stderr_progress
    from factcheck.index.shards import index_any
    from factcheck.rulebook.load import load_rulebook

    if not corpus.exists():
        raise FactcheckError(f"{corpus}: corpus not found")
    index_dir = options.index or default_index_dir(corpus)
    book = load_rulebook(options.rules)
    started = time.perf_counter()
    with stderr_progress("indexing", enabled=not options.quiet) as progress:
        stats = index_any(
            corpus, index_dir, book, options.shards, fields=options.fields, rebuild=rebuild, progress=progress
        )
    log.debug("index %s of %s updated in %.2f s", index_dir, corpus, time.perf_counter() - started)
    return index_dir, stats


FAIL_LEVELS = {"never": 3, "contested": 2, "unverified": 1}  # verdicts at or above the level fail
_VERDICT_LEVEL = {"corroborated": 0, "unverified": 1, "contested": 2}


def validate_fail_on(fail_on: str) -> None:
    if fail_on not in FAIL_LEVELS:
        raise FactcheckError(f"--fail-on expects one of {', '.join(FAIL_LEVELS)}, got {fail_on!r}")


def findings(run: RunReport | RunTotals | None, fail_on: str) -> int:
    """How many checked, not suppressed claims reach the --fail-on level (0 when nothing was checked)."""
    validate_fail_on(fail_on)
    if run is None:
        return 0
    totals = run.totals() if isinstance(run, RunReport) else run
    return verdicts_at_or_above(totals.unsuppressed_verdicts, fail_on)


def verdicts_at_or_above(verdicts: Mapping[str, int], fail_on: str) -> int:
    """Of these verdict counts (not suppressed), how many reach the --fail-on level."""
    validate_fail_on(fail_on)
    level = FAIL_LEVELS[fail_on]
    return sum(count for verdict, count in verdicts.items() if _VERDICT_LEVEL[verdict] >= level)


class ReportStream:
    """A run read, extracted, checked and handed on one article at a time (`app.stream`).

    Iterate it for each article's `ClaimsReport`, in input order; an input that cannot be read is
    recorded in `totals.failures` as it happens and the others go on. Only `totals` (one small
    entry per input, the failures and the counts) stays once an article has been handed on."""

    def __init__(self, names: list[str], options: Options, verify: bool = True) -> None:
        from factcheck.rulebook.load import load_rulebook
        from factcheck.sources.resolve import sources_for

        self.options = options
        self.book = load_rulebook(options.rules)
        self.known = load_baseline(options.baseline) if options.baseline is not None else frozenset()
        if options.baseline is not None:
            log.debug("baseline %s: %d known claim(s)", options.baseline, len(self.known))
        self.sources = sources_for(names, options.inputs)
        log.debug("%d input(s)", len(self.sources))
        self.verifier = _verifier(options, self.book) if verify else None
        corpus = corpus_label(options) if self.verifier is not None else None
        self.header = RunHeader(self.book.fingerprint, corpus, len(self.sources))
        self.totals = RunTotals()

    @property
    def checked(self) -> bool:
        return self.header.checked

    def __iter__(self) -> Iterator[ClaimsReport]:
        started = time.perf_counter()
        for source in self.sources:
            try:
                article = source.read()
            except InputError as exc:
                self.totals.fail(InputFailure(getattr(source, "origin", "?"), str(exc)))
                continue
            for note in article.notes:  # empty draft, no Arabic text …: notes, hidden by --quiet
                log.info("%s: %s", article.origin, note)
            report = extract_article(article, self.book, self.options)
            del article
            if self.verifier is not None:
                report = self.verifier(report)
            report = suppress(report, self.known)
            self.totals.add(report)
            yield report
        claims = self.totals.claims + self.totals.not_checkable
        elapsed = time.perf_counter() - started
        log.debug("%d claim(s) in %d input(s) in %.2f s", claims, self.totals.articles, elapsed)


def stream(names: list[str], options: Options, verify: bool = True) -> ReportStream:
    """Read every input, extract its claims and, with a corpus (or an index) and `verify`, check
    them, one article at a time as the stream is iterated. The rules, the baseline, the inputs'
    list and the index are loaded here, before any article (errors in them stop the run first)."""
    return ReportStream(names, options, verify)


def run(names: list[str], options: Options, verify: bool = True) -> RunReport:
    """The whole run in memory (library users and tests; the CLI streams, see `stream`).

    An input that cannot be read is reported in the run (the CLI exits 2) and the others go on."""
    reports = stream(names, options, verify)
    articles = tuple(reports)
    header = reports.header
    return RunReport(articles, header.rules_fingerprint, header.corpus, tuple(reports.totals.failures))


def suppress(report: ClaimsReport, known: frozenset[str] = frozenset()) -> ClaimsReport:
    """Claims on a line marked `factcheck: ignore` are suppressed "inline"; claims whose id is in the
    baseline are suppressed "baseline". Suppressed claims are still reported but never fail a check."""
    ignored = report.article.ignored_lines
    suppressed: dict[str, Suppression] = dict(report.suppressed)
    for claim in report.claims:
        if claim.span.line in ignored:
            suppressed[claim.id] = "inline"
        elif claim.id in known and claim.id not in suppressed:
            suppressed[claim.id] = "baseline"
    return replace(report, suppressed=suppressed)


def corpus_label(options: Options) -> str | None:
    """What the run is checked against, as reports name it: the corpus, else the index."""
    corpus = corpus_from(options)
    return str(corpus or options.index) if (corpus or options.index) else None


def index_for(options: Options) -> Path | None:
    """The index to check against, brought up to date first when there is a corpus (incremental:
    cheap when nothing changed); None when there is nothing to check against."""
    corpus = corpus_from(options)
    if corpus is not None:
        index_dir, _ = build_index(corpus, options)
        return index_dir
    return options.index  # an existing index, checked as it is


def _verifier(options: Options, book: Rulebook) -> Callable[[ClaimsReport], ClaimsReport] | None:
    """Opens the index once for the whole run; None when there is nothing to check against."""
    from factcheck.verify.check import Checker, check_claims

    index_dir = index_for(options)
    if index_dir is None:
        return None
    log.debug("index %s", index_dir)
    searcher: Any
    if options.scheduler:
        from factcheck.cluster.client import remote_searcher

        searcher = remote_searcher(options.scheduler, index_dir)  # its client closes with it
    else:
        from factcheck.index.shards import open_searcher

        searcher = open_searcher(index_dir)  # a plain index, or every shard of a sharded one
    from factcheck.index.contents import emptiness

    if note := emptiness(index_dir, searcher.passages):
        log.warning("%s", note)  # every claim will be unverified: say why, even under --quiet
    label = corpus_label(options)
    events = event_matcher(index_dir)  # shards too: the client reads their document indexes
    model = stance_model(options.stance)

    def verify(report: ClaimsReport) -> ClaimsReport:
        date = article_date(report.article, options.article_date)
        if hasattr(searcher, "prefetch_claims"):  # remote: one round trip per shard for the article
            searcher.prefetch_claims(report.claims, book, dated=date is not None)
        if date is None and report.claims:
            log.info(
                "%s: no date (--date, front matter or its opening): a report of any time is the same event "
                "only if it reads like the claim or shares a party or place few reports name",
                report.article.origin,
            )
        checker = Checker(searcher, book, date, options.window_days, events, report.article.text, model)
        return replace(report, corpus=label, verifications=check_claims(report.claims, checker))

    return verify


def article_date(article: Article, given: dt.date | None) -> dt.date | None:
    """What anchors an article's time window: its metadata (front matter, page) first, then
    --date, then the date its opening states: the user's word outranks our reading of the text."""
    if article.date_source == "text":
        return given or article.date
    return article.date or given


def stance_model(mode: str = "model") -> StanceModel | None:
    """The learned stance comparison (USE embeddings, a dependency) for the `stance` setting
    "model"; None for "rules". A broken install without the encoder is said on stderr and the
    rules alone decide: the check itself still stands."""
    from factcheck.stance.model import ModelUnavailable, load_model

    if mode != "model":
        return None
    try:
        return load_model()
    except ModelUnavailable as missing:
        log.warning("%s; comparing with the rules alone", missing)
        return None


def event_matcher(index_dir: Path) -> EventMatcher | None:
    """Matching by the words of whole reports, where the index has a document index (a plain
    local index; shards do not have one merged across them yet)."""
    from factcheck.index.documents import open_document_searcher
    from factcheck.verify.events import EventMatcher

    searcher = open_document_searcher(index_dir)
    return EventMatcher(searcher) if searcher is not None else None


def check(article: str, options: Options) -> ClaimsReport:
    """One article, checked (the library entry point the tests use); unreadable input raises."""
    result = run([article], options)
    if result.failures:
        raise InputError(result.failures[0].message)
    (report,) = result.articles
    return report
