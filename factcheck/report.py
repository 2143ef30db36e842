"""What a run produces, independent of the output format, and its JSON document (the contract)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from factcheck import __version__
from factcheck.model import Claim
from factcheck.sources.base import Article

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class ClaimsReport:
    article: Article
    claims: list[Claim]
    rules_fingerprint: str
    corpus: str | None = None  # None: nothing could be checked yet

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
            "claims": [claim.to_dict() for claim in self.claims],
            "summary": {
                "claims": len(checkable),
                "not_checkable": len(self.claims) - len(checkable),
                "by_kind": dict(sorted(Counter(claim.kind for claim in checkable).items())),
                "checked": self.corpus is not None,
            },
        }
