"""Score claim extraction against annotated texts (YAML: text, claims, not_claims)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from factcheck.extract.document import extract_claims
from factcheck.model import Claim
from factcheck.rulebook.compile import Rulebook

_TOLERANCE = 1e-6


@dataclass
class Counts:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ClaimScore:
    overall: Counts = field(default_factory=Counts)
    by_predicate: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    misses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (file, gold claim)
    extras: list[tuple[str, Claim]] = field(default_factory=list)  # (file, predicted claim)
    speculative_leaks: list[tuple[str, str]] = field(default_factory=list)  # not_claims that produced one

    def as_dict(self) -> dict[str, Any]:
        def row(counts: Counts) -> dict[str, Any]:
            return {
                "precision": round(counts.precision, 4),
                "recall": round(counts.recall, 4),
                "f1": round(counts.f1, 4),
                "true_positive": counts.true_positive,
                "false_positive": counts.false_positive,
                "false_negative": counts.false_negative,
            }

        return {
            **row(self.overall),
            "by_predicate": {name: row(counts) for name, counts in sorted(self.by_predicate.items())},
            "speculative_leaks": len(self.speculative_leaks),
        }


def _same_number(expected: Any, actual: float | None) -> bool:
    return actual is not None and abs(float(expected) - float(actual)) < _TOLERANCE


def matches(gold: dict[str, Any], claim: Claim) -> bool:
    """Predicate, polarity and the figure (each bound the annotation gives) must agree."""
    if gold["predicate"] != claim.predicate or gold.get("polarity", "asserted") != claim.polarity:
        return False
    expected = gold.get("quantity")
    if expected is None:
        return claim.quantity is None
    quantity = claim.quantity
    if quantity is None:
        return False
    checks = [(expected.get(key), getattr(quantity, key)) for key in ("value", "low", "high")]
    if not all(_same_number(want, got) for want, got in checks if want is not None):
        return False
    return expected.get("unit") is None or expected["unit"] == quantity.unit


def score_file(path: Path, book: Rulebook, score: ClaimScore) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    text: str = document["text"]
    predicted = extract_claims(text, book)
    unmatched = list(predicted)
    for gold in document.get("claims", []):
        hit = next((claim for claim in unmatched if matches(gold, claim)), None)
        counts = score.by_predicate[gold["predicate"]]
        if hit is None:
            score.overall.false_negative += 1
            counts.false_negative += 1
            score.misses.append((path.name, gold))
        else:
            unmatched.remove(hit)
            score.overall.true_positive += 1
            counts.true_positive += 1
    for claim in unmatched:
        score.overall.false_positive += 1
        score.by_predicate[claim.predicate].false_positive += 1
        score.extras.append((path.name, claim))
    for phrase in document.get("not_claims", []):
        start = text.index(phrase)
        if any(start <= claim.span.start < start + len(phrase) for claim in predicted):
            score.speculative_leaks.append((path.name, phrase))


def score_directory(files: Iterable[Path], book: Rulebook) -> ClaimScore:
    score = ClaimScore()
    for path in sorted(files):
        score_file(path, book, score)
    return score
