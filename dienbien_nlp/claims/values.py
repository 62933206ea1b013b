"""Values: the numbers of a sentence that may be claims, with their unit, scale and qualifier.

Numbers are read by :func:`~.numbers.parse_number`; dates, document numbers, list numbers,
addresses, phone numbers and numbers inside names are no claims (:func:`_skip_number`);
``A - B`` ranges give two values (``ge`` and ``le``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .numbers import DIGIT_WORDS, _scaled, parse_number, read_number_words
from .text import (
    _NUM,
    _PERIOD,
    _YEAR,
    _Context,
    _in_entity,
    _is_letter,
    _skip_spaces,
    _starts_with,
    _strip_cue,
)
from .vocab import ClaimVocab


@dataclass
class _Value:
    start: int
    end: int
    number: float
    qualifier: str = "eq"
    unit: tuple[int, int] | None = None
    unit_norm: str = "count"
    unit_kind: str = ""
    kind: str | None = None  # fixed by the value itself (gấp đôi: change)
    rank: bool = False
    ext_end: int = 0  # end of the value with its unit
    after: int = 0  # where an indicator written after the value starts (after a range's second value)
    partner: _Value | None = None  # the other end of a range

    def __post_init__(self) -> None:
        self.ext_end = self.ext_end or self.end


def _unit_at(
    text: str, p: int, limit: int, vocab: ClaimVocab, number: float | None = None
) -> tuple[tuple[int, int] | None, str, str, Decimal]:
    """The unit (span, norm, kind) and scale factor written at ``p`` (right after ``number``).

    ``rưỡi`` after a scale word adds half of it (``4 triệu rưỡi`` is 4.5 million): the factor
    returned is the one that gives that from ``number``.
    """
    q = _skip_spaces(text, p)
    low = text[q:limit].lower()
    factor = Decimal(1)
    scale_span = None
    for word, f in vocab.scales:
        if _starts_with(low, word) and not _NOT_SCALE.match(low, len(word)):
            factor, scale_span = f, (q, q + len(word))
            q = _skip_spaces(text, q + len(word))
            low = text[q:limit].lower()
            if _starts_with(low, "rưỡi") and number:
                factor = factor * (Decimal(repr(number)) + Decimal("0.5")) / Decimal(repr(number))
                scale_span = (scale_span[0], q + len("rưỡi"))
                q = _skip_spaces(text, q + len("rưỡi"))
                low = text[q:limit].lower()
            break
    unit = None
    for surface, norm, kind in vocab.units:
        if kind == "denominator" or not _starts_with(low, surface):
            continue
        if q == p and _is_letter(surface[0]) and kind != "glued":
            continue
        unit = (q, q + len(surface), norm, kind)
        break
    if unit is None and scale_span is None:
        m = re.match(r"([^\W\d_]+(?: [^\W\d_]+){0,2}?)\s*(?:/|trên)\s*", low)
        if m and q > p:
            rest = low[m.end() :]
            for surface, norm, kind in vocab.units:
                if kind == "denominator" and _starts_with(rest, surface):
                    return (q, q + m.end() + len(surface)), norm, "unit", factor
        return None, "count", "", factor
    if unit is None:
        assert scale_span is not None
        return scale_span, "count", "count_noun", factor
    s, e, norm, kind = unit
    # a rate per time or per head keeps its base unit: triệu đồng/năm, USD/người/năm, đồng/bao
    while e < limit and text[e] == "/":
        rest = text[e + 1 : limit].lower()
        den = next((d for d, _n, k in vocab.units if k == "denominator" and _starts_with(rest, d)), None)
        if den is not None:
            e, norm = e + 1 + len(den), "per_10k_people"
            continue
        m = re.match(r"[^\W\d_]+", text[e + 1 : limit])
        if not m:
            break
        e = e + 1 + m.end()
    return ((scale_span[0] if scale_span else s), e), norm, kind, factor


def _qualifier(pre: str, vocab: ClaimVocab) -> str | None:
    """The qualifier written right before a value (``pre`` is the lower-case text before it)."""
    for _ in range(3):
        pre = pre.rstrip()
        for role in ("q_approx", "q_ge", "q_le", "q_lt", "q_gt"):
            if _strip_cue(pre, vocab.role(role)):
                return role[2:]
        cut = _strip_cue(pre, vocab.role("link"))
        if cut is None:
            return None
        pre = cut[0]
    return None


#: Words before ``số N`` that make N a quantity (tổng số 500, trong số 3.000 bài); after any other word N is a number in a name.
_QUANTITY_BEFORE_SO = frozenset(
    {"tổng", "trong", "con", "với", "chiếm", "có", "là", "đạt", "được", "và", "các", "những", "cả", "mức", "lượng", "chỉ"}
)

#: A Title-case word right after a number (an address: ``360 Kim Mã``), not an acronym.
_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ"
_TITLE_AFTER = re.compile(rf" [{_UPPER}][^\W\d_]*[a-zđà-ỹ] [{_UPPER}][^\W\d_]*(?:[ ,.;)]|$)")
#: A Title-case word (not the sentence's first) right before a number: the number is part of a name.
_TITLE_BEFORE = re.compile(r"(?<=[^\W\d_] )(?:[A-ZĐ][^\W\d_]*[a-zđà-ỹ][^\W\d_]*) $", re.UNICODE)


#: ``/`` and a round base after a number, with the words that name what is counted: a rate (``249/1 vạn trẻ đẻ
#: ra sống``, ``85/1 vạn``, ``30/100.000 dân``). The words stop at punctuation, a bracket or a digit.
_RATE_BASE = re.compile(
    r"/\s?((?:1|một) (?:vạn|nghìn|ngàn|triệu)|10\.000|100\.000|1\.000(?:\.000)?|10 (?:nghìn|ngàn)|100 (?:nghìn|ngàn))"
    r"(?!\d|[.,]\d)((?: [^\W\d_]+){0,5})",
    re.IGNORECASE,
)
#: Words that end the words after a rate's base: what follows them is no longer what is counted.
_RATE_STOP = frozenset({"xuống", "lên", "còn", "tăng", "giảm", "đến", "tới", "và", "so", "năm", "trong", "là", "đạt", "thì"})


def _rate_end(rate: re.Match[str]) -> int:
    """End of a rate's unit: its base and the words after it up to one of :data:`_RATE_STOP`."""
    end = rate.end(1)
    for w in rate.group(2).split():
        if w.lower() in _RATE_STOP:
            break
        end = rate.string.index(w, end) + len(w)
    return end


