"""What claim assembly drafts before it builds claims: triggers, drafts, and which figure a
trigger's rule takes."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.extract.analysis import Analysis
from factcheck.quantities.find import Found
from factcheck.rulebook.compile import PredicateRule

_UNITLESS_GAP = 2  # a bare number ("مقتل 4") attaches only right after its trigger


@dataclass(frozen=True, slots=True)
class Trigger:
    rule: PredicateRule
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Draft:
    rule: PredicateRule
    trigger: Trigger | None
    quantity: Found | None


def accepts(analysis: Analysis, trigger: Trigger, found: Found) -> bool:
    """The trigger's rule takes figures of this unit; a bare number only right after the trigger,
    or right before it when it counts it (`_counts`)."""
    unit = found.quantity.unit
    if unit is not None:
        return unit in trigger.rule.units
    if not trigger.rule.units:
        return False
    return (trigger.end <= found.number and found.number - trigger.end <= _UNITLESS_GAP) or (
        found.last == trigger.start and _counts(analysis, found, trigger)
    )


_VERB_SUFFIXES = ("وا", "ا", "ت", "ن")  # قتلوا، أصيبا، قتلت، أصبن: the verb agrees with its subject


def _counts(analysis: Analysis, found: Found, trigger: Trigger) -> bool:
    """A bare number right before its trigger counts it: the subject of a verb ("سبعة قتلوا") or
    digits before a noun ("2500 ضحية"). A number word before a noun or a preposition ("الخمسة
    بعد") is something else's."""
    word = analysis.sentence.tokens[trigger.start].norm
    return analysis.sentence.tokens[found.number].text[:1].isdigit() or word.endswith(_VERB_SUFFIXES)


def anchor(draft: Draft) -> int:
    if draft.trigger is not None:
        return draft.trigger.start
    assert draft.quantity is not None
    return draft.quantity.number
