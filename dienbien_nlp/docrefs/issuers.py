"""The issuer phrase that may follow a reference (``của Bộ Chính trị``, ``của Ban Chấp hành Đảng bộ tỉnh khóa XIV``)."""

from __future__ import annotations

import re
from typing import NamedTuple

from .patterns import (
    _BODY_LOWER,
    _ISSUER_ADMIN_RE,
    _ISSUER_FIXED_RE,
    _ISSUER_IDENT_RE,
    _SINGLE_WORD_BODIES,
    _STOP_BIGRAMS,
    _rx,
)
from .records import _canon


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    kind: str  # "w" word, "n" number, "p" punctuation
    newline: bool  # a line break before it


_TOK_RE = re.compile(r"(\s*)(?:([^\W\d_]+)|(\d+)|(\S))")


def _tokens(key: str, pos: int, limit: int, max_tokens: int = 48) -> list[_Tok]:
    out: list[_Tok] = []
    while pos < limit and len(out) < max_tokens:
        m = _TOK_RE.match(key, pos, limit)
        if not m or m.end() == pos:
            break
        kind = "w" if m.group(2) else "n" if m.group(3) else "p"
        s = m.start(2) if kind == "w" else m.start(3) if kind == "n" else m.start(4)
        out.append(_Tok(s, m.end(), key[s : m.end()], kind, "\n" in m.group(1)))
        pos = m.end()
    return out


def _is_cap(tok: _Tok) -> bool:
    return tok.kind == "w" and tok.text[0].isupper()


def _is_acronym(tok: _Tok) -> bool:
    return tok.kind == "w" and len(tok.text) >= 2 and tok.text.isupper()


def _issuer_phrase(key: str, pos: int, limit: int) -> int | None:
    """Key offset of the end of the issuer phrase starting at ``pos``, or ``None``.

    Modes: ``start`` (a body name must begin), ``cap`` (after a capitalised
    syllable, which may take a lower-case second syllable), ``low`` (after one),
    ``acr`` (after an acronym or a complete name from the code table),
    ``committee`` (after ``… ủy``: a unit or place name may follow), ``place``
    (inside a place name: capitalised syllables only), ``ident`` (after ``khóa …``).
    """
    rx = _rx()
    toks = _tokens(key, pos, limit)
    if not toks or not _is_cap(toks[0]) or toks[0].start != pos or rx.type_start.match(key, pos):
        return None
    uy = _canon("ủy")
    end: int | None = None
    mode = "start"
    last = ""
    i = 0

    def skip_to(offset: int) -> int:
        j = i
        while j < len(toks) and toks[j].start < offset:
            j += 1
        return j

    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if i and t.newline:
            break
        if t.kind == "p":
            if t.text == "-" and end is not None and nxt is not None and _is_cap(nxt):
                if rx.type_start.match(key, nxt.start):
                    break
                mode = "place" if mode == "place" else "start"
                i += 1
                continue
            break
        if t.kind == "n":  # Hội nghị Trung ương 7, Ban Chỉ đạo 35; not "Chính phủ 2 năm qua"
            if mode in ("cap", "low", "acr") and len(t.text) <= 3:
                after = _tokens(key, t.end, limit, 1)
                if (
                    not after
                    or after[0].kind == "p"
                    or _is_cap(after[0])
                    or _ISSUER_IDENT_RE.match(key, after[0].start, limit)
                    or _ISSUER_ADMIN_RE.match(key, after[0].start, limit)
                ):
                    end, mode, i = t.end, "ident", i + 1
                    continue
            break
        if end is not None and mode in ("cap", "low", "acr", "committee", "ident"):
            m = _ISSUER_ADMIN_RE.match(key, t.start, limit)
            if m:
                after = _tokens(key, m.end(), limit, 1)
                if not (t.text[0].isupper() and after and after[0].kind == "w" and after[0].text[0].islower()):
                    end, mode, i = m.end(), "place", skip_to(m.end())
                    continue
        if end is not None:
            m = _ISSUER_IDENT_RE.match(key, t.start, limit)
            if m:
                end, mode, i = m.end(), "ident", skip_to(m.end())
                continue
        if _is_cap(t):
            if mode == "start" and end is not None and rx.type_start.match(key, t.start):
                break
            if mode not in ("place", "committee") and rx.issuer_names is not None:
                m = rx.issuer_names.match(key, t.start, limit)
                if m:
                    end, i = m.end(), skip_to(m.end())
                    mode = "committee" if key[m.end() - len(uy) : m.end()] == uy else "acr"
                    continue
            end, last, i = t.end, t.text, i + 1
            mode = "place" if mode in ("place", "committee") else "acr" if _is_acronym(t) else "cap"
            continue
        # a lower-case word
        if mode in ("place", "committee"):
            break
        if mode in ("cap", "low", "acr"):
            m = _ISSUER_FIXED_RE.match(key, t.start, limit)
            if m:
                end, mode, i = m.end(), "low", skip_to(m.end())
                continue
        if t.text == _canon("và") and mode != "start" and nxt is not None and _is_cap(nxt):
            if rx.type_start.match(key, nxt.start):
                break
            mode, i = "start", i + 1
            continue
        if mode == "cap" and t.text in _BODY_LOWER:
            if nxt is not None and nxt.kind == "w" and (t.text, nxt.text) in _STOP_BIGRAMS:
                break
            allowed = _SINGLE_WORD_BODIES.get(last)
            if allowed is not None and t.text not in allowed:
                break
            end, i = t.end, i + 1
            mode = "committee" if t.text == uy else "low"
            continue
        break
    return end