_UNIT_RX: dict[int, tuple[ClaimVocab, re.Pattern[str]]] = {}


def _UNIT_AFTER(vocab: ClaimVocab) -> re.Pattern[str]:  # noqa: N802
    """A unit or scale word right after a number (lower case): the number measures something."""
    hit = _UNIT_RX.get(id(vocab))
    if hit is not None and hit[0] is vocab:
        return hit[1]
    words = sorted({u for u, _n, k in vocab.units if k != "denominator"} | {w for w, _f in vocab.scales}, key=len, reverse=True)
    rx = re.compile(r"\s*(?:" + "|".join(re.escape(w) for w in words) + r")(?![^\W\d_])")
    _UNIT_RX[id(vocab)] = (vocab, rx)
    return rx


def _skip_number(ctx: _Context, s: int, e: int, line_start: int, sent_start: int) -> bool:
    """True when the number at ``s:e`` is no claim by its form or its neighbours."""
    text, vocab = ctx.text, ctx.vocab
    tok = text[s:e]
    nxt = text[e : e + 1]
    # glued to letters (5G, 10h30) unless a unit that may be glued (67ha), a document number (57-NQ/TW)
    if _is_letter(nxt):
        low = text[e : e + 8].lower()
        if not any(_starts_with(low, u) for u, _n, k in vocab.units if k == "glued"):
            return True
    if nxt in "-/" and _is_letter(text[e + 1 : e + 2]) and text[e + 1 : e + 2].isupper():
        return True
    if nxt == ":" and text[e + 1 : e + 2].isdigit():
        return True
    if s >= 2 and text[s - 1] == "-" and _is_letter(text[s - 2]):
        return True
    if tok.isdigit() and (len(tok) >= 6 or tok.startswith("0") and len(tok) >= 3):
        return True  # phone numbers and identifiers: quantities this large are written with thousands dots
    if re.fullmatch(r"0\d[\d.]*", tok) and sum(c.isdigit() for c in tok) >= 7:
        return True  # a phone number with a leading zero and dots: 04.8641467 (no quantity starts with 0)
    if re.match(r" \d", text[e : e + 2]) or (s >= 2 and text[s - 1] == " " and text[s - 2].isdigit()):
        return True  # digits grouped by spaces: 920 679
    if text[s - 1 : s] == "(" and re.match(r"\) ?\d", text[e : e + 3]):
        return True  # an area code: (04) 9716229
    if text[e : e + 1] == ")" and tok.isdigit() and _NAME_BEFORE_BRACKET.search(text, max(sent_start, s - 30), s):
        return True  # a number in brackets after a name (a ward, a reference): Rạng Đông (13)
    if _PLATE_BEFORE.search(text, max(sent_start, s - 8), s):
        return True  # a number plate: 29U 3310
    if re.search(r"(?:[:\-–,]|\bsố)\s*$", text[max(sent_start, s - 4) : s]) and _TITLE_AFTER.match(text, e):
        return True  # an address: - Hà Nội: 96 Lò Đúc; khách sạn Daewoo, 360 Kim Mã; số 10 Lý Tự Trọng
    nxt_char = re.match(r"[ \t]*(\S)", text[e : e + 4])
    if _TITLE_BEFORE.search(text, max(sent_start, s - 40), s) and not (nxt_char and nxt_char.group(1).islower()):
        if not _UNIT_AFTER(vocab).match(text[e : e + 12].lower()):
            return True  # a number in a name: cầu Tân Thuận 2, Công ty Cầu 14, bãi Thanh Khê 6
    if _in_entity(ctx, s, e):
        return True
    abbr = re.match(r"\s*\(\s*[A-ZĐ][A-ZĐ&-]*\s?(\d+)\s*\)", text[e : e + 20])
    if abbr and abbr.group(1) == tok:
        return True  # a number in a name followed by its abbreviation: Công ty khoáng sản 5 (CTKS5)
    # a list or table number at the start of a line: "1.", "2)", "11.1 |"
    head = text[line_start:s].strip(" \t-•(")
    if not head:
        after = text[e : e + 3].lstrip(" ")
        if after[:1] in (".", ")", "|", "/", "\n", "\r", ""):
            return True
    pre = text[max(sent_start, s - 30) : s].lower().rstrip()
    if _strip_cue(pre, vocab.role("skip_before")):
        return True
    if re.search(r"(?<![^\W\d_])(?:đt|đtdđ|điện thoại|fax|tel|hotline)\s*[:.]?\s*\(?\s*$", pre):
        return True  # a phone number: ĐT: 04-9720137
    ident = re.search(r"(?<![^\W\d_])số\s*$", pre)
    before_so = re.search(r"([^\W\d_]+)\s+số\s*$", pre)
    if ident and (before_so.group(1) if before_so else "") not in _QUANTITY_BEFORE_SO:
        return True  # an identifier: bão số 7, Quyết định số 683, Phòng Công chứng số 2 (not tổng số 500, trong số 30)
    # bare numbers in a list of numbers: vùng 2; 3; 4
    if re.search(r"[;,]\s*$", text[max(sent_start, s - 3) : s]) and re.match(r"\s*[;,.]", text[e : e + 3]):
        return True
    return False


