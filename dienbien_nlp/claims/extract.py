"""Indicator claims: the numbers a text states about what was achieved, how much it changed and what is targeted.

A claim (``annotations/GUIDELINES.md`` §6) is anchored on a value written in the
text and carries its parsed ``number``, ``qualifier``, ``unit`` and ``unit_norm``,
``indicator``, ``kind`` (achieved / change / target / forecast), ``time``,
``base_time`` and ``place``. :func:`extract_claims` finds them with rules over the
text, its sentences and its entities; the stateless spaCy component
``dienbien_claims`` puts them on ``doc._.claims`` as records with the fields of
the gold (spans as ``{"start", "end", "text"}`` character offsets into the ``Doc``).

The vocabularies (units, scale words, number words, cue words) are data files
under ``resources/claims/``. Rules:

* Vietnamese number writing: ``.`` groups thousands and ``,`` is the decimal mark
  (:func:`parse_number`); scale words are folded into the number (``1.640 tỷ
  đồng`` is 1.64e12 ``vnd``); a number that cannot be read is no claim.
* ``A - B`` ranges give two claims (``ge`` and ``le``); ``362/463`` is one claim
  whose number is 362.
* Not claims: dates and years, document numbers (``57-NQ/TW``), numbers glued to
  letters (``5G``), numbers inside entities, list and table ``TT`` numbers, numbers
  after ``Điều``, ``lớp``, ``kỷ niệm`` … and before ``tuổi``, ``năm``, ``giờ`` ….
* ``kind`` from the cues of the value's clause (``phấn đấu``, ``dự kiến``,
  ``tăng``, ``giảm … xuống còn``), from a section heading (``II- MỤC TIÊU``) and
  from a target table; ``time`` from the value's clause, the sentence's opening
  or the section's horizon (``1. Đến năm 2030``, a table row ``I | Đến năm 2030``).

Example:
    >>> [(c["value"]["text"], c["number"], c["unit_norm"], c["kind"], c["time"])
    ...  for c in extract_claims("Sản lượng năm 2020 đạt 1.250 nghìn tấn.", [(0, 39)], [])]
    [('1.250', 1250000.0, 'tonne', 'achieved', '2020')]
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..pipeline import extensions as _extensions  # noqa: F401  (registers doc._.claims)
from ..tables import read_tsv

Span3 = tuple[int, int, str]

# ---------------------------------------------------------------------------------------------------------------
# vocabularies


def _read_rows(filename: str) -> list[dict[str, str]]:
    return read_tsv(f"claims/{filename}")


@dataclass(frozen=True)
class ClaimVocab:
    """The extractor's vocabularies, read from ``resources/claims/*.tsv``."""

    units: tuple[tuple[str, str, str], ...]
    scales: tuple[tuple[str, Decimal], ...]
    words: dict[str, tuple[Decimal, str]]
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def role(self, name: str) -> tuple[str, ...]:
        """The cues of one role, longest first."""
        return self.cues.get(name, ())


@functools.lru_cache(maxsize=1)
def load_vocab() -> ClaimVocab:
    """The shipped vocabularies (cached)."""
    units = sorted(((r["unit"].lower(), r["norm"], r["kind"]) for r in _read_rows("units.tsv")), key=lambda u: -len(u[0]))
    scales = sorted(((r["word"].lower(), Decimal(r["factor"])) for r in _read_rows("scales.tsv")), key=lambda s: -len(s[0]))
    words = {r["word"].lower(): (Decimal(r["value"]), r["after"].lower()) for r in _read_rows("number_words.tsv")}
    cues: dict[str, list[str]] = {}
    for r in _read_rows("cues.tsv"):
        cues.setdefault(r["role"], []).append(r["cue"].lower())
    return ClaimVocab(
        tuple(units), tuple(scales), words, {k: tuple(sorted(set(v), key=lambda c: -len(c))) for k, v in cues.items()}
    )


# ---------------------------------------------------------------------------------------------------------------
# numbers

