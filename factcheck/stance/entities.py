"""Substituted actors or places: one sentence names an entity where the other names a different
one of the same category (أبل → تسلا, الهندية → الإماراتية, سوريا → اليمن).

Entities come from rules/entities (nationality adjectives resolve to their country). A place and
the country containing it are compatible (بكين / الصين), as are a person and the organisation
they belong to through part_of."""

from __future__ import annotations

from factcheck.extract.analysis import analyse
from factcheck.extract.entities import find_mentions
from factcheck.rulebook.compile import EntityInfo, Rulebook
from factcheck.stance.words import prepare
from factcheck.text.segment import segment

# Categories whose members are interchangeable in a headline: a country for a country, but a
# country for a news outlet is a rewording ("قالت رويترز" vs "قالت مصادر").
_SUBSTITUTABLE = {"country": "geo", "place": "geo", "organization": "org", "person": "person", "group": "org"}


def entities_of(text: str, book: Rulebook) -> list[EntityInfo]:
    found: list[EntityInfo] = []
    for sentence in segment(prepare(text)):
        found.extend(mention.info for mention in find_mentions(analyse(sentence, book), book))
    return found


def _ancestors(entity: EntityInfo, book: Rulebook) -> set[str]:
    chain: set[str] = set()
    current: str | None = entity.id
    while current is not None and current not in chain:
        chain.add(current)
        parent = book.entity_by_id.get(current)
        current = parent.part_of if parent else None
    return chain


def _compatible(a: EntityInfo, b: EntityInfo, book: Rulebook) -> bool:
    return a.id in _ancestors(b, book) or b.id in _ancestors(a, book)


def entity_conflict(first: str, second: str, book: Rulebook) -> str | None:
    ones, others = entities_of(first, book), entities_of(second, book)
    lone_first = [e for e in ones if not any(_compatible(e, o, book) for o in others)]
    lone_second = [e for e in others if not any(_compatible(e, o, book) for o in ones)]
    for one in lone_first:
        for other in lone_second:
            group = _SUBSTITUTABLE.get(one.category)
            if group is not None and group == _SUBSTITUTABLE.get(other.category):
                return f"different {one.category}: {one.name} / {other.name}"
    return None


def shared_entities(first: str, second: str, book: Rulebook) -> int:
    ones, others = entities_of(first, book), entities_of(second, book)
    return sum(1 for e in ones if any(_compatible(e, o, book) for o in others))