#: What may stand between two numbers of a list: tháng 5, 6 và 7.
_JOINER = re.compile(r"\s*(?:,|và|hoặc|-|–|đến|tới|&)\s*")
#: Words after which ``D-M`` is a day and a month: ngày 5-8, sáng 9-4, trong tháng 6-7.
_DATE_WORD = re.compile(r"(?<![^\W\d_])(?:ngày|sáng|chiều|tối|trưa|đêm|hôm|khuya|mùng|mồng|tháng|hôm nay|hôm qua)\s*$")
_DAY_MONTH = re.compile(rf"(\d{{1,2}})\s*-\s*(\d{{1,2}})(?:\s*-\s*(?P<year>{_YEAR}))?(?!\d|[.,]\d|\s*%)")
_STREET_AFTER = re.compile(r"(?:/\d+)*\s+(?:đường|phố|hẻm|ngõ|ngách|kiệt)(?![^\W\d_])")
_BRACKET_YEARS = re.compile(r"\d{3,4}\s*[-–]\s*\d{3,4}(?:\s*(?:trước|sau) Công nguyên|\s*TCN)?(?=\))", re.IGNORECASE)
_DAYS_TO_DATE = re.compile(r"(\d{1,2})\s*(?:-|–|đến|tới)\s*(\d{1,2})/(\d{1,2})(?:/\d{2,4})?(?![\d.,]\d)")
_MONTH_YEAR_NUM = re.compile(rf"(\d{{1,2}})\s*[-/]\s*{_YEAR}(?!\d|[.,]\d)")
#: The first day of a span of days whose last day is written with its month: từ 11 đến 13-10.
_DAYS_TO_DASH_DATE = re.compile(r"(\d{1,2})\s*(?:đến|tới)\s*(\d{1,2})\s*-\s*(\d{1,2})(?![\d.,]\d|\s*%)")
#: What follows the first date of a span of dates whose last date has its year: (từ) 1-8 đến 10-8-2005.
_TO_FULL_DATE = re.compile(
    rf"\s*(?:đến|tới|-|–)\s*(?:(?:ngày|sáng|chiều|tối|trưa|đêm)\s+)?\d{{1,2}}\s*([-/])\s*\d{{1,2}}\s*\1\s*{_YEAR}(?!\d)"
)
#: One to three words and a demonstrative after a bare count: (2) chiếc bánh này, (3) vụ việc nói trên.
_BACK_REFERENCE = re.compile(r"(?:[^\W\d_]+\s+){1,3}(?:này|đó|ấy|nói trên|kể trên|trên đây)(?![^\W\d_])")
#: A vehicle's number plate before a number: 29U 3310, 51F-123.
_PLATE_BEFORE = re.compile(r"(?<![\w.])\d{2}[A-Z]{1,2}\d?[ -]$")
#: A capitalised word right before a bracket: Rạng Đông (13).
_NAME_BEFORE_BRACKET = re.compile(r"[A-ZĐ][^\W\d_]*\s*\($")
#: A capitalised name after a house number: 502/472 Nguyễn Đình Chiểu.
_NAME_AFTER = re.compile(r",?\s+[A-ZĐ][^\W\d_]*[a-zđà-ỹ][^\W\d_]* [A-ZĐ]")


