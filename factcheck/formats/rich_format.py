"""The terminal report: a rich table of claims with each figure highlighted, article by article as
each is checked."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from factcheck.formats.display import BidiMode, for_display
from factcheck.formats.figures import figure
from factcheck.formats.stream import EscapingWriter, StreamRenderer
from factcheck.model import Claim
from factcheck.report import ClaimsReport, RunHeader, RunTotals

_KIND_STYLE = {"casualties": "bold red", "distance": "cyan", "deployment": "magenta", "denial": "yellow"}


def _highlight(rendered: Text, text: str, part: str, bidi: BidiMode, style: str) -> None:
    # In visual mode reordering moves things: look for the reordered part in the reordered text.
    needle = for_display(part, bidi)
    at = text.find(needle)
    if at >= 0 and needle:
        rendered.stylize(style, at, at + len(needle))


def _assertion(claim: Claim, bidi: BidiMode) -> Text:
    """The claim in its context, its core in bold and its figure in yellow."""
    text = for_display(claim.context, bidi)
    rendered = Text(text)
    _highlight(rendered, text, claim.text, bidi, "bold")
    if claim.quantity is not None:
        _highlight(rendered, text, claim.quantity.text, bidi, "bold yellow")
    if claim.polarity == "denied":
        rendered.append("  (denied)", style="italic yellow")
    if not claim.checkable:
        rendered.stylize("dim")
    return rendered


def _source(claim: Claim, bidi: BidiMode) -> str:
    attribution = claim.attribution
    if attribution is None:
        return ""
    name = attribution.source.name if attribution.source else attribution.source_text or ""
    return for_display(name, bidi)


class RichRenderer(StreamRenderer):
    """Each article's report as it is checked; with several inputs, a rule names each and the run's
    totals come last."""

    def begin(self, header: RunHeader) -> None:
        # Checked reports print long evidence lines: soft wrap keeps each line whole, so a terminal
        # with bidi support reorders it as one paragraph.
        # No colour means no escape sequences at all (bold and dim too), not just no colours.
        self.console = Console(
            file=self.out, no_color=not self.color, color_system="auto" if self.color else None,
            highlight=False, soft_wrap=header.checked,
        )  # fmt: skip
        if self.console.color_system is None:  # rich writes no escapes itself: show any given as text
            self.console.file = EscapingWriter(self.out)  # type: ignore[assignment]
        self.header = header
        self.several = header.inputs > 1
        self.number = 0

    def article(self, report: ClaimsReport) -> None:
        self.number += 1
        if self.several:  # a rule names each article, so several reports read apart
            label = f"{self.number}/{self.header.inputs}  {report.article.origin}"
            self.console.rule(Text(label, style="bold"))
        if report.verifications is not None:
            from factcheck.formats.rich_checked import render_checked

            render_checked(report, self.console, self.bidi)
        else:
            _render_claims(report, self.console, self.bidi)

    def end(self, totals: RunTotals) -> None:
        if not self.several:
            return
        self.console.rule()
        summary = totals.summary(self.header.checked)
        verdicts = summary["verdicts"]
        line = f"{totals.articles} articles, {summary['claims']} checkable assertion(s)"
        if self.header.checked:
            line += (
                f": {verdicts['corroborated']} corroborated, {verdicts['contested']} contested, "
                f"{verdicts['unverified']} unverified"
            )
        self.console.print(line, style="bold")


def _render_claims(report: ClaimsReport, console: Console, bidi: BidiMode) -> None:
    table = Table(title=f"factcheck: {report.article.origin}", show_lines=False, expand=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("line", justify="right", style="dim")
    table.add_column("kind")
    table.add_column("assertion", overflow="fold", ratio=3)
    table.add_column("figure", no_wrap=True)
    table.add_column("source", overflow="fold", ratio=1)
    for number, claim in enumerate(report.claims, start=1):
        kind = claim.kind if claim.checkable else f"{claim.kind} (not checkable: {claim.hedge})"
        known = report.suppressed.get(claim.id)
        if known:
            kind += f" (known: {known})"
        table.add_row(
            str(number),
            f"{claim.span.line}:{claim.span.column}",
            Text(kind, style=_KIND_STYLE.get(claim.kind, "")),
            _assertion(claim, bidi),
            figure(claim.quantity),
            _source(claim, bidi),
            style="dim" if known else None,
        )
    console.print(table)
    checkable = sum(claim.checkable for claim in report.claims)
    console.print(f"{checkable} checkable assertion(s).", style="bold")
