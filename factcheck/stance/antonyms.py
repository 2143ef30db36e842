"""Antonymous words on the two sides (ارتفاع / تراجع, فوز / خسارة), from rules/antonyms.yaml.

Only words that differ between the sentences count: "تراجع النفط رغم ارتفاع الدولار" against
itself holds both sides of a pair and is no contradiction."""

from __future__ import annotations

from functools import cache

from factcheck.rulebook.compile import Rulebook
from factcheck.stance.words import Word
from factcheck.text.stems import stem

_MIN_STEM = 3  # shorter Snowball stems (قل، زد) collide with unrelated words

Side = tuple[frozenset[str], frozenset[str]]  # normalised forms, their stems


@cache
def sides(book_id: int, pairs: tuple[tuple[frozenset[str], frozenset[str]], ...]) -> list[tuple[Side, Side]]:
    def side(forms: frozenset[str]) -> Side:
        return forms, frozenset(s for s in map(stem, forms) if len(s) >= _MIN_STEM)

    return [(side(a), side(b)) for a, b in pairs]


def on_side(word: Word, side: Side) -> bool:
    forms, stems = side
    return bool(word.keys & forms) or bool(word.stems & stems)


def antonym_conflict(only_first: list[Word], only_second: list[Word], book: Rulebook) -> str | None:
    """A word found only in the first sentence and one found only in the second that are antonyms.

    Whether the other sentence also holds the first word's side is deliberately not checked: on ANS
    train that check saves a few paraphrases but loses more contradictions (macro-F1 0.694 vs 0.703)."""
    for side_a, side_b in sides(id(book), tuple(book.antonyms)):
        for one in only_first:
            if on_side(one, side_a) and on_side(one, side_b):  # a word on both sides says nothing
                continue
            for other in only_second:
                if (on_side(one, side_a) and on_side(other, side_b)) or (
                    on_side(one, side_b) and on_side(other, side_a)
                ):
                    return f"antonyms: {one.text} / {other.text}"
    return None
