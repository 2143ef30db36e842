"""Which sentences can hold a claim at all, so the index can skip the others unanalysed.

`extract_sentence` (extract/assemble.py) drafts a claim only from
- a predicate trigger whose rule does not require a figure (a figure-less event), or
- a quantity attached to any trigger, or whose unit alone makes a claim (count.amount).

A quantity needs a digit, a number word, a vague amount or a dual noun (Rulebook.quantity_cores; a
bound such as أكثر من only extends one). So a sentence can be skipped unless it holds a trigger of a
rule that needs no figure, or a quantity core together with a trigger or a word of a unit-only unit.
Every test below reads the same sets the extractor starts from, and a phrase counts only when all
of its words are in the sentence: skipping changes no result (tests/test_prefilter.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.quantities.find import is_core
from factcheck.rulebook.compile import PredicateRule, Rulebook
from factcheck.text.clitics import word_keys
from factcheck.text.segment import word_tokens
from factcheck.text.stems import stem_keys

_CACHE_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class WordProfile:
    """What one whitespace-separated word can contribute to a claim."""

    core: bool  # a quantity can be read from it (digit, number word, vague amount, dual)
    free: bool  # a trigger of a rule that needs no figure
    trigger: bool  # a trigger of any rule
    unit_only: bool  # a word of a unit that makes a claim on its own
    phrase_stems: frozenset[str]  # stems it brings to multi-word stem triggers (لا صحة)


_NOTHING = WordProfile(False, False, False, False, frozenset())


def _needs_no_figure(rules: Sequence[PredicateRule]) -> bool:
    return any(rule.quantity != "required" for rule in rules)


class ClaimWords:
    """Tells whether a sentence (its whitespace-separated words) may hold a claim; words cached."""

    def __init__(self, book: Rulebook) -> None:
        self._cores = book.quantity_cores
        self._single = book.predicates.single_words()
        self._phrases = [(frozenset(stems), rule) for stems, rule in book.predicates.phrases()]
        self._phrase_vocabulary = frozenset(stem for stems, _ in self._phrases for stem in stems)
        # Form triggers are few: any word of theirs counts (a superset of a whole-phrase match).
        self._forms = book.predicate_forms.words_with_payloads()
        unit_only = frozenset(unit for rule in book.unit_only_rules for unit in rule.units)
        self._unit_words = book.units.last_words_of(lambda entry: entry.unit in unit_only) | frozenset(
            key for key, unit in book.unit_symbols.items() if unit in unit_only
        )
        self._known: dict[str, WordProfile] = {}

    def may_hold_claim(self, words: Sequence[str]) -> bool:
        core = trigger = unit_only = False
        phrase_stems: set[str] = set()
        for word in words:
            profile = self._profile(word)
            if profile.free:
                return True
            core = core or profile.core
            trigger = trigger or profile.trigger
            unit_only = unit_only or profile.unit_only
            phrase_stems |= profile.phrase_stems
        for stems, rule in self._phrases:
            if stems <= phrase_stems:
                if _needs_no_figure([rule]):
                    return True
                trigger = True
        return core and (trigger or unit_only)

    def _profile(self, word: str) -> WordProfile:
        known = self._known.get(word)
        if known is None:
            if len(self._known) >= _CACHE_LIMIT:  # bounded like the text layer's lru caches
                self._known.clear()
            known = self._known[word] = self._build(word)
        return known

    def _build(self, word: str) -> WordProfile:
        core = free = trigger = unit_only = False
        phrase_stems: set[str] = set()
        for _, _, surface, norm in word_tokens(word):
            keys, stems = word_keys(norm), stem_keys(surface)
            core = core or is_core(norm, keys, self._cores)
            unit_only = unit_only or not self._unit_words.isdisjoint(keys)
            # Most new words are none of these: set tests at C speed before any Python loop.
            if not (self._single.keys().isdisjoint(stems) and self._forms.keys().isdisjoint(keys)):
                for rules in [self._single[s] for s in stems if s in self._single] + [
                    self._forms[k] for k in keys if k in self._forms
                ]:
                    trigger = True
                    free = free or _needs_no_figure(rules)
            if not self._phrase_vocabulary.isdisjoint(stems):
                phrase_stems.update(s for s in stems if s in self._phrase_vocabulary)
        if not (core or trigger or unit_only or phrase_stems):
            return _NOTHING
        return WordProfile(core, free, trigger, unit_only, frozenset(phrase_stems))


def claim_words(book: Rulebook) -> ClaimWords:
    """One per rulebook, kept on it (compiled rulebooks are not changed after compilation)."""
    cached = book.__dict__.get("_claim_words")
    if cached is None:
        cached = book.__dict__["_claim_words"] = ClaimWords(book)
    return cached
