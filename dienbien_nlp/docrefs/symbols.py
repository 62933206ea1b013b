"""Document symbols (``11-NQ/TW``, ``188/KH-UBND``, ``170/2025/NĐ-CP``): their parts, type and issuer."""

from __future__ import annotations

import re
from typing import NamedTuple

from .patterns import _OLD_RE, _PARTY_RE, _QH_RE, _STATE_RE, _ci, _tables
from .records import _canon


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
