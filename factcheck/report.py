"""What a run produces, independent of the output format, and its JSON document (the contract)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from factcheck import __version__
from factcheck.model import Claim
from factcheck.sources.base import Article
from factcheck.verify.result import Verification

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class ClaimsReport:
    article: Article
    claims: list[Claim]
    rules_fingerprint: str
    corpus: str | None = None  # None: nothing could be checked
    verifications: dict[str, Verification] | None = None  # claim id → verification, when checked

    def verification(self, claim: Claim) -> Verification | None:
        return (self.verifications or {}).get(claim.id)

    def document(self) -> dict[str, Any]:
        """The JSON document; README "JSON output" and schema/claims.schema.json describe it."""
        checkable = [claim for claim in self.claims if claim.checkable]
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "factcheck", "version": __version__},
            "rules_fingerprint": self.rules_fingerprint,
            "input": {
                "path": self.article.origin,
                "sha256": hashlib.sha256(self.article.text.encode("utf-8")).hexdigest(),
                "characters": len(self.article.text),
            },
            "corpus": self.corpus,
            "claims": [self._claim_document(claim) for claim in self.claims],
            "summary": {
                "claims": len(checkable),
                "not_checkable": len(self.claims) - len(checkable),
                "by_kind": dict(sorted(Counter(claim.kind for claim in checkable).items())),
                "checked": self.corpus is not None,
                "verdicts": self._verdict_counts(),
            },
        }

    def _claim_document(self, claim: Claim) -> dict[str, Any]:
        verification = self.verification(claim)
        return {**claim.to_dict(), "verification": verification.to_dict() if verification else None}

    def _verdict_counts(self) -> dict[str, int]:
        counts = Counter(v.verdict for v in (self.verifications or {}).values())
        return {name: counts.get(name, 0) for name in ("corroborated", "contested", "unverified")}
