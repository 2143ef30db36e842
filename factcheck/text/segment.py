"""Sentences and tokens with character offsets into the original text.

Tokens come from camel-tools' simple_word_tokenize run on the cleaned text (invisible controls
removed) and are aligned back to it; the offset map of `clean` then maps them to the original."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from factcheck.text.clean import CleanText, clean
from factcheck.text.lines import LineIndex
from factcheck.text.normalize import normalize

# A sentence ends at . ! ? ؟ … or a line break; a dot between digits (3.5) is not an end.
_SENTENCE_END = re.compile(r"(?<!\d)[.!?؟…]+(?=\s|$)|[.!?؟…]+(?=\s|$)|\n+")
_DIGIT = re.compile(r"\d")
_NUMBER_SEPARATORS = frozenset(",.٫٬")


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made building a
# token (half a million per 2,000 SaudiNewsNet documents) 2.4 times slower. Still hashable, and
# nothing changes a token once built.
@dataclass(slots=True, unsafe_hash=True)
class Token:
    text: str  # as written (slice of the original text)
    norm: str  # matching key (see normalize)
    start: int  # offsets into the original text
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # slice of the original text
    start: int
    end: int
    line: int  # 1-based line of `start`
    column: int  # 1-based column (characters) of `start`
    tokens: tuple[Token, ...]


@cache
def _tokenizer() -> Callable[[str], list[str]]:
    from factcheck.text.camel_charsets import preload

    preload()
    from camel_tools.tokenizers.word import simple_word_tokenize

    return simple_word_tokenize


def _aligned(cleaned: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets (in the cleaned text) of camel-tools' tokens of cleaned[start:end]. The tokenizer
    splits on whitespace first and cuts each word on its own, so a word's tokens never depend on
    its neighbours."""
    spans: list[tuple[int, int]] = []
    for word in _WORD.finditer(cleaned, start, end):
        offset = word.start()
        spans.extend((offset + first, offset + last) for first, last in _word_spans(word.group()))
    return spans


_WORD = re.compile(r"\S+")  # \s is exactly str.isspace, what str.split() (camel-tools) splits on


# Arabic letters, harakat and tatweel (U+0621-U+065F), none of them punctuation, a symbol or an
# emoji, and common punctuation that camel-tools' tokenizer always cuts off as one character. A word
# that is such letters wrapped in such punctuation ("«الأربعاء،») is tokenised here without the
# tokenizer's regex at every character, which was most of the cost of a new word. Same tokens:
# tests/test_text.py checks every character of the basic plane, and every pair of this punctuation,
# against camel-tools.
PLAIN_LETTERS = "\u0621-\u065f"
CUT_PUNCTUATION = ".،,:;؛؟?!\"'«»()[]{}“”‘’…/-"
_WRAPPED_WORD = re.compile(
    f"([{re.escape(CUT_PUNCTUATION)}]*)([{PLAIN_LETTERS}]+)([{re.escape(CUT_PUNCTUATION)}]*)"
)


def _word_spans(word: str) -> list[tuple[int, int]]:
    """Offsets in `word` (no whitespace) of its tokens, digit groups glued (never across words)."""
    wrapped = _WRAPPED_WORD.fullmatch(word)
    if wrapped:
        before, body, after = wrapped.span(1), wrapped.span(2), wrapped.span(3)
        return [(i, i + 1) for i in range(*before)] + [body] + [(i, i + 1) for i in range(*after)]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for token in _tokenizer()(word):
        found = word.find(token, cursor)
        if found < 0:  # the tokenizer never rewrites characters; guard anyway rather than misplace spans
            continue
        spans.append((found, found + len(token)))
        cursor = found + len(token)
    return _merge_number_groups(word, spans)


@lru_cache(maxsize=100_000)
def word_tokens(word: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, surface, norm) of the tokens of one word. Cached: news repeats its vocabulary,
    and tokenizing and normalising were most of segmentation's time."""
    return tuple(
        (first, last, word[first:last], normalize(word[first:last])) for first, last in _word_spans(word)
    )


def _tokens(words: list[tuple[int, str]]) -> tuple[Token, ...]:
    """Tokens of (offset, word) pairs of a text that has nothing to clean (offsets are its own)."""
    return tuple(
        Token(surface, norm, offset + first, offset + last)
        for offset, word in words
        for first, last, surface, norm in word_tokens(word)
    )


def _mapped_tokens(original: str, view: CleanText, begin: int, finish: int) -> tuple[Token, ...]:
    """Tokens of view.text[begin:finish], their offsets mapped back to `original`."""
    tokens = []
    for start, end in _aligned(view.text, begin, finish):
        o_start, o_end = view.to_original(start, end)
        surface = original[o_start:o_end]
        tokens.append(Token(text=surface, norm=normalize(surface), start=o_start, end=o_end))
    return tuple(tokens)


