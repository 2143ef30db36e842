"""Short human forms of quantities: "> 55 km", "≤ 1200 person", "20–99 person"."""

from __future__ import annotations

from factcheck.model import Quantity

_BOUND_SIGN = {"more_than": ">", "at_least": "≥", "less_than": "<", "up_to": "≤", "approximate": "≈"}


def figure(quantity: Quantity | None) -> str:
    if quantity is None:
        return ""
    unit = f" {quantity.unit}" if quantity.unit else ""
    if quantity.bound == "vague":
        return f"{quantity.low}–{quantity.high}{unit}"
    sign = _BOUND_SIGN.get(quantity.bound, "")
    return f"{sign}{' ' if sign else ''}{quantity.value}{unit}"
