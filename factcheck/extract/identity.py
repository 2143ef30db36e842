"""Stable claim ids and check-worthiness scores."""

from __future__ import annotations

import hashlib
import json

from factcheck.model import Claim, Quantity
from factcheck.text.normalize import normalize_text

# How much a fact-checker gains by checking a claim of this kind: casualty figures first.
_KIND_WEIGHT = {
    "casualties": 0.9,
    "deployment": 0.8,
    "distance": 0.75,
    "damage": 0.75,
    "count": 0.7,
    "vote": 0.7,
    "accusation": 0.65,
    "control": 0.65,
    "event": 0.6,
    "denial": 0.6,
}


def claim_id(claim: Claim) -> str:
    """Derived from what the claim says, not where it stands, so CI can track it across edits."""
    quantity = claim.quantity
    basis = [
        claim.rule,
        claim.predicate,
        claim.polarity,
        [quantity.value, quantity.low, quantity.high, quantity.unit] if quantity else None,
        sorted(actor.id for actor in claim.actors),
        normalize_text(claim.sentence),
    ]
    digest = hashlib.sha1(json.dumps(basis, ensure_ascii=False).encode("utf-8")).hexdigest()
    return "c" + digest[:12]


def check_worthiness(
    kind: str, quantity: Quantity | None, attributed: bool, checkable: bool, weak: bool
) -> float:
    """0 for speculation; otherwise the kind's weight, more for a figure and a named source."""
    if not checkable:
        return 0.0
    score = _KIND_WEIGHT.get(kind, 0.6)
    if quantity is not None:
        score += 0.05 if quantity.bound == "exact" else 0.03
    if attributed:
        score += 0.05
    if weak:
        score -= 0.15
    return round(min(score, 1.0), 2)
