"""A claim record (the fields of the gold) from a value and what was found around it."""

from __future__ import annotations

from typing import Any

from .text import _Context, _span
from .values import _Value


def _place_for(ctx: _Context, a: int, b: int, pos: int) -> tuple[int, int] | None:
    locs = [(s, e) for s, e, lab in ctx.entities if lab == "LOC" and a <= s and e <= b]
    if not locs:
        return None
    return min(locs, key=lambda se: abs(se[0] - pos))


def _record(ctx: _Context, val: _Value, kind: str, time: str | None, base: str | None,
            indicator: tuple[int, int] | None, place: tuple[int, int] | None) -> dict[str, Any]:  # fmt: skip
    text = ctx.text
    return {
        "value": _span(text, val.start, val.end),
        "number": val.number,
        "qualifier": val.qualifier,
        "unit": _span(text, *val.unit) if val.unit else None,
        "unit_norm": val.unit_norm,
        "indicator": _span(text, *indicator) if indicator else None,
        "kind": kind,
        "time": time,
        "base_time": base,
        "place": _span(text, *place) if place else None,
    }
