"""Substituted actors or places: one sentence names an entity where the other names a different
one of the same category (أبل → تسلا, الهندية → الإماراتية, سوريا → اليمن).

Entities come from rules/entities (nationality adjectives resolve to their country). A place and
the country containing it are compatible (بكين / الصين), as are a person and the organisation
they belong to through part_of."""

from __future__ import annotations

from factcheck.extract.analysis import Analysis, analyse
from factcheck.extract.entities import Mention, find_mentions
from factcheck.rulebook.compile import EntityInfo, Rulebook
from factcheck.stance.words import prepare, words_of
from factcheck.text.normalize import normalize
from factcheck.text.segment import segment

# Categories whose members are interchangeable in a headline: a country for a country, but a
# country for a news outlet is a rewording ("قالت رويترز" vs "قالت مصادر").
_SUBSTITUTABLE = {"country": "geo", "place": "geo", "organization": "org", "person": "person", "group": "org"}


def entities_of(text: str, book: Rulebook) -> list[EntityInfo]:
    return [info for info, _ in _mentions(text, book)]


def _mentions(text: str, book: Rulebook) -> list[tuple[EntityInfo, frozenset[str]]]:
    """Each entity with the normalised words that name it."""
    found: list[tuple[EntityInfo, frozenset[str]]] = []
    for sentence in segment(prepare(text)):
        analysis = analyse(sentence, book)
        for mention in find_mentions(analysis, book):
            words = frozenset(analysis.sentence.tokens[i].norm for i in range(mention.start, mention.end))
            found.append((mention.info, words))
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
    ones, others = _mentions(first, book), _mentions(second, book)
    lone_first = _lone(ones, others, second, book)
    lone_second = _lone(others, ones, first, book)
    for one in lone_first:
        for other in lone_second:
            group = _SUBSTITUTABLE.get(one.category)
            if group is not None and group == _SUBSTITUTABLE.get(other.category):
                return f"different {one.category}: {one.name} / {other.name}"
    return None


def _lone(
    mentions: list[tuple[EntityInfo, frozenset[str]]],
    others: list[tuple[EntityInfo, frozenset[str]]],
    other_text: str,
    book: Rulebook,
) -> list[EntityInfo]:
    """Entities of one side that the other neither names nor contains. Words the other side has
    count as naming: "حزب الله اللبناني" is one entity where "حزب الله \" اللبناني" is two, and
    Lebanon is in both."""
    other_words = {word.norm for word in words_of(other_text)} | {
        key for word in words_of(other_text) for key in word.keys
    }
    return [
        info
        for info, words in mentions
        if not words <= other_words and not any(_compatible(info, o, book) for o, _ in others)
    ]


def with_canonical_names(text: str, book: Rulebook) -> str:
    """The text with each entity it names written by the gazetteer's name ("داعش" and "تنظيم الدولة
    الإسلامية" both become the entity's name), so that two reports of one actor differ in no word."""
    pieces: list[str] = []
    position = 0
    for sentence in segment(text):
        analysis = analyse(sentence, book)
        for mention in find_mentions(analysis, book):
            first, last = analysis.sentence.tokens[mention.start], analysis.sentence.tokens[mention.end - 1]
            if first.start < position:
                continue  # overlapping mentions: the earlier one was written
            name = _name_keeping_others(mention.info, analysis, mention, book)
            pieces += [text[position : first.start], name]
            position = last.end
    return "".join([*pieces, text[position:]])


def _name_keeping_others(info: EntityInfo, analysis: Analysis, mention: Mention, book: Rulebook) -> str:
    """The entity's name, followed by the names of other entities its words name: "حزب الله
    اللبناني" is Hezbollah and Lebanon, and written "حزب الله" alone a report that writes "حزب الله
    \" اللبناني" (two mentions) would name a country this one lacks (UnifiedFC)."""
    tokens = analysis.sentence.tokens
    name_words = {normalize(word) for word in info.name.split()}
    span = tokens[mention.start : mention.end]
    extra = " ".join(token.text for token in span if token.norm not in name_words)
    others = [other.name for other in entities_of(extra, book) if other.id != info.id] if extra else []
    return " ".join([info.name, *others])


def shared_entities(first: str, second: str, book: Rulebook) -> int:
    ones, others = entities_of(first, book), entities_of(second, book)
    return sum(1 for e in ones if any(_compatible(e, o, book) for o in others))