_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_PLAIN = re.compile(r"\d+(?:,\d+)?")
_DOT_DECIMAL = re.compile(r"\d+\.(?:\d{1,2}|\d{4,})")
_MAX_DIGITS = 30


def parse_number(text: str, vocab: ClaimVocab | None = None) -> float | None:
    """The value of a number as written in Vietnamese, or ``None`` when it cannot be read.

    ``.`` groups thousands and ``,`` is the decimal mark; a dot followed by other than
    three digits is read as a decimal point (foreign writing); ``362/463`` gives its
    numerator; number words (``hai``, ``đôi``) count.

    >>> [parse_number(s) for s in ["1.640", "8,30", "47.693", "1.234.567,5", "362/463", "2.5", "hai", "1,2,3", "x"]]
    [1640.0, 8.3, 47693.0, 1234567.5, 362.0, 2.5, 2.0, None, None]
    """
    s = text.strip()
    if not s or len(s) > _MAX_DIGITS:
        return None
    if "/" in s:
        s, _, denominator = s.partition("/")
        if parse_number(denominator, vocab) is None:
            return None
    try:
        if _GROUPED.fullmatch(s):
            d = Decimal(s.replace(".", "").replace(",", "."))
        elif _PLAIN.fullmatch(s):
            d = Decimal(s.replace(",", "."))
        elif _DOT_DECIMAL.fullmatch(s):
            d = Decimal(s)
        else:
            word = (vocab or load_vocab()).words.get(s.lower())
            if word is None:
                return None
            d = word[0]
    except InvalidOperation:
        return None
    value = float(d)
    return value if math.isfinite(value) else None


def _scaled(number: float, factor: Decimal) -> float:
    return float(Decimal(repr(number)) * factor) if factor != 1 else number


# ---------------------------------------------------------------------------------------------------------------
# small text helpers

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


# ---------------------------------------------------------------------------------------------------------------
# time expressions


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


# ---------------------------------------------------------------------------------------------------------------
# values


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


def _unit_at(text: str, p: int, limit: int, vocab: ClaimVocab) -> tuple[tuple[int, int] | None, str, str, Decimal]:
    """The unit (span, norm, kind) and scale factor written at ``p`` (right after a number)."""
    q = _skip_spaces(text, p)
    low = text[q:limit].lower()
    factor = Decimal(1)
    scale_span = None
    for word, f in vocab.scales:
        if _starts_with(low, word):
            factor, scale_span = f, (q, q + len(word))
            q = _skip_spaces(text, q + len(word))
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


# ---------------------------------------------------------------------------------------------------------------
# the extractor


@dataclass
class _State:
    target: bool = False
    horizon: str | None = None
    table: dict[str, int] | None = None


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


def _change_or_level(pre: str, vocab: ClaimVocab) -> str | None:
    """``change`` when a change verb stands right before the value, ``achieved`` for a level word."""
    quals = [c for r in ("q_approx", "q_ge", "q_le", "q_lt", "q_gt") for c in vocab.role(r)]
    for _ in range(4):
        pre = pre.rstrip()
        if _strip_cue(pre, vocab.role("level")):
            return "achieved"
        if _strip_cue(pre, vocab.role("change")):
            return "change"
        cut = _strip_cue(pre, quals) or _strip_cue(pre, vocab.role("link"))
        if cut is None:
            return None
        pre = cut[0]
    return None


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
    if re.match(r" \d", text[e : e + 2]) or (s >= 2 and text[s - 1] == " " and text[s - 2].isdigit()):
        return True  # digits grouped by spaces: 920 679
    if text[s - 1 : s] == "(" and re.match(r"\) ?\d", text[e : e + 3]):
        return True  # an area code: (04) 9716229
    if re.search(r"[:\-–]\s*$", text[max(sent_start, s - 3) : s]) and re.match(r" [^\W\d_]", text[e : e + 2]) and text[e + 1].isupper():
        return True  # an address: - Hà Nội: 96 Lò Đúc
    if _in_entity(ctx, s, e):
        return True
    # a list or table number at the start of a line: "1.", "2)", "11.1 |"
    head = text[line_start:s].strip(" \t-•(")
    if not head:
        after = text[e : e + 3].lstrip(" ")
        if after[:1] in (".", ")", "|", "/", "\n", "\r", ""):
            return True
    pre = text[max(sent_start, s - 30) : s].lower().rstrip()
    if _strip_cue(pre, vocab.role("skip_before")):
        return True
    # bare numbers in a list of numbers: vùng 2; 3; 4
    if re.search(r"[;,]\s*$", text[max(sent_start, s - 3) : s]) and re.match(r"\s*[;,.]", text[e : e + 3]):
        return True
    return False


