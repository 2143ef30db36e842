"""Run every rule's own examples (`factcheck rules test` and the test suite)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from factcheck.extract.analysis import analyse
from factcheck.extract.document import extract_claims
from factcheck.model import Claim
from factcheck.rulebook.compile import ExpectedFigure, Rulebook
from factcheck.text.segment import segment

_TOLERANCE = 1e-6


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    text: str
    expected: str
    passed: bool
    found: str


def _describe(claims: list[Claim]) -> str:
    parts = []
    for claim in claims:
        q = claim.quantity
        figure = f" {q.value}/{q.low}/{q.high} {q.unit}" if q else ""
        parts.append(f"{claim.predicate}({claim.polarity}{figure})")
    return ", ".join(parts) or "no claim"


def _quantity_matches(expected: ExpectedFigure, claim: Claim) -> bool:
    q = claim.quantity
    if q is None:
        return False
    for key in ("value", "low", "high"):
        want = getattr(expected, key)
        got = getattr(q, key)
        if want is not None and (got is None or abs(float(want) - float(got)) > _TOLERANCE):
            return False
    return expected.unit is None or expected.unit == q.unit


def _figure_label(expect: ExpectedFigure) -> str:
    """The expected figure as compact JSON without empty fields: {"value":4.0,"unit":"person"}."""
    fields = {key: value for key, value in asdict(expect).items() if value is not None}
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def run_predicate_examples(book: Rulebook) -> list[ExampleResult]:
    results = []
    for rule in book.predicate_rules:
        for example in rule.examples:
            claims = [c for c in extract_claims(example.text, book) if c.predicate == rule.predicate]
            expect = example.expect
            if expect == "none":
                passed = not claims
            elif expect == "claim":
                passed = any(c.polarity == "asserted" for c in claims)
            elif expect == "denied":
                passed = any(c.polarity == "denied" for c in claims)
            elif isinstance(expect, ExpectedFigure):
                passed = any(_quantity_matches(expect, c) for c in claims)
            else:  # the schema allows no other word
                raise ValueError(f"{rule.id}: unknown expectation {expect!r}")
            label = expect if isinstance(expect, str) else _figure_label(expect)
            results.append(ExampleResult(rule.id, example.text, label, passed, _describe(claims)))
    return results


def run_hedge_examples(book: Rulebook) -> list[ExampleResult]:
    results = []
    for rule in book.hedge_rules:
        for example in rule.examples:
            hedged_by = {
                hedge.id
                for sentence in segment(example.text)
                for hedge in analyse(sentence, book).hedged.values()
            }
            passed = (rule.id in hedged_by) == example.hedged
            found = ", ".join(sorted(hedged_by)) or "not hedged"
            results.append(ExampleResult(rule.id, example.text, f"hedged={example.hedged}", passed, found))
    return results


def run_event_examples(book: Rulebook) -> list[ExampleResult]:
    """rules/events.yaml: an open-vocabulary event of the lemma expected, or none at all."""
    results = []
    for example in book.events.examples:
        events = [c for c in extract_claims(example.text, book) if c.rule == "event.open"]
        lemmas = [c.predicate for c in events]
        passed = not events if example.expect == "none" else example.expect in lemmas
        found = ", ".join(lemmas) or "no event"
        results.append(ExampleResult("events", example.text, example.expect, passed, found))
    return results


def run_all(book: Rulebook) -> list[ExampleResult]:
    return [*run_predicate_examples(book), *run_hedge_examples(book), *run_event_examples(book)]
