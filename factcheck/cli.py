"""The command line: a thin layer over extraction and the output formats.

Heavy imports (camel-tools, rich, pydantic) happen inside the commands, so `factcheck --help`
starts fast."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from factcheck import __version__
from factcheck.errors import EXIT_USAGE, FactcheckError
from factcheck.formats.display import BidiMode

app = typer.Typer(
    help="Fact-checking assistant for Arabic news: lists an article's checkable assertions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="Inspect and test the rule files.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

ArticleArg = Annotated[str, typer.Argument(help="Article file, or - for standard input.", metavar="ARTICLE")]
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


def _emit_claims(
    article: str, output: str, rules: list[Path] | None, bidi: BidiMode, all_: bool, no_color: bool
):
    from factcheck.extract.document import extract_claims
    from factcheck.formats import FORMAT_NAMES, renderer
    from factcheck.formats.display import resolve
    from factcheck.report import ClaimsReport
    from factcheck.rulebook.load import load_rulebook
    from factcheck.sources.local import source_for

    if output not in FORMAT_NAMES:
        raise FactcheckError(f"unknown format {output!r} (choose from {', '.join(FORMAT_NAMES)})")
    book = load_rulebook(rules or [])
    loaded = source_for(article).read()
    claims = extract_claims(loaded.text, book, include_uncheckable=all_)
    report = ClaimsReport(loaded, claims, book.fingerprint)
    mode = resolve(bidi, sys.stdout.isatty())
    renderer(output)(report, sys.stdout, mode, not no_color)
    return report


@app.command()
def claims(
    article: ArticleArg,
    output: FormatOpt = "rich",
    rules: RulesOpt = None,
    bidi: BidiOpt = BidiMode.auto,
    all_: AllOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """List the checkable assertions of an Arabic article."""
    _emit_claims(article, output, rules, bidi, all_, no_color)


@app.command()
def check(
    article: ArticleArg,
    output: FormatOpt = "rich",
    rules: RulesOpt = None,
    bidi: BidiOpt = BidiMode.auto,
    all_: AllOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Check an article's assertions against a corpus (none configured yet: lists them)."""
    report = _emit_claims(article, output, rules, bidi, all_, no_color)
    count = sum(claim.checkable for claim in report.claims)
    typer.echo(f"factcheck: no corpus configured: none of {count} assertion(s) could be checked.", err=True)


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


_COMMANDS = {"claims", "check", "rules"}


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
