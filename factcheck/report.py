"""What a run produces, independent of the output format, and its JSON document (the contract)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from factcheck import __version__
from factcheck.model import Claim
from factcheck.sources.base import Article
from factcheck.verify.result import Verification

SCHEMA_VERSION = "2.0"
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
            "sha256": hashlib.sha256(article.text.encode("utf-8")).hexdigest(),
            "characters": len(article.text),
            "date": article.date.isoformat() if article.date else None,
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
class RunReport:
    """Every article of one run, in input order."""

    articles: tuple[ClaimsReport, ...]
    rules_fingerprint: str
    corpus: str | None = None
    failures: tuple[InputFailure, ...] = ()

    @property
    def checked(self) -> bool:
        return self.corpus is not None

    def claim_documents(self) -> list[dict[str, Any]]:
        return [doc for article in self.articles for doc in article.claim_documents()]

    def document(self) -> dict[str, Any]:
        """The JSON document; README "JSON output" and schema/claims.schema.json describe it."""
        claims = self.claim_documents()
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "factcheck", "version": __version__},
            "rules_fingerprint": self.rules_fingerprint,
            "corpus": self.corpus,
            "inputs": [article.input_document() for article in self.articles],
            "errors": [{"input": f.origin, "message": f.message} for f in self.failures],
            "claims": claims,
            "summary": summarize(claims, checked=self.checked),
        }


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
