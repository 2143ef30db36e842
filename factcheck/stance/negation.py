"""Negation and denial: one side negates or denies what the other asserts.

Negators (لم، لن، لا، ليس، غير …) and denial verbs and phrases (نفى، لا صحة …) come from
rules/attribution.yaml; reversers (يرفض، فشل، دون …) from rules/antonyms.yaml. Counting them on
each side and comparing parity copes with paraphrases that keep a negation ("لم يقتل" / "لم يلق
حتفه") and with double negation."""

from __future__ import annotations

from functools import lru_cache

from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.lexicon import token_keys
from factcheck.stance.words import words_of
from factcheck.text.stems import stem, stem_keys

_MIN_STEM = 3  # shorter stems collide with unrelated words


@lru_cache(maxsize=8)
def _reverser_stems(reversers: frozenset[str]) -> frozenset[str]:
    return frozenset(s for s in map(stem, reversers) if len(s) >= _MIN_STEM)


def negation_cues(text: str, book: Rulebook) -> list[str]:
    """The negators, denial words and reversers of a text, as written."""
    words = words_of(text)
    keys = token_keys([word.norm for word in words])
    cues: list[str] = []
    # "ما لا يقل عن 800" bounds a figure (rules/numbers.yaml): its لا negates nothing. Only bounds
    # holding a negator: "دون" is a bound (دون 18 عاما) and a reverser (دون سقوط قتلى).
    covered = {
        index
        for lexicon in (book.bounds_before, book.bounds_after)
        for match in lexicon.find_all(keys)
        if any(words[i].norm in book.negators for i in range(match.start, match.end))
        for index in range(match.start, match.end)
    }
    for match in book.verb_phrases.find_all(keys):
        if match.payload.polarity == "denied":
            cues.append(" ".join(word.text for word in words[match.start : match.end]))
            covered.update(range(match.start, match.end))
    stems = [(*stem_keys(word.text), *stem_keys(word.norm)) for word in words]
    # A denial verb is a word of its own: a scraped page's broken "نف ذها" (نفذها) has a piece
    # "نف" whose stem is نفى's (UnifiedFC).
    for match in book.verbs.find_all(
        stems, accept=lambda index: index not in covered and len(words[index].norm) >= _MIN_STEM
    ):
        if match.payload.polarity == "denied":
            cues.append(words[match.start].text)
            covered.add(match.start)
    reverser_stems = _reverser_stems(book.reversers)
    for index, word in enumerate(words):
        if index in covered:
            continue
        if word.norm in book.negators or word.keys & book.reversers or word.stems & reverser_stems:
            cues.append(word.text)
    return cues


def negation_conflict(first: str, second: str, book: Rulebook) -> str | None:
    ones, others = negation_cues(first, book), negation_cues(second, book)
    if len(ones) % 2 == len(others) % 2:
        return None
    negated, side = (ones, "first") if len(ones) % 2 else (others, "second")
    return f"the {side} sentence negates or denies ({', '.join(negated)}); the other asserts"