def _date_at(text: str, s: int, b: int, sent_start: int) -> int | None:
    """The end of a date written with hyphens at ``s`` (``ngày 5-8``, ``(1-4)``, ``5-8-2005``, ``7-2005``), else ``None``."""
    m = _MONTH_YEAR_NUM.match(text, s, b)
    if m and 1 <= int(m.group(1)) <= 12:
        return m.end()
    m = _BRACKET_YEARS.match(text, s, b)
    if m and text[s - 1 : s] == "(":
        return m.end()  # (1368-1644), (221-206 trước Công nguyên): the years of a period
    m = _DAYS_TO_DATE.match(text, s, b)
    if m and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(3)) <= 12:
        return m.end()  # từ 11 đến 14/1: the first day of a span of dates
    m = _DAYS_TO_DASH_DATE.match(text, s, b)
    if m and int(m.group(1)) < int(m.group(2)) <= 31 and int(m.group(3)) <= 12 < int(m.group(2)):
        return m.end()  # từ 11 đến 13-10: the last day is above 12, so "13-10" is a day and a month
    m = _DAY_MONTH.match(text, s, b)
    if not m or not (1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12):
        return None
    if int(m.group(1)) > int(m.group(2)) and int(m.group(1)) > 12:
        return m.end()  # 13-10: no range runs downwards and no month is 13 or more: a day and a month
    pre = text[max(sent_start, s - 12) : s].lower()
    if _DATE_WORD.search(pre) or m.group("year") or _TO_FULL_DATE.match(text, m.end(), b):
        return m.end()
    if text[s - 1 : s] == "(" and text[m.end() : m.end() + 1] == ")":
        return m.end()
    return None


