"""The user's own example (../shared/seed/article.txt): every checkable assertion found, with its
values; none of its speculation listed. Gold annotation: tests/data/seed_claims.yaml."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from factcheck.evaluation.claims import matches
from factcheck.extract.document import extract_claims
from factcheck.model import Claim
from factcheck.rulebook.compile import Rulebook
from tests.conftest import DATA, SEED_ARTICLE

GOLD = yaml.safe_load((DATA / "seed_claims.yaml").read_text(encoding="utf-8"))

pytestmark = pytest.mark.skipif(not SEED_ARTICLE.exists(), reason=f"seed article missing: {SEED_ARTICLE}")


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def claims(seed_text: str, book: Rulebook) -> list[Claim]:
    return extract_claims(seed_text, book)


def _found(gold: dict[str, Any], claims: list[Claim], text: str) -> Claim | None:
    """The claim that matches the gold one and overlaps its evidence in the article."""
    start = text.index(gold["evidence"])
    end = start + len(gold["evidence"])
    for claim in claims:
        if matches(gold, claim) and claim.span.start < end and start < claim.span.end:
            return claim
    return None


@pytest.mark.parametrize("gold", GOLD["claims"], ids=[g["evidence"] for g in GOLD["claims"]])
def test_assertion_is_found(gold: dict[str, Any], claims: list[Claim], seed_text: str) -> None:
    claim = _found(gold, claims, seed_text)
    assert claim is not None, f"not found: {gold}"
    actor_ids = {actor.id for actor in claim.actors}
    assert set(gold.get("actors", [])) <= actor_ids
    if "source" in gold:
        assert claim.attribution is not None and claim.attribution.source is not None
        assert claim.attribution.source.id == gold["source"]


def test_no_claim_beyond_the_annotation(claims: list[Claim], seed_text: str) -> None:
    expected = [g for g in GOLD["claims"]]
    extra = [c for c in claims if not any(matches(g, c) and _found(g, [c], seed_text) for g in expected)]
    assert extra == [], [(c.predicate, c.text) for c in extra]


def test_four_killed_and_thirteen_injured_are_two_quantities(claims: list[Claim]) -> None:
    sohr = [c for c in claims if c.attribution and c.attribution.source and c.attribution.source.id == "sohr"]
    figures = sorted((c.predicate, c.quantity.value) for c in sohr if c.quantity)
    assert figures == [("injured", 13), ("killed", 4)]


def test_named_bounds(claims: list[Claim]) -> None:
    distance = next(c for c in claims if c.predicate == "distance")
    assert (distance.quantity.low, distance.quantity.high, distance.quantity.unit) == (55, None, "km")
    deployment = next(c for c in claims if c.predicate == "deployed")
    assert (deployment.quantity.low, deployment.quantity.high) == (None, 1200)


@pytest.mark.parametrize("passage", GOLD["not_claims"])
def test_speculation_is_not_an_assertion(passage: str, claims: list[Claim], seed_text: str) -> None:
    start = seed_text.index(passage)
    inside = [c for c in claims if start <= c.span.start < start + len(passage)]
    assert inside == [], [(c.predicate, c.text) for c in inside]


def test_speculation_is_shown_with_all(seed_text: str, book: Rulebook) -> None:
    everything = extract_claims(seed_text, book, include_uncheckable=True)
    hedged = [c for c in everything if not c.checkable]
    assert hedged, "--all shows speculative statements, marked not checkable"
    assert all(c.hedge and c.check_worthiness == 0 for c in hedged)
