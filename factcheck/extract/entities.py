"""Entity mentions in a sentence: exact alias matches, then spelling variants of people's names."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from factcheck.extract.analysis import Analysis
from factcheck.model import EntityRef
from factcheck.rulebook.compile import EntityInfo, Rulebook

# rapidfuzz ratio (0–100) above which two spellings of a two-word name are one person
# (ستيف وارن / ستيفن وارن / ستيفين وارن).
NAME_SIMILARITY = 85
_NAME_WORDS = 2


@dataclass(frozen=True, slots=True)
class Mention:
    info: EntityInfo
    start: int  # token indices, half-open
    end: int

    def ref(self, analysis: Analysis) -> EntityRef:
        tokens = analysis.sentence.tokens
        sentence = analysis.sentence
        text = sentence.text[
            tokens[self.start].start - sentence.start : tokens[self.end - 1].end - sentence.start
        ]
        return EntityRef(id=self.info.id, name=self.info.name, category=self.info.category, text=text)


def find_mentions(analysis: Analysis, book: Rulebook) -> list[Mention]:
    exact = [
        Mention(match.payload, match.start, match.end) for match in book.entities.find_all(analysis.keys)
    ]
    return sorted(exact + _name_variants(analysis, book, exact), key=lambda m: m.start)


def _name_variants(analysis: Analysis, book: Rulebook, exact: list[Mention]) -> list[Mention]:
    """Two-word windows not already matched, compared with the gazetteer's two-word person names.
    A variant keeps one of the two words as the gazetteer has it (ستيفين وارن): only windows that
    share a first or last name are compared, which keeps this cheap."""
    names = book.person_names
    tokens = analysis.sentence.tokens
    # Most sentences hold no word of any known name: one set operation instead of a window loop.
    if not names or book.person_name_words.isdisjoint([token.norm for token in tokens]):
        return []
    taken = {index for mention in exact for index in range(mention.start, mention.end)}
    found: list[Mention] = []
    index = 0
    while index + _NAME_WORDS <= len(tokens):
        window = range(index, index + _NAME_WORDS)
        known_word = (
            tokens[index].norm in book.person_name_words or tokens[index + 1].norm in book.person_name_words
        )
        if not known_word or taken.intersection(window):
            index += 1
            continue
        candidate = " ".join(tokens[i].norm for i in window)
        best = process.extractOne(
            candidate, book.person_name_list, scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY
        )
        if best is None:
            index += 1
            continue
        found.append(Mention(names[best[0]], index, index + _NAME_WORDS))
        index += _NAME_WORDS
    return found