def _number_values(ctx: _Context, a: int, b: int, line_start: int, sent_start: int) -> list[_Value]:
    """Every value written in ``text[a:b]``, with unit, scale and qualifier, ranges split in two."""
    text, vocab = ctx.text, ctx.vocab
    out: list[_Value] = []
    consumed = -1
    for m in _NUM.finditer(text, a, b):
        s, e = m.span()
        if s < consumed:
            continue
        tok = m.group()
        frac = re.match(r"/(\d+(?:[.,]\d+)*)", text[e:b])
        if frac:
            den = frac.group(1)
            num_i = int(tok) if tok.isdigit() else None
            den_i = int(den) if den.isdigit() else None
            if num_i is not None and den_i is not None and (num_i <= 31 and (den_i <= 12 or len(den) == 4)):
                consumed = e + frac.end()
                tail = re.match(r"/\d+", text[consumed:b])
                consumed += tail.end() if tail else 0
                continue  # a date: 9/7, 10/1949, 10/02/2022
            e = e + frac.end()
        number = parse_number(text[s:e], vocab)
        if number is None or _skip_number(ctx, s, e, line_start, sent_start):
            continue
        unit, norm, ukind, factor = _unit_at(text, e, b, vocab)
        if re.fullmatch(_YEAR, tok) and (unit is None or ukind == "count_noun"):
            continue  # a year
        if _PERIOD.match(text, s) and _PERIOD.match(text, s).start() == s:  # type: ignore[union-attr]
            consumed = _PERIOD.match(text, s).end()  # type: ignore[union-attr]
            continue
        after_unit = unit[1] if unit else e
        low_after = text[_skip_spaces(text, after_unit) : b].lower()
        if unit is None and any(_starts_with(low_after, c) for c in vocab.role("skip_after")):
            continue
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
                    unit2, norm2, ukind2, factor2 = _unit_at(text, e2, b, vocab)
                    if unit is None and unit2 is not None:
                        val.unit, val.unit_norm, val.unit_kind = unit2, norm2, ukind2
                        val.number = _scaled(number, factor2)
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


def _word_values(ctx: _Context, a: int, b: int) -> list[_Value]:
    """Numbers written as words: ``gấp đôi``, ``hai bảo vệ``, ``ba vụ``."""
    text, vocab = ctx.text, ctx.vocab
    out = []
    for m in re.finditer(r"[^\W\d_]+", text[a:b]):
        word = m.group().lower()
        if word not in vocab.words:
            continue
        s, e = a + m.start(), a + m.end()
        value, after = vocab.words[word]
        prev = re.search(r"([^\W\d_]+)\s+$", text[max(a, s - 20) : s])
        prev_word = prev.group(1).lower() if prev else ""
        if _in_entity(ctx, s, e):
            continue
        if after:
            if prev_word == after:
                out.append(_Value(s, e, float(value), unit=None, unit_norm="times", kind="change"))
            continue
        if m.group()[0].isupper() or prev_word in vocab.words:
            continue
        pre = text[max(a, s - 30) : s].lower().rstrip()
        if _strip_cue(pre, vocab.role("skip_before")):
            continue
        nxt = re.match(r"\s+([^\W\d_]+)(\s+([^\W\d_]+))?", text[e:b])
        if not nxt or not nxt.group(1)[0].islower():
            continue
        n1 = nxt.group(1).lower()
        if n1 in vocab.words or any(_starts_with(text[e:b].lower().lstrip(), c) for c in vocab.role("not_indicator") + vocab.role("skip_after")):
            continue
        if nxt.group(3) and nxt.group(3)[0].isupper():
            continue  # hai tỉnh Lai Châu và Điện Biên: a count that only introduces a list
        unit, norm, ukind, factor = _unit_at(text, e, b, vocab)
        val = _Value(s, e, _scaled(float(value), factor), unit=unit, unit_norm=norm, unit_kind=ukind)
        val.ext_end = unit[1] if unit else e
        q = _qualifier(pre, vocab)
        if q:
            val.qualifier = q
        out.append(val)
    return out


