"""Namesake places (factcheck/extract/places.py): a village whose name other villages share does
not place a claim when its sentence names another province of its country and not its own."""

from __future__ import annotations

import pytest

from factcheck.extract.document import extract_claims
from factcheck.extract.places import is_namesake
from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.load import load_rulebook


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return load_rulebook()


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("قتل 4 جنود في غارة على بلدة عياش بريف دير الزور الغربي.", "ayyash"),  # its own province
        ("قتل 4 جنود في غارة على بلدة عياش.", "ayyash"),  # no other province: the gazetteer's one
        ("قتل 4 جنود في قرية العياش بريف حلب الشمالي.", "aleppo"),  # another province, not its own
        ("قتل 4 جنود في مدينة الرمادي غربي بغداد.", "ramadi"),  # not marked: cities are not ambiguous
    ],
)
def test_the_place_of_a_claim(sentence: str, place: str, book: Rulebook) -> None:
    [claim] = [c for c in extract_claims(sentence, book) if c.predicate == "killed"]
    assert claim.location is not None and claim.location.id == place


def test_only_marked_places_in_the_same_country_are_namesakes(book: Rulebook) -> None:
    assert book.entity_by_id["ayyash"].namesake
    assert is_namesake("ayyash", {"ayyash", "aleppo"}, book)
    assert not is_namesake("ayyash", {"ayyash", "aleppo", "deir_ez_zor"}, book)
    assert not is_namesake("ayyash", {"ayyash", "anbar"}, book)  # another country's province
    assert not is_namesake("ramadi", {"ramadi", "baghdad"}, book)
