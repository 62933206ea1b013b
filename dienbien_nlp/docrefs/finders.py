"""References to Vietnamese party and state documents (the RESOLUTION entity), character-exact.

:func:`find_doc_refs` finds references such as ``Nghị quyết số 11-NQ/TW``,
``Kế hoạch số 188/KH-UBND``, ``Nghị quyết Đại hội lần thứ XIII của Đảng`` or
``Luật Đất đai năm 2024`` and parses them into :class:`DocRef` records: document
type, number, symbol, canonical id, year, issuer and date.
:func:`parse_symbol` and :func:`parse_date` are the parsers it uses, public for
annotation tools.

Span rules (the project's annotation rules):

* **Numbered documents.** The span is the type word, an optional qualifier
  (``chuyên đề``, ``liên ngành``), an optional ``số`` and the number with its
  symbol: ``Nghị quyết số 11-NQ/TW``, ``Kết luận 155-KL/TW``, ``văn bản số
  4755/VPCP-CN``. Lower-case type words count when a symbol follows. The date and
  issuer after it (``, ngày 10/02/2022 của Bộ Chính trị``) stay outside the span and
  fill ``date``, ``issuer`` and ``issuer_span``. Symbols follow two conventions:
  party ``number-TYPE/ISSUER`` (``03-CTrHĐ/TU``) and state
  ``number[/year]/TYPE-ISSUER[-UNIT]`` (``170/2025/NĐ-CP``, ``31/2024/QH15``,
  ``4755/VPCP-CN``). A full stop inside a symbol (``T.Ư``, ``UBND.KT``) never ends
  it; a full stop before a space or the end of the text is punctuation.
* **Bare symbols.** A symbol without a type word is a reference when it carries a
  known type abbreviation or issuer code (``số 11-NQ/TW`` gives the span
  ``11-NQ/TW``: ``số`` stays outside) or is a Quốc hội number (``31/2024/QH15``).
  Its ``doc_type`` comes from the abbreviation (``QĐi`` → ``quy_dinh``, ``QĐ`` →
  ``quyet_dinh``, ``TT`` → ``thong_tu`` in state symbols, Thông tri (``other``) in
  party ones); a state symbol without an abbreviation (``4755/VPCP-CN``) is a công
  văn.
* **Number only.** A capitalised specific type word directly before a bare number
  is a reference (``Nghị quyết 57``, ``Quyết định 217 và 218``, ``Đề án 06``) when
  the number is not a year (``Kế hoạch 2025``) and what follows is punctuation, the
  end, a capitalised word or a word that continues a reference (``của``, ``về``,
  ``ngày``, ``đã`` …), not a counted noun (``Chỉ thị 5 nhiệm vụ``). With ``số`` any
  type word qualifies (``nghị quyết số 18``). ``symbol`` and ``canonical_id`` are
  then ``None``.
* **Congress and plenum resolutions.** ``Nghị quyết``/``Kết luận`` followed by a
  congress or plenum keeps that naming complement: ``Nghị quyết Đại hội lần thứ
  XIII của Đảng``, ``Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XIV``,
  ``Nghị quyết Đại hội XIII``, ``Nghị quyết Trung ương 4 khóa XII``, ``Nghị quyết
  Hội nghị Trung ương 8 khóa XIII``, ``Nghị quyết Hội nghị lần thứ tư Ban Chấp hành
  Trung ương Đảng khóa XII``, ``Nghị quyết Hội nghị Tỉnh ủy lần thứ 10``. The
  complement is ``Đại hội`` with at least one of ``đại biểu``, ``toàn quốc``,
  ``Đảng [bộ [ADMIN] [Name]]``, an ordinal (``lần thứ …``, a Roman numeral, a
  number), ``nhiệm kỳ YYYY-YYYY`` (without a comma before it) and ``của Đảng
  [bộ …]``; or ``[Hội nghị] Trung ương N|lần thứ … [khóa …]``; or ``Hội nghị``
  with ``lần thứ …`` and a committee. Without an ordinal it stops after the body
  (``Nghị quyết Đại hội Đảng bộ tỉnh``). A lower-case ``nghị quyết`` counts only
  with an ordinal (``nghị quyết Đại hội XIII``). Plural or bare mentions are not
  references: ``các Nghị quyết Đại hội Đảng bộ``, ``Nghị quyết Đại hội Đảng bộ các
  cấp``, ``Nghị quyết Đại hội``, ``Nghị quyết Trung ương``. Parentheses end the
  complement: ``Nghị quyết Trung ương 8 (khóa XIII)`` gives ``Nghị quyết Trung ương 8``.
* **Named laws.** Capitalised ``Luật``, ``Bộ luật``, ``Pháp lệnh`` or ``Điều lệ`` (``Điều lệ
  Đảng``, ``Điều lệ Công đoàn Việt Nam``), or ``Báo cáo Chính trị``, followed by a
  capitalised word starts a title, which runs word by word and stops:

  - before punctuation (``,`` ``;`` ``(`` ``.`` ``:`` quotes, dashes …), except a
    comma inside a fixed title pair (``Luật Phòng, chống tham nhũng``, ``Luật Cán
    bộ, công chức``, ``Luật Thi đua, khen thưởng``, ``Luật Sửa đổi, bổ sung …``);
  - before ``và``/``hoặc`` followed by another capitalised type word (``Luật Đất
    đai và Luật Nhà ở`` gives two references); otherwise ``và`` stays inside
    (``Luật Bảo vệ và phát triển rừng``);
  - after ``năm YYYY`` or a bare year (``Luật Đất đai năm 2024``, ``Luật Đất đai
    2024``), optionally followed by ``số`` and a symbol, both kept;
  - after ``số`` and a symbol (``Luật Đất đai số 31/2024/QH15``);
  - before a function word or clause verb (``của``, ``về``, ``các``, ``đã``,
    ``được``, ``có``, ``là``, ``quy định``, ``sửa đổi``, ``mới``, ``hiện hành`` …),
    except in the few titles that contain one (``… của người nước ngoài tại Việt
    Nam``, ``… theo phương thức đối tác công tư``, ``… một số điều của Luật …``);
  - after at most 24 words.

  ``Hiến pháp`` needs a year (``Hiến pháp năm 2013``). ``Luật sư``, ``Luật này``,
  ``Đại học Luật Hà Nội`` and lower-case ``luật`` are not titles.
* **Generic and counted mentions** are never references: ``các nghị quyết``, ``18
  nghị quyết chuyên đề``, ``04 chương trình hành động``, ``hơn 100 kế hoạch``,
  ``Nghị quyết`` alone.
* **Issuer and date.** After a span, ``[,] [(] [ban hành|ký] ngày DATE [)]`` gives
  ``date`` and ``[,] của|do ISSUER`` gives ``issuer`` (in either order). The issuer
  phrase is a body name: capitalised words with their lower-case second syllables
  (``Bộ Chính trị``, ``Thủ tướng Chính phủ``), the names in ``issuer_codes.tsv``,
  ``nhân dân`` and similar fixed parts, an administrative unit with its name
  (``UBND tỉnh Nghệ An``), ``khóa XV``, ``lần thứ sáu`` and ``và`` before another
  body. It stops at punctuation, a verb (``ban hành``, ``về`` …) or another
  reference. Without such a phrase the issuer comes from the symbol's code
  (``TU`` → ``Tỉnh ủy``, ``QH15`` → ``Quốc hội khóa XV``) and ``issuer_span`` is ``None``.

Unicode: matching runs on a key with one character per grapheme of the input (NFC,
``Ð``/``ð``/``Ɖ`` read as ``Đ``/``đ``, typographic dashes, slashes and spaces unified,
the tone mark of each word moved to one canonical vowel so ``hoá``/``hóa`` and
``uỷ``/``ủy`` match alike, zero-width characters attached to their neighbour), so
offsets are exact in the string as given, whether NFC or NFD. Normalised fields
(``symbol``, ``canonical_id``, ``issuer``, ``date`` …) are NFC with ``Đ``.

Example:
    >>> from dienbien_nlp.docrefs import find_doc_refs
    >>> text = "Thực hiện Nghị quyết số 11-NQ/TW, ngày 10/02/2022 của Bộ Chính trị, Tỉnh ủy ban hành..."
    >>> [ref] = find_doc_refs(text)
    >>> ref.text, ref.canonical_id, ref.date, ref.issuer
    ('Nghị quyết số 11-NQ/TW', '11-NQ/TW', '2022-02-10', 'Bộ Chính trị')
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from ..tables import read_tsv
from ..text.keys import CHAR_MAP, IGNORABLE, match_key
from ..text.overlaps import non_overlapping

__all__ = ["DOC_TYPES", "DocRef", "find_doc_refs", "parse_date", "parse_symbol"]

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


# --- the matching key ------------------------------------------------------------------

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


# --- regex building blocks ---------------------------------------------------------------

_LATIN = [chr(c) for c in (*range(0x41, 0x250), *range(0x1E00, 0x1F00))]
_UP = "".join(c for c in _LATIN if c.isupper() and len(c.lower()) == 1)
_UPC = f"[{_UP}]"
_B = r"(?<![^\W_])"  # not after a letter or digit
_E = r"(?![^\W_])"  # not before a letter or digit


def _ci(phrase: str) -> str:
    """Case-insensitive regex for a phrase; spaces match any whitespace."""
    return "(?i:" + r"\s+".join(re.escape(w) for w in _canon(phrase).split()) + ")"


def _cap(phrase: str) -> str:
    """Regex for a phrase whose first letter must be upper case (the rest in any case)."""
    words = _canon(phrase).split()
    head = re.escape(words[0][0])
    tail = re.escape(words[0][1:]) + "".join(r"\s+" + re.escape(w) for w in words[1:])
    return head + (f"(?i:{tail})" if tail else "")


def _alt(phrases: list[str], how: str = "ci") -> str:
    make = _ci if how == "ci" else _cap
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(make(p) for p in ordered) + ")"


_ROMAN = rf"[IVXLC]{{1,7}}{_E}"
_ORD_WORDS = [f"mười {u}" for u in "một hai ba bốn lăm năm sáu bảy tám chín".split()]
_ORD_WORDS += ["hai mươi", "hai mươi mốt", *"nhất hai ba tư bốn năm sáu bảy bẩy tám chín mười".split()]
_ORD = rf"(?:\d{{1,2}}{_E}|{_ROMAN}|{_alt(_ORD_WORDS)}{_E})"
_LAN_THU = rf"{_ci('lần thứ')}\s+{_ORD}"
_KHOA = rf"{_ci('khóa')}\s+(?:{_ROMAN}|\d{{1,2}}{_E})"
_NHIEM_KY = rf"{_ci('nhiệm kỳ')}\s+(?:19|20)\d\d\s*-\s*(?:19|20)\d\d{_E}"
_ADMIN = _alt(["thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "huyện", "quận", "xã", "phường"]) + _E
_NAME = rf"{_UPC}[^\W\d_]*(?:\s+{_UPC}[^\W\d_]*)*"
_YEAR = r"(?:19|20)\d\d"

# Symbols: number, then the party or the state convention.
_NUM = r"(?P<num>\d{1,6}[a-z]?)"
_SEG = r"[A-ZĐƯ](?:[A-Za-zĐƯ&]|\.(?=[A-ZĐƯ]))*\d*"
_PARTY_RE = re.compile(rf"{_NUM} ?- ?(?P<abbr>{_SEG})/(?P<iss>{_SEG}(?:[-/]{_SEG})*){_E}")
_STATE_RE = re.compile(rf"{_NUM}(?:/(?P<year>{_YEAR}))?/(?P<rest>{_SEG}(?:-{_SEG})*){_E}")
_OLD_RE = re.compile(rf"{_NUM}-(?P<iss>{_SEG}){_E}(?![-/])")
_BARE_START = re.compile(r"(?<![\w/.\-])\d{1,6}[a-z]? ?[-/]")
_QH_RE = re.compile(r"(UBTVQH|QH)(\d{1,2})")

_DATE_BODY = (
    r"(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"
    rf"|(?P<d2>\d{{1,2}})\s+{_ci('tháng')}\s+(?P<m2>\d{{1,2}})\s*,?\s+{_ci('năm')}\s+(?P<y2>\d{{4}})"
)
_DATE_FULL_RE = re.compile(rf"\s*(?:{_ci('ngày')}\s+)?(?:{_DATE_BODY})\s*")
_DATE_TAIL_RE = re.compile(
    rf"\s*,?\s*(?:\(\s*)?(?:(?:{_ci('được')}\s+)?(?:{_ci('ban hành')}|{_ci('ký')})\s+)?"
    rf"{_ci('ngày')}\s+(?:{_DATE_BODY}){_E}(?:\s*\))?"
)
_ISSUER_LEAD_RE = re.compile(rf"\s*,?\s*(?:{_ci('của')}|{_ci('do')})\s+")


# --- tables -----------------------------------------------------------------------------


class _TypeWord(NamedTuple):
    word: str  # as in the table
    key: str  # canonical, lower case
    doc_type: str


class _Tables(NamedTuple):
    type_words: dict[str, _TypeWord]  # canonical lower key -> row
    abbrevs: dict[tuple[str, str], str]  # (convention, abbreviation) -> doc_type
    issuers: dict[str, str]  # code -> issuer name
    issuers_folded: dict[str, str]  # upper-case code -> issuer name
    issuer_names: list[str]  # canonical issuer names for the issuer phrase


@functools.lru_cache(maxsize=1)
def _tables() -> _Tables:
    type_words: dict[str, _TypeWord] = {}
    abbrevs: dict[tuple[str, str], str] = {}
    for row in read_tsv("doc_types.tsv"):
        key = _canon(row["type_word"]).lower()
        type_words.setdefault(key, _TypeWord(row["type_word"], key, row["doc_type"]))
        for token in row["abbrev"].split():
            abbr, _, conv = token.partition("@")
            for c in (conv,) if conv else ("party", "state"):
                abbrevs.setdefault((c, _canon(abbr)), row["doc_type"])
    issuers: dict[str, str] = {}
    for row in read_tsv("issuer_codes.tsv"):
        issuers.setdefault(_canon(row["code"]), row["issuer"])
    folded: dict[str, str] = {}
    for code, name in issuers.items():
        folded.setdefault(code.upper(), name)
    names = sorted({_canon(n) for n in issuers.values()}, key=len, reverse=True)
    return _Tables(type_words, abbrevs, issuers, folded, names)


#: Type words that may stand before a bare number without ``số`` (``Nghị quyết 57``).
_NUMBER_ONLY_TYPES = frozenset(
    _canon(w).lower()
    for w in (
        "Nghị quyết",
        "Kết luận",
        "Chỉ thị",
        "Quy định",
        "Quyết định",
        "Nghị định",
        "Thông tư",
        "Đề án",
        "Kế hoạch",
        "Chương trình hành động",
        "Công văn",
        "Hướng dẫn",
        "Thông báo",
        "Thông tri",
        "Công điện",
        "Quy chế",
    )
)
#: Type words whose doc_type comes from the symbol instead.
_GENERIC_TYPES = frozenset(_canon(w).lower() for w in ("Văn bản",))

# Words that may follow "Nghị quyết 57" (no "số", no symbol) for it to be a reference.
_NUMBER_FOLLOW = [
    "của", "về", "ngày", "và", "hoặc", "cùng", "đã", "được", "là", "có", "sẽ", "đang", "vừa", "đi vào",
    "nêu", "nêu rõ", "nhấn mạnh", "khẳng định", "xác định", "đề ra", "ban hành", "thì", "với", "trong",
    "tại", "khi", "nhằm", "cũng", "vẫn", "tạo", "mở", "thực sự", "chính thức", "không", "chưa", "như",
    "đến", "để", "qua", "vào", "ra đời", "đặt", "mang", "đòi hỏi", "giao", "chỉ rõ", "chỉ đạo",
    "quy định", "hướng dẫn", "sửa đổi", "bổ sung", "thay thế", "tiếp tục", "này", "đó", "trên", "theo",
    "nói", "đánh dấu", "sau", "trước", "mà", "thể hiện", "gồm", "bao gồm", "hết hiệu lực",
]  # fmt: skip
_PLURAL_BEFORE = re.compile(rf"(?:{_alt(['các', 'những', 'nhiều', 'mọi', 'một số', 'hai', 'ba'])}|\d+)\s+$")

# Issuer phrases: lower-case second syllables of body names, fixed lower-case parts, stops.
_BODY_LOWER = frozenset(
    _canon(w)
    for w in (
        "hành vụ trị thư ương phủ tướng hội ủy ban đồng chính giáo chức phòng đạo vận ngoại tế tra luận sự "
        "pháp dựng dục tạo học nghệ tin thông hóa thao lịch nguyên trường trưởng nghiệp triển động binh tộc "
        "hàng toán án sát hiểm tịch trực quốc trận biểu khối đoàn bộ sách nghị cục tư hoạch an nước niên nữ "
        "dân sản"
    ).split()
)
_SINGLE_WORD_BODIES = {
    _canon("Đảng"): frozenset(_canon(w) for w in ("bộ", "ủy", "đoàn")),
    _canon("Bộ"): frozenset(_canon(w) for w in ("trưởng",)),
    _canon("Ban"): frozenset(),
    _canon("Sở"): frozenset(),
    _canon("Cục"): frozenset(),
    _canon("Vụ"): frozenset(),
}
_ISSUER_FIXED_RE = re.compile(
    _alt(["nhân dân", "tối cao", "cán sự đảng", "nông thôn", "vận tải", "đại biểu", "kiểm sát", "chiến binh"]) + _E
)
_ISSUER_IDENT_RE = re.compile(rf"(?:{_KHOA}|{_LAN_THU}|{_NHIEM_KY})")
_ISSUER_ADMIN_RE = re.compile(_ADMIN)
_STOP_BIGRAMS = frozenset(
    tuple(_canon(p).split())
    for p in (
        "ban hành", "quy định", "thông qua", "phê duyệt", "chỉ đạo", "hướng dẫn", "triển khai", "thực hiện",
        "tổ chức", "lãnh đạo", "đề ra", "xác định", "nhấn mạnh", "khẳng định", "yêu cầu", "giao nhiệm",
        "vận dụng", "đồng ý", "hội nghị",
    )
)  # fmt: skip

# Named laws.
_LAW_STOPS = frozenset(
    _canon(w)
    for w in (
        "là có được bị đã đang sẽ vừa mới cũng đều vẫn còn chưa không cần phải nên để nhằm cho với trong theo "
        "tại từ đến khi thì mà do bởi vì nếu như nhưng hay các những mọi này đó ấy kia vào lên trên dưới qua "
        "tới lại rồi cùng về của ngày tháng tạo giúp mở đưa đi nêu nói ghi gồm số năm nay thuộc hiện"
    ).split()
)
_LAW_STOP_BIGRAMS = frozenset(
    tuple(_canon(p).split())
    for p in (
        "quy định", "ban hành", "thông qua", "sửa đổi", "thi hành", "hướng dẫn", "khẳng định", "nhấn mạnh",
        "yêu cầu", "bảo đảm", "đảm bảo", "đánh dấu", "liên quan", "thực hiện", "triển khai", "áp dụng",
        "điều chỉnh", "có hiệu lực", "đi vào",
    )
)  # fmt: skip
_LAW_COMMA_RE = re.compile(
    r",\s*"
    + _alt(
        [
            "chống", "bổ sung", "công chức", "viên chức", "khen thưởng", "chữa cháy", "cứu hộ", "nhập cảnh",
            "xuất cảnh", "quá cảnh", "cư trú", "an toàn giao thông", "tôn giáo", "thể thao", "chăm sóc",
            "tạm giam", "bia",
        ]
    )
    + _E
)  # fmt: skip
_LAW_EXCEPTIONS_RE = re.compile(
    _alt(
        [
            "của người nước ngoài tại Việt Nam",
            "của công dân Việt Nam",
            "theo phương thức đối tác công tư",
            "đi làm việc ở nước ngoài theo hợp đồng",
            "tác hại của rượu",
            "một số điều",
            "có công với cách mạng",
        ]
    )
    + _E
)
_LAW_NOT_AFTER = re.compile(
    _alt(["Đại học", "Trường", "Khoa", "Học viện", "Viện", "Hội", "Tạp chí", "Nhà xuất bản", "Công ty", "Vụ"], "cap")
    + r"\s+$"
)
_MAX_LAW_WORDS = 24
_SO_AFTER_YEAR_RE = re.compile(rf"\s+{_ci('số')}\s*[:.]?\s*")
_SO_GAP_RE = re.compile(r"\s*[:.]?\s*")


class _Regexes(NamedTuple):
    type_head: re.Pattern[str]
    type_start: re.Pattern[str]
    number_only: re.Pattern[str]
    number_follow: re.Pattern[str]
    congress: re.Pattern[str]
    law_head: re.Pattern[str]
    constitution: re.Pattern[str]
    issuer_names: re.Pattern[str] | None


@functools.lru_cache(maxsize=1)
def _rx() -> _Regexes:
    tables = _tables()
    words = sorted(tables.type_words, key=lambda k: (-len(k), k))
    type_alt = "(?:" + "|".join(_ci(w) for w in words) + ")"
    type_head = re.compile(
        rf"{_B}(?P<tw>{type_alt}){_E}(?:\s+(?P<qual>{_alt(['chuyên đề', 'liên ngành'])}){_E})?"
        rf"(?:\s*(?P<so>{_ci('số')})\s*[:.]?\s*|\s+)(?=\d)"
    )
    type_start = re.compile(rf"{type_alt}{_E}")
    number_only = re.compile(rf"{_NUM}{_E}")
    number_follow = re.compile(rf"\s+{_alt(_NUMBER_FOLLOW)}{_E}")

    dang_bo = (
        rf"{_cap('Đảng')}(?:\s+{_ci('Cộng sản Việt Nam')}|\s+{_ci('bộ')}{_E}(?!\s+{_ci('các cấp')})"
        rf"(?:\s+{_ADMIN})?(?:\s+(?!{_ci('lần')}){_NAME})?)?"
    )
    committee = rf"(?:{_alt(['Tỉnh ủy', 'Thành ủy', 'Huyện ủy', 'Quận ủy', 'Thị ủy', 'Đảng ủy'], 'cap')}{_E})"
    bch = rf"{_cap('Ban Chấp hành')}\s+(?:{_cap('Trung ương')}(?:\s+{_cap('Đảng')})?|{dang_bo})"
    congress = re.compile(
        rf"{_B}(?P<tw>{_alt(['Nghị quyết', 'Kết luận'])})\s+(?P<body>"
        # A: a congress
        rf"(?P<dh>{_cap('Đại hội')}{_E}"
        rf"(?P<a1>\s+{_ci('đại biểu')}{_E})?"
        rf"(?P<a2>\s+{_ci('toàn quốc')}{_E})?"
        rf"(?P<a3>\s+{dang_bo}(?:\s+{_ci('toàn quốc')}{_E})?)?"
        rf"(?P<ident>\s+(?:{_LAN_THU}|{_ROMAN}|\d{{1,2}}{_E}))?"
        rf"(?P<a4>\s+{_NHIEM_KY})?"
        rf"(?P<a5>\s+{_ci('của')}\s+{dang_bo})?)"
        # B1: Trung ương N, Hội nghị Trung ương N
        rf"|(?P<tw4>(?:{_cap('Hội nghị')}\s+)?(?:{_cap('Ban Chấp hành')}\s+)?{_cap('Trung ương')}"
        rf"(?:\s+{_cap('Đảng')})?\s+(?:{_LAN_THU}|\d{{1,2}}{_E})(?:\s+{_KHOA})?)"
        # B2: Hội nghị lần thứ N [Ban Chấp hành …|Tỉnh ủy …]
        rf"|(?P<hn>{_cap('Hội nghị')}\s+{_LAN_THU}(?:\s+(?:{bch}|{committee}(?:\s+{_NAME})?))?(?:\s+{_KHOA})?)"
        # B3: Hội nghị Ban Chấp hành Đảng bộ …/Tỉnh ủy … lần thứ N
        rf"|(?P<hn2>{_cap('Hội nghị')}\s+(?:{bch}|{committee}(?:\s+(?!{_ci('lần')}){_NAME})?)"
        rf"\s+{_LAN_THU}(?:\s+{_KHOA})?)"
        r")"
    )
    law_head = re.compile(
        rf"{_B}(?P<tw>{_alt(['Bộ luật', 'Luật', 'Pháp lệnh', 'Điều lệ'], 'cap')}"
        # the political report of a congress (Báo cáo Chính trị của Ban Chấp hành Trung ương khóa IX)
        rf"|{_cap('Báo cáo')}(?=\s+{_cap('Chính trị')}))\s+(?={_UPC})"
    )
    constitution = re.compile(
        rf"{_B}(?P<tw>{_cap('Hiến pháp')})\s+(?:{_ci('năm')}\s+)?(?P<year>{_YEAR}){_E}(?!\s*[-/]\s*\d)"
    )
    names = tables.issuer_names
    issuer_names = re.compile("(?:" + "|".join(_cap(n) for n in names) + rf"){_E}") if names else None
    return _Regexes(type_head, type_start, number_only, number_follow, congress, law_head, constitution, issuer_names)


# --- symbols ------------------------------------------------------------------------------


class _Symbol(NamedTuple):
    end: int  # key offset just after the symbol
    number: str
    year: str | None
    symbol: str
    canonical_id: str
    doc_type: str | None  # from the abbreviation or the convention
    issuer_code: str | None
    issuer: str | None  # from the code table
    typed: bool  # carries a known type abbreviation
    known_issuer: bool
    convention: str  # "party", "state" or "old"
    segments: int


_ROMANS = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMANS:
        while n >= value:
            out += numeral
            n -= value
    return out


def _lookup_issuer(code: str) -> tuple[str, str | None]:
    """Normalise one issuer code and look it up: ``("QH", "Quốc hội khóa XV")`` for ``QH15``."""
    tables = _tables()
    if "." in code:  # T.Ư (one code) or UBND.KT (code and unit)
        joined = code.replace(".", "")
        code = joined if joined == "TƯ" or joined in tables.issuers else code.split(".")[0]
    if code == "TƯ":
        code = "TW"
    term = None
    m = _QH_RE.fullmatch(code)
    if m:
        code, term = m.group(1), int(m.group(2))
    name = tables.issuers.get(code) or tables.issuers_folded.get(code.upper())
    if name and term:
        name = f"{name} khóa {_roman(term)}"
    return code, name


def _issuers_of(codes: list[str]) -> tuple[str | None, str | None, bool]:
    looked = [_lookup_issuer(c) for c in codes if c]
    if not looked:
        return None, None, False
    code = "-".join(c for c, _ in looked)
    names = [n for _, n in looked]
    name = ", ".join(n for n in names if n) if all(names) else None
    return code, name, all(names)


def _abbrev_type(abbr: str, convention: str) -> str | None:
    return _tables().abbrevs.get((convention, abbr))


def _match_symbol(key: str, pos: int) -> _Symbol | None:
    """Match a document symbol at ``pos`` of the key."""
    m = _PARTY_RE.match(key, pos)
    if m:
        abbr, iss = m.group("abbr"), m.group("iss")
        doc_type = _abbrev_type(abbr, "party")
        code: str | None
        code, name = _lookup_issuer(iss)
        if name is None and re.search(r"[-/]", iss):  # several issuers: BCĐ-TU
            code, name, _ = _issuers_of(re.split(r"[-/]", iss))
        known = name is not None
        symbol = f"{abbr}/{iss}"
        return _Symbol(
            m.end(), m.group("num"), None, symbol, f"{m.group('num')}-{symbol}", doc_type, code, name,
            doc_type is not None, known, "party", 2,
        )  # fmt: skip
    m = _STATE_RE.match(key, pos)
    if m:
        rest = m.group("rest")
        segs = rest.split("-")
        year = m.group("year")
        doc_type = _abbrev_type(segs[0], "state")
        if doc_type is not None:
            issuer_segs = segs[1:] if segs[0].endswith("LT") else segs[1:2]
        elif _QH_RE.fullmatch(segs[0]):
            issuer_segs = segs[:1]
        else:
            issuer_segs = segs[:1]
            if len(segs) >= 2:
                doc_type = "cong_van"
        code, name, known = _issuers_of(issuer_segs)
        number = m.group("num")
        canonical = f"{number}/{year}/{rest}" if year else f"{number}/{rest}"
        typed = _abbrev_type(segs[0], "state") is not None
        return _Symbol(m.end(), number, year, rest, canonical, doc_type, code, name, typed, known, "state", len(segs))
    m = _OLD_RE.match(key, pos)
    if m:
        code, name, known = _issuers_of([m.group("iss")])
        if not known:
            return None
        symbol = m.group("iss")
        number = m.group("num")
        return _Symbol(m.end(), number, None, symbol, f"{number}-{symbol}", None, code, name, False, True, "old", 1)
    return None


def _bare_ok(sym: _Symbol) -> bool:
    """Whether a symbol without a type word is a reference."""
    if sym.convention == "party":
        return sym.typed or sym.known_issuer
    if sym.convention == "state":
        if sym.year and _QH_RE.fullmatch(sym.symbol.split("-")[0]):
            return True
        return sym.segments >= 2 and (sym.typed or sym.known_issuer)
    return False


def parse_symbol(s: str) -> dict[str, str | None]:
    """Parse a document symbol (number and symbol, as in ``Số: 11-NQ/TW``).

    Party documents are numbered ``number-TYPE/ISSUER`` (``11-NQ/TW``,
    ``03-CTrHĐ/TU``), state documents ``number[/year]/TYPE-ISSUER[-UNIT]``
    (``188/KH-UBND``, ``170/2025/NĐ-CP``); laws and Quốc hội resolutions
    ``number/year/QHnn`` and công văn ``number/ISSUER-UNIT`` have no type
    abbreviation. A leading ``số``/``Số:`` is allowed.

    Args:
        s: The symbol, in any Unicode form (``Ð`` for ``Đ``, NFD, spaces around the first dash).

    Returns:
        ``number``, ``year``, ``symbol``, ``canonical_id``, ``doc_type`` (from the
        abbreviation: ``"cong_van"`` for an ISSUER-UNIT state symbol, ``None`` when
        there is none, as in ``31/2024/QH15``), ``issuer_code`` and ``issuer`` (from
        the code table); an empty dict when ``s`` is not a symbol.

    Example:
        >>> parse_symbol("170/2025/NĐ-CP")["canonical_id"], parse_symbol("170/2025/NĐ-CP")["year"]
        ('170/2025/NĐ-CP', '2025')
        >>> parse_symbol("03-CTrHĐ/TU")["doc_type"], parse_symbol("31/2024/QH15")["issuer_code"]
        ('chuong_trinh_hanh_dong', 'QH')
    """
    key = _canon(s)
    m = re.match(rf"\s*(?:{_ci('số')}\s*[:.]?\s*)?", key)
    pos = m.end() if m else 0
    sym = _match_symbol(key, pos)
    if sym is None or key[sym.end :].strip():
        return {}
    return {
        "number": sym.number,
        "year": sym.year,
        "symbol": sym.symbol,
        "canonical_id": sym.canonical_id,
        "doc_type": sym.doc_type,
        "issuer_code": sym.issuer_code,
        "issuer": sym.issuer,
    }


# --- dates ----------------------------------------------------------------------------------


def _date_from(m: re.Match[str]) -> str | None:
    day, month, year = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else (
        m.group("d2"), m.group("m2"), m.group("y2"),
    )  # fmt: skip
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date(s: str) -> str | None:
    """Parse a Vietnamese date into ISO 8601, or ``None`` when it is not a valid date.

    Accepted forms, with or without a leading ``ngày``: ``10/02/2022``,
    ``10-2-2022``, ``10.02.2022``, ``10 tháng 2 năm 2022``.

    Example:
        >>> parse_date("ngày 10 tháng 2 năm 2022"), parse_date("ngày 31/02/2022")
        ('2022-02-10', None)
    """
    m = _DATE_FULL_RE.fullmatch(_canon(s))
    return _date_from(m) if m else None


# --- tokens ------------------------------------------------------------------------------------


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


# --- issuer phrase ------------------------------------------------------------------------------


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


# --- candidates ----------------------------------------------------------------------------------


@dataclass
class _Cand:
    ks: int
    ke: int
    doc_type: str
    number: str | None = None
    symbol: str | None = None
    canonical_id: str | None = None
    year: str | None = None
    issuer_code: str | None = None
    issuer: str | None = None
    priority: int = 0


def _from_symbol(ks: int, sym: _Symbol, doc_type: str, priority: int, year: str | None = None) -> _Cand:
    return _Cand(
        ks, sym.end, doc_type, sym.number, sym.symbol, sym.canonical_id, sym.year or year, sym.issuer_code,
        sym.issuer, priority,
    )  # fmt: skip


def _number_only_ok(key: str, m: re.Match[str], with_so: bool, capitalised: bool, tw_key: str) -> bool:
    rx = _rx()
    num = m.group("num")
    end = m.end()
    after = key[end : end + 4]
    if re.match(r"\s?[-/]\s?\w", after) or re.match(r"[.,]\d", after) or after[:1] == "%":
        return False
    if with_so:
        return True
    if not capitalised or tw_key not in _NUMBER_ONLY_TYPES:
        return False
    if re.fullmatch(_YEAR, num) or len(num) > 4:
        return False
    rest = key[end:]
    if not rest.strip():
        return True
    if re.match(r"\s*[^\w\s%]", rest):  # punctuation
        return True
    if re.match(rf"\s+{_UPC}", rest):
        return True
    return rx.number_follow.match(key, end) is not None


def _numbered(key: str) -> list[_Cand]:
    rx = _rx()
    tables = _tables()
    out: list[_Cand] = []
    for m in rx.type_head.finditer(key):
        tw_key = re.sub(r"\s+", " ", m.group("tw")).lower()
        row = tables.type_words.get(tw_key)
        if row is None:
            continue
        pos = m.end()
        sym = _match_symbol(key, pos)
        capitalised = m.group("tw")[0].isupper()
        if sym is not None and (sym.convention != "old" or capitalised or m.group("so")):
            if row.key in _GENERIC_TYPES:
                doc_type = sym.doc_type or "other"
            else:
                doc_type = row.doc_type
            out.append(_from_symbol(m.start(), sym, doc_type, 3))
            continue
        n = rx.number_only.match(key, pos)
        if n and _number_only_ok(key, n, bool(m.group("so")), capitalised, row.key):
            out.append(_Cand(m.start(), n.end(), row.doc_type, n.group("num"), priority=2))
    return out


def _bare(key: str) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _BARE_START.finditer(key):
        sym = _match_symbol(key, m.start())
        if sym is not None and _bare_ok(sym):
            out.append(_from_symbol(m.start(), sym, sym.doc_type or "other", 1))
    return out


def _congress(key: str) -> list[_Cand]:
    rx = _rx()
    tables = _tables()
    out: list[_Cand] = []
    for m in rx.congress.finditer(key):
        tw = m.group("tw")
        capitalised = tw[0].isupper()
        row = tables.type_words.get(re.sub(r"\s+", " ", tw).lower())
        if row is None:
            continue
        if m.group("dh") is not None:
            has_ident = m.group("ident") is not None
            complement = any(m.group(g) for g in ("a1", "a2", "a3", "ident", "a4", "a5"))
            if not complement:
                continue
            if re.match(rf"\s+(?:{_ci('bộ')}\s+)?{_ci('các cấp')}", key[m.end() :]):
                continue
        else:
            has_ident = True
        if not capitalised and not has_ident:
            continue
        if not has_ident and _PLURAL_BEFORE.search(key, max(0, m.start() - 12), m.start()):
            continue
        out.append(_Cand(m.start(), m.end(), row.doc_type, priority=2))
    return out


def _law_title_end(key: str, pos: int) -> tuple[int, str | None, _Symbol | None] | None:
    """Parse a law title starting at ``pos``: (end, year, symbol) or ``None``."""
    rx = _rx()
    toks = _tokens(key, pos, len(key), max_tokens=_MAX_LAW_WORDS * 2)
    if not toks or not _is_cap(toks[0]):
        return None
    if rx.type_start.match(key, toks[0].start):
        return None
    if len(toks) > 1 and (toks[0].text, toks[1].text) == ("Việt", "Nam"):
        return None
    end = toks[0].end
    words = 1
    year: str | None = None
    sym: _Symbol | None = None
    i = 1
    low = {w: _canon(w) for w in ("và", "hoặc", "của", "điều", "năm", "số", "dự", "thảo")}

    def _after_year(j: int) -> tuple[int, _Symbol | None]:
        m = _SO_AFTER_YEAR_RE.match(key, toks[j - 1].end)
        if m:
            s = _match_symbol(key, m.end())
            if s is not None:
                return s.end, s
        return toks[j - 1].end, None

    while i < len(toks) and words < _MAX_LAW_WORDS:
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.newline:
            break
        if t.kind == "p":
            if t.text == ",":
                m = _LAW_COMMA_RE.match(key, t.start)
                if m:
                    end = m.end()
                    while i < len(toks) and toks[i].start < m.end():
                        i += 1
                    words += 1
                    continue
            break
        if t.kind == "n":
            if re.fullmatch(_YEAR, t.text):
                year = t.text
                end, sym = _after_year(i + 1)
            break
        w = t.text
        if w.lower() == low["năm"] and nxt is not None and nxt.kind == "n" and re.fullmatch(_YEAR, nxt.text):
            year = nxt.text
            end, sym = _after_year(i + 2)
            break
        if w == low["số"]:
            s = _match_symbol(key, _SO_GAP_RE.match(key, t.end).end())  # type: ignore[union-attr]
            if s is not None:
                end, sym = s.end, s
            break
        m = _LAW_EXCEPTIONS_RE.match(key, t.start)
        if m:
            end = m.end()
            while i < len(toks) and toks[i].start < m.end():
                i += 1
            words += 1
            continue
        if w in (low["và"], low["hoặc"]):
            if nxt is None or (_is_cap(nxt) and rx.type_start.match(key, nxt.start)):
                break
            third = toks[i + 2] if i + 2 < len(toks) else None
            if _is_cap(nxt) and nxt.text.lower() == low["dự"] and third is not None and third.text == low["thảo"]:
                break  # Điều lệ Đảng và Dự thảo …: a draft is another document
            i += 1
            continue
        if w == low["của"]:
            prev = toks[i - 1].text
            if prev == low["điều"] and nxt is not None and rx.law_head.match(key, nxt.start):
                i += 1
                continue
            break
        if w[0].islower():
            if w in _LAW_STOPS:
                break
            if nxt is not None and nxt.kind == "w" and (w, nxt.text) in _LAW_STOP_BIGRAMS:
                break
            third = toks[i + 2] if i + 2 < len(toks) else None
            if nxt is not None and third is not None and (w, nxt.text, third.text) in _LAW_STOP_BIGRAMS:
                break
        elif rx.type_start.match(key, t.start) and toks[i - 1].text != low["của"]:
            break
        end = t.end
        words += 1
        i += 1
    return end, year, sym


def _laws(key: str) -> list[_Cand]:
    rx = _rx()
    tables = _tables()
    out: list[_Cand] = []
    for m in rx.law_head.finditer(key):
        if _LAW_NOT_AFTER.search(key, max(0, m.start() - 16), m.start()):
            continue
        parsed = _law_title_end(key, m.end())
        if parsed is None:
            continue
        end, year, sym = parsed
        row = tables.type_words.get(re.sub(r"\s+", " ", m.group("tw")).lower())
        doc_type = row.doc_type if row else "luat"
        if sym is not None:
            cand = _from_symbol(m.start(), sym, doc_type, 2, year)
            cand.ke = end
            out.append(cand)
        else:
            out.append(_Cand(m.start(), end, doc_type, year=year, priority=2))
    for m in rx.constitution.finditer(key):
        out.append(_Cand(m.start(), m.end(), "other", year=m.group("year"), priority=2))
    return out


def _tail(idx: _Indexed, cand: _Cand, limit: int) -> tuple[str | None, tuple[int, int] | None, str | None]:
    """Date and issuer phrase after a reference, not beyond ``limit`` (key offsets)."""
    key = idx.key
    pos = cand.ke
    date: str | None = None
    issuer_span: tuple[int, int] | None = None
    m = _DATE_TAIL_RE.match(key, pos, limit)
    if m:
        date, pos = _date_from(m), m.end()
    m = _ISSUER_LEAD_RE.match(key, pos, limit)
    if m:
        end = _issuer_phrase(key, m.end(), limit)
        if end is not None:
            issuer_span, pos = (m.end(), end), end
            if date is None:  # "của Bộ Chính trị ngày 24/01/2019"
                m = _DATE_TAIL_RE.match(key, pos, limit)
                if m:
                    date = _date_from(m)
    issuer = None
    offsets = None
    if issuer_span is not None:
        offsets = idx.span(*issuer_span)
        issuer = _display(idx.text[offsets[0] : offsets[1]])
    return date, offsets, issuer


def find_doc_refs(text: str) -> list[DocRef]:
    """Find references to party and state documents in ``text``.

    See the module docstring for the span rules. References never overlap and
    come in text order; ``text[r.start:r.end] == r.text`` for each.

    Args:
        text: Any text, NFC or NFD.

    Returns:
        The references, sorted by offset.

    Example:
        >>> text = "Quán triệt Nghị quyết Đại hội XIII, các nghị quyết và Luật Đất đai năm 2024."
        >>> [r.text for r in find_doc_refs(text)]
        ['Nghị quyết Đại hội XIII', 'Luật Đất đai năm 2024']
    """
    if not text:
        return []
    idx = _Indexed(text)
    key = idx.key
    cands = _numbered(key) + _congress(key) + _laws(key) + _bare(key)
    chosen = non_overlapping(cands, key=lambda c: (c.ks, -(c.ke - c.ks), -c.priority), span=lambda c: (c.ks, c.ke))
    refs: list[DocRef] = []
    for n, c in enumerate(chosen):
        limit = chosen[n + 1].ks if n + 1 < len(chosen) else len(key)
        date, issuer_span, issuer = _tail(idx, c, limit)
        start, end = idx.span(c.ks, c.ke)
        refs.append(
            DocRef(
                start=start,
                end=end,
                text=text[start:end],
                doc_type=c.doc_type,
                number=c.number,
                symbol=c.symbol,
                canonical_id=c.canonical_id,
                year=c.year,
                issuer_code=c.issuer_code,
                issuer=issuer if issuer is not None else c.issuer,
                issuer_span=issuer_span,
                date=date,
            )
        )
    return refs