def _merge_number_groups(cleaned: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """camel-tools splits 1,200 / ١٬٢٠٠ / 3.5 at the separator; glue digit-separator-digit runs
    written without spaces back into one token."""
    merged: list[tuple[int, int]] = []
    index = 0
    while index < len(spans):
        start, end = spans[index]
        while (
            index + 2 < len(spans)
            and _DIGIT.search(cleaned[end - 1])
            and spans[index + 1] == (end, end + 1)
            and cleaned[end] in _NUMBER_SEPARATORS
            and spans[index + 2][0] == end + 1
            and _DIGIT.match(cleaned[end + 1])
        ):
            end = spans[index + 2][1]
            index += 2
        merged.append((start, end))
        index += 1
    return merged


# The longest sentence analysed whole. Extraction does some work per claim over its whole sentence,
# so a sentence without an end (a page of numbers joined by "و", a field with no punctuation) cost
# time quadratic in its length: 80,000 characters took 0.8 s, a megabyte minutes. A longer sentence
# is analysed in pieces of at most this many characters, cut at a space (news sentences are far
# shorter: a long one is about 600 characters).
MAX_SENTENCE_CHARS = 3000
_CLAUSE_MARKS = "،؛,;"


def _sentence_bounds(cleaned: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _SENTENCE_END.finditer(cleaned):
        end = match.end() if match.group().strip() else match.start()
        yield from _trimmed(cleaned, start, end)
        start = match.end()
    yield from _trimmed(cleaned, start, len(cleaned))


def _trimmed(cleaned: str, begin: int, finish: int) -> Iterator[tuple[int, int]]:
    while begin < finish and cleaned[begin].isspace():
        begin += 1
    while finish > begin and cleaned[finish - 1].isspace():
        finish -= 1
    while finish - begin > MAX_SENTENCE_CHARS:
        cut = _cut(cleaned, begin, begin + MAX_SENTENCE_CHARS)
        yield from _trimmed(cleaned, begin, cut)
        begin = cut
        while begin < finish and cleaned[begin].isspace():
            begin += 1
    if finish > begin:
        yield begin, finish


def _cut(cleaned: str, begin: int, limit: int) -> int:
    """Where to end a piece of an overlong sentence: after its last comma in the piece's second
    half (a clause stays whole), else at its last space before `limit`, else `limit` (a single word
    that long is cut inside)."""
    half = begin + (limit - begin) // 2
    comma = max(cleaned.rfind(mark, half, limit) for mark in _CLAUSE_MARKS) + 1
    if comma > half:
        return comma
    space = max(cleaned.rfind(" ", begin + 1, limit), cleaned.rfind("\t", begin + 1, limit))
    return space if space > begin else limit


def overlong_note(text: str) -> str | None:
    """The note for an article or corpus record with overlong sentences (a claim across a cut
    would be missed), or None."""
    overlong = overlong_sentences(text)
    if not overlong:
        return None
    return f"{overlong} sentence(s) longer than {MAX_SENTENCE_CHARS} characters, analysed in pieces"


def overlong_sentences(text: str) -> int:
    """How many sentences of `text` are longer than MAX_SENTENCE_CHARS (and so analysed in pieces):
    for the note that says so."""
    count = 0
    start = 0
    for match in _SENTENCE_END.finditer(text):
        count += len(text[start : match.start()].strip()) > MAX_SENTENCE_CHARS
        start = match.end()
    return count + (len(text[start:].strip()) > MAX_SENTENCE_CHARS)


def segment(
    original: str, relevant: Callable[[list[str]], bool] | None = None, keep_first: int = 0
) -> list[Sentence]:
    """Split `original` into sentences of tokens, every offset pointing into `original`.

    With `relevant` (a test of a sentence's whitespace-separated words, whose tokens are
    word_tokens(word)), a sentence after the first `keep_first` that is not relevant keeps its place
    in the list (numbering is unchanged) but gets no tokens: building them is most of segmentation's
    cost, wasted on sentences the caller skips. Only texts without invisible characters are filtered."""
    return list(sentences_of(original, relevant, keep_first))


def sentences_of(
    original: str, relevant: Callable[[list[str]], bool] | None = None, keep_first: int = 0
) -> Iterator[Sentence]:
    """`segment`, one sentence at a time: a long article's tokens are never all held at once."""
    view: CleanText = clean(original)
    lines = LineIndex(original)
    count = 0
    identity = view.text is original  # most texts hold no invisible character
    for begin, finish in _sentence_bounds(view.text):
        if identity:
            # str.split() splits where _WORD does (on str.isspace); offsets only for sentences kept.
            words = original[begin:finish].split()
            if not words:
                continue
            tokens: tuple[Token, ...] = ()
            if relevant is None or count < keep_first or relevant(words):
                tokens = _tokens(
                    [(match.start(), match.group()) for match in _WORD.finditer(original, begin, finish)]
                )
        else:
            tokens = _mapped_tokens(original, view, begin, finish)
            if not tokens:
                continue
        o_begin, o_finish = view.to_original(begin, finish)
        line, column = lines.locate(o_begin)
        count += 1
        yield Sentence(
            text=original[o_begin:o_finish],
            start=o_begin,
            end=o_finish,
            line=line,
            column=column,
            tokens=tokens,
        )
