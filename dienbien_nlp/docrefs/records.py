"""Document references as records: the document types, :class:`DocRef`, and the matching key of the text they are found in."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..text.keys import CHAR_MAP, IGNORABLE, match_key

#: The document types of :attr:`DocRef.doc_type`.
DOC_TYPES: tuple[str, ...] = (
    "nghi_quyet",
    "ket_luan",
    "chi_thi",
    "quy_dinh",
    "quyet_dinh",
    "chuong_trinh_hanh_dong",
    "ke_hoach",
    "luat",
    "nghi_dinh",
    "thong_tu",
    "cong_van",
    "de_an",
    "other",
)


@dataclass(frozen=True)
class DocRef:
    """One reference to a party or state document, with offsets into the input text.

    Attributes:
        start: Offset of the first character of the span.
        end: Offset just after the span; ``text == input[start:end]``.
        text: The span as written in the input.
        doc_type: One of :data:`DOC_TYPES`.
        number: The document number as written (``"11"``, ``"03"``), or ``None``.
        symbol: The symbol after the number (``"NQ/TW"``, ``"KH-UBND"``, ``"QH15"``).
        canonical_id: Number and symbol (``"11-NQ/TW"``, ``"170/2025/NĐ-CP"``).
        year: The year carried by the number (``170/2025/…``) or a law title
            (``Luật Đất đai năm 2024``).
        issuer_code: The issuer part of the symbol (``"TW"``, ``"UBND"``; ``QH15`` → ``"QH"``).
        issuer: The issuing body as the text gives it after the span, else from the code table.
        issuer_span: Offsets of the issuer phrase in the input when the text gives it.
        date: ISO 8601 date given after the span (``"2022-02-10"``).

    Example:
        >>> ref = find_doc_refs("Kế hoạch số 188/KH-UBND của UBND tỉnh Nghệ An")[0]
        >>> ref.as_attrs()["issuer"], ref.issuer_span
        ('UBND tỉnh Nghệ An', (28, 45))
    """

    start: int
    end: int
    text: str
    doc_type: str
    number: str | None = None
    symbol: str | None = None
    canonical_id: str | None = None
    year: str | None = None
    issuer_code: str | None = None
    issuer: str | None = None
    issuer_span: tuple[int, int] | None = None
    date: str | None = None

    def as_attrs(self) -> dict[str, str | None]:
        """Return the normalised fields (no offsets, no span text) as a JSON-ready dict.

        Every key is always present; absent values are ``None``.

        Example:
            >>> find_doc_refs("Luật số 31/2024/QH15")[0].as_attrs()["issuer"]
            'Quốc hội khóa XV'
        """
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "symbol": self.symbol,
            "canonical_id": self.canonical_id,
            "year": self.year,
            "issuer_code": self.issuer_code,
            "issuer": self.issuer,
            "date": self.date,
        }


_IGNORABLE = IGNORABLE


_CHAR_MAP = CHAR_MAP


class _Indexed:
    """The input text, its matching key (one character per grapheme) and the offset map."""

    __slots__ = ("key", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.key, self.starts = match_key(text)

    def span(self, ks: int, ke: int) -> tuple[int, int]:
        """Map a key span to input offsets, without zero-width characters at either end."""
        s, e = self.starts[ks], self.starts[ke]
        while s < e and self.text[s] in _IGNORABLE:
            s += 1
        while e > s and self.text[e - 1] in _IGNORABLE:
            e -= 1
        return s, e


def _canon(s: str) -> str:
    """The matching key of a plain string (table entries, literals)."""
    return _Indexed(s).key


def _display(s: str) -> str:
    """A normalised form of an input slice for output fields: NFC, Đ, single spaces."""
    s = "".join(c for c in unicodedata.normalize("NFC", s) if c not in _IGNORABLE)
    s = "".join(_CHAR_MAP.get(c, c) for c in s)
    return re.sub(r"\s+", " ", s).strip()
