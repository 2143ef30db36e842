"""SARIF 2.1.0 for code scanning (GitHub's upload-sarif and any SARIF viewer).

One run; one rule per verdict (`factcheck/contested`, `factcheck/unverified`,
`factcheck/corroborated`, and `factcheck/unchecked` for claims checked against no corpus), so
code scanning groups and filters by verdict; the claim's kind is a property and a tag. Levels:
contested → error, unverified → warning, corroborated and unchecked → note. Claims that are not
checkable (`--all`) are left out. Suppressed claims stay in the log with a `suppressions` entry
(`external` for the baseline, `inSource` for `factcheck: ignore`), so code scanning closes their
alerts instead of forgetting them. `partialFingerprints.claimId/v1` is the claim's stable id
(derived from its content, not its position), so an alert follows its claim across edits.

Regions: 1-based lines and columns in Unicode code points (`run.columnKind` says so);
`endColumn` is the column just after the claim (SARIF's end is exclusive). For Markdown and
HTML drafts the lines are the draft's own.

Written as the run goes: `results` one by one as each article is checked, then `invocations`
(whether every input was read), which only the end of the run knows."""

from __future__ import annotations

from typing import Any

from factcheck import __version__
from factcheck.formats.figures import figure
from factcheck.formats.findings import (
    LEVELS,
    Finding,
    article_findings,
    artifact_uri,
    evidence_line,
    findings,
)
from factcheck.formats.stream import STREAMED, JsonArrayStream, StreamRenderer
from factcheck.report import ClaimsReport, InputFailure, RunHeader, RunReport, RunTotals

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# The project has no public home yet; the same placeholder domain as schema/claims.schema.json's $id.
INFORMATION_URI = "https://factcheck.invalid/"
FINGERPRINT = "claimId/v1"

_RULES = (
    (
        "contested",
        "Claim contested by the corpus",
        "At least one independent report in the corpus contradicts the claim (figure, polarity, "
        "actor or place). Both sides are listed in the result's evidence.",
    ),
    (
        "unverified",
        "Claim not confirmed by the corpus",
        "No independent report in the corpus confirms or contradicts the claim. This is not a "
        "judgement that it is false: the corpus says nothing about it.",
    ),
    (
        "corroborated",
        "Claim corroborated by the corpus",
        "At least one independent report agrees with the claim and none contradicts it.",
    ),
    (
        "unchecked",
        "Checkable claim, not checked",
        "A checkable assertion (figure, event, denial, accusation …). No corpus was given "
        "(--corpus or FACTCHECK_CORPUS), so it was not checked.",
    ),
)
_RULE_INDEX = {name: index for index, (name, _, _) in enumerate(_RULES)}
_SUPPRESSION = {
    "baseline": ("external", "a known claim, listed in the --baseline file"),
    "inline": ("inSource", "the draft marks this line `factcheck: ignore`"),
}


def _rules() -> list[dict[str, Any]]:
    level = {name: LEVELS.get(name, "note") for name, _, _ in _RULES}
    return [
        {
            "id": f"factcheck/{name}",
            "name": name.capitalize() + "Claim",
            "shortDescription": {"text": short},
            "fullDescription": {"text": full},
            "help": {"text": full},
            "defaultConfiguration": {"level": level[name]},
            "properties": {"tags": ["fact-check", name]},
        }
        for name, short, full in _RULES
    ]


def _result(finding: Finding) -> dict[str, Any]:
    claim, verification = finding.claim, finding.verification
    rule = finding.verdict or "unchecked"
    (line, column), (end_line, end_column) = finding.start, finding.end
    properties: dict[str, Any] = {
        "kind": claim.kind,
        "predicate": claim.predicate,
        "polarity": claim.polarity,
        "figure": figure(claim.quantity) or None,
        "claim": claim.text,
        "confidence": verification.confidence if verification else None,
        "tags": sorted({"fact-check", claim.kind}),
    }
    if verification is not None:
        properties.update(
            independentSupport=verification.independent_support,
            independentContradiction=verification.independent_contradiction,
            evidence=[evidence_line(item) for item in verification.evidence],
        )
    result: dict[str, Any] = {
        "ruleId": f"factcheck/{rule}",
        "ruleIndex": _RULE_INDEX[rule],
        "level": finding.level,
        "message": {"text": f"{finding.reason} — {claim.context}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(finding.report.article.origin)},
                    "region": {
                        "startLine": line,
                        "startColumn": column,
                        "endLine": end_line,
                        "endColumn": end_column,
                        "snippet": {"text": claim.text},
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: claim.id},
        "properties": properties,
    }
    if finding.suppressed is not None:
        kind, justification = _SUPPRESSION[finding.suppressed]
        result["suppressions"] = [{"kind": kind, "status": "accepted", "justification": justification}]
    return result


def _invocation(failures: list[InputFailure] | tuple[InputFailure, ...]) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not failures}
    if failures:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": failure.message}} for failure in failures
        ]
    return invocation


def _log(header: RunHeader, results: Any, invocation: dict[str, Any] | None) -> dict[str, Any]:
    """The log; `results` comes before `invocations`, which is only known at the end of the run."""
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "factcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": _rules(),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "invocations": [invocation],
                "properties": {"corpus": header.corpus, "rulesFingerprint": header.rules_fingerprint},
            }
        ],
    }


def sarif_log(run: RunReport) -> dict[str, Any]:
    """The whole log of a run held in memory (the renderer writes the same one as the run goes)."""
    return _log(run.header(), [_result(finding) for finding in findings(run)], _invocation(run.failures))


class SarifRenderer(StreamRenderer):
    """Results as each article is checked; the invocation (failures) at the end."""

    # Data: always logical order, never coloured (bidi and color are ignored).

    def begin(self, header: RunHeader) -> None:
        self.header = header
        self.stream = JsonArrayStream(self.out)
        self.stream.begin(_log(header, STREAMED, None))

    def article(self, report: ClaimsReport) -> None:
        for finding in article_findings(report):
            self.stream.add(_result(finding))

    def end(self, totals: RunTotals) -> None:
        self.stream.end(_log(self.header, STREAMED, _invocation(totals.failures)))
