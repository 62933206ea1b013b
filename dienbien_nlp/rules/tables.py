"""The rules' tables, read once from ``resources/rules/`` and the gazetteer: phrase tables and the gazetteer index."""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ..tables import read_tsv
from ..text.keys import fold
from .gazetteer import Gazetteer, load_gazetteer
from .tokens import _build_key, _fold_word, _Tok, _tokenize


class _Phrase(NamedTuple):
    lows: tuple[str, ...]
    texts: tuple[str, ...]
    tight: tuple[bool, ...]  # no whitespace before token k (k >= 1) in the phrase
    case: str
    data: Any


class _PhraseTable:
    """Phrases indexed by their first token, matched token by token (longest first)."""

    def __init__(self, rows: Iterable[tuple[str, str, Any]], *, strict_caps: bool = False) -> None:
        self.strict_caps = strict_caps
        by_first: dict[str, list[_Phrase]] = {}
        for phrase, case, data in rows:
            key, _ = _build_key(phrase.strip())
            toks = _tokenize(key)
            if not toks:
                continue
            ph = _Phrase(
                tuple(t.low for t in toks),
                tuple(t.text for t in toks),
                tuple(not t.sp for t in toks),
                case,
                data,
            )
            by_first.setdefault(toks[0].low, []).append(ph)
        for lst in by_first.values():
            lst.sort(key=lambda p: -len(p.lows))
        self._by_first = by_first

    def match(self, toks: Sequence[_Tok], i: int) -> list[tuple[int, _Phrase]]:
        """All phrases starting at token ``i``: ``(end token index, phrase)``, longest first."""
        if i >= len(toks):
            return []
        cands = self._by_first.get(toks[i].low)
        if not cands:
            return []
        out: list[tuple[int, _Phrase]] = []
        n = len(toks)
        for ph in cands:
            size = len(ph.lows)
            if i + size > n:
                continue
            ok = True
            for k in range(1, size):
                t = toks[i + k]
                if t.low != ph.lows[k] or (ph.tight[k] and t.sp):
                    ok = False
                    break
                if t.kind == "w" and toks[i + k - 1].kind == "w" and not t.sp:
                    ok = False  # a camel-split piece is no word of its own
                    break
            if not ok or not self._case_ok(ph, toks, i):
                continue
            end = i + size
            if end < n and toks[end].kind == "w" and not toks[end].sp and toks[end - 1].kind == "w":
                continue  # the phrase ends inside a glued word
            if ph.case == "exact" and not _delimited(toks, i, end):
                continue
            out.append((end, ph))
        return out

    def _case_ok(self, ph: _Phrase, toks: Sequence[_Tok], i: int) -> bool:
        first = toks[i].text[0]
        if ph.case == "cap":
            if not first.isupper():
                return False
            if self.strict_caps:
                # every word capitalised in the table is capitalised in the text:
                # Ban Tổ chức (an organ) but not Ban tổ chức (an organising committee)
                return all(
                    toks[i + k].text[:1].isupper() for k, w in enumerate(ph.texts) if w[:1].isupper()
                )
            return True
        if ph.case == "lower":
            return first.islower()
        if ph.case == "first":
            return first.islower() or toks[i].first
        if ph.case == "exact":
            return all(toks[i + k].text == ph.texts[k] for k in range(len(ph.texts)))
        return True


def _delimited(toks: Sequence[_Tok], i: int, end: int) -> bool:
    """An acronym is a word of its own, not part of a symbol such as ``11-NQ/TW``."""
    if i > 0 and toks[i - 1].kind == "p" and toks[i - 1].text in "/-&" and not toks[i].sp:
        return False
    if end < len(toks) and toks[end].kind == "p" and toks[end].text in "/-&" and not toks[end].sp:
        nxt = toks[end + 1] if end + 1 < len(toks) else None
        if nxt is not None and not nxt.sp and nxt.kind != "p":
            return False
    return True


def _read_rows(filename: str) -> list[dict[str, str]]:
    return read_tsv(f"rules/{filename}")


