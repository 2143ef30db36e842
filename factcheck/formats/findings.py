"""What the CI formats (markdown, github, sarif) share: where a claim is and what it amounts to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from factcheck.formats.figures import figure
from factcheck.model import Claim
from factcheck.report import ClaimsReport, RunReport, Suppression
from factcheck.sources.local import STDIN
from factcheck.verify.result import Evidence, Verification

# Level of each verdict in the CI formats; a claim with no verdict (no corpus) is a note.
LEVELS = {"contested": "error", "unverified": "warning", "corroborated": "note", None: "note"}


@dataclass(frozen=True)
class Finding:
    """One claim of one article, located in the draft as written."""

    report: ClaimsReport
    claim: Claim
    verification: Verification | None
    suppressed: Suppression | None

    @property
    def verdict(self) -> str | None:
        return self.verification.verdict if self.verification else None

    @property
    def level(self) -> str:
        return LEVELS[self.verdict]

    @property
    def start(self) -> tuple[int, int]:
        """1-based line and column (Unicode code points) of the claim's first character."""
        return self.claim.span.line, self.claim.span.column

    @property
    def end(self) -> tuple[int, int]:
        """1-based line and column just after the claim's last character (the span is half-open).

        Located from the last character itself: in a Markdown draft the position after it may lie
        past markup that closes the claim (`**4**`)."""
        span = self.claim.span
        if span.end <= span.start:
            return span.line, span.column
        line, column = self.report.article.locate(span.end - 1)
        return line, column + 1

    @property
    def title(self) -> str:
        figure_text = figure(self.claim.quantity)
        denied = " (denied)" if self.claim.polarity == "denied" else ""
        return f"{self.claim.kind}/{self.claim.predicate}{denied}{' ' + figure_text if figure_text else ''}"

    @property
    def reason(self) -> str:
        if self.verification is not None:
            return self.verification.reason
        return "not checked: no corpus (--corpus or FACTCHECK_CORPUS)"


def findings(run: RunReport) -> Iterator[Finding]:
    """Every checkable claim of the run, in input order then text order (suppressed ones included)."""
    for report in run.articles:
        yield from article_findings(report)


def article_findings(report: ClaimsReport) -> Iterator[Finding]:
    """Every checkable claim of one article, in text order (suppressed ones included)."""
    for claim in report.claims:
        if claim.checkable:
            yield Finding(report, claim, report.verification(claim), report.suppressed.get(claim.id))


def is_url(origin: str) -> bool:
    return "://" in origin


def artifact_path(origin: str) -> str:
    """The input as a forward-slash path, relative to the working directory when it lies below it."""
    if origin == STDIN:
        return "stdin"
    if is_url(origin):
        return origin
    path = Path(origin)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    return PurePosixPath(*path.parts).as_posix() if path.parts else origin


def artifact_uri(origin: str) -> str:
    """A URI reference for SARIF: relative paths percent-encoded, absolute ones as file: URIs."""
    path = artifact_path(origin)
    if is_url(origin) or origin == STDIN:
        return path
    if path.startswith("/"):
        return "file://" + quote(path, safe="/")
    return quote(path, safe="/")


_SHARED_SHOWN = 6  # of the claim's rare words a report shares, named in a note


def same_event_note(evidence: Evidence) -> str | None:
    """Why the report is the claim's event, in a few words: the event model's score and the
    claim's rare words it shares (JSON carries the features too)."""
    why = evidence.same_event
    if why is None:
        return None
    words = "، ".join(why.shared_words[:_SHARED_SHOWN]) or "no rare word"
    more = f" +{len(why.shared_words) - _SHARED_SHOWN}" if len(why.shared_words) > _SHARED_SHOWN else ""
    if why.matched_by == "facts":
        return f"same event by its facts (words {why.score:.2f}, shares {words}{more})"
    return f"same event by its words {why.score:.2f}, shares {words}{more}"


def evidence_line(evidence: Evidence) -> str:
    """One line per report: stance, outlet, date, path and why."""
    document = evidence.document
    parts = [evidence.stance, document.source or "?", str(document.date or "no date"), document.path]
    line = " · ".join(parts) + f": {evidence.reason}"
    note = same_event_note(evidence)
    if note:
        line += f" ({note})"
    if evidence.copy_of:
        line += f" (copy of {evidence.copy_of}, counted once)"
    if evidence.from_claimed_source:
        line += " (the claimed source itself)"
    return line
