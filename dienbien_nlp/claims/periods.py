"""Time expressions (``năm 2023``, ``giai đoạn 2016 - 2020``, ``tháng 5/2005``) and the time and base time of a value."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .text import _MONTH_YEAR, _PERIOD, _YEAR_WORD, _clause_end, _clause_start, _cue_rx, _ends_with
from .vocab import ClaimVocab

if TYPE_CHECKING:
    from .values import _Value


@dataclass(frozen=True)
class _Time:
    start: int
    end: int
    value: str
    base: bool
    horizon: bool


def _times(text: str, start: int, end: int, vocab: ClaimVocab) -> list[_Time]:
    found: list[tuple[int, int, str]] = []
    seg = text[start:end]
    for m in _PERIOD.finditer(seg):
        found.append((start + m.start(), start + m.end(), f"{m.group(1)}/{m.group(2)}"))
    for rx in (_MONTH_YEAR, _YEAR_WORD):
        for m in rx.finditer(seg):
            s, e = start + m.start(), start + m.end()
            if not any(a <= s < b or a < e <= b for a, b, _ in found):
                found.append((s, e, m.group(1)))
    out = []
    for s, e, v in sorted(found):
        pre = text[max(start, s - 40) : s].lower().rstrip()
        # "năm 2004" after "so với" and "2016 - 2020" after "so với giai đoạn" are the base of a change
        pre_base = pre[: -len("giai đoạn")].rstrip() if _ends_with(pre, "giai đoạn") else pre
        base = any(_ends_with(pre_base, c) or _ends_with(pre_base + " năm", c) for c in vocab.role("base"))
        hor = any(_ends_with(pre + " năm", c) for c in vocab.role("horizon"))
        out.append(_Time(s, e, v, base, hor))
    return out


def _has_cue(text: str, cues: Iterable[str]) -> bool:
    low = text.lower()
    return any(_cue_rx(c).search(low) for c in cues)


def _time_for(times: list[_Time], sent: tuple[int, int], text: str, val: _Value, vocab: ClaimVocab) -> str | None:
    cstart, cend = _clause_start(text, sent[0], val.start, colon=False), _clause_end(text, val.start, sent[1])
    plain = [t for t in times if not t.base]
    # right after the value (20 đảng viên (tháng 10/1949), 44% năm 2005)
    for t in plain:
        if val.ext_end <= t.start < cend:
            gap = text[val.ext_end : t.start]
            if not re.search(r"[,;.:\d]", gap) and len(gap.split()) <= 12 and not re.search(r"\b(đạt|tăng|giảm|là)\b", gap):
                return t.value
            break
    now = vocab.role("now")
    before = [t for t in plain if cstart <= t.start and t.end <= val.start]
    if before:
        return None if _has_cue(text[before[-1].end : val.start], now) else before[-1].value
    lead = [t for t in plain if t.start - sent[0] <= 25 and t.end <= val.start and not _has_cue(text[max(t.end, cstart) : val.start], now)]
    if lead:
        return lead[0].value
    return None


def _base_for(times: list[_Time], sent: tuple[int, int], text: str, val: _Value) -> str | None:
    cstart, cend = _clause_start(text, sent[0], val.start, colon=False), _clause_end(text, val.start, sent[1])
    after = [t for t in times if t.base and val.end <= t.start < cend]
    if after:
        return after[0].value
    before = [t for t in times if t.base and cstart <= t.start and t.end <= val.start]
    return before[-1].value if before else None
