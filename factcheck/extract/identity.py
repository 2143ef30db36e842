"""Stable claim ids and check-worthiness scores."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

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


_OPEN_EVENT_WEIGHT = 0.5  # an event the lexicon does not name: no structure to compare but its words
_PER_NAMED = 0.05  # each gazetteer party or place, up to _NAMED_CAP
_NAMED_CAP = 0.1
_PER_UNRESOLVED = 0.03  # each named party the gazetteer lacks, up to _UNRESOLVED_CAP
_UNRESOLVED_CAP = 0.06
_TIME = 0.05
_GENERIC = 0.2  # no figure, no party, no time: "تشهد المنطقة قصفا عنيفا" can hardly be checked


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a claim names that a fact-checker can look up."""

    named: int = 0  # gazetteer actors and place
    unresolved: int = 0  # named parties the gazetteer lacks
    time: bool = False  # a date or time phrase
    open_event: bool = False  # an open-vocabulary event (rules/events.yaml), not a lexicon predicate


def check_worthiness(
    kind: str,
    quantity: Quantity | None,
    attributed: bool,
    checkable: bool,
    weak: bool,
    evidence: Evidence = Evidence(),
) -> float:
    """0 for speculation; otherwise the kind's weight, raised by a figure, named parties, a time
    and a named source, lowered for weak events and for statements that name nothing."""
    if not checkable:
        return 0.0
    score = _OPEN_EVENT_WEIGHT if evidence.open_event else _KIND_WEIGHT.get(kind, 0.6)
    if quantity is not None:
        score += 0.05 if quantity.bound == "exact" else 0.03
    if attributed:
        score += 0.05
    if weak:
        score -= 0.15
    score += min(evidence.named * _PER_NAMED, _NAMED_CAP)
    score += min(evidence.unresolved * _PER_UNRESOLVED, _UNRESOLVED_CAP)
    if evidence.time:
        score += _TIME
    if quantity is None and not evidence.named and not evidence.unresolved and not evidence.time:
        score -= _GENERIC
    return round(min(max(score, 0.05), 1.0), 2)
