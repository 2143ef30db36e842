"""Which place mentions can place a claim: a village's name may belong to another village.

A gazetteer place marked `namesake` (rules/entities: other places share its name) named in a
sentence that also names another province of the same country, and none of its own provinces, may
be one of those others: "قرية العياش" near al-Rai in the Aleppo countryside is not Ayyash in Deir
ez-Zor. Such a mention does not place the claim; matching a report on it would join two events by
a name. Only marked places: cities named side by side (الرمادي غربي بغداد) are not ambiguous."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.extract.entities import Mention
from factcheck.rulebook.compile import Rulebook


def _regions(entity: str, book: Rulebook) -> set[str]:
    """The places (not countries) that contain the entity."""
    return {a for a in book.lineage(entity)[1:] if book.entity_by_id[a].category == "place"}


def _country(entity: str, book: Rulebook) -> str | None:
    return next((a for a in book.lineage(entity) if book.entity_by_id[a].category == "country"), None)


def is_namesake(entity: str, named: set[str], book: Rulebook) -> bool:
    """Is `entity`, named beside the places (category place, not countries) `named`, possibly
    another place of the same name?"""
    if not book.entity_by_id[entity].namesake:
        return False
    regions = _regions(entity, book)
    if not regions or regions & named:  # a province itself, or anchored by its own province
        return False
    country = _country(entity, book)
    for other in named - {entity}:
        lineage = set(book.lineage(other))
        if entity in lineage or lineage & regions:  # inside the town, or in its own province
            continue
        if country in lineage:  # another province of the same country
            return True
    return False


def placing(mentions: Sequence[Mention], book: Rulebook) -> list[Mention]:
    """The place mentions of a sentence that can place its claims, in order."""
    places = [m for m in mentions if m.info.category == "place"]
    named = {m.info.id for m in places}
    return [m for m in places if not is_namesake(m.info.id, named, book)]
