"""The command line: a thin typer layer over factcheck.app.

Heavy imports (camel-tools, rich, pydantic, tantivy) happen inside the commands, so
`factcheck --help` starts fast."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factcheck import __version__
from factcheck.errors import EXIT_FINDINGS, EXIT_USAGE, FactcheckError
from factcheck.formats.display import BidiMode

if TYPE_CHECKING:
    from factcheck.report import RunReport

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
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="Output format: rich or json.")]
RulesOpt = Annotated[
    list[Path] | None, typer.Option("--rules", help="Extra rules directory (repeatable).", show_default=False)
]
BidiOpt = Annotated[
    BidiMode,
    typer.Option(
        help="Arabic display: visual reorders for terminals without bidi; logical leaves text as is."
    ),
]
AllOpt = Annotated[
    bool, typer.Option("--all", help="Also show speculation and opinion, marked not checkable.")
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colours (NO_COLOR is honoured too).")]
CorpusOpt = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        help="Corpus folder or file to check against (default: $FACTCHECK_CORPUS).",
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
WindowOpt = Annotated[int, typer.Option("--window", help="Days around --date in which reports count.", min=0)]
FieldOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--field", help="Map a corpus field: text=content, date=published … (repeatable).", show_default=False
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
FailOnOpt = Annotated[
    str,
    typer.Option(
        "--fail-on",
        help="Exit 1 when a verdict is at or above this: contested, unverified (or contested), never.",
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


@app.command()
def claims(
    articles: ArticlesArg,
    output: FormatOpt = "rich",
    rules: RulesOpt = None,
    bidi: BidiOpt = BidiMode.auto,
    all_: AllOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """List the checkable assertions of Arabic articles."""
    from factcheck.app import Options, render, run

    options = Options(output, rules or [], bidi, all_, not no_color)
    report = run(articles, options, verify=False)
    render(report, options)
    _report_failures(report)


@app.command()
def check(
    articles: ArticlesArg,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    date: DateOpt = None,
    window: WindowOpt = 30,
    field: FieldOpt = None,
    output: FormatOpt = "rich",
    rules: RulesOpt = None,
    bidi: BidiOpt = BidiMode.auto,
    all_: AllOpt = False,
    no_color: NoColorOpt = False,
    quiet: QuietOpt = False,
    fail_on: FailOnOpt = "contested",
) -> None:
    """Check articles' assertions against a corpus: corroborated, contested or unverified."""
    from factcheck.app import Options, findings, parse_date, parse_fields, render, run, validate_fail_on

    validate_fail_on(fail_on)  # before any work

    options = Options(
        output, rules or [], bidi, all_, not no_color, corpus, index, parse_date(date), window,
        parse_fields(field or []), quiet,
    )  # fmt: skip
    report = run(articles, options)
    render(report, options)
    if not report.checked:
        count = sum(claim.checkable for article in report.articles for claim in article.claims)
        typer.echo(
            f"factcheck: no corpus configured (--corpus or FACTCHECK_CORPUS): "
            f"none of {count} assertion(s) could be checked.",
            err=True,
        )
    _report_failures(report)
    if findings(report, fail_on):
        raise typer.Exit(EXIT_FINDINGS)


def _report_failures(report: RunReport) -> None:
    """Unreadable inputs were skipped so the others could be checked; the run still exits 2."""
    for failure in report.failures:
        typer.echo(f"factcheck: error: {failure.message}", err=True)
    if report.failures:
        raise typer.Exit(EXIT_USAGE)


@app.command()
def index(
    corpus: Annotated[Path, typer.Argument(help="Corpus folder (or one file) of reports.")],
    index_dir: IndexOpt = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild from scratch.")] = False,
    field: FieldOpt = None,
    rules: RulesOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Index a corpus (later runs only process new, changed and removed files)."""
    from factcheck.app import Options, build_index, parse_fields

    options = Options(rules=rules or [], index=index_dir, fields=parse_fields(field or []), quiet=quiet)
    location, stats = build_index(corpus, options, rebuild=rebuild)
    for problem in stats.problems[:20]:
        typer.echo(f"factcheck: skipped {problem}", err=True)
    if len(stats.problems) > 20:
        typer.echo(f"factcheck: … and {len(stats.problems) - 20} more skipped records", err=True)
    typer.echo(
        f"factcheck: indexed {stats.files_indexed} changed file(s) of {stats.files_seen}, "
        f"removed {stats.files_removed}; {stats.documents} documents, {stats.passages} passages with facts, "
        f"{len(stats.problems)} skipped{' (rebuilt)' if stats.rebuilt else ''} → {location}",
        err=True,
    )


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


@eval_app.command("ans")
def eval_ans(
    file: Annotated[Path, typer.Argument(help="ANS stance CSV (columns s1, s2, stance).")],
    output: Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")] = "text",
    errors: Annotated[int, typer.Option("--errors", help="List the N worst misses.", min=0)] = 0,
    rules: RulesOpt = None,
) -> None:
    """Score the stance comparison on an ANS stance file: accuracy, per-class and macro F1."""
    import json

    from factcheck.evaluation.ans import evaluate_file, render_text
    from factcheck.rulebook.load import load_rulebook

    if not file.is_file():
        raise typer.BadParameter(f"{file} not found", param_hint="FILE")
    report = evaluate_file(file, load_rulebook(rules or []))
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

    from factcheck.evaluation.claims import score_directory
    from factcheck.evaluation.report import claim_files
    from factcheck.rulebook.load import load_rulebook

    files = claim_files(directory) if directory.is_dir() else []
    if not files:
        raise typer.BadParameter(f"no annotated .yaml files in {directory}", param_hint="DIRECTORY")
    score = score_directory(files, load_rulebook(rules or []))
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


_COMMANDS = {"claims", "check", "index", "rules", "eval"}


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
