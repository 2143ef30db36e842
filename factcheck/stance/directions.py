"""Opposite directions for the same thing: "ارتفاع النفط مع هبوط الدولار" against "هبوط النفط مع
ارتفاع الدولار". Both sentences hold both words of an antonym pair, so the word-difference check
(factcheck.stance.antonyms) sees nothing; what changed is which thing each word is said of.

A direction word is said of the content word(s) right after it ("ارتفاع أسعار النفط", "يهبط
بالذهب"), or, when none follows, of the word right before it ("الذهب يرتفع مع …"). Clauses end at
punctuation and at a word joined by و ("يهبط وعلاوة برنت ترتفع"). A thing given both directions
within one sentence ("انخفاض الدولار يرفع الذهب" makes الدولار ambiguous) is left out."""

from __future__ import annotations

from factcheck.rulebook.compile import Rulebook
from factcheck.stance.antonyms import Side, on_side, sides
from factcheck.stance.words import Word, clauses_of, is_content

_AFTER = 2  # "ارتفاع أسعار النفط": a direction word governs a noun phrase of up to two words
_CONJUNCTION = "و"


def _conjoined(word: Word) -> bool:
    # "وعلاوة": the conjunction is stripped in some key, so the word begins a new clause.
    return word.norm.startswith(_CONJUNCTION) and any(not key.startswith(_CONJUNCTION) for key in word.keys)


def _thing(word: Word) -> bool:
    return is_content(word) and not _conjoined(word)


def _mark(word: Word, up: Side, down: Side) -> bool | None:
    """True for a word on the `up` side, False on the `down` side, None for neither or both."""
    is_up, is_down = on_side(word, up), on_side(word, down)
    return is_up if is_up != is_down else None


Said = tuple[Word, bool, Word]  # thing, True for the `up` side, the direction word


def _directions(text: str, up: Side, down: Side) -> list[Said]:
    """What each direction word of the pair is said of."""
    said: list[Said] = []
    for run in clauses_of(text):
        marks = [_mark(word, up, down) for word in run]
        for index, mark in enumerate(marks):
            if mark is None:
                continue
            following = []
            for word, other in zip(run[index + 1 : index + 1 + _AFTER], marks[index + 1 :], strict=False):
                if other is not None or not _thing(word):
                    break
                following.append(word)
            before = run[index - 1] if index > 0 and marks[index - 1] is None else None
            if following:
                said.extend((word, mark, run[index]) for word in following)
            elif before is not None and _thing(before) and not _conjoined(run[index]):
                said.append((before, mark, run[index]))
    return [s for s in said if not any(s[0].same_as(t[0]) and s[1] != t[1] for t in said)]


def direction_conflict(first: str, second: str, book: Rulebook) -> str | None:
    """A thing one sentence says went one way and the other says went the opposite way."""
    for up, down in sides(id(book), tuple(book.opposites)):
        ones = _directions(first, up, down)
        if not ones:
            continue
        for thing, rising, word in ones:
            for other, other_rising, other_word in _directions(second, up, down):
                if rising != other_rising and thing.same_as(other):
                    return f"opposite directions: {word.text} {thing.text} / {other_word.text} {other.text}"
    return None
