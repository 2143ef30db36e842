"""The public data model: what the JSON output documents (see README, schema/claims.schema.json)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Bound = Literal["exact", "approximate", "more_than", "at_least", "less_than", "up_to", "vague"]
Polarity = Literal["asserted", "denied"]


def as_number(value: float | None) -> int | float | None:
    """Integral values print as integers, so 1200 never appears as 1200.0 in JSON."""
    if value is None:
        return None
    rounded = round(float(value), 4)
    return int(rounded) if rounded.is_integer() else rounded


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str  # as written, bound marker and unit included
    value: int | float | None  # None for vague amounts (عشرات)
    low: int | float | None  # None: open below
    high: int | float | None  # None: open above
    unit: str | None
    group: str | None  # of people: civilian, military, militant (from the unit noun), when known
    approximate: bool
    bound: Bound
    start: int  # offsets into the original text
    end: int


@dataclass(frozen=True, slots=True)
class EntityRef:
    id: str
    name: str
    category: str
    text: str  # as written


@dataclass(frozen=True, slots=True)
class Attribution:
    source: EntityRef | None  # a known entity
    source_text: str | None  # the source as written (مصادر داخلية) when no entity is known
    verb: str  # the reporting verb as written
    verb_class: str  # said | confirmed | announced | reported | according_to | denied


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Party:
    """A party the gazetteer does not know, as written: verification matches it by its words."""

    text: str
    role: str  # person (a role and its holder), place, party (an event's subject)


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    kind: str
    predicate: str
    quantity: Quantity | None
    quantities: tuple[Quantity, ...]
    actors: tuple[EntityRef, ...]
    location: EntityRef | None
    time: str | None
    attribution: Attribution | None
    polarity: Polarity
    group: str | None  # whom the predicate is about (civilian, military, militant), when known
    checkable: bool
    hedge: str | None  # why a claim is not checkable (the hedge's id)
    text: str  # the assertion's core: trigger through quantity, as written
    context: str  # the core with a few words either side, within its clause
    sentence: str
    span: Span  # of `text`
    sentence_span: Span
    check_worthiness: float
    rule: str
    notes: tuple[str, ...] = field(default=())
    # The year the claim's own clause dates its event by (في ديسمبر 2012), when it states one.
    event_year: int | None = None
    # Named people, organisations and places of the claim that no rules/entities entry resolves.
    unresolved: tuple[Party, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
