"""The terminal report of a checked article: each claim with its verdict, reason and evidence."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.text import Text

from factcheck.formats.display import BidiMode, for_display
from factcheck.formats.figures import figure
from factcheck.formats.findings import same_event_note
from factcheck.model import Claim
from factcheck.report import ClaimsReport
from factcheck.text.controls import escape_controls
from factcheck.verify.result import Evidence, Verification

VERDICT_STYLE = {"corroborated": "bold green", "contested": "bold red", "unverified": "bold yellow"}
_MARK = {"supports": ("✔", "green"), "contradicts": ("✘", "red")}
_SNIPPET_REACH = 70  # characters kept either side of the matching fact


def _snippet(evidence: Evidence, bidi: BidiMode) -> Text:
    """The passage around the matching fact, the fact highlighted (located after reordering)."""
    text = evidence.snippet
    start = max(0, evidence.match_start - _SNIPPET_REACH)
    end = min(len(text), evidence.match_end + _SNIPPET_REACH)
    excerpt = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    shown = for_display(excerpt, bidi)
    rendered = Text(shown)
    needle = for_display(evidence.match, bidi)
    at = shown.find(needle)
    if at >= 0 and needle:
        rendered.stylize("bold yellow", at, at + len(needle))
    return rendered


def _evidence_line(evidence: Evidence, bidi: BidiMode) -> Text:
    mark, colour = _MARK[evidence.stance]
    document = evidence.document
    line = Text(f"    {mark} ", style=colour)
    line.append(for_display(document.source or "?", bidi), style="bold")
    path = escape_controls(document.path)  # a corpus file's name, as the file system has it
    line.append(f" · {document.date or 'no date'} · {path} [{document.id}]", style="dim")
    if evidence.copy_of:
        line.append(f" · copy of {evidence.copy_of}, counted once", style="dim italic")
    if evidence.from_claimed_source:
        line.append(" · the claimed source itself", style="dim italic")
    line.append(f"\n      {evidence.reason}: ", style=colour)
    line.append_text(_snippet(evidence, bidi))
    note = same_event_note(evidence)
    if note:
        line.append(f"\n      {for_display(note, bidi)}", style="dim")
    return line


def _header(number: int, claim: Claim, verification: Verification | None, bidi: BidiMode) -> Text:
    header = Text(f"{number:>3}. ", style="dim")
    if verification is not None:
        header.append(f"{verification.verdict.upper()}", style=VERDICT_STYLE[verification.verdict])
        header.append(f" {verification.confidence:.2f}  ", style="dim")
    else:
        header.append("NOT CHECKABLE  ", style="dim")
    header.append(f"{claim.kind}/{claim.predicate}", style="bold")
    if claim.polarity == "denied":
        header.append(" (denied)", style="italic yellow")
    if claim.quantity:
        header.append(f"  {figure(claim.quantity)}", style="bold yellow")
    header.append(f"  line {claim.span.line}:{claim.span.column}\n     ", style="dim")
    header.append(for_display(claim.context, bidi))
    return header


def render_checked(report: ClaimsReport, console: Console, bidi: BidiMode) -> None:
    corpus = escape_controls(report.corpus or "")
    console.print(Text(f"factcheck: {report.article.origin} against {corpus}", style="bold"))
    for number, claim in enumerate(report.claims, start=1):
        verification = report.verification(claim)
        if claim.id in report.suppressed:
            why = report.suppressed[claim.id]
            console.print(Text(f"  {number}. known claim ({why}), not reported", style="dim"))
            continue
        console.print(_header(number, claim, verification, bidi))
        attribution = claim.attribution
        if attribution and (attribution.source or attribution.source_text):
            speaker = attribution.source.name if attribution.source else attribution.source_text or ""
            console.print(
                Text(f"     said by: {for_display(speaker, bidi)} ({attribution.verb_class})", style="dim")
            )
        if verification is None:
            continue
        console.print(
            Text(
                f"     {verification.reason}", style=VERDICT_STYLE[verification.verdict].replace("bold ", "")
            )
        )
        if verification.attribution_check:
            console.print(Text(f"     attribution: {verification.attribution_check.reason}", style="cyan"))
        for evidence in verification.evidence:
            console.print(_evidence_line(evidence, bidi))
    counts = Counter(v.verdict for v in (report.verifications or {}).values())
    console.print(
        Text(
            f"{counts['corroborated']} corroborated, {counts['contested']} contested, "
            f"{counts['unverified']} unverified",
            style="bold",
        )
    )
