"""Negation and denial: one side negates or denies what the other asserts.

Negators (لم، لن، لا، ليس، غير …) and denial verbs and phrases (نفى، لا صحة …) come from
rules/attribution.yaml. Counting them on each side and comparing parity copes with paraphrases that
keep a negation ("لم يقتل" / "لم يلق حتفه") and with double negation."""

from __future__ import annotations

from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.lexicon import token_keys
from factcheck.stance.words import words_of
from factcheck.text.stems import stem_keys


def negation_cues(text: str, book: Rulebook) -> list[str]:
    """The negators and denial words of a text, as written."""
    words = words_of(text)
    keys = token_keys([word.norm for word in words])
    cues: list[str] = []
    covered: set[int] = set()
    for match in book.verb_phrases.find_all(keys):
        if match.payload.polarity == "denied":
            cues.append(" ".join(word.text for word in words[match.start : match.end]))
            covered.update(range(match.start, match.end))
    stems = [stem_keys(word.text) for word in words]
    for match in book.verbs.find_all(stems, accept=lambda index: index not in covered):
        if match.payload.polarity == "denied":
            cues.append(words[match.start].text)
            covered.add(match.start)
    cues.extend(
        word.text for index, word in enumerate(words) if index not in covered and word.norm in book.negators
    )
    return cues


def negation_conflict(first: str, second: str, book: Rulebook) -> str | None:
    ones, others = negation_cues(first, book), negation_cues(second, book)
    if len(ones) % 2 == len(others) % 2:
        return None
    negated, side = (ones, "first") if len(ones) % 2 else (others, "second")
    return f"the {side} sentence negates or denies ({', '.join(negated)}); the other asserts"
