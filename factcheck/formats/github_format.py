"""GitHub Actions workflow commands: one annotation per checkable claim, on the draft's own line.

`::error` for contested claims, `::warning` for unverified ones, `::notice` for corroborated ones and,
without a corpus, for every claim (so `factcheck claims --format github` marks what a reviewer
should check). Suppressed claims (baseline, `factcheck: ignore`) and claims that are not checkable
emit nothing. An input that could not be read is an `::error` without a location.

Columns are 1-based Unicode code points; `endColumn` is the column of the claim's last character
and is given only when the claim ends on the line it starts on (GitHub ignores it otherwise)."""

from __future__ import annotations

from factcheck.formats.findings import Finding, article_findings, artifact_path, evidence_line, is_url
from factcheck.formats.stream import StreamRenderer
from factcheck.report import ClaimsReport, RunTotals
from factcheck.sources.local import STDIN
from factcheck.text.controls import escape_controls

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}
_EVIDENCE_SHOWN = 5


def escape_data(text: str) -> str:
    """The message of a workflow command (GitHub's escapeData); control characters as escapes."""
    return escape_controls(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (GitHub's escapeProperty): also `:` and `,`, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str | int], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _properties(finding: Finding) -> dict[str, str | int]:
    origin = finding.report.article.origin
    verdict = finding.verdict or "not checked"
    properties: dict[str, str | int] = {}
    if origin != STDIN and not is_url(origin):
        (line, column), (end_line, end_column) = finding.start, finding.end
        properties.update(file=artifact_path(origin), line=line, col=column, endLine=end_line)
        if end_line == line and end_column > column:
            properties["endColumn"] = end_column - 1  # inclusive: the claim's last character
    properties["title"] = f"factcheck: {verdict}: {finding.title}"
    return properties


def _message(finding: Finding) -> str:
    lines = [finding.reason, f"claim: {finding.claim.context}"]
    if finding.report.article.origin == STDIN or is_url(finding.report.article.origin):
        lines.append(f"at {finding.report.article.origin}:{finding.start[0]}:{finding.start[1]}")
    if finding.verification is not None:
        evidence = finding.verification.evidence
        lines.extend(f"- {evidence_line(item)}" for item in evidence[:_EVIDENCE_SHOWN])
        if len(evidence) > _EVIDENCE_SHOWN:
            lines.append(f"- … and {len(evidence) - _EVIDENCE_SHOWN} more report(s)")
    return "\n".join(lines)


class GithubRenderer(StreamRenderer):
    """Annotations as each article is checked; unreadable inputs at the end."""

    # GitHub renders annotations itself: logical order, no escape sequences (bidi, color ignored).

    def article(self, report: ClaimsReport) -> None:
        for finding in article_findings(report):
            if finding.suppressed is None:
                self.out.write(
                    command(_COMMAND[finding.level], _properties(finding), _message(finding)) + "\n"
                )

    def end(self, totals: RunTotals) -> None:
        for failure in totals.failures:
            self.out.write(command("error", {"title": "factcheck: input not read"}, failure.message) + "\n")
