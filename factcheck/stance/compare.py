"""The comparison: does sentence 2 support, contradict or say nothing about sentence 1?

Signals are tried from the most to the least specific; the first one that fires gives the
stance and its reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from factcheck.rulebook.compile import Rulebook
from factcheck.stance.antonyms import antonym_conflict
from factcheck.stance.directions import direction_conflict
from factcheck.stance.entities import entity_conflict
from factcheck.stance.negation import negation_conflict
from factcheck.stance.numbers import number_conflict
from factcheck.stance.relatedness import overlap, similarity
from factcheck.stance.words import content_words, difference

if TYPE_CHECKING:
    from factcheck.stance.model import StanceModel

Stance = Literal["supports", "contradicts", "unrelated"]

# Below both, two sentences share too little to be about one event (tuned on ANS train).
UNRELATED_OVERLAP = 0.25
UNRELATED_SIMILARITY = 0.55


@dataclass(frozen=True, slots=True)
class StanceResult:
    stance: Stance
    reason: str


def compare_sentences(s1: str, s2: str, book: Rulebook, model: StanceModel | None = None) -> StanceResult:
    """Rules only without a model; with one (factcheck.stance.model.load_model(), what `check`
    uses by default) a conflict the rules name stands and the model decides the rest."""
    if model is not None:
        return model.compare(s1, s2, book)
    first, second = content_words(s1), content_words(s2)
    diff = difference(first, second)
    share = overlap(first, second, diff)
    if share < UNRELATED_OVERLAP and similarity(first, second) < UNRELATED_SIMILARITY:
        return StanceResult("unrelated", f"little in common (overlap {share:.2f})")
    for reason in (
        number_conflict(s1, s2, book),
        negation_conflict(s1, s2, book),
        antonym_conflict(diff.only_first, diff.only_second, book),
        direction_conflict(s1, s2, book),
        entity_conflict(s1, s2, book),
    ):
        if reason is not None:
            return StanceResult("contradicts", reason)
    return StanceResult(
        "supports", f"same content, no conflicting figure, negation or word (overlap {share:.2f})"
    )