_BOUNDARY = ",;:"


def _phrase_after(ctx: _Context, p: int, limit: int) -> tuple[int, int] | None:
    """The indicator written after a count: the words from ``p`` up to a boundary."""
    text, vocab = ctx.text, ctx.vocab
    q = _skip_spaces(text, p)
    low = text[q:limit].lower()
    if not low or not _is_letter(low[0]):
        return None
    if any(_starts_with(low, c) for c in vocab.role("not_indicator")):
        return None
    end = q
    n = 0
    for m in _WORD.finditer(text, q, limit):
        w = m.group()
        if w in _BOUNDARY or w in ".()?!\"“”" or w[0].isdigit() or n >= 10:
            break
        if n > 0 and w.lower() in vocab.role("indicator_end"):
            break
        end = m.end()
        n += 1
    return (q, end) if end > q else None


def _phrase_before(ctx: _Context, s: int, clause_start: int) -> tuple[tuple[int, int] | None, bool]:
    """The indicator written before a value: ``(span, hit_number)``."""
    text, vocab = ctx.text, ctx.vocab
    quals = [c for r in ("q_approx", "q_ge", "q_le", "q_lt", "q_gt") for c in vocab.role(r)]
    skip = quals + list(vocab.role("link")) + list(vocab.role("change")) + list(vocab.role("level"))
    skip += list(vocab.role("target")) + list(vocab.role("forecast"))
    skip = sorted(set(skip), key=lambda c: -len(c))
    end = s
    # cue words, links and time expressions between the indicator and the value
    for _ in range(8):
        pre = text[clause_start:end].lower().rstrip(" \t,")
        moved = False
        cut = _strip_cue(pre, skip)
        if cut:
            end, moved = clause_start + len(cut[0]), True
        else:
            tm = re.search(rf"(?:(?:giai đoạn|thời kỳ|nhiệm kỳ|năm|trong năm|đến năm|tới năm)\s+)?(?:{_YEAR}\s*[-–—]\s*)?{_YEAR}\s*$", pre)
            if tm:
                end, moved = clause_start + tm.start(), True
        if not moved:
            break
    for attempt in range(2):
        seg_end = end
        while seg_end > clause_start and text[seg_end - 1] in " \t,":
            seg_end -= 1
        start = seg_end
        hit_number = False
        words = 0
        for m in reversed(list(_WORD.finditer(text, clause_start, seg_end))):
            w = m.group()
            if w == ")":
                # a parenthetical with a number in it is another claim's aside: (tương đương 1.130 USD)
                k = text.rfind("(", clause_start, m.start())
                if k < 0 or re.search(r"\d", text[k : m.start()]):
                    break
            if w in _BOUNDARY or w in ".!?" or (w == "(" and ")" not in text[m.end() : seg_end]) or words >= 14:
                break
            if w[0].isdigit():
                hit_number = words == 0
                break
            start = m.start()
            words += 1
        # cut leading function words
        low = text[start:seg_end].lower()
        for _ in range(3):
            cut = next((c for c in vocab.role("indicator_trim") if _starts_with(low, c)), None)
            if not cut:
                break
            start = _skip_spaces(text, start + len(cut))
            low = text[start:seg_end].lower()
        while start < seg_end and not text[start].isalnum():
            start += 1
        seg = text[start:seg_end]
        only_time = bool(re.fullmatch(rf"\s*(?:(?:giai đoạn|thời kỳ|nhiệm kỳ|năm)\s+)?{_YEAR}(?:\s*[-–—]\s*{_YEAR})?\s*", seg))
        if start < seg_end and not only_time and not hit_number:
            return (start, seg_end), False
        if hit_number or attempt == 1:
            return None, hit_number
        # an empty segment right after a comma: the indicator stands before it (tỷ lệ …, từ 44%)
        k = max(text.rfind(c, clause_start, seg_end + 1 if start >= seg_end else start) for c in ",:")
        if k < 0:
            return None, False
        end = k
    return None, False