def _number_values(ctx: _Context, a: int, b: int, line_start: int, sent_start: int) -> list[_Value]:
    """Every value written in ``text[a:b]``, with unit, scale and qualifier, ranges split in two."""
    text, vocab = ctx.text, ctx.vocab
    out: list[_Value] = []
    consumed = -1
    skipped = -1  # end of the last number that is no claim by its neighbours (tháng 5, thế kỷ 8)
    chain = False  # whether that number was itself the next of a comma list (trung tâm số 1, 2, 4, 5 để …)
    for m in _NUM.finditer(text, a, b):
        s, e = m.span()
        if s < consumed:
            continue
        tok = m.group()
        date_end = _date_at(text, s, b, sent_start)
        if date_end:
            consumed = skipped = date_end
            continue
        if skipped >= 0 and _JOINER.fullmatch(text, skipped, s) and not _UNIT_AFTER(vocab).match(text[e : e + 12].lower()):
            word_joint = re.fullmatch(r"\s*(?:và|hoặc|-|–|đến|tới)\s*", text[skipped:s])
            if word_joint or chain or re.match(r"\s*(?:[,;.)\-–]|và |hoặc |$)", text[e : e + 6]):
                skipped, chain = e, not word_joint
                continue  # the next of a list of numbers that are no claims: tháng 5, 6 và 7; thế kỷ 8 và 9
        frac = re.match(r"/(\d+(?:[.,]\d+)*)", text[e:b])
        rate = _RATE_BASE.match(text, e, b) if frac else None  # 249/1 vạn trẻ: a rate per a base, not a share
        if rate:
            frac = None
        if frac and (_STREET_AFTER.match(text[e + frac.end() : b].lower()) or _NAME_AFTER.match(text, e + frac.end(), b)):
            consumed = e + frac.end()
            continue  # a house number: 185/58 đường 3/2
        if frac:
            den = frac.group(1)
            num_i = int(tok) if tok.isdigit() else None
            den_i = int(den) if den.isdigit() else None
            if num_i is not None and den_i is not None and (num_i <= 31 and (den_i <= 12 or len(den) == 4)):
                consumed = e + frac.end()
                tail = re.match(r"/\d+", text[consumed:b])
                consumed += tail.end() if tail else 0
                continue  # a date: 9/7, 10/1949, 10/02/2022
            if tok in ("24", "365") and den in ("24", "7", "365"):
                consumed = e + frac.end()
                continue  # round the clock: 24/24, 24/7
            if tok == "1" and parse_number(den) is not None and (parse_number(den) or 0) >= 100:
                consumed = e + frac.end()
                continue  # a map scale: 1/500, 1/2.000
            e = e + frac.end()
        number = parse_number(text[s:e], vocab)
        if number is None:
            continue
        if _skip_number(ctx, s, e, line_start, sent_start):
            skipped, chain = e, False
            continue
        unit, norm, ukind, factor = _unit_at(text, e, b, vocab, number)
        if rate:
            base = rate.group(1).lower()
            per_10k = base.startswith(("1 vạn", "một vạn", "10.000", "10 nghìn", "10 ngàn"))
            unit, norm, ukind, factor = (e, _rate_end(rate)), ("per_10k_people" if per_10k else "other"), "unit", Decimal(1)
        if re.fullmatch(_YEAR, tok) and (unit is None or ukind == "count_noun"):
            continue  # a year
        if _PERIOD.match(text, s) and _PERIOD.match(text, s).start() == s:  # type: ignore[union-attr]
            consumed = _PERIOD.match(text, s).end()  # type: ignore[union-attr]
            continue
        after_unit = unit[1] if unit else e
        low_after = text[_skip_spaces(text, after_unit) : b].lower()
        if unit is None and any(_starts_with(low_after, c) for c in vocab.role("skip_after")):
            continue
        if (unit is None or ukind == "count_noun") and _BACK_REFERENCE.match(low_after):
            continue  # a count of what was named before (2 chiếc bánh này, 3 trường hợp nói trên): no new claim
        pre = text[max(sent_start, s - 40) : s].lower()
        val = _Value(s, e, _scaled(number, factor), unit=unit and (unit[0], unit[1]), unit_norm=norm, unit_kind=ukind)
        val.ext_end = after_unit
        if unit is None and number != int(number):
            val.unit_norm = "other"
        q = _qualifier(pre, vocab)
        if q:
            val.qualifier = q
        if any(_starts_with(low_after, c) for c in vocab.role("q_ge_after")):
            val.qualifier = "ge"
        elif any(_starts_with(low_after, c) for c in vocab.role("q_le_after")):
            val.qualifier = "le"
        if unit is None and _strip_cue(pre.rstrip(), vocab.role("rank_before")):
            val.rank, val.unit_norm = True, "rank"
            val.qualifier = "le" if _strip_cue(pre.rstrip(), ("nhóm", "top")) else "eq"
        # a range: 5 - 7 %, 20-25 triệu USD, 1.200-1.500 đồng/bao, 30%-40%
        rng = re.match(r"\s*(?:[-–—]|đến|tới)\s*(?=\d)", text[after_unit:b])
        if rng:
            m2 = _NUM.match(text, after_unit + rng.end())
            if m2 and m2.end() <= b:
                s2, e2 = m2.span()
                n2 = parse_number(m2.group(), vocab)
                if n2 is not None and not _is_letter(text[e2 : e2 + 1]) or n2 is not None and any(
                    _starts_with(text[e2 : e2 + 8].lower(), u) for u, _n, k in vocab.units if k == "glued"
                ):
                    unit2, norm2, ukind2, factor2 = _unit_at(text, e2, b, vocab, n2)
                    low_after2 = text[_skip_spaces(text, e2) : b].lower()
                    if unit is None and unit2 is None and any(_starts_with(low_after2, c) for c in vocab.role("skip_after")):
                        consumed = e2
                        continue  # a span of time or age: 2-3 ngày, 16-17 tuổi, 20-30 tháng Chạp
                    if unit is None and unit2 is not None:
                        val.unit, val.unit_norm, val.unit_kind = unit2, norm2, ukind2
                        if number <= n2 or factor2 == 1:
                            val.number = _scaled(number, factor2)  # 20-25 triệu: both in millions
                        # else 700.000 - 1 triệu đồng: the first is written in full
                    val.qualifier = "ge"
                    second = _Value(s2, e2, _scaled(n2, factor2), "le", unit2 or val.unit, norm2 if unit2 else val.unit_norm,
                                    ukind2 if unit2 else val.unit_kind, rank=val.rank)  # fmt: skip
                    if val.rank and not unit2:
                        second.unit_norm = "rank"
                    second.ext_end = unit2[1] if unit2 else e2
                    val.after = second.after = second.ext_end
                    val.partner = second
                    out += [val, second]
                    consumed = second.ext_end
                    continue
        out.append(val)
        consumed = val.ext_end
    return out


