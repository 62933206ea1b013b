"""The rules' token stream: the matching key of a line and its tokens, and the candidate type."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..text.keys import fold, match_key

#: Tie-break between candidates of equal length: the higher value wins.
SOURCE_PRIORITY: dict[str, int] = {
    "docref": 70,
    "event_pattern": 60,
    "project_pattern": 50,
    "org_pattern": 40,
    "person": 30,
    "place_pattern": 20,
    "gazetteer": 10,
}


@dataclass(frozen=True)
class Candidate:
    """One entity candidate, with offsets into the text given to :func:`find_candidates`.

    Attributes:
        start: Offset of the first character.
        end: Offset just after the last character; ``text == input[start:end]``.
        label: ``PER``, ``LOC``, ``ORG``, ``RESOLUTION``, ``PROJECT`` or ``EVENT``.
        text: The span as written.
        attrs: Normalised fields, JSON-ready: ``RESOLUTION`` has those of
            :meth:`dienbien_nlp.docrefs.DocRef.as_attrs`; ``LOC`` has ``admin_level`` and, for an
            administrative unit, ``code``, ``era``, ``province_code``; ``PER`` has ``positions``.
        source: The rule family that proposed it (a key of :data:`SOURCE_PRIORITY`).

    Example:
        >>> c = Candidate(0, 9, "LOC", "Điện Biên", {"admin_level": "province"}, "gazetteer")
        >>> c.end - c.start == len(c.text)
        True
    """

    start: int
    end: int
    label: str
    text: str
    attrs: dict[str, Any] = field(default_factory=dict, hash=False)
    source: str = ""


_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    folded = fold(word)
    return folded if len(folded) == len(word) else word


def _build_key(text: str) -> tuple[str, list[int]]:
    """One key character per grapheme of ``text`` and the start offset of each grapheme."""
    return match_key(text)


class _Tok(NamedTuple):
    s: int  # key offset of the first character
    e: int  # key offset after the last character
    text: str
    low: str
    kind: str  # "w" word, "n" number, "p" punctuation
    sp: bool  # whitespace before it
    first: bool  # first word of a sentence or clause opened by . ! ? : ( or a quote


_TOK_RE = re.compile(r"(\s*)(?:([^\W\d_]+)|(\d+)|(\S))")


_SENT_OPEN = frozenset(".!?:(\"")


def _camel_pieces(word: str) -> list[tuple[int, int]]:
    """Split glued words at a lower-to-upper change before a lower-case letter (``kĐại`` → ``k``, ``Đại``)."""
    if len(word) < 3 or word[1:].islower():
        return [(0, len(word))]
    cuts = [0]
    for k in range(1, len(word) - 1):
        if word[k - 1].islower() and word[k].isupper() and word[k + 1].islower():
            cuts.append(k)
    cuts.append(len(word))
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


def _tokenize(key: str) -> list[_Tok]:
    new = tuple.__new__  # a _Tok without the Python-level __new__ of a NamedTuple (one per token: it adds up)
    kinds = {2: "w", 3: "n", 4: "p"}
    toks: list[_Tok] = []
    append = toks.append
    prev = ""
    for m in _TOK_RE.finditer(key):
        sp = m.end(1) > m.start(1)
        group = m.lastindex  # 2 a word, 3 a number, 4 any other character: group 1 (the space) closes first
        s, e = m.span(group)
        if group == 2 and not (e - s < 3 or key[s + 1 : e].islower()):
            word = key[s:e]
            spans = [(s + a, s + b, sp and n == 0) for n, (a, b) in enumerate(_camel_pieces(word))]
        else:
            spans = [(s, e, sp)]
        kind = kinds[group]  # type: ignore[index]
        for a, b, space in spans:
            text = key[a:b]
            append(new(_Tok, (a, b, text, text.lower(), kind, space, not toks or prev in _SENT_OPEN)))
            prev = text
    return toks


def _is_cap(t: _Tok) -> bool:
    return t.kind == "w" and t.text[0].isupper()


def _name_word(t: _Tok) -> bool:
    """A capitalised word that can be part of a person's name: not an acronym, not one letter."""
    return len(t.text) >= 2 and not t.text.isupper()


def _is_lower(t: _Tok) -> bool:
    return t.kind == "w" and t.text[0].islower()


_ROMAN = re.compile(r"[IVXLC]+")


def _is_roman(t: _Tok) -> bool:
    return t.kind == "w" and _ROMAN.fullmatch(t.text) is not None
