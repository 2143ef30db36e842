"""How much two sentences are about the same thing: shared content words (by key, stem or
spelling variant) and rapidfuzz similarity of the normalised texts."""

from __future__ import annotations

from rapidfuzz import fuzz

from factcheck.stance.words import Difference, Word


def overlap(first: list[Word], second: list[Word], diff: Difference) -> float:
    """Share of the shorter sentence's content words found in the other, 0..1."""
    if not first or not second:
        return 0.0
    shared_second = len(second) - len(diff.only_second)
    return max(diff.shared, shared_second) / min(len(first), len(second))


def similarity(first: list[Word], second: list[Word]) -> float:
    """rapidfuzz token-set similarity of the content words, 0..1 (catches re-spelt shared words)."""
    return fuzz.token_set_ratio(" ".join(w.norm for w in first), " ".join(w.norm for w in second)) / 100
