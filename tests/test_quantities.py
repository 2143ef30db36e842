"""Table-driven test of the quantity parser: tests/data/quantities.tsv (expression → parse)."""

from __future__ import annotations

import csv

import pytest

from factcheck.quantities.api import parse_quantities
from factcheck.rulebook.compile import Rulebook
from tests.conftest import DATA

ROWS = list(csv.DictReader((DATA / "quantities.tsv").open(encoding="utf-8"), delimiter="\t"))


def _number(text: str) -> int | float | None:
    if text == "":
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def test_table_is_large_enough() -> None:
    assert len(ROWS) >= 150


@pytest.mark.parametrize("row", ROWS, ids=[row["expression"] for row in ROWS])
def test_expression(row: dict[str, str], book: Rulebook) -> None:
    found = parse_quantities(row["expression"], book)
    expected = (
        _number(row["value"]),
        _number(row["low"]),
        _number(row["high"]),
        row["unit"] or None,
        row["approximate"] == "true",
    )
    assert [(q.value, q.low, q.high, q.unit, q.approximate) for q in found] == [expected], row["note"]


def test_quantity_text_points_into_original(book: Rulebook) -> None:
    text = "قُتل ما لا يقل عن ١٬٢٠٠ شخصٍ وأصيب 13 آخرين"
    quantities = parse_quantities(text, book)
    assert [text[q.start : q.end] for q in quantities] == [q.text for q in quantities]
    assert quantities[0].text == "ما لا يقل عن ١٬٢٠٠ شخصٍ"
    assert quantities[0].bound == "at_least"


def test_numbers_do_not_join_across_words(book: Rulebook) -> None:
    # pyarabic adds numbers across a sentence; two separate figures must stay two.
    quantities = parse_quantities("قتل أربعة جنود وأصيب ثلاثة عشر مدنيا", book)
    assert [q.value for q in quantities] == [4, 13]


def test_years_and_dates_are_not_amounts(book: Rulebook) -> None:
    from factcheck.extract.document import extract_claims

    claims = extract_claims("في عام 2015 وفي 12 ديسمبر قتل 3 جنود", book)
    assert [c.quantity.value for c in claims if c.quantity] == [3]