#: How many words before a value a target or forecast cue reaches.
CUE_REACH = 15


def _kind_cue(ctx: _Context, sent: tuple[int, int], s: int) -> str | None:
    """``target`` or ``forecast`` from the cues before ``s`` in its clause (at most :data:`CUE_REACH` words back).

    The nearest strong cue (phấn đấu, mục tiêu, dự kiến …) decides; a weak target cue (sẽ)
    counts only when there is none, and reads as a forecast before a change verb (sẽ giảm).
    """
    text, vocab = ctx.text, ctx.vocab
    cstart = _clause_start(text, sent[0], s)
    # a cue just before a colon ("Mục tiêu: …") reaches past it
    if cstart > sent[0] and text[cstart - 1] == ":":
        head = text[_clause_start(text, sent[0], cstart - 1) : cstart - 1].lower()
        if len(head.split()) <= 4 and any(_ends_with(head.rstrip(), c) or _starts_with(head.strip(), c) for c in vocab.role("target")):
            return "target"
    words = list(re.finditer(r"\S+", text[cstart:s]))
    if len(words) > CUE_REACH:
        cstart += words[-CUE_REACH].start()
    pre = text[cstart:s].lower()
    now = [m.end() for c in vocab.role("now") for m in re.finditer(rf"(?<![^\W\d_]){re.escape(c)}(?![^\W\d_])", pre)]
    if now:  # "(hiện nay khoảng 2.000 USD)": what holds now is no target
        pre = pre[max(now) :]

    def last(role: str) -> tuple[int, int] | None:
        best = None
        for cue in vocab.role(role):
            for m in re.finditer(re.escape(cue), pre):
                a, b = m.span()
                if (a > 0 and _is_letter(pre[a - 1])) or (b < len(pre) and _is_letter(pre[b])):
                    continue
                if best is None or b > best[1] or (b == best[1] and a < best[0]):
                    best = (a, b)
        return best

    strong = [(hit[1], hit[0], role) for role in ("target", "forecast") if (hit := last(role))]
    if strong:
        return max(strong)[2]
    weak = last("target_weak")
    if weak:
        between = pre[weak[1] :]
        if any(re.search(rf"(?<![^\W\d_]){re.escape(c)}(?![^\W\d_])", between) for c in vocab.role("change")):
            return "forecast"
        return "target"
    return None


def _has_cue(text: str, cues: Iterable[str]) -> bool:
    low = text.lower()
    return any(re.search(rf"(?<![^\W\d_]){re.escape(c)}(?![^\W\d_])", low) for c in cues)


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


def _place_for(ctx: _Context, a: int, b: int, pos: int) -> tuple[int, int] | None:
    locs = [(s, e) for s, e, lab in ctx.entities if lab == "LOC" and a <= s and e <= b]
    if not locs:
        return None
    return min(locs, key=lambda se: abs(se[0] - pos))


