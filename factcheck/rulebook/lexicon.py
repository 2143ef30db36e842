"""Phrase lexicons over token sequences: exact normalised keys (with proclitics stripped) or stems."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Generic, TypeVar

from factcheck.text.clitics import word_keys
from factcheck.text.normalize import normalize
from factcheck.text.stems import stem

Payload = TypeVar("Payload")


@dataclass(frozen=True, slots=True)
class Match(Generic[Payload]):
    start: int  # token indices, half-open
    end: int
    payload: Payload


@dataclass
class PhraseLexicon(Generic[Payload]):
    """Multi-word phrases matched token by token on normalised keys.

    Every word of a phrase may carry proclitics in the text (وأكثر من, للتحالف)."""

    _entries: dict[str, list[tuple[tuple[frozenset[str], ...], Payload]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, phrase: str, payload: Payload) -> None:
        words = [normalize(word) for word in phrase.split()]
        if not words or not all(words):
            return
        # The text side strips proclitics (word_keys); entries are stored exactly as normalised.
        alternatives = tuple(frozenset((word,)) for word in words)
        for first in alternatives[0]:
            self._entries[first].append((alternatives, payload))
            # Longest phrase first, so the greedy matcher prefers "عشرات الآلاف" over "عشرات".
            self._entries[first].sort(key=lambda entry: -len(entry[0]))

    def match_at(self, keys: Sequence[tuple[str, ...]], index: int) -> Match[Payload] | None:
        """The longest phrase starting at token `index`; `keys[i]` are the candidate keys of token i."""
        candidates = keys[index]
        if self._entries.keys().isdisjoint(candidates):  # the common case: no entry starts here (C speed)
            return None
        best: Match[Payload] | None = None
        seen: set[int] = set()
        for key in candidates:
            for alternatives, payload in self._entries.get(key, ()):
                if id(alternatives) in seen:
                    continue
                seen.add(id(alternatives))
                end = index + len(alternatives)
                if end > len(keys):
                    continue
                longer = best is None or end > best.end
                if longer and all(
                    not word.isdisjoint(keys[index + k]) for k, word in enumerate(alternatives[1:], 1)
                ):
                    best = Match(index, end, payload)
        return best

    def find_all(self, keys: Sequence[tuple[str, ...]]) -> list[Match[Payload]]:
        """Non-overlapping longest matches, left to right."""
        found: list[Match[Payload]] = []
        starts = self._entries.keys()
        if starts.isdisjoint(chain.from_iterable(keys)):
            return found  # most sentences: no phrase starts anywhere (C speed)
        end = 0
        for index in [i for i, token_keys in enumerate(keys) if not starts.isdisjoint(token_keys)]:
            if index < end:
                continue  # inside the previous match
            match = self.match_at(keys, index)
            if match:
                found.append(match)
                end = match.end
        return found

    def first_words(self) -> frozenset[str]:
        """Keys that can start a phrase: lets a caller skip tokens that start nothing."""
        return frozenset(self._entries)

    def last_words_of(self, wanted: Callable[[Payload], bool]) -> frozenset[str]:
        """Keys that can end a phrase whose payload is `wanted`: a text without any of them holds no
        such phrase (the last word is the distinctive one of في المئتين, not في)."""
        return frozenset(
            key
            for entries in self._entries.values()
            for alternatives, payload in entries
            if wanted(payload)
            for key in alternatives[-1]
        )

    def words_with_payloads(self) -> dict[str, list[Payload]]:
        """Every key of every phrase (any position) → the payloads of the phrases it is part of."""
        found: dict[str, list[Payload]] = defaultdict(list)
        for entries in self._entries.values():
            for alternatives, payload in entries:
                for key in chain.from_iterable(alternatives):
                    if payload not in found[key]:
                        found[key].append(payload)
        return dict(found)

    def __contains__(self, word: str) -> bool:
        return any(key in self._entries for key in word_keys(normalize(word)))


@dataclass
class StemLexicon(Generic[Payload]):
    """Words and phrases matched by Snowball stem: one trigger form covers its inflections."""

    _single: dict[str, list[Payload]] = field(default_factory=lambda: defaultdict(list))
    _phrases: dict[str, list[tuple[tuple[str, ...], Payload]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add_word(self, word: str, payload: Payload) -> None:
        if payload not in self._single[stem(word)]:
            self._single[stem(word)].append(payload)

    def add_phrase(self, phrase: str, payload: Payload) -> None:
        stems = tuple(stem(word) for word in phrase.split())
        self._phrases[stems[0]].append((stems, payload))

    def first_stems(self) -> frozenset[str]:
        """Stems that can start a match: lets a caller skip tokens that start nothing."""
        return frozenset(self._single) | frozenset(self._phrases)

    def single_words(self) -> dict[str, list[Payload]]:
        """Stem → payloads of the one-word entries."""
        return dict(self._single)

    def phrases(self) -> list[tuple[tuple[str, ...], Payload]]:
        """(stems, payload) of the multi-word entries."""
        return [entry for entries in self._phrases.values() for entry in entries]

    def find_all(
        self, stems: Sequence[tuple[str, ...]], accept: Callable[[int], bool] = lambda _: True
    ) -> list[Match[Payload]]:
        """Every match; `stems[i]` are the candidate stems of token i."""
        found: list[Match[Payload]] = []
        single, phrases = self._single.keys(), self._phrases.keys()
        if single.isdisjoint(chain.from_iterable(stems)) and phrases.isdisjoint(chain.from_iterable(stems)):
            return found  # most sentences: no stem of the lexicon anywhere (C speed)
        # Tokens with a stem of the lexicon, found in one pass before any per-token work.
        starting = [
            (index, token_stems)
            for index, token_stems in enumerate(stems)
            if not (single.isdisjoint(token_stems) and phrases.isdisjoint(token_stems))
        ]
        for index, token_stems in starting:
            if not accept(index):
                continue
            payloads: list[Payload] = []
            for token_stem in token_stems:
                for phrase, payload in self._phrases.get(token_stem, ()):
                    following = stems[index + 1 : index + len(phrase)]
                    if len(following) == len(phrase) - 1 and all(
                        word in candidates for word, candidates in zip(phrase[1:], following, strict=True)
                    ):
                        found.append(Match(index, index + len(phrase), payload))
                payloads.extend(p for p in self._single.get(token_stem, ()) if p not in payloads)
            found.extend(Match(index, index + 1, payload) for payload in payloads)
        return found


def token_keys(norms: Sequence[str]) -> list[tuple[str, ...]]:
    return [word_keys(norm) for norm in norms]
