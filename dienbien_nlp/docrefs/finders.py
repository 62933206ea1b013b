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

import re
from dataclasses import dataclass

from ..text.overlaps import non_overlapping
from .dates import _date_from
from .issuers import _is_cap, _issuer_phrase, _tokens
from .patterns import (
    _BARE_START,
    _DATE_TAIL_RE,
    _GENERIC_TYPES,
    _ISSUER_LEAD_RE,
    _LAW_COMMA_RE,
    _LAW_EXCEPTIONS_RE,
    _LAW_NOT_AFTER,
    _LAW_STOP_BIGRAMS,
    _LAW_STOPS,
    _MAX_LAW_WORDS,
    _LOWER_NUMBER_TYPES,
    _NUMBER_ONLY_TYPES,
    _PLURAL_BEFORE,
    _SO_AFTER_YEAR_RE,
    _SO_GAP_RE,
    _UPC,
    _YEAR,
    _ci,
    _rx,
    _tables,
)
from .records import DocRef, _canon, _display, _Indexed
from .symbols import _bare_ok, _match_symbol, _Symbol

__all__ = ["find_doc_refs"]


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


#: A bare number and its year (``24/2006``), with nothing glued after it.
_SHORT_YEAR_RE = re.compile(rf"(?P<num>\d{{1,4}})/(?P<year>{_YEAR})(?![\w/-])")


def _number_only_ok(key: str, m: re.Match[str], with_so: bool, capitalised: bool, tw_key: str) -> bool:
    rx = _rx()
    num = m.group("num")
    end = m.end()
    after = key[end : end + 4]
    if re.match(r"\s?[-/]\s?\w", after) or re.match(r"[.,]\d", after) or after[:1] == "%":
        return False
    if with_so:
        return True
    if tw_key not in _NUMBER_ONLY_TYPES or not (capitalised or tw_key in _LOWER_NUMBER_TYPES):
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
        short = _SHORT_YEAR_RE.match(key, pos)
        if short and row.key in _NUMBER_ONLY_TYPES and (capitalised or m.group("so") or row.key in _LOWER_NUMBER_TYPES):
            # Nghị định 24/2006: a number and its year, without the symbol
            out.append(_Cand(m.start(), short.end(), row.doc_type, short.group("num"), year=short.group("year"), priority=2))
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
