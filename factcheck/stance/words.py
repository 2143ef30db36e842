"""Sentences as lists of words with matching keys, and their word-level difference.

Two words are "the same" when they share a normalised key (proclitics stripped), a Snowball stem,
or are near-identical spellings (الأمريكي / الاميركي): paraphrases inflect and re-spell words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from factcheck.text.clitics import word_keys
from factcheck.text.normalize import ascii_digits, normalize
from factcheck.text.segment import segment
from factcheck.text.stems import stem_keys

SPELLING_SIMILARITY = 85  # rapidfuzz ratio above which two long words are spelling variants
_MIN_FUZZY_LENGTH = 5  # short words differ by one letter and mean different things (قتل/قبل)
# Headline glue: "٩٠عرضا" or "سعوديا:٢٠١٩" — digits written against letters or punctuation.
_GLUED_DIGITS = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_PUNCTUATION = re.compile(r"^[\W_]+$")
# "حاجز الـ80": the article written against a figure (with a tatweel) would stand between a bound
# marker and its number.
_ARTICLE_ON_DIGITS = re.compile(r"(?<![^\W\d_])ال\u0640+(?=\s*\d)")

# Function words carry no content: they never make two sentences related or different.
FUNCTION_WORDS = frozenset(
    normalize(word)
    for word in [
        "في",
        "من",
        "إلى",
        "الى",
        "على",
        "عن",
        "مع",
        "بين",
        "بعد",
        "قبل",
        "منذ",
        "حتى",
        "عند",
        "لدى",
        "خلال",
        "ضد",
        "نحو",
        "حول",
        "دون",
        "عبر",
        "أمام",
        "و",
        "أو",
        "ثم",
        "أن",
        "إن",
        "بأن",
        "لأن",
        "كان",
        "كانت",
        "يكون",
        "تكون",
        "قد",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "التي",
        "الذي",
        "الذين",
        "ما",
        "ماذا",
        "هل",
        "كل",
        "بعض",
        "أي",
        "هو",
        "هي",
        "هم",
        "له",
        "لها",
        "لهم",
        "به",
        "بها",
        "فيه",
        "فيها",
        "منه",
        "منها",
        "معه",
        "معها",
        "معهم",
        "عليه",
        "عليها",
        "إنه",
        "إنها",
        "يا",
        "أيضا",
        "وسط",
        "جراء",
        "إثر",
        "بسبب",
        "رغم",
        "لدي",
    ]
)


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # as written
    norm: str
    keys: frozenset[str]  # normalised keys (proclitics stripped)
    stems: frozenset[str]  # Snowball stems

    def same_as(self, other: Word) -> bool:
        if self.keys & other.keys or self.stems & other.stems:
            return True
        if min(len(self.norm), len(other.norm)) < _MIN_FUZZY_LENGTH:
            return False
        return fuzz.ratio(self.norm, other.norm) >= SPELLING_SIMILARITY


def prepare(text: str) -> str:
    """Text as the parsers should see it: ASCII digits, digits split from glued letters."""
    return _GLUED_DIGITS.sub(" ", _ARTICLE_ON_DIGITS.sub("", ascii_digits(text)))


@lru_cache(maxsize=20_000)
def clauses_of(text: str) -> tuple[tuple[Word, ...], ...]:
    """The words of the text in runs between punctuation marks (".." and ":" end a headline clause),
    function words included."""
    runs: list[tuple[Word, ...]] = []
    for sentence in segment(prepare(text)):
        run: list[Word] = []
        for token in sentence.tokens:
            if _PUNCTUATION.match(token.norm):
                runs.append(tuple(run))
                run = []
                continue
            # One-letter keys and stems (من → م) would match unrelated words.
            keys = frozenset(key for key in word_keys(token.norm) if len(key) > 1 or key.isdigit())
            stems = frozenset(key for key in stem_keys(token.text) if len(key) > 1 or key.isdigit())
            run.append(Word(token.text, token.norm, keys or frozenset({token.norm}), stems))
        runs.append(tuple(run))
    return tuple(run for run in runs if run)


def words_of(text: str) -> tuple[Word, ...]:
    """Every word of the text (punctuation dropped), function words included."""
    return tuple(word for run in clauses_of(text) for word in run)


def is_content(word: Word) -> bool:
    return word.norm not in FUNCTION_WORDS and not word.norm.isdigit()


def content_words(text: str) -> list[Word]:
    return [word for word in words_of(text) if is_content(word)]


@dataclass(frozen=True, slots=True)
class Difference:
    """Content words of each side that have no counterpart in the other."""

    only_first: list[Word]
    only_second: list[Word]
    shared: int  # content words of the first side found in the second


def difference(first: list[Word], second: list[Word]) -> Difference:
    only_first = [word for word in first if not any(word.same_as(other) for other in second)]
    only_second = [word for word in second if not any(word.same_as(other) for other in first)]
    return Difference(only_first, only_second, len(first) - len(only_first))