def _dictionary_words() -> tuple[frozenset[str], frozenset[str]]:
    """Two- and three-syllable lower-case words of underthesea's Viet74K list (empty if absent)."""
    try:
        spec = importlib.util.find_spec("underthesea")
    except (ImportError, ValueError):
        return frozenset(), frozenset()
    if spec is None or not spec.submodule_search_locations:
        return frozenset(), frozenset()
    for base in spec.submodule_search_locations:
        path = Path(base) / "corpus" / "data" / "Viet74K.txt"
        if path.is_file():
            break
    else:
        return frozenset(), frozenset()
    two: set[str] = set()
    three: set[str] = set()
    for line in path.read_text("utf-8").splitlines():
        if not line or not line[0].islower() or " " not in line:
            continue
        words = [_fold_word(w) for w in line.split()]
        if len(words) == 2:
            two.add(" ".join(words))
        elif len(words) == 3:
            three.add(" ".join(words))
    return frozenset(two), frozenset(three)


class _Comp(NamedTuple):
    name: str
    required: bool


class _GazVariant(NamedTuple):
    strict: bool  # every word of the stored name is capitalised: each must be so in the text
    name: str


class _GazIndex:
    """Gazetteer names indexed by their lower-case token tuples."""

    def __init__(self, gaz: Gazetteer) -> None:
        levels: dict[str, set[str]] = {}
        for place in gaz:
            levels.setdefault(fold(place.name), set()).add(place.admin_level)
        self.by_lows: dict[tuple[str, ...], list[tuple[_GazVariant, frozenset[str]]]] = {}
        self.maxlen: dict[str, int] = {}
        for name, lv in levels.items():
            toks = _tokenize(name)  # fold() keys are already NFC with one canonical tone placement
            words = [t for t in toks if t.kind == "w"]
            if not words:
                continue
            lows = tuple(t.low for t in toks)
            strict = all(t.text[0].isupper() for t in words)
            self.by_lows.setdefault(lows, []).append((_GazVariant(strict, name), frozenset(lv)))
            self.maxlen[lows[0]] = max(self.maxlen.get(lows[0], 0), len(lows))

    def match(self, toks: Sequence[_Tok], lows: Sequence[str], i: int) -> list[tuple[int, str, frozenset[str]]]:
        """Names starting at token ``i``: ``(end, stored name, levels)``, longest first (``lows``: each token's ``low``)."""
        n = len(toks)
        if i >= n or toks[i].kind == "p":
            return []
        size = self.maxlen.get(toks[i].low)
        if not size:
            return []
        out: list[tuple[int, str, frozenset[str]]] = []
        for m in range(min(size, n - i), 0, -1):
            end = i + m
            if end < n and toks[end].kind == "w" and not toks[end].sp and toks[end - 1].kind == "w":
                continue
            variants = self.by_lows.get(tuple(lows[i:end]))
            if not variants:
                continue
            span = toks[i:end]
            words = [t for t in span if t.kind == "w"]
            if any(t.kind == "w" and k and not t.sp and span[k - 1].kind == "w" for k, t in enumerate(span)):
                continue
            for var, lv in variants:
                if var.strict:
                    ok = all(t.text[0].isupper() for t in words)
                else:
                    ok = any(t.text[0].isupper() for t in words)
                if ok:
                    out.append((end, var.name, lv))
                    break
        return out


_ADMIN_LEVELS = frozenset({"province", "district", "commune"})


