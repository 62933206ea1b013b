"""The claims section of a document page: the document's indicator claims as a table, and its series as charts.

A series is one indicator (its text, case and spacing ignored) in one normalised
unit, given at two or more times (a year such as ``2023`` or a period such as
``2016/2020``): a poverty rate over the years, a target for 2030 and 2045.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..results_tables import Cell, Table, table
from .charts import chart_series
from .sections import Figure
from .views import DocumentView

#: At most this many series charts on a page (the longest series first).
MAX_SERIES = 12
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@dataclass(frozen=True)
class ClaimSection:
    """Where the claims come from, their table (``None`` when there are none) and the series charts."""

    source: str
    table: Table | None
    charts: list[Figure]


def _text(span: Mapping[str, Any] | None) -> str:
    return " ".join(span["text"].split()) if span and span.get("text") else "—"


def claim_table(claims: Sequence[Mapping[str, Any]], where: Callable[[int], Cell]) -> Table:
    """One row per claim, in text order: where it is, the value as written and its parsed fields."""
    rows = [
        [
            where(c["value"]["start"]),
            _text(c["value"]),
            _number(c.get("number")),
            c.get("qualifier") or "—",
            _text(c.get("unit")),
            c.get("unit_norm") or "—",
            _text(c.get("indicator")),
            c.get("kind") or "—",
            c.get("time") or "—",
            c.get("base_time") or "—",
            _text(c.get("place")),
        ]
        for c in claims
    ]
    head = [
        "where",
        "value",
        "number",
        "qualifier",
        "unit",
        "unit_norm",
        "indicator",
        "kind",
        "time",
        "base time",
        "place",
    ]
    return table(head, rows, (2,))


def _number(value: Any) -> str:
    """A claim's number in full, with thousands grouped (``1,640,000,000,000``, ``61.15``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "—"
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def _time_key(time: str) -> tuple[int, ...] | None:
    years = [int(y) for y in _YEAR.findall(time)]
    return (years[-1], years[0]) if years else None


def claim_series(claims: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, list[Mapping[str, Any]]]]:
    """``(indicator as first written, unit_norm, claims in time order)`` for every series of the claims."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for c in claims:
        ind, time, number = c.get("indicator"), c.get("time"), c.get("number")
        if not ind or not ind.get("text") or not time or _time_key(time) is None or number is None:
            continue
        groups.setdefault((" ".join(ind["text"].lower().split()), str(c.get("unit_norm"))), []).append(c)
    out = []
    for (_, unit), cs in groups.items():
        if len({c["time"] for c in cs}) < 2:
            continue
        cs = sorted(cs, key=lambda c: (_time_key(c["time"]), c["value"]["start"]))
        out.append((" ".join(cs[0]["indicator"]["text"].split()), unit, cs))
    out.sort(key=lambda s: (-len({c["time"] for c in s[2]}), s[2][0]["value"]["start"]))
    return out[:MAX_SERIES]


def _as_written(claim: Mapping[str, Any]) -> str:
    value, unit = _text(claim["value"]), claim.get("unit")
    if not unit:
        return value
    return value + ("" if _text(unit).startswith("%") else " ") + _text(unit)


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def claim_section(view: DocumentView, where: Callable[[int], Cell]) -> ClaimSection:
    """The claims section of a document page."""
    claims = list(view.claims)
    if not claims:
        return ClaimSection(view.claim_source, None, [])
    charts = []
    for indicator, unit, cs in claim_series(claims):
        points = [(c["time"], float(c["number"]), str(c.get("kind")), _as_written(c)) for c in cs]
        charts.append(
            Figure(
                chart_series(points, title=_short(f"{indicator} ({unit})"), ylabel=unit),
                f"{indicator} over time",
                f"“{indicator}” ({unit}) at {len({c['time'] for c in cs})} times, as the text gives it; "
                "points are marked by the claim's kind, and labelled with the value as written.",
                "Not enough times to draw.",
            )
        )
    return ClaimSection(view.claim_source, claim_table(claims, where), charts)
