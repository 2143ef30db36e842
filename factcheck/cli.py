"""The command line: a thin typer layer over factcheck.app.

Heavy imports (camel-tools, rich, pydantic, tantivy) happen inside the commands, so
`factcheck --help` starts fast."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factcheck import __version__
from factcheck.errors import EXIT_FINDINGS, EXIT_USAGE, FactcheckError, InputError
from factcheck.formats.display import BidiMode

if TYPE_CHECKING:
    from factcheck.app import Options
    from factcheck.config import Config
    from factcheck.index.build import IndexStats
    from factcheck.report import RunReport, RunTotals
    from factcheck.stance.model import StanceModel

app = typer.Typer(
    help="Fact-checking assistant for Arabic news: lists an article's checkable assertions and "
    "cross-references them with a local corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="Inspect and test the rule files.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
eval_app = typer.Typer(help="Measure stance and claim extraction on annotated data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

ArticlesArg = Annotated[
    list[str],
    typer.Argument(
        help="Article files, directories, globs, http(s) URLs, or - for standard input.", metavar="ARTICLE..."
    ),
]
# Settings flags default to None, "not given": the environment and the configuration file fill them
# (factcheck.config; README "Configuration").
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", help="Output format: rich, json, jsonl, markdown, github, sarif (default: rich)."
    ),
]
RulesOpt = Annotated[
    list[Path] | None, typer.Option("--rules", help="Extra rules directory (repeatable).", show_default=False)
]
WorthinessOpt = Annotated[
    float | None,
    typer.Option(
        "--min-worthiness",
        help="Leave out claims whose check-worthiness (0–1) is below this (default: 0, keep all).",
        min=0.0,
        max=1.0,
        show_default=False,
    ),
]
StanceOpt = Annotated[
    str | None,
    typer.Option(
        "--stance",
        help="Read a matched report's stance with the learned model and the rules (model), or the rules "
        "alone (rules: faster; ANS dev macro-F1 0.68 against 0.81). Default: model.",
        show_default=False,
    ),
]
BidiOpt = Annotated[
    BidiMode | None,
    typer.Option(
        help="Arabic display: visual reorders for terminals without bidi; logical leaves text as is "
        "(default: auto).",
        show_default=False,
    ),
]
AllOpt = Annotated[
    bool, typer.Option("--all", help="Also show speculation and opinion, marked not checkable.")
]
ColorOpt = Annotated[
    bool | None,
    typer.Option("--color/--no-color", help="Colours (NO_COLOR is honoured too).", show_default=False),
]
CorpusOpt = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        help="Corpus folder or file to check against (default: $FACTCHECK_CORPUS, then the config file).",
        show_default=False,
    ),
]
IndexOpt = Annotated[
    Path | None,
    typer.Option("--index", help="Index folder (default: one per corpus under ~/.cache/factcheck)."),
]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="The article's date (YYYY-MM-DD): reports far from it are other events."),
]
WindowOpt = Annotated[
    int | None,
    typer.Option("--window", help="Days around --date in which reports count (default: 30).", min=0),
]
FieldOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--field", help="Map a corpus field: text=content, date=published … (repeatable).", show_default=False
    ),
]
QuietOpt = Annotated[
    bool | None,
    typer.Option("--quiet/--no-quiet", "-q", help="No progress and no notes on stderr.", show_default=False),
]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", help="Details on stderr: config file, inputs, index, timings.")
]
OfflineOpt = Annotated[
    bool | None,
    typer.Option(
        "--offline/--no-offline", help="Never fetch URL inputs over the network.", show_default=False
    ),
]
TimeoutOpt = Annotated[
    int | None,
    typer.Option(
        "--timeout",
        help="Seconds to wait when connecting to or reading a URL; a whole download gets 60 s, or 6× this.",
        min=1,
    ),
]
PrivateUrlsOpt = Annotated[
    bool | None,
    typer.Option(
        "--allow-private-urls/--no-allow-private-urls",
        help="Fetch URLs that are, or redirect to, local or private addresses (127.0.0.1, 10.x, …).",
        show_default=False,
    ),
]
MaxBytesOpt = Annotated[
    int | None,
    typer.Option("--max-bytes", help="Largest article (file, standard input or download) read.", min=1),
]
FailOnOpt = Annotated[
    str | None,
    typer.Option(
        "--fail-on",
        help="Exit 1 when a verdict is at or above this: contested, unverified (or contested), never "
        "(default: contested).",
    ),
]
BaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        help="Known claims (from `factcheck baseline`): still reported, never failing.",
        show_default=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"factcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """factcheck ARTICLE is short for factcheck check ARTICLE."""


def _settings(inputs: list[str] | None, verbose: bool, **flags: object) -> Config:
    """Resolve flags (None: not given) against the environment and the configuration file, and set
    up stderr: warnings always, notes unless quiet, details with --verbose."""
    import logging

    from factcheck.config import resolve, start_directory

    config = resolve(flags, start_directory(inputs))
    quiet = config["quiet"]
    if verbose and quiet and config.settings["quiet"].source == "flag":
        raise FactcheckError("--quiet and --verbose cannot be combined")
    logger = logging.getLogger("factcheck")
    logger.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("factcheck: %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)
    logger.debug("configuration file: %s", config.file or "none")
    return config


def _log():  # type: ignore[no-untyped-def]
    import logging

    return logging.getLogger("factcheck")


@app.command()
def claims(
    articles: ArticlesArg,
    output: FormatOpt = None,
    rules: RulesOpt = None,
    bidi: BidiOpt = None,
    all_: AllOpt = False,
    color: ColorOpt = None,
    quiet: QuietOpt = None,
    verbose: VerboseOpt = False,
    offline: OfflineOpt = None,
    timeout: TimeoutOpt = None,
    max_bytes: MaxBytesOpt = None,
    min_worthiness: WorthinessOpt = None,
    allow_private_urls: PrivateUrlsOpt = None,
) -> None:
    """List the checkable assertions of Arabic articles."""
    config = _settings(
        articles, verbose, format=output, rules=rules, bidi=bidi, color=color, quiet=quiet, offline=offline,
        timeout=timeout, **{"max-bytes": max_bytes, "min-worthiness": min_worthiness,
                            "allow-private-urls": allow_private_urls},
    )  # fmt: skip
    from factcheck.app import options_from, render, stream

    options = options_from(config, include_uncheckable=all_)
    with _reader_may_leave():
        totals = render(stream(articles, options, verify=False), options)  # article by article
    _report_failures(totals)


@app.command()
def check(
    articles: ArticlesArg,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    date: DateOpt = None,
    window: WindowOpt = None,
    field: FieldOpt = None,
    output: FormatOpt = None,
    rules: RulesOpt = None,
    bidi: BidiOpt = None,
    all_: AllOpt = False,
    color: ColorOpt = None,
    quiet: QuietOpt = None,
    verbose: VerboseOpt = False,
    offline: OfflineOpt = None,
    timeout: TimeoutOpt = None,
    max_bytes: MaxBytesOpt = None,
    fail_on: FailOnOpt = None,
    baseline: BaselineOpt = None,
    min_worthiness: WorthinessOpt = None,
    stance: StanceOpt = None,
    allow_private_urls: PrivateUrlsOpt = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask scheduler tcp://HOST:PORT: retrieval (one article) or the articles themselves "
            "(several; JSON Lines out) run on its workers; the index must be on storage they share.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check articles' assertions against a corpus: corroborated, contested or unverified."""
    config = _settings(
        articles, verbose, corpus=corpus, index=index, window=window, fields=field, format=output,
        rules=rules, bidi=bidi, color=color, quiet=quiet, offline=offline, baseline=baseline,
        timeout=timeout, stance=stance,
        **{"fail-on": fail_on, "max-bytes": max_bytes, "min-worthiness": min_worthiness,
           "allow-private-urls": allow_private_urls},
    )  # fmt: skip
    from factcheck.app import findings, options_from, render, stream, validate_fail_on

    validate_fail_on(config["fail-on"])  # before any output: the run streams
    options = replace(options_from(config, include_uncheckable=all_, date=date), scheduler=scheduler)
    if scheduler and _checked_as_batch(articles, options, scheduler, config["fail-on"]):
        return
    reports = stream(articles, options)
    with _reader_may_leave():
        totals = render(reports, options)  # article by article: only the totals are kept
    if not reports.checked and totals.articles:
        _log().info(
            "no corpus configured (--corpus, FACTCHECK_CORPUS or the config file): "
            "none of %d assertion(s) could be checked.",
            totals.claims,
        )
    _report_failures(totals)
    found = findings(totals, config["fail-on"])
    _log().debug("%d finding(s) at or above --fail-on %s", found, config["fail-on"])
    if found:
        raise typer.Exit(EXIT_FINDINGS)