class _Rules:
    """All tables, loaded once."""

    def __init__(self) -> None:
        self.gaz = load_gazetteer()
        self.gidx = _GazIndex(self.gaz)
        self.dict2, self.dict3 = _dictionary_words()

        org_rows = []
        for row in _read_rows("org_patterns.tsv"):
            comps = tuple(
                _Comp(c.rstrip("!"), c.endswith("!")) for c in row["complement"].split("|") if c.strip()
            )
            org_rows.append((row["phrase"], row["case"], (row["bare"] == "yes", comps, row["phrase"])))
        # Two organ names whose reading depends on context (see _special_org_ok).
        org_rows.append(("Trung ương", "cap", (True, (_Comp("term", False),), "Trung ương")))
        org_rows.append(("Đảng", "cap", (True, (), "Đảng")))
        self.org = _PhraseTable(org_rows, strict_caps=True)
        self.domains = _PhraseTable(
            (v, "cap", r["period"]) for r in _read_rows("org_domains.tsv") for v in _domain_variants(r["domain"])
        )
        self.project = _PhraseTable((
            (r["phrase"], r["case"], (r["span"], r["complement"], int(r["descr"] or 0), r["phrase"]))
            for r in _read_rows("project_patterns.tsv")
        ), strict_caps=True)
        self.event = _PhraseTable(
            ((r["phrase"], "cap", r["complement"]) for r in _read_rows("event_patterns.tsv")), strict_caps=True
        )
        loc_rows = _read_rows("loc_patterns.tsv")
        self.loc = _PhraseTable(
            (r["phrase"], "exact" if r["kind"] in ("abbrev", "alias") else "any", (r["kind"], r["level"], r["phrase"]))
            for r in loc_rows
        )
        self.surnames = frozenset(_fold_word(r["surname"]).lower() for r in _read_rows("person_surnames.tsv"))
        self.titles = _PhraseTable((r["title"], r["case"], r["kind"]) for r in _read_rows("person_titles.tsv"))
        ctx: dict[str, list[str]] = {}
        for r in _read_rows("context_words.tsv"):
            ctx.setdefault(r["role"], []).append(r["word"])
        self.ctx_tables = {
            role: _PhraseTable((w, "any", role) for w in words) for role, words in ctx.items()
        }
        self.ctx_sets = {role: frozenset(fold(w).lower() for w in words) for role, words in ctx.items()}
        self.given_country = frozenset(fold(w) for w in ctx.get("given_country", []))
        # the first syllables of the lower-case company and paper type words: one set lookup per token
        self.ctx_sets["org_type_first"] = frozenset(fold(w).lower().split()[0] for w in ctx.get("org_type_lower", []))

    def has(self, role: str, t: _Tok) -> bool:
        return t.low in self.ctx_sets.get(role, frozenset())

    def ctx(self, role: str, toks: Sequence[_Tok], i: int) -> int | None:
        """End of the longest context phrase of ``role`` at ``i``, or ``None``."""
        table = self.ctx_tables.get(role)
        if table is None:
            return None
        hits = table.match(toks, i)
        return hits[0][0] if hits else None

    def compound(self, *words: str) -> bool:
        joined = " ".join(words)
        return joined in (self.dict2 if len(words) == 2 else self.dict3)


_DOMAIN_JOINERS = (" và ", " - ", ", ", " ")


def _domain_variants(domain: str) -> list[str]:
    """A field's name with its parts joined every way the press writes them.

    ``Tài nguyên và Môi trường`` is also written ``Tài nguyên - Môi trường``,
    ``Tài nguyên, Môi trường`` and ``Tài nguyên Môi trường``; a name with three parts
    keeps its joiners in order but each may be any of them.
    """
    parts = re.split(r"\s*(?:\s(?:và)\s|-|,)\s*", domain)
    if len(parts) < 2 or any(not p or not p[0].isupper() for p in parts):
        return [domain]
    out = [parts[0]]
    for part in parts[1:]:
        out = [f"{o}{j}{part}" for o in out for j in _DOMAIN_JOINERS]
    return list(dict.fromkeys([domain, *out]))


@functools.lru_cache(maxsize=1)
def _rules() -> _Rules:
    from ..cache import cached  # built once per version of the code, then read from the user's cache

    return cached("rules", _Rules, shared={"gazetteer": load_gazetteer})



_UNITS = frozenset(
    "km m ha tỷ triệu nghìn ngàn năm tháng ngày người hộ lần tấn kg mét đồng usd giờ phút xã huyện tỉnh".split()
)


_DIRECTIONS = frozenset({"đông", "tây", "nam", "bắc", "trung"})


# Words that never stand alone between two capitalised parts of one name.
_NAME_STOPS = frozenset(
    "và hoặc với của cho ở tại từ đến về trên dưới qua thuộc trong ngoài như là do để thì mà khi nay này đó".split()
)


_ORDINAL_WORDS = frozenset(
    "nhất hai ba tư bốn năm lăm sáu bảy tám chín mười mươi một".split()
)
