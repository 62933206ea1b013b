"""Cleaning raw article text: pure ``str -> str`` functions and furniture removal.

The raw source is never changed. :func:`clean_article` returns the article's
own text together with a map from every kept character back to its offset in
the raw text, so annotations made on either can be moved to the other.

Example:
    >>> c = clean_article("Logo báo X\\n\\nTiêu đề\\nzalo-icon\\nĐoạn một.\\n")
    >>> c.text
    'Tiêu đề\\n\\nĐoạn một.'
    >>> c.raw_offset(0), c.raw_offset(9)
    (12, 30)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from ..tables import read_tsv
from ..text.keys import CHAR_MAP

#: ``Ð`` (U+00D0, Icelandic eth) is often typed for ``Đ`` (U+0110); likewise ``ð``.
#: The look-alikes of ``Đ``/``đ`` (``Ð`` eth and the African D) that the matching key reads as ``Đ``/``đ``.
ETH_TABLE = str.maketrans({c: k for c, k in CHAR_MAP.items() if k in "Đđ"})


def normalize_nfc(text: str) -> str:
    """Unicode NFC composition (always the first cleaning step).

    >>> len(normalize_nfc("e\\u0301"))
    1
    """
    return unicodedata.normalize("NFC", text)


def fix_eth(text: str) -> str:
    """Replace the look-alikes ``Ð``/``ð`` (and ``Ɖ``/``ɖ``) with Vietnamese ``Đ``/``đ``.

    >>> fix_eth("Ðiện Biên") == "Điện Biên"
    True
    """
    return text.translate(ETH_TABLE)


def normalize_spaces(text: str) -> str:
    """Turn no-break and other odd spaces into plain spaces (same length).

    >>> normalize_spaces("a\\u00a0b\\u2009c")
    'a b c'
    """
    return "".join(" " if (c.isspace() and c not in "\n\r") else c for c in text)


def normalize_text(text: str) -> str:
    """The composed cleaning of one line: NFC, then ``Ð`` → ``Đ``, then spaces."""
    return normalize_spaces(fix_eth(normalize_nfc(text)))


@functools.lru_cache(maxsize=1)
def furniture_patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled furniture patterns from ``resources/furniture.tsv``."""
    rows = read_tsv("furniture.tsv", ("pattern", "why"), header=False)
    return tuple(re.compile(row["pattern"], re.IGNORECASE) for row in rows)


def is_furniture(line: str) -> bool:
    """True when a whole line is page furniture (logo, share icons, player, boxes).

    >>> is_furniture("zalo-icon"), is_furniture("00:00 / 00:00"), is_furniture("Điện Biên")
    (True, True, False)
    """
    s = normalize_text(line).strip()
    return any(p.fullmatch(s) for p in furniture_patterns())


def _normalize_with_map(line: str, start: int) -> tuple[str, list[int], list[int]]:
    """Normalise ``line`` cluster by cluster, mapping each output char to its raw cluster."""
    out: list[str] = []
    offs: list[int] = []
    ends: list[int] = []
    i = 0
    n = len(line)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(line[j]):
            j += 1
        piece = normalize_text(line[i:j])
        out.append(piece)
        offs.extend([start + i] * len(piece))
        ends.extend([start + j] * len(piece))
        i = j
    return "".join(out), offs, ends


@dataclass(frozen=True)
class CleanText:
    """The article's own text and the raw offset of each of its characters.

    Attributes:
        text: Paragraphs of the article joined by a blank line.
        offsets: ``offsets[i]`` is the raw offset of ``text[i]``; one extra
            entry maps ``len(text)`` to the raw end of the last kept character.
        ends: ``ends[i]`` is the raw end of the character cluster ``text[i]``
            came from (NFD input maps one clean character to several raw ones).
    """

    text: str
    offsets: tuple[int, ...]
    ends: tuple[int, ...] = ()

    def raw_offset(self, i: int) -> int:
        """Raw offset of clean offset ``i`` (``0 <= i <= len(text)``)."""
        return self.offsets[i]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw span of the clean span ``[start, end)`` (end exclusive)."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.ends[end - 1]

    def clean_span(self, raw_start: int, raw_end: int) -> tuple[int, int] | None:
        """Clean span covering the raw span, or ``None`` if it lies in dropped text."""
        import bisect

        offs = self.offsets[:-1]
        s = bisect.bisect_left(offs, raw_start)
        e = bisect.bisect_left(offs, raw_end)
        if s >= e:
            return None
        return s, e


def clean_article(raw: str) -> CleanText:
    """Drop page furniture and blank lines; keep every other character as written.

    Each non-empty, non-furniture line becomes a paragraph, stripped of
    surrounding whitespace and normalised by :func:`normalize_text`
    (NFC, ``Ð`` → ``Đ``, odd spaces → space); paragraphs are joined by
    ``"\\n\\n"``. Tone-mark spelling (``uỷ``) is kept as written.
    """
    parts: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    pos = 0
    last_end = 0
    for line in raw.splitlines(keepends=True):
        body = line.splitlines()[0] if line else line
        stripped = body.strip()
        if stripped and not is_furniture(stripped):
            lead = len(body) - len(body.lstrip())
            text, offs, cluster_ends = _normalize_with_map(stripped, pos + lead)
            if parts:
                parts.append("\n\n")
                offsets.extend([last_end, last_end])
                ends.extend([last_end, last_end])
            parts.append(text)
            offsets.extend(offs)
            ends.extend(cluster_ends)
            last_end = pos + lead + len(stripped)
        pos += len(line)
    offsets.append(last_end)
    return CleanText("".join(parts), tuple(offsets), tuple(ends))