def _checked_as_batch(articles: list[str], options: Options, scheduler: str, fail_on: str) -> bool:
    """Several articles with --scheduler: one task per article on the workers, JSON Lines in input
    order on stdout. False for a single article (its retrieval runs on the workers instead)."""
    from factcheck.cluster.run import is_batch, run_batch

    if not is_batch(articles, options):
        return False
    summary = run_batch(articles, options, scheduler)
    if summary.failures:
        raise typer.Exit(EXIT_USAGE)
    if summary.findings(fail_on):
        raise typer.Exit(EXIT_FINDINGS)
    return True


@contextlib.contextmanager
def _reader_may_leave() -> Iterator[None]:
    """`factcheck … | head`: the reader left, which is not an error nor a finding (exit 0). Caught
    here, before click turns a broken pipe into exit 1."""
    try:
        yield
    except BrokenPipeError:
        # Later writes (and the interpreter's final flush) must not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0) from None


def _report_failures(report: RunReport | RunTotals) -> None:
    """Unreadable inputs were skipped so the others could be checked; the run still exits 2 (before 1)."""
    for failure in report.failures:
        typer.echo(f"factcheck: error: {failure.message}", err=True)
    if report.failures:
        raise typer.Exit(EXIT_USAGE)


@app.command()
def baseline(
    articles: ArticlesArg,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    date: DateOpt = None,
    window: WindowOpt = None,
    field: FieldOpt = None,
    rules: RulesOpt = None,
    quiet: QuietOpt = None,
    verbose: VerboseOpt = False,
    offline: OfflineOpt = None,
    allow_private_urls: PrivateUrlsOpt = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Baseline file to write (default: the configured baseline, else .factcheck-baseline.json).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check articles and record their current findings as known claims (a baseline file for --baseline)."""
    config = _settings(
        articles, verbose, corpus=corpus, index=index, window=window, fields=field, rules=rules,
        quiet=quiet, offline=offline, baseline=out, **{"allow-private-urls": allow_private_urls},
    )  # fmt: skip
    from factcheck.app import options_from, run
    from factcheck.baseline import DEFAULT_BASELINE, write_baseline

    target = config["baseline"] or Path(DEFAULT_BASELINE)
    options = replace(options_from(config, date=date), baseline=None)  # record every finding, old ones too
    report = run(articles, options)
    _report_failures(report)  # an incomplete baseline would hide nothing of the missing drafts: none
    if not report.checked:
        raise FactcheckError("baseline needs a corpus (--corpus, FACTCHECK_CORPUS or the config file)")
    count = write_baseline(report, target)
    _log().info("%d known claim(s) written to %s", count, target)


@app.command()
def index(
    corpus: Annotated[
        Path | None,
        typer.Argument(help="Corpus folder (or one file) of reports (default: the configured corpus)."),
    ] = None,
    index_dir: IndexOpt = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild from scratch.")] = False,
    field: FieldOpt = None,
    rules: RulesOpt = None,
    quiet: QuietOpt = None,
    verbose: VerboseOpt = False,
    color: ColorOpt = None,
    shards: Annotated[
        int | None,
        typer.Option(
            "--shards",
            min=1,
            max=100,
            help="Partition the index into N shards by document id (PATH/shard-00 …); later runs keep N.",
        ),
    ] = None,
) -> None:
    """Index a corpus (later runs only process new, changed and removed files)."""
    config = _settings(
        None, verbose, corpus=corpus, index=index_dir, fields=field, rules=rules, quiet=quiet, color=color
    )
    from factcheck.app import build_index, options_from

    if config["corpus"] is None:
        raise FactcheckError("no corpus: give one, or set FACTCHECK_CORPUS or corpus in the config file")
    options = replace(options_from(config), shards=shards)
    location, stats = build_index(config["corpus"], options, rebuild=rebuild)
    log = _log()
    skipped = [problem for problem in stats.problems if not problem.kept]
    notes = [problem for problem in stats.problems if problem.kept]
    for problem in skipped[:20]:
        log.warning("skipped %s", problem)
    if len(skipped) > 20:
        log.warning("… and %d more skipped records", len(skipped) - 20)
    for problem in notes[:20]:  # read all the same, but changed: said, like any change to the input
        log.warning("note: %s", problem)
    if len(notes) > 20:
        log.warning("… and %d more notes", len(notes) - 20)
    log.info(
        "indexed %d changed file(s) of %d, removed %d; %d documents, %d passages with facts, "
        "%d skipped%s%s → %s",
        stats.files_indexed, stats.files_seen, stats.files_removed, stats.documents, stats.passages,
        len(skipped), f", {len(notes)} note(s)" if notes else "", _rebuilt(stats), location,
    )  # fmt: skip


def _rebuilt(stats: IndexStats) -> str:
    if not stats.rebuilt:
        return ""
    asked = stats.rebuild_reason in (None, "--rebuild")  # the user knows why
    return " (rebuilt)" if asked else f" (rebuilt: {stats.rebuild_reason})"


@app.command("config")
def config_command(
    path: Annotated[
        Path | None,
        typer.Argument(help="Show the settings that apply to this file or folder (default: here)."),
    ] = None,
    output: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    window: WindowOpt = None,
    field: FieldOpt = None,
    rules: RulesOpt = None,
    bidi: BidiOpt = None,
    color: ColorOpt = None,
    quiet: QuietOpt = None,
    offline: OfflineOpt = None,
    fail_on: FailOnOpt = None,
    baseline: BaselineOpt = None,
) -> None:
    """Print the effective configuration and where each value comes from (default, file, env, flag)."""
    import json

    if output not in ("text", "json"):
        raise FactcheckError(f"--format expects text or json, got {output!r}")
    config = _settings(
        [str(path)] if path is not None else None, False, corpus=corpus, index=index, window=window,
        fields=field, rules=rules, bidi=bidi, color=color, quiet=quiet, offline=offline, baseline=baseline,
        **{"fail-on": fail_on},
    )  # fmt: skip
    if output == "json":
        typer.echo(json.dumps(config.document(), ensure_ascii=False, indent=2))
    else:
        typer.echo(config.text())


@rules_app.command("test")
def rules_test(
    rules: RulesOpt = None, verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False
) -> None:
    """Validate the rule files and run every rule's examples; exit 1 if any fails."""
    from factcheck.rulebook.load import load_rulebook
    from factcheck.rulebook.selftest import run_all

    book = load_rulebook(rules or [])
    results = run_all(book)
    failures = [r for r in results if not r.passed]
    for result in results if verbose else failures:
        mark = "ok  " if result.passed else "FAIL"
        typer.echo(f"{mark} {result.rule}: {result.text!r} expected {result.expected}, found {result.found}")
    typer.echo(f"{len(results) - len(failures)} passed, {len(failures)} failed")
    if failures:
        raise typer.Exit(1)


@rules_app.command("validate")
def rules_validate(rules: RulesOpt = None) -> None:
    """Validate the rule files (file:line errors, exit 2)."""
    from factcheck.rulebook.load import builtin_rules_dir, load_rulebook

    book = load_rulebook(rules or [])
    typer.echo(f"{len(book.files)} rule files valid ({builtin_rules_dir()}), fingerprint {book.fingerprint}")


EvalStanceOpt = Annotated[
    str, typer.Option("--stance", help="The stance comparison: model (as check does by default) or rules.")
]


def _eval_stance_model(stance: str) -> StanceModel | None:
    """The learned model for --stance model (ModelUnavailable, exit 2, if its encoder is missing)."""
    from factcheck.config import STANCE_MODES
    from factcheck.stance.model import load_model

    if stance not in STANCE_MODES:
        raise InputError(f"--stance expects one of {', '.join(STANCE_MODES)}, got {stance!r}")
    return load_model() if stance == "model" else None


@eval_app.command("ans")
def eval_ans(
    file: Annotated[Path, typer.Argument(help="ANS stance CSV (columns s1, s2, stance).")],
    output: Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")] = "text",
    errors: Annotated[int, typer.Option("--errors", help="List the N worst misses.", min=0)] = 0,
    stance: EvalStanceOpt = "model",
    rules: RulesOpt = None,
) -> None:
    """Score the stance comparison `check` uses on an ANS stance file: accuracy, per-class and
    macro F1."""
    import json

    from factcheck.evaluation.ans import evaluate_file, render_text
    from factcheck.rulebook.load import load_rulebook

    if not file.is_file():
        raise InputError(f"{file}: not found")
    report = evaluate_file(file, load_rulebook(rules or []), _eval_stance_model(stance))
    if output == "json":
        typer.echo(json.dumps(report.as_dict(errors), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_text(report, errors))


@eval_app.command("claims")
def eval_claims(
    directory: Annotated[Path, typer.Argument(help="Folder of annotated YAML texts (tests/data/claims).")],
    output: Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")] = "text",
    rules: RulesOpt = None,
) -> None:
    """Score claim extraction against an annotated set: precision, recall, F1 per predicate."""
    import json

    from factcheck.evaluation.report import claim_files, score_claims
    from factcheck.rulebook.load import load_rulebook

    files = claim_files(directory) if directory.is_dir() else []
    if not files:
        raise InputError(f"{directory}: no annotated .yaml files found")
    score = score_claims(directory, load_rulebook(rules or []))
    if output == "json":
        typer.echo(json.dumps(score.as_dict(), ensure_ascii=False, indent=2))
        return
    overall = score.overall
    typer.echo(
        f"{len(files)} files: precision {overall.precision:.3f}, recall {overall.recall:.3f}, "
        f"F1 {overall.f1:.3f}"
    )
    for name, counts in sorted(score.by_predicate.items()):
        typer.echo(f"  {name:<24} P {counts.precision:.3f}  R {counts.recall:.3f}  F1 {counts.f1:.3f}")
    typer.echo(f"speculation leaks: {len(score.speculative_leaks)}")


@eval_app.command("unifiedfc")
def eval_unifiedfc(
    directory: Annotated[
        Path, typer.Argument(help="UnifiedFC's folder (dataset/ and train_test_splits.txt).")
    ],
    folds: Annotated[
        str, typer.Option("--folds", help="Folds whose claims are checked, e.g. 1,2,3.")
    ] = "1,2,3",
    date: Annotated[
        str | None, typer.Option("--date", help="Check every claim as of this day (YYYY-MM-DD).")
    ] = None,
    output: Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")] = "text",
    errors: Annotated[
        int, typer.Option("--errors", help="Print N claims whose verdict is wrong.", min=0)
    ] = 0,
    work_dir: Annotated[
        Path | None,
        typer.Option("--work-dir", help="Where the corpus and its index go (default: the user cache)."),
    ] = None,
    stance: EvalStanceOpt = "model",
    rules: RulesOpt = None,
) -> None:
    """Check UnifiedFC's claims against all its articles as one corpus: coverage, evidence precision,
    recall of agreeing and disagreeing articles, stance, verdict macro-F1 and the all-unverified
    baseline, per fold and together."""
    import json

    from factcheck.app import parse_date
    from factcheck.evaluation.unifiedfc_check import check_all, prepare
    from factcheck.evaluation.unifiedfc_score import measure, render_text
    from factcheck.rulebook.load import load_rulebook
    from factcheck.user_cache import cache_dir

    try:
        wanted = sorted({int(part) for part in folds.split(",") if part.strip()})
    except ValueError:
        raise InputError(f"--folds expects numbers such as 1,2,3, got {folds!r}") from None
    book = load_rulebook(rules or [])
    work = work_dir or cache_dir("unifiedfc")
    dataset = prepare(directory, work, book, wanted)
    outcomes = check_all(dataset, work, book, parse_date(date), model=_eval_stance_model(stance))
    by_fold = {f"fold {fold}": measure([o for o in outcomes if o.claim.fold == fold]) for fold in wanted}
    by_fold["all"] = measure(outcomes)
    if output == "json":
        typer.echo(
            json.dumps({name: m.as_dict() for name, m in by_fold.items()}, ensure_ascii=False, indent=2)
        )
    else:
        typer.echo(render_text(by_fold))
    wrong = [o for o in outcomes if o.verdict != o.claim.gold_verdict][:errors]
    for outcome in wrong:
        typer.echo(f"\n{outcome.claim.id} gold {outcome.claim.gold_verdict}, got {outcome.verdict}", err=True)
        typer.echo(f"  {outcome.claim.text}", err=True)
        for note in outcome.notes:
            typer.echo(f"  {note}", err=True)


_COMMANDS = {"claims", "check", "baseline", "index", "config", "rules", "eval"}


def main() -> None:
    """Entry point: `factcheck ARTICLE` means `factcheck check ARTICLE`; user errors are one line."""
    args = sys.argv[1:]
    if (args and args[0] not in _COMMANDS and not args[0].startswith("-")) or args[:1] == ["-"]:
        args = ["check", *args]
    try:
        app(args=args, prog_name="factcheck")
    except FactcheckError as exc:
        typer.echo(f"factcheck: error: {exc}", err=True)
        sys.exit(exc.exit_code or EXIT_USAGE)
    except BrokenPipeError:  # `factcheck a.txt | head`: the reader left; not an error
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
