"""Claim extraction scored against annotated texts: precision and recall must stay >= 0.9."""

from __future__ import annotations

from factcheck.evaluation.claims import score_directory
from factcheck.rulebook.compile import Rulebook
from tests.conftest import DATA

GOLD = sorted((DATA / "claims").glob("*.yaml"))


def test_annotated_set_is_large_enough() -> None:
    assert len(GOLD) >= 10


def test_precision_and_recall(book: Rulebook) -> None:
    score = score_directory(GOLD, book)
    report = "\n".join(
        [
            f"missed {name}: {gold['predicate']} {gold.get('quantity')} | {gold['evidence']}"
            for name, gold in score.misses
        ]
        + [f"extra {name}: {claim.predicate} | {claim.text}" for name, claim in score.extras]
    )
    assert score.overall.precision >= 0.9, report
    assert score.overall.recall >= 0.9, report


def test_speculation_never_yields_claims(book: Rulebook) -> None:
    score = score_directory(GOLD, book)
    assert score.speculative_leaks == []
