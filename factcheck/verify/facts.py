"""A fact: the part of a claim that verification compares, small enough to store in the index."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from factcheck.model import Claim


@dataclass(frozen=True, slots=True)
class FactQuantity:
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    bound: str
    text: str


@dataclass(frozen=True, slots=True)
class Fact:
    kind: str
    predicate: str
    polarity: str
    group: str | None
    quantity: FactQuantity | None
    actors: tuple[str, ...]  # entity ids
    location: str | None  # entity id
    source: str | None  # entity id of who said it
    source_text: str | None
    text: str  # the fact's core text as written
    start: int  # offsets of `text` within its passage
    end: int
    event_year: int | None = None  # the year its clause dates the event by (extract/dating.py)

    @classmethod
    def from_claim(cls, claim: Claim, offset: int = 0) -> Fact:
        q = claim.quantity
        attribution = claim.attribution
        return cls(
            kind=claim.kind,
            predicate=claim.predicate,
            polarity=claim.polarity,
            group=claim.group,
            quantity=FactQuantity(q.value, q.low, q.high, q.unit, q.bound, q.text) if q else None,
            actors=tuple(actor.id for actor in claim.actors),
            location=claim.location.id if claim.location else None,
            source=attribution.source.id if attribution and attribution.source else None,
            source_text=attribution.source_text if attribution else None,
            text=claim.text,
            start=claim.span.start - offset,
            end=claim.span.end - offset,
            event_year=claim.event_year,
        )

    def to_dict(self) -> dict[str, Any]:
        """What dataclasses.asdict gives, without its recursive deep copy (every field is immutable):
        the index build writes a dict per fact, and asdict was a tenth of its main process."""
        data = {name: getattr(self, name) for name in _FACT_FIELDS}
        if self.quantity is not None:
            data["quantity"] = {name: getattr(self.quantity, name) for name in _QUANTITY_FIELDS}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        quantity = data.get("quantity")
        return cls(
            **{
                **data,
                "quantity": FactQuantity(**quantity) if quantity else None,
                "actors": tuple(data.get("actors", ())),
            }
        )


_FACT_FIELDS = tuple(field.name for field in fields(Fact))
_QUANTITY_FIELDS = tuple(field.name for field in fields(FactQuantity))