def _record(ctx: _Context, val: _Value, kind: str, time: str | None, base: str | None,
            indicator: tuple[int, int] | None, place: tuple[int, int] | None) -> dict[str, Any]:  # fmt: skip
    text = ctx.text
    return {
        "value": _span(text, val.start, val.end),
        "number": val.number,
        "qualifier": val.qualifier,
        "unit": _span(text, *val.unit) if val.unit else None,
        "unit_norm": val.unit_norm,
        "indicator": _span(text, *indicator) if indicator else None,
        "kind": kind,
        "time": time,
        "base_time": base,
        "place": _span(text, *place) if place else None,
    }


def _lists_names(ctx: _Context, a: int, p: int, limit: int) -> bool:
    """The count's noun phrase ``a:p`` runs into a list of names (… 7 địa phương gồm Hà Nội, TP HCM)."""
    text = ctx.text
    if text[p:limit].lstrip(" ").startswith(":"):
        return True
    for cue in ctx.vocab.role("list_intro"):
        for m in re.finditer(rf"(?<![^\W\d_]){re.escape(cue)}\s*:?\s+(?=[^\W\d_])", text[a:limit].lower()):
            nxt = text[a + m.end() : a + m.end() + 1]
            if nxt.isupper() and m.start() <= p - a + 1:
                return True
    return False


def _sentence_claims(ctx: _Context, sent: tuple[int, int], line_start: int, state: _State, skip_until: int = -1) -> list[dict[str, Any]]:
    text, vocab = ctx.text, ctx.vocab
    s0, s1 = sent
    vals = [v for v in _number_values(ctx, s0, s1, line_start, s0) if v.start >= skip_until]
    vals += [v for v in _word_values(ctx, s0, s1) if v.start >= skip_until and not any(w.start <= v.start < w.ext_end for w in vals)]
    vals.sort(key=lambda v: v.start)
    times = _times(text, s0, s1, vocab)
    out: list[dict[str, Any]] = []
    prev_ind: dict[int, tuple[int, int] | None] = {}
    prev_time: dict[int, str | None] = {}
    shared: dict[int, tuple[int, int] | None] = {}
    for val in vals:
        cstart = _clause_start(text, s0, val.start, colon=False)
        cend = _clause_end(text, val.start, s1)
        pre = text[max(cstart, val.start - 40) : val.start].lower()
        kind = _kind_cue(ctx, sent, val.start)
        if kind is None and state.target:
            kind = "target"
        if kind is None:
            kind = val.kind or _change_or_level(pre, vocab) or ("change" if val.unit_norm == "times" else "achieved")
        # the indicator: after a count or a share of a population, else before the value
        indicator = None
        if val.start in shared:
            indicator = shared[val.start]
        after = val.after or val.ext_end
        low_after = text[_skip_spaces(text, after) : cend].lower()
        share = _strip_cue(pre.rstrip(), vocab.role("share_verb")) is not None
        if val.start in shared:
            pass
        elif val.rank:
            about = next((m for c in vocab.role("rank_about") for m in re.finditer(rf"(?<![^\W\d_]){re.escape(c)}\s+", low_after)), None)
            if about:
                q0 = _skip_spaces(text, after) + about.end()
                stop = re.search(r"[;.]", text[q0:cend])
                indicator = (q0, q0 + stop.start() if stop else cend)
        elif val.unit is None or val.unit_kind == "count_noun" or val.unit_norm == "percent" and low_after[:1].isalpha() and not share:
            indicator = _phrase_after(ctx, after, cend)
            if indicator and (val.unit is None or val.unit_kind == "count_noun") and _lists_names(ctx, indicator[0], indicator[1], cend):
                continue  # a count that only introduces the list it counts
        if indicator is None and val.start not in shared:
            # an elliptical count (2 trường hợp …, 1 ở Quy Nhơn) counts what the one before it counts
            ellipsis = val.unit is None and any(_starts_with(low_after, c) for c in vocab.role("ellipsis"))
            floor = max([cstart] + [w.ext_end for w in vals if w.start < val.start and w.ext_end <= val.start])
            indicator = None if ellipsis else _phrase_before(ctx, val.start, floor)[0]
            if indicator is None and cstart in prev_ind:
                indicator = prev_ind[cstart]
        prev_ind[cstart] = indicator
        if val.partner is not None:
            shared[val.partner.start] = indicator
        time = _time_for(times, sent, text, val, vocab)
        if time is None and kind == "change" and prev_time.get(cstart):
            time = prev_time[cstart]
        if time is None and kind == "target" and state.horizon:
            time = state.horizon
        prev_time[cstart] = time
        base = _base_for(times, sent, text, val) if kind == "change" else None
        place = _place_for(ctx, cstart, cend, val.start)
        out.append(_record(ctx, val, kind, time, base, indicator, place))
    return out


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


