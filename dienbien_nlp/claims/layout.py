"""Document layout that sets a claim's context: section headings (``II- MỤC TIÊU``), horizons and target tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .records import _place_for, _record
from .text import _ROMAN, _ROMAN_HEAD, _YEAR, _Context, _span
from .values import _number_values
from .vocab import ClaimVocab


@dataclass
class _State:
    target: bool = False
    horizon: str | None = None
    table: dict[str, int] | None = None


def _cells(text: str, a: int, b: int) -> list[tuple[int, int]]:
    cells = []
    p = a
    for k in range(a, b + 1):
        if k == b or text[k] == "|":
            cells.append((p, k))
            p = k + 1
    return cells


def _cell_text(text: str, cell: tuple[int, int]) -> str:
    return text[cell[0] : cell[1]].strip()


def _table_unit_norm(unit: str, vocab: ClaimVocab) -> str:
    low = unit.lower().strip()
    for surface, norm, kind in vocab.units:
        if low == surface and kind != "denominator":
            return norm
    if low.startswith("%"):
        return "percent"
    if "/" in low:
        rest = low.split("/", 1)[1].strip()
        if any(rest == d for d, _n, k in vocab.units if k == "denominator"):
            return "per_10k_people"
        return "other"
    if "chỉ số" in low or low.isascii():
        return "other"
    return "count"


def _table_row(ctx: _Context, line: tuple[int, int], state: _State) -> tuple[list[dict[str, Any]], bool]:
    """Claims of a table row, and whether the row is a table row at all."""
    text, vocab = ctx.text, ctx.vocab
    cells = _cells(text, *line)
    low = [_cell_text(text, c).lower() for c in cells]
    cols: dict[str, int] = {}
    for role in ("table_indicator", "table_unit", "table_value"):
        for k, c in enumerate(low):
            if c in vocab.role(role) and k not in cols.values():
                cols[role] = k
                break
    if len(cols) >= 2 and "table_value" in cols:
        state.table = cols
        return [], True
    horizon_rx = "|".join(re.escape(c) for c in vocab.role("horizon"))
    for c in low:
        m = re.fullmatch(rf"(?:{horizon_rx})\s+({_YEAR})", c)
        if m:
            state.horizon = m.group(1)
            return [], True
    if state.table is None:
        return [], False
    cols = state.table
    vk = cols["table_value"]
    if len(cells) <= vk:
        return [], True
    vcell = cells[vk]
    ucell = cells[cols["table_unit"]] if "table_unit" in cols and cols["table_unit"] < len(cells) else None
    icell = cells[cols["table_indicator"]] if "table_indicator" in cols and cols["table_indicator"] < len(cells) else None
    unit_span = _span(text, *ucell) if ucell else None
    ind = _span(text, *icell) if icell else None
    if ind and ind["text"].endswith("."):
        ind = _span(text, ind["start"], ind["end"] - 1)
    out = []
    for val in _number_values(ctx, vcell[0], vcell[1], vcell[0] - 1, vcell[0]):
        if unit_span:
            val.unit = (unit_span["start"], unit_span["end"])
            val.unit_norm = _table_unit_norm(unit_span["text"], vocab)
        part_end = text.find(";", val.end, vcell[1])
        place = _place_for(ctx, val.end, part_end if part_end >= 0 else vcell[1], val.end)
        if place is None and icell:
            place = _place_for(ctx, icell[0], icell[1], icell[0])
        out.append(_record(ctx, val, "target", state.horizon, None, (ind["start"], ind["end"]) if ind else None, place))
    return out, True


def _heading(text: str, line: tuple[int, int], state: _State, vocab: ClaimVocab) -> None:
    s = text[line[0] : line[1]].strip()
    if not s or len(s) > 120 or s.endswith(".") or "|" in s:
        return
    low = s.lower()
    m = _ROMAN_HEAD.match(s)
    if m and _ROMAN.match(m.group(1)):
        state.target = any(c in low for c in vocab.role("heading_target"))
        state.horizon = None
    horizon_rx = "|".join(re.escape(c) for c in vocab.role("horizon"))
    h = re.match(rf"^(?:(?:\d+|[ivxlc]+|[a-zđ])\s*[-.)]\s*)?(?:mục tiêu\s+)?(?:{horizon_rx})\s+({_YEAR})\s*:?$", low)
    if h:
        state.horizon = h.group(1)


def _inside(span: dict[str, Any] | None, a: int, b: int) -> dict[str, Any] | None:
    return span if span is None or (a <= span["start"] and span["end"] <= b) else None
