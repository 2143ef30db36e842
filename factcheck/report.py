"""What a run produces, independent of the output format, and its JSON document (the contract)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from factcheck import __version__
from factcheck.model import Claim
from factcheck.sources.base import Article
from factcheck.verify.result import Verification

SCHEMA_VERSION = "2.3"
VERDICTS = ("corroborated", "contested", "unverified")
Suppression = Literal["baseline", "inline"]


@dataclass(frozen=True)
class ClaimsReport:
    """One article: its claims and, when a corpus was checked, their verifications."""

    article: Article
    claims: list[Claim]
    rules_fingerprint: str
    corpus: str | None = None  # None: nothing could be checked
    verifications: dict[str, Verification] | None = None  # claim id → verification, when checked
    suppressed: dict[str, Suppression] = field(default_factory=dict)  # claim id → why it is known

    def verification(self, claim: Claim) -> Verification | None:
        return (self.verifications or {}).get(claim.id)

    def input_document(self) -> dict[str, Any]:
        article = self.article
        return {
            "path": article.origin,
            "sha256": article.sha256,
            "characters": article.characters,
            "date": article.date.isoformat() if article.date else None,
            "date_source": article.date_source,
            "claims": sum(claim.checkable for claim in self.claims),
        }

    def claim_documents(self) -> list[dict[str, Any]]:
        return [self.claim_document(claim) for claim in self.claims]

    def claim_document(self, claim: Claim) -> dict[str, Any]:
        verification = self.verification(claim)
        return {
            "input": self.article.origin,
            **claim.to_dict(),
            # Flat copies of the verdict so `jq '.claims[] | {id, verdict, reason}'` reads naturally.
            "verdict": verification.verdict if verification else None,
            "confidence": verification.confidence if verification else None,
            "reason": verification.reason if verification else None,
            "suppressed": self.suppressed.get(claim.id),
            "verification": verification.to_dict() if verification else None,
        }


@dataclass(frozen=True)
class InputFailure:
    """An input that could not be read; the others are still checked and the run exits 2."""

    origin: str
    message: str


@dataclass(frozen=True)
class RunHeader:
    """What a run knows before its first article: enough for a format to start writing."""

    rules_fingerprint: str
    corpus: str | None = None  # None: nothing is checked
    inputs: int = 0  # articles and failures to come (inputs as named, directories expanded)

    @property
    def checked(self) -> bool:
        return self.corpus is not None


@dataclass
class RunTotals:
    """The little a streaming run keeps of its articles once they are rendered: one entry per input
    (path, sha256, characters, date, claims), the inputs that failed, and counts."""

    inputs: list[dict[str, Any]] = field(default_factory=list)
    failures: list[InputFailure] = field(default_factory=list)
    claims: int = 0  # checkable
    not_checkable: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)  # of checkable claims
    suppressed: int = 0
    unsuppressed_verdicts: Counter[str] = field(default_factory=Counter)  # what --fail-on looks at

    @property
    def articles(self) -> int:
        return len(self.inputs)

    def add(self, report: ClaimsReport) -> None:
        self.inputs.append(report.input_document())
        for claim in report.claims:
            verification = report.verification(claim)
            if claim.checkable:
                self.claims += 1
                self.by_kind[claim.kind] += 1
                if verification is not None:
                    self.verdicts[verification.verdict] += 1
            else:
                self.not_checkable += 1
            self.suppressed += claim.id in report.suppressed
        for claim_id, verification in (report.verifications or {}).items():
            if claim_id not in report.suppressed:
                self.unsuppressed_verdicts[verification.verdict] += 1

    def fail(self, failure: InputFailure) -> None:
        self.failures.append(failure)

    def errors(self) -> list[dict[str, str]]:
        return [{"input": f.origin, "message": f.message} for f in self.failures]

    def summary(self, checked: bool) -> dict[str, Any]:
        """The JSON document's `summary`: the same as `summarize` over every claim of the run."""
        return {
            "claims": self.claims,
            "not_checkable": self.not_checkable,
            "by_kind": dict(sorted(self.by_kind.items())),
            "checked": checked,
            "verdicts": {name: self.verdicts.get(name, 0) for name in VERDICTS},
            "suppressed": self.suppressed,
        }


@dataclass(frozen=True)
class RunReport:
    """Every article of one run, in input order (a whole run in memory: `app.stream` is the
    streaming form the CLI uses; this is for library users and tests)."""

    articles: tuple[ClaimsReport, ...]
    rules_fingerprint: str
    corpus: str | None = None
    failures: tuple[InputFailure, ...] = ()

    @property
    def checked(self) -> bool:
        return self.corpus is not None

    def header(self) -> RunHeader:
        return RunHeader(self.rules_fingerprint, self.corpus, len(self.articles) + len(self.failures))

    def totals(self) -> RunTotals:
        totals = RunTotals()
        for report in self.articles:
            totals.add(report)
        for failure in self.failures:
            totals.fail(failure)
        return totals

    def claim_documents(self) -> list[dict[str, Any]]:
        return [doc for article in self.articles for doc in article.claim_documents()]

    def document(self) -> dict[str, Any]:
        """The JSON document; README "JSON output" and schema/claims.schema.json describe it.

        `claims` comes before `inputs`, `errors` and `summary` so the document can be written as
        the run goes (factcheck.formats.json_format): those three are only known at the end."""
        claims = self.claim_documents()
        return {
            **header_document(self.header()),
            "claims": claims,
            "inputs": [article.input_document() for article in self.articles],
            "errors": [{"input": f.origin, "message": f.message} for f in self.failures],
            "summary": summarize(claims, checked=self.checked),
        }


def header_document(header: RunHeader) -> dict[str, Any]:
    """The keys of the JSON document that come before `claims`."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "factcheck", "version": __version__},
        "rules_fingerprint": header.rules_fingerprint,
        "corpus": header.corpus,
    }


def trailer_document(totals: RunTotals, checked: bool) -> dict[str, Any]:
    """The keys of the JSON document that come after `claims`."""
    return {"inputs": totals.inputs, "errors": totals.errors(), "summary": totals.summary(checked)}


def summarize(claims: list[dict[str, Any]], checked: bool) -> dict[str, Any]:
    checkable = [claim for claim in claims if claim["checkable"]]
    verdicts = Counter(claim["verdict"] for claim in checkable if claim["verdict"])
    return {
        "claims": len(checkable),
        "not_checkable": len(claims) - len(checkable),
        "by_kind": dict(sorted(Counter(claim["kind"] for claim in checkable).items())),
        "checked": checked,
        "verdicts": {name: verdicts.get(name, 0) for name in VERDICTS},
        "suppressed": sum(claim["suppressed"] is not None for claim in claims),
    }