def extract_claims(
    text: str,
    sentences: Sequence[tuple[int, int]],
    entities: Sequence[Span3] = (),
    vocab: ClaimVocab | None = None,
) -> list[dict[str, Any]]:
    """The claims of ``text`` given its sentences (``(start, end)``) and entities (``(start, end, label)``).

    Sentences are read in order; section headings, target tables and their horizon rows
    set the context of what follows. Every span of a claim lies inside the sentence of its
    value; a span that would not is left out (``None``).
    """
    vocab = vocab or load_vocab()
    ents = list(entities)
    ctx = _Context(text, vocab, ents, [(s, e) for s, e, _ in ents])
    state = _State()
    out: list[dict[str, Any]] = []
    done_lines: dict[int, bool] = {}
    for sent in sorted(sentences):
        s0, s1 = sent
        if not text[s0:s1].strip():
            continue
        line_start = text.rfind("\n", 0, s0) + 1
        nl = text.find("\n", s0)
        line_end = nl if nl >= 0 else len(text)
        claims: list[dict[str, Any]] = []
        if line_start not in done_lines:
            line = (line_start, line_end)
            row_text = text[line_start:line_end]
            is_table = False
            if row_text.count("|") >= 2 or (state.table is not None and "|" in row_text):
                claims, is_table = _table_row(ctx, line, state)
            else:
                state.table = None
                _heading(text, line, state, vocab)
            done_lines[line_start] = is_table
        if done_lines[line_start]:
            for c in claims:
                # a row cut into several sentences: keep the spans that lie in the value's sentence
                v = c["value"]
                home = next(((a, b) for a, b in sentences if a <= v["start"] and v["end"] <= b), (s0, s1))
                for f in ("unit", "indicator", "place"):
                    c[f] = _inside(c[f], *home)
            out += claims
            continue
        skip_until = -1
        if row_text_first_cell := re.match(r"\s*[^|]*\|", text[line_start:line_end]) if text[line_start:line_end].count("|") >= 2 else None:
            skip_until = line_start + row_text_first_cell.end()
        for c in _sentence_claims(ctx, sent, line_start, state, skip_until):
            for f in ("unit", "indicator", "place"):
                c[f] = _inside(c[f], s0, s1)
            out.append(c)
    out.sort(key=lambda c: c["value"]["start"])
    for k, c in enumerate(out, 1):
        c["id"] = f"c{k}"
    return [{"id": c.pop("id"), **c} for c in out]


def doc_claims(doc: Doc, vocab: ClaimVocab | None = None) -> list[dict[str, Any]]:
    """The claims of a processed ``Doc`` (its sentences and entities)."""
    sents = [(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") else [(0, len(doc.text))]
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    return extract_claims(doc.text, sents, ents, vocab)


class ClaimExtractor:
    """The ``dienbien_claims`` component: sets ``doc._.claims`` (a list of claim records)."""

    def __init__(self, nlp: Language | None = None, name: str = "dienbien_claims") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = doc_claims(doc, load_vocab())
        return doc

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Read the vocabularies."""
        load_vocab()


@Language.factory(
    "dienbien_claims",
    requires=["token.is_sent_start", "doc.ents"],
    assigns=["doc._.claims"],
    default_config={},
)
def make_claims(nlp: Language, name: str) -> ClaimExtractor:
    """Factory of :class:`ClaimExtractor`."""
    return ClaimExtractor(nlp, name)
