"""The grammar of document references as regular expressions, and the tables they are built from
(``resources/doc_types.tsv``, ``resources/issuer_codes.tsv``, ``resources/docrefs/*.tsv``)."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ..tables import read_tsv
from .records import _canon

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


#: The grammar's vocabulary (``resources/docrefs/vocabulary.tsv``; its header says what each set is for).
_VOCAB = read_tsv("docrefs/vocabulary.tsv", ("set", "entry", "follow"))


def _entries(name: str) -> list[str]:
    return [row["entry"] for row in _VOCAB if row["set"] == name]


_NUMBER_ONLY_TYPES = frozenset(_canon(w).lower() for w in _entries("number_only_type"))
#: Of those, the type words whose bare number may follow them in lower case (``theo nghị định 81``).
_LOWER_NUMBER_TYPES = frozenset(_canon(w).lower() for w in _entries("lower_number_type"))
#: Type words whose doc_type comes from the symbol instead.
_GENERIC_TYPES = frozenset(_canon(w).lower() for w in _entries("generic_type"))
_NUMBER_FOLLOW = _entries("number_follow")
_PLURAL_BEFORE = re.compile(rf"(?:{_alt(_entries('plural_before'))}|\d+)\s+$")
_BODY_LOWER = frozenset(_canon(w) for w in _entries("body_word"))
_SINGLE_WORD_BODIES = {
    _canon(row["entry"]): frozenset(_canon(w) for w in row["follow"].split())
    for row in _VOCAB
    if row["set"] == "single_word_body"
}
_ISSUER_FIXED_RE = re.compile(_alt(_entries("issuer_fixed")) + _E)
_STOP_BIGRAMS = frozenset(tuple(_canon(p).split()) for p in _entries("stop_bigram"))
_LAW_STOPS = frozenset(_canon(w) for w in _entries("law_stop"))
_LAW_STOP_BIGRAMS = frozenset(tuple(_canon(p).split()) for p in _entries("law_stop_bigram"))
_LAW_COMMA_RE = re.compile(r",\s*" + _alt(_entries("law_comma")) + _E)
_LAW_EXCEPTIONS_RE = re.compile(_alt(_entries("law_title_exception")) + _E)
_LAW_NOT_AFTER = re.compile(_alt(_entries("law_not_after"), "cap") + r"\s+$")


_ISSUER_IDENT_RE = re.compile(rf"(?:{_KHOA}|{_LAN_THU}|{_NHIEM_KY})")


_ISSUER_ADMIN_RE = re.compile(_ADMIN)


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
