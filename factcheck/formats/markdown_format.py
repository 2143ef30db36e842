"""A Markdown report to paste into a ticket or a pull-request comment (GitHub-flavoured tables).

Per article: a heading, a table of claims (line, kind, assertion, figure, verdict, reason), then
the evidence behind each checked claim as a nested list, and the verdict counts; each article's
section is written as soon as it is checked, the run's totals come last. Arabic text stays
in logical order: Markdown viewers run the bidi algorithm themselves."""

from __future__ import annotations

from collections import Counter

from factcheck.formats.figures import figure
from factcheck.formats.findings import same_event_note
from factcheck.formats.stream import StreamRenderer
from factcheck.model import Claim
from factcheck.report import VERDICTS, ClaimsReport, RunHeader, RunTotals
from factcheck.text.controls import escape_controls

_SPECIAL = "\\`*_[]<>|#~"  # characters that would otherwise format or break a table cell


def escape(text: str) -> str:
    """Plain text as Markdown inline text: special characters backslash-escaped, lines joined."""
    escaped = "".join(f"\\{char}" if char in _SPECIAL else char for char in text)
    return "<br>".join(line.strip() for line in escaped.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def code(text: str) -> str:
    """A code span that holds any backticks the text contains."""
    longest = 0
    current = 0
    for char in text:
        current = current + 1 if char == "`" else 0
        longest = max(longest, current)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text.replace(chr(10), ' ')}{pad}{fence}"


def _verdict(report: ClaimsReport, claim: Claim) -> str:
    if not claim.checkable:
        return f"not checkable ({claim.hedge})" if claim.hedge else "not checkable"
    if claim.id in report.suppressed:
        return f"*known ({report.suppressed[claim.id]})*"
    verification = report.verification(claim)
    if verification is None:
        return "not checked"
    return f"**{verification.verdict}** {verification.confidence:.2f}"


def _reason(report: ClaimsReport, claim: Claim) -> str:
    verification = report.verification(claim)
    if not claim.checkable or claim.id in report.suppressed or verification is None:
        return ""
    return escape(verification.reason)


def _kind(claim: Claim) -> str:
    denied = " (denied)" if claim.polarity == "denied" else ""
    return escape(f"{claim.kind}/{claim.predicate}{denied}")


def _table(report: ClaimsReport) -> list[str]:
    rows = [
        "| # | line | kind | assertion | figure | verdict | reason |",
        "|--:|--:|---|---|---|---|---|",
    ]
    for number, claim in enumerate(report.claims, start=1):
        cells = [
            str(number),
            f"{claim.span.line}:{claim.span.column}",
            _kind(claim),
            escape(claim.context),
            escape(figure(claim.quantity)),
            _verdict(report, claim),
            _reason(report, claim),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _evidence(report: ClaimsReport) -> list[str]:
    lines: list[str] = []
    for number, claim in enumerate(report.claims, start=1):
        verification = report.verification(claim)
        if verification is None or claim.id in report.suppressed or not claim.checkable:
            continue
        lines.append(f"- **{number}. {_kind(claim)}**: {verification.verdict}")
        if verification.attribution_check is not None:
            lines.append(f"  - attribution: {escape(verification.attribution_check.reason)}")
        if not verification.evidence:
            lines.append("  - no report in the corpus")
        for evidence in verification.evidence:
            document = evidence.document
            mark = "✔" if evidence.stance == "supports" else "✘"
            where = f"{escape(document.source or '?')}, {escape(document.date or 'no date')}, "
            where += code(document.path)
            notes = ""
            if evidence.copy_of:
                notes += f" (copy of {code(evidence.copy_of)}, counted once)"
            if evidence.from_claimed_source:
                notes += " (the claimed source itself)"
            why = same_event_note(evidence)
            if why:
                notes += f" ({escape(why)})"
            lines.append(f"  - {mark} {evidence.stance}: {where}{notes}: {escape(evidence.reason)}")
            lines.append(f"    - {escape(evidence.snippet)}")
    return lines


def _article_counts(report: ClaimsReport, checked: bool) -> str:
    checkable = [claim for claim in report.claims if claim.checkable]
    if not checked:
        return f"{len(checkable)} checkable claim(s), not checked (no corpus)."
    counts = Counter(
        report.verification(claim).verdict  # type: ignore[union-attr]
        for claim in checkable
        if claim.id not in report.suppressed and report.verification(claim) is not None
    )
    known = sum(claim.id in report.suppressed for claim in checkable)
    text = ", ".join(f"{counts[name]} {name}" for name in VERDICTS)
    return f"{len(checkable)} checkable claim(s): {text}" + (
        f", {known} known (suppressed)." if known else "."
    )


class MarkdownRenderer(StreamRenderer):
    """Each article's section as it is checked; unreadable inputs and the run's totals at the end."""

    # Markdown viewers do bidi and styling themselves (bidi and color are ignored).

    def _write(self, lines: list[str]) -> None:
        # Everything the report shows passes here: no control character reaches a terminal raw.
        self.out.write(escape_controls("".join(line + "\n" for line in lines)))

    def begin(self, header: RunHeader) -> None:
        self.header = header
        self._write(["# factcheck report", ""])

    def article(self, report: ClaimsReport) -> None:
        lines = [f"## {code(report.article.origin)}", ""]
        if report.claims:
            lines += [*_table(report), ""]
        evidence = _evidence(report)
        if evidence:
            lines += ["<details><summary>Evidence</summary>", "", *evidence, "", "</details>", ""]
        self._write([*lines, _article_counts(report, self.header.checked), ""])

    def end(self, totals: RunTotals) -> None:
        lines: list[str] = []
        if totals.failures:
            lines += ["## Inputs not read", ""]
            lines += [f"- {code(failure.origin)}: {escape(failure.message)}" for failure in totals.failures]
            lines.append("")
        self._write([*lines, "---", "", _total(totals, self.header)])


def _total(totals: RunTotals, header: RunHeader) -> str:
    summary = totals.summary(header.checked)
    total = f"{totals.articles} article(s), {summary['claims']} checkable claim(s)"
    if header.checked:
        verdicts = summary["verdicts"]
        total += " checked against " + code(str(header.corpus)) + ": "
        total += ", ".join(f"{verdicts[name]} {name}" for name in VERDICTS)
        if summary["suppressed"]:
            total += f" ({summary['suppressed']} known, suppressed)"
    else:
        total += ", not checked (no corpus)"
    return total + "."
