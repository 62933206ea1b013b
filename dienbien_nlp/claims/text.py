"""Text helpers of the claim extractor: word-boundary cue matching, spans, clauses and the shared context.

The regular expressions for numbers as written (``_NUM``), years and periods live here
so that every module of the extractor reads the text the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .vocab import ClaimVocab

Span3 = tuple[int, int, str]

_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W_]+|[^\w\s]")
_NUM = re.compile(r"(?<![^\W\d_])(?<![\d.,/:+])\d+(?:[.,]\d+)*")
_YEAR = r"(?:1[89]\d{2}|20\d{2}|2100)"
_PERIOD = re.compile(rf"(?<![\d.,])({_YEAR})\s*[-–—]\s*({_YEAR})(?![\d])")
_YEAR_WORD = re.compile(rf"\bnăm\s+({_YEAR})(?![\d])", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\btháng\s+\d{{1,2}}\s*(?:[/-]|\s+năm\s+)\s*({_YEAR})(?![\d])", re.IGNORECASE)
_ROMAN_HEAD = re.compile(r"^\s*([IVXLC]+)\s*[-.)–:]\s*(.*)$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_SPACES = re.compile(r"[ \t\u00a0]*")


@functools.lru_cache(maxsize=4096)
def _cue_rx(cue: str, tail: str = r"(?![^\W\d_])") -> re.Pattern[str]:
    """``cue`` as a whole word (no letter before it), followed by ``tail``; compiled once per cue."""
    return re.compile(rf"(?<![^\W\d_]){re.escape(cue)}{tail}")


@functools.lru_cache(maxsize=4096)
def _literal_rx(cue: str) -> re.Pattern[str]:
    """``cue`` anywhere; compiled once per cue."""
    return re.compile(re.escape(cue))


def _is_letter(ch: str) -> bool:
    return bool(ch) and bool(_LETTER.match(ch))


def _ends_with(text: str, cue: str) -> bool:
    """``text`` (lower case, right-stripped) ends with ``cue`` on a word boundary."""
    if not text.endswith(cue):
        return False
    k = len(text) - len(cue)
    return k == 0 or not (_is_letter(text[k - 1]) and _is_letter(cue[0])) and not (text[k - 1].isdigit() and cue[0].isdigit())


def _starts_with(text: str, cue: str) -> bool:
    """``text`` (lower case) starts with ``cue`` on a word boundary."""
    if not text.startswith(cue):
        return False
    nxt = text[len(cue) : len(cue) + 1]
    return not nxt or not (_is_letter(nxt) and _is_letter(cue[-1])) and not (nxt.isdigit() and cue[-1].isdigit())


def _strip_cue(text: str, cues: Iterable[str]) -> tuple[str, str] | None:
    """``(text without the cue, cue)`` for the longest cue ``text`` ends with."""
    if isinstance(cues, tuple) and not text.endswith(cues):
        return None  # no cue ends the text at all (most calls): one C-level test of every cue
    for cue in cues:
        if _ends_with(text, cue):
            return text[: len(text) - len(cue)].rstrip(), cue
    return None


def _skip_spaces(text: str, p: int) -> int:
    m = _SPACES.match(text, p)
    return m.end() if m else p


def _span(text: str, start: int, end: int) -> dict[str, Any] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {"start": start, "end": end, "text": text[start:end]} if start < end else None


@dataclass
class _Context:
    text: str
    vocab: ClaimVocab
    entities: list[Span3]
    masked: list[tuple[int, int]]


def _in_entity(ctx: _Context, s: int, e: int) -> bool:
    return any(a <= s and e <= b for a, b in ctx.masked)


def _clause_start(text: str, s0: int, pos: int, colon: bool = True) -> int:
    """Start of the clause holding ``pos`` inside a sentence starting at ``s0`` (after ``;``, and ``:`` if asked)."""
    seps = ";:" if colon else ";"
    k = max(text.rfind(c, s0, pos) for c in seps)
    return k + 1 if k >= 0 else s0


def _clause_end(text: str, pos: int, s1: int) -> int:
    k = text.find(";", pos, s1)
    return k if k >= 0 else s1
