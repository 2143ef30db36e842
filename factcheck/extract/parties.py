"""Parties the gazetteer does not know, taken from the text so verification can match their words.

Three shapes, their words all data (rules/events.yaml): a role and its holder ("وزير الخارجية سيرجي
لافروف", "قائد شرطة حمص": a title, then the words up to a preposition, a complementizer, a time
phrase or punctuation), a place after a place word ("بلدة دير حافر", "في آستانة": words not in the
common vocabulary), and the subject of an event verb ("اختارت جماعة المعارضة …": extract/assemble
asks for it with `subject_after`). A phrase holding a gazetteer entity is resolved, so it is not
listed, except a role whose only entity is a place or a country: the role is the party."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.extract.analysis import Analysis
from factcheck.extract.entities import Mention
from factcheck.extract.events import imperfect_verb
from factcheck.rulebook.compile import Rulebook
from factcheck.text.normalize import normalize

_ROLE_WORDS = 6  # a role and its holder's name
_PLACE_WORDS = 3
_SUBJECT_WORDS = 5
_BARE_MARKER = "في"  # the one marker that also introduces things other than places
_DEFINITE = "ال"


@dataclass(frozen=True, slots=True)
class Party:
    start: int  # token indices, half-open
    end: int
    role: str  # "person" (a role and its holder), "place", "party" (an event's subject)


def find_parties(analysis: Analysis, mentions: list[Mention], book: Rulebook) -> list[Party]:
    inside = {i for m in mentions for i in range(m.start, m.end)}
    parties: list[Party] = []
    taken: set[int] = set()
    for match in book.events.titles.find_all(analysis.keys):
        if match.start in taken:
            continue
        end = _phrase_end(analysis, match.end, book, _ROLE_WORDS)
        covered = [m for m in mentions if match.start <= m.start and m.end <= end]
        if end > match.end and not any(m.info.category not in ("place", "country") for m in covered):
            parties.append(Party(match.start, end, "person"))
            taken.update(range(match.start, end))
    keys = analysis.keys
    times = {m.start for m in book.time_phrases.find_all(keys)}
    for index in range(len(keys) - 1):
        if index in taken or not book.events.place_markers.intersection(keys[index][:2]):
            continue
        if analysis.sentence.tokens[index].norm.startswith((_DEFINITE, "و" + _DEFINITE)):
            continue  # "المنطقة" is a noun of its own, not a word before a name
        first = index + 1
        if first in inside or first in taken or first in times:
            continue  # "في مارس": a month, not a place
        bare = _BARE_MARKER in keys[index][:1]
        if bare and (
            analysis.sentence.tokens[first].norm.startswith(_DEFINITE) or _eventive(analysis, first, book)
        ):
            continue  # "في المحادثات", "في اتهام": after a bare في only an undetermined name is a place
        end = first
        while end < len(keys) and end - first < _PLACE_WORDS and _name_word(analysis, end, book, inside):
            end += 1
        if end > first:
            parties.append(Party(first, end, "place"))
            taken.update(range(first, end))
    return sorted(parties, key=lambda p: p.start)


def subject_after(
    analysis: Analysis, head: int, mentions: list[Mention], book: Rulebook, limit: int
) -> Party | None:
    """The noun phrase right after an event verb (VSO), when no gazetteer entity names it."""
    end = _phrase_end(analysis, head + 1, book, _SUBJECT_WORDS, limit)
    # After its first word a subject stops at common vocabulary ("لطائرات حربية خلال"): no name there.
    cut = next((i for i in range(head + 2, end) if book.events.common.intersection(analysis.keys[i])), end)
    end = cut
    if end == head + 1 or any(head < m.start < end for m in mentions):
        return None
    if book.events.common.intersection(analysis.keys[head + 1]):
        # A common noun names something only through its definite complement ("جماعة الإنقاذ
        # الوطني"); "المنطقة أجواء هادئة" names nothing to match by.
        tokens = analysis.sentence.tokens
        end = next((i for i in range(head + 2, end) if not tokens[i].norm.startswith(_DEFINITE)), end)
        if end == head + 2:
            return None
    return Party(head + 1, end, "party")


def _phrase_end(analysis: Analysis, start: int, book: Rulebook, words: int, limit: int | None = None) -> int:
    keys = analysis.keys
    stop = min(len(keys), start + words, limit if limit is not None else len(keys))
    end = start
    times = {m.start for m in book.time_phrases.find_all(keys[start:stop])}
    while (
        end < stop
        and not _stop(analysis, end, book)
        and not _verb(analysis, end, book)
        and end - start not in times
        and not (end - start + 1 in times and book.events.common.intersection(keys[end]))
    ):
        end += 1
    return end


def _eventive(analysis: Analysis, index: int, book: Rulebook) -> bool:
    """A verbal noun or trigger ("في قصف", "في اتهام"), not a name."""
    stems = [analysis.stems[index]]
    word = analysis.sentence.tokens[index].norm
    return bool(
        book.predicates.find_all(stems)
        or book.events.words.find_all(stems)
        or any(template.fullmatch(word) for template in book.events.masdar_templates)
    )


def _verb(analysis: Analysis, index: int, book: Rulebook) -> bool:
    """ "مسؤولا أمريكيا كبيرا التقى": an event verb ends the role before it."""
    word = analysis.sentence.tokens[index].norm
    stems = [analysis.stems[index]]
    lemmas = [match.payload for match in book.events.words.find_all(stems)]
    if word.startswith(_DEFINITE):
        # A verbal noun with its article (الإنقاذ) names; a verb that opens like one (التقى) does not.
        return any(normalize(lemma).startswith(_DEFINITE) for lemma in lemmas)
    return bool(lemmas) or bool(book.predicates.find_all(stems)) or imperfect_verb(word, book.events)


def _stop(analysis: Analysis, index: int, book: Rulebook) -> bool:
    keys = analysis.keys[index][:1]
    token = analysis.sentence.tokens[index]
    return (
        analysis.is_punctuation(index)
        or not token.norm.isalpha()
        or bool(book.complementizers.intersection(keys))
        or bool(book.prepositions.intersection(keys))
        or bool(book.clause_breaks.intersection(keys))
        or bool(book.events.relatives.intersection(keys))
        or bool(book.events.demonstratives.intersection(keys))
    )


def _name_word(analysis: Analysis, index: int, book: Rulebook, inside: set[int]) -> bool:
    word = analysis.sentence.tokens[index].norm
    return (
        index not in inside
        and not _eventive(analysis, index, book)
        and word[:1] not in book.events.imperfect_prefixes  # "منطقة تبعد": a verb, not a name
        and not _stop(analysis, index, book)
        and not book.events.common.intersection(analysis.keys[index])
    )
