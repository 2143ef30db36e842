"""Every rule carries positive and negative examples; each one is a test case here."""

from __future__ import annotations

import pytest

from factcheck.rulebook.load import load_rulebook
from factcheck.rulebook.selftest import ExampleResult, run_all

RESULTS = run_all(load_rulebook())


def test_every_predicate_and_hedge_has_examples() -> None:
    book = load_rulebook()
    tested = {result.rule for result in RESULTS}
    assert {rule.id for rule in book.predicate_rules} <= tested
    assert {rule.id for rule in book.hedge_rules} <= tested


@pytest.mark.parametrize("result", RESULTS, ids=[f"{r.rule}:{r.text[:30]}" for r in RESULTS])
def test_example(result: ExampleResult) -> None:
    assert result.passed, f"{result.rule}: {result.text!r} expected {result.expected}, found {result.found}"