#: A scale word followed by these is another word: tỷ lệ, tỷ trọng, tỷ giá, triệu phú.
_NOT_SCALE = re.compile(r" (?:lệ|trọng|giá|phú)(?![^\W\d_])")
#: Words after a number word that make it no count: idioms (hai vợ chồng, hai bên, ba lô) and words that
#: cannot follow a count (chín nên: "ripe", not nine).
_NOT_COUNTED = frozenset(
    {"vợ chồng", "bên", "phía", "mặt", "lưỡi", "lô", "chiều", "nên", "đã", "sẽ", "đang", "là", "có", "thì", "mà",
     "rồi", "được", "bị", "cũng", "vẫn", "đều", "ra", "vào", "thôi", "số"}
)  # fmt: skip

#: Words that make a number word after them vague (dăm bảy, vài ba, mươi lăm).
_VAGUE = frozenset({"dăm", "vài", "mấy", "mươi", "dăm ba", "đôi ba"})


_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")


def _word_values(ctx: _Context, a: int, b: int) -> list[_Value]:
    """Numbers written as words: ``gấp đôi``, ``hai bảo vệ``, ``ba vụ``, ``mười hai tỉnh``, ``hai mươi lăm người``."""
    text, vocab = ctx.text, ctx.vocab
    out = []
    toks = [(a + m.start(), a + m.end(), m.group()) for m in re.finditer(r"[^\W\d_]+", text[a:b])]
    k = 0
    while k < len(toks):
        s, e, w = toks[k]
        word = w.lower()
        start_k = k
        k += 1
        single = vocab.words.get(word)
        multiple = single is not None and single[1]
        if not multiple and word not in DIGIT_WORDS and word != "mười":
            continue  # most words: no number word (the word before is not read)
        prev = _WORD_BEFORE.search(text[max(a, s - 20) : s])
        prev_word = prev.group(1).lower() if prev else ""
        if multiple:
            if prev_word == single[1] and not _in_entity(ctx, s, e):
                out.append(_Value(s, e, float(single[0]), unit=None, unit_norm="times", kind="change"))
            continue
        run = [word]
        j = k
        while j < len(toks) and len(run) < 6 and text[toks[j - 1][1] : toks[j][0]] == " ":
            run.append(toks[j][2].lower())
            j += 1
        read = read_number_words(run)
        if read is None:
            continue
        value, n = read
        k = start_k + n
        e = toks[k - 1][1]
        if n == 1 and single is None and word not in ("một", "năm"):
            continue  # mốt, tư, lăm alone: no number
        if _in_entity(ctx, s, e) or w[0].isupper() or prev_word in vocab.words or prev_word in DIGIT_WORDS:
            continue
        if prev_word in _VAGUE:
            continue  # dăm bảy em, vài ba người: a vague count
        if re.search(r"[\"“‘']\s*$", text[max(a, s - 3) : s]):
            continue  # a slogan or a name in quotes: phong trào "ba sẵn sàng", khách sạn "ba sao"
        pre = text[max(a, s - 30) : s].lower().rstrip()
        if _strip_cue(pre, vocab.role("skip_before")):
            continue
        nxt = re.match(r"\s+([^\W\d_]+)(\s+([^\W\d_]+))?", text[e:b])
        if not nxt or not nxt.group(1)[0].islower():
            continue
        n1 = nxt.group(1).lower()
        if n1 in vocab.words or n1 in DIGIT_WORDS or n1 == "mười":
            continue  # hai ba người: a vague count
        if n1 in _NOT_COUNTED or f"{n1} {(nxt.group(3) or '').lower()}" in _NOT_COUNTED:
            continue  # hai vợ chồng, hai bên, ba lô, chín nên: no count
        if any(_starts_with(text[e:b].lower().lstrip(), c) for c in vocab.role("not_indicator") + vocab.role("skip_after")):
            continue
        if nxt.group(3) and nxt.group(3)[0].isupper():
            continue  # hai tỉnh Lai Châu và Điện Biên: a count that only introduces a list
        unit, norm, ukind, factor = _unit_at(text, e, b, vocab, float(value))
        val = _Value(s, e, _scaled(float(value), factor), unit=unit, unit_norm=norm, unit_kind=ukind)
        val.ext_end = unit[1] if unit else e
        q = _qualifier(pre, vocab)
        if q:
            val.qualifier = q
        out.append(val)
    return out
