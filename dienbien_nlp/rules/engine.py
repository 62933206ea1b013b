"""Rule-based entity recognizer: candidates from every rule family, and their resolution.

The rules mark the six entity labels of the annotation schema (``PER``, ``LOC``, ``ORG``,
``RESOLUTION``, ``PROJECT``, ``EVENT``) with the span rules of ``LABELS.md``: a lower-case type
word stays outside (``tỉnh Điện Biên`` → ``Điện Biên``), a capitalised one that is part of the
name stays inside (``Cảng hàng không Điện Biên Phủ``), titles stay outside a person's name,
generic and counted mentions give nothing, and the longest name wins.

Every rule is general: names are found through the gazetteer (:mod:`dienbien_nlp.rules.gazetteer`),
type words and head phrases, capitalisation, title cues and a list of family names, never
through strings of one particular text. The vocabulary lives in data files under
``resources/rules/`` (each with a header and comments on its columns):

* ``org_patterns.tsv`` and ``org_domains.tsv``: organ heads and what may follow them;
* ``project_patterns.tsv``, ``event_patterns.tsv``, ``loc_patterns.tsv``: heads and type words;
* ``person_surnames.tsv``, ``person_titles.tsv``: family names and title cues;
* ``context_words.tsv``: context words (ideology phrases, plural markers, clause words …).

Two-syllable common words (to tell ``Lực lượng`` from a name, or to let ``Bách khoa`` continue a
name) come from the Viet74K word list shipped inside the ``underthesea`` package, read in place;
without it the rules still run, a little less precisely.

Rule families (the ``source`` of a :class:`Candidate`):

* ``docref``: document references from :func:`dienbien_nlp.docrefs.find_doc_refs` (``RESOLUTION``);
* ``org_pattern``: organs (``Tỉnh ủy Điện Biên``, ``Ban Thường vụ Tỉnh ủy``, ``Bộ Y tế``, ``Đảng``);
* ``event_pattern``: congresses, plenums, battles, revolutions, named days;
* ``project_pattern``: works and schemes (``Quốc lộ 12D``, ``Dự án …``, quoted model names);
* ``place_pattern``: places after a type word, landmarks, junctions (``LOC``);
* ``gazetteer``: capitalised place names on their own (``LOC``);
* ``person``: names after a title cue, names starting with a family name, bylines (``PER``).

Offsets: the text is matched on a key with one character per grapheme of the input (NFC,
``Ð`` read as ``Đ``, tone marks in one placement so ``uỷ`` and ``ủy`` match alike), so every
candidate's offsets are exact in the string as given, NFC or NFD. No candidate crosses a line
break.

Example:
    >>> from dienbien_nlp.rules import rule_entities
    >>> [(c.label, c.text) for c in rule_entities("Đồng chí Nguyễn Văn Sơn, Bí thư Tỉnh ủy Hà Giang")]
    [('PER', 'Nguyễn Văn Sơn'), ('ORG', 'Tỉnh ủy Hà Giang')]
"""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..docrefs.finders import find_doc_refs
from .gazetteer import Gazetteer, fold, load_gazetteer
from ..tables import read_tsv
from ..textio import IGNORABLE, grapheme_key

__all__ = [
    "SOURCE_PRIORITY",
    "Candidate",
    "find_candidates",
    "longest_then_priority",
    "resolve",
    "rule_entities",
]

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


# --- matching key ------------------------------------------------------------------------

_IGNORABLE = IGNORABLE
_CHAR_MAP: dict[str, str] = {
    "\u00d0": "Đ",  # Ð (eth) written for Đ
    "\u0189": "Đ",
    "\u00f0": "đ",
    "\u0256": "đ",
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys("\u2018\u2019\u02bc\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb\u2033", '"'),
    "\u2026": ".",
    **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "),
}
_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    folded = fold(word)
    return folded if len(folded) == len(word) else word


def _key_char(cluster: str) -> str:
    if len(cluster) == 1:
        ch = cluster
    else:
        base = "".join(c for c in cluster if c not in _IGNORABLE)
        ch = unicodedata.normalize("NFC", base)[0] if base else " "
    return _CHAR_MAP.get(ch, ch)


def _build_key(text: str) -> tuple[str, list[int]]:
    """One key character per grapheme of ``text`` and the start offset of each grapheme."""
    return grapheme_key(text, _key_char, _fold_word)


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
    raw: list[tuple[int, int, str, bool]] = []
    for m in _TOK_RE.finditer(key):
        sp = bool(m.group(1))
        if m.group(2) is not None:
            s = m.start(2)
            word = m.group(2)
            for n, (a, b) in enumerate(_camel_pieces(word)):
                raw.append((s + a, s + b, "w", sp and n == 0))
        elif m.group(3) is not None:
            raw.append((m.start(3), m.end(3), "n", sp))
        else:
            raw.append((m.start(4), m.end(4), "p", sp))
    toks: list[_Tok] = []
    prev = ""
    for s, e, kind, sp in raw:
        text = key[s:e]
        toks.append(_Tok(s, e, text, text.lower(), kind, sp, not toks or prev in _SENT_OPEN))
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


# --- phrase tables ---------------------------------------------------------------------------


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


# --- resources ---------------------------------------------------------------------------------


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

    def match(self, toks: Sequence[_Tok], i: int) -> list[tuple[int, str, frozenset[str]]]:
        """Names starting at token ``i``: ``(end, stored name, levels)``, longest first."""
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
            variants = self.by_lows.get(tuple(t.low for t in toks[i:end]))
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
    return _Rules()


def warm_up() -> None:
    """Load the rule tables, the gazetteer and the document-reference tables now (they are read once per process
    and shared: immutable package data)."""
    _rules()
    rule_entities("Tỉnh ủy Điện Biên ban hành Nghị quyết số 01-NQ/TU.")


# --- per-line matcher ------------------------------------------------------------------------

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


class _Line:
    """Candidates of one line of text (offsets into that line)."""

    def __init__(self, rules: _Rules, text: str) -> None:
        self.R = rules
        self.text = text
        self.key, self.starts = _build_key(text)
        self.toks = _tokenize(self.key)
        self.n = len(self.toks)
        self.out: list[Candidate] = []
        self._org_memo: dict[int, tuple[int, list[tuple[int, int]]] | None] = {}
        self._event_memo: dict[int, int | None] = {}
        self._landmark_memo: dict[int, int | None] = {}
        self._gaz_memo: dict[int, list[tuple[int, str, frozenset[str]]]] = {}

    # -- helpers ----------------------------------------------------------------------------

    def tok(self, i: int) -> _Tok | None:
        return self.toks[i] if 0 <= i < self.n else None

    def low(self, i: int) -> str:
        t = self.tok(i)
        return t.low if t is not None else ""

    def cap(self, i: int) -> bool:
        t = self.tok(i)
        return t is not None and _is_cap(t)

    def glued(self, i: int) -> bool:
        """Token ``i`` is a word glued to the word before it (a camel-split piece)."""
        t = self.tok(i)
        return t is not None and i > 0 and t.kind == "w" and not t.sp and self.toks[i - 1].kind == "w"

    def span_text(self, i: int, j: int) -> str:
        s, e = self.offsets(i, j)
        return self.text[s:e]

    def offsets(self, i: int, j: int) -> tuple[int, int]:
        return self.starts[self.toks[i].s], self.starts[self.toks[j - 1].e]

    def key_text(self, i: int, j: int) -> str:
        return self.key[self.toks[i].s : self.toks[j - 1].e]

    def add(self, i: int, j: int, label: str, source: str, attrs: dict[str, Any] | None = None) -> None:
        if j <= i:
            return
        s, e = self.offsets(i, j)
        self.out.append(Candidate(s, e, label, self.text[s:e], attrs or {}, source))

    def gaz(self, i: int) -> list[tuple[int, str, frozenset[str]]]:
        hits = self._gaz_memo.get(i)
        if hits is None:
            hits = self.R.gidx.match(self.toks, i) if not self.glued(i) else []
            self._gaz_memo[i] = hits
        return hits

    def plural_before(self, i: int) -> bool:
        t = self.tok(i - 1)
        if t is None:
            return False
        if t.kind == "n":
            before = self.tok(i - 2)
            return before is None or before.kind == "p" or self.R.has("count_before", before)
        if self.R.has("plural", t):
            return True
        return i >= 2 and f"{self.low(i - 2)} {t.low}" in self.R.ctx_sets.get("plural", frozenset())

    def generic_after(self, j: int) -> bool:
        """``UBND các cấp``, ``UBND các quận, huyện``: a generic mention of many organs."""
        if self.low(j) not in ("các", "những"):
            return False
        return self.low(j + 1) == "cấp" or self.admin_type_at(j + 1) is not None

    def is_head(self, i: int) -> bool:
        """Some head phrase (organ, project, event, landmark or title) starts at ``i``."""
        R = self.R
        return bool(
            R.org.match(self.toks, i)
            or R.titles.match(self.toks, i)
            or R.event.match(self.toks, i)
            or any(ph.data[0] == "landmark" for _, ph in R.loc.match(self.toks, i))
            or any(ph.case != "lower" for _, ph in R.project.match(self.toks, i))
        )

    def title_at(self, i: int) -> tuple[int, str] | None:
        hits = self.R.titles.match(self.toks, i)
        if not hits or self.glued(i):
            return None
        end, ph = hits[0]
        return end, ph.data

    # -- names ------------------------------------------------------------------------------

    def name_end(
        self, k: int, *, dash: bool = True, conj: bool = True, number: bool = False, limit: int = 12, org: bool = False
    ) -> int:
        """End of a capitalised name starting at ``k`` (``k`` itself when there is none).

        A name is capitalised words, places from the gazetteer (taken whole), the lower-case
        second syllable of a common two-syllable word right after a capitalised one
        (``Bách khoa``, ``Cộng sản``), the lower-case sequences of ``name_lower``
        (``quốc gia``, ``nhân dân``), dashes and ``và`` between capitalised parts. A family
        name starting a three-syllable tail is cut off (``Công ty ABC Nguyễn Văn A``).
        """
        R = self.R
        t = self.tok(k)
        if t is None or self.glued(k):
            return k
        if not (_is_cap(t) or (number and t.kind == "n")):
            return k
        if t.low in _NAME_STOPS or R.has("plural", t):
            return k  # Hội Các nhà …: a function word starts no name
        j = k
        last = k
        prev = ""
        count = 0
        while j < self.n and count < limit:
            t = self.toks[j]
            if j > k and self.glued(j):
                break
            if _is_cap(t):
                if prev == "place":
                    break  # a place ends a name (… Cần Thơ | Các …), unless a dash goes on
                if j > k and R.titles.match(self.toks, j):
                    break  # Ngày Thầy thuốc VN | Tiến sĩ Lê …
                unit = self.place_unit(j)
                if unit is not None:
                    j = unit
                    last = j
                    prev = "place"
                    count += 1
                    continue
                j += 1
                last = j
                prev = "cap"
                count += 1
                continue
            if t.kind == "n" and (number or prev in ("cap", "place")) and t.sp:
                # a trailing number (Trường THCS Nguyễn Du 2, cầu Văn Thánh 2) but never a year or a count
                nxt = self.tok(j + 1)
                if len(t.text) <= 2 and (
                    nxt is None
                    or (nxt.kind == "p" and not (not nxt.sp and nxt.text in "/.,:"))
                    or (number and _is_lower(nxt) and nxt.low not in _UNITS)
                ):
                    j += 1
                    last = j
                    prev = "num"
                    count += 1
                    continue
                break
            if _is_lower(t) and prev in ("cap", "low", "place"):
                e = R.ctx("name_lower", self.toks, j)
                if e is not None:
                    if self.low(j) == "phía":
                        if not self.cap(e):
                            break
                        j = e
                        prev = "conn"
                        continue
                    count += e - j
                    j = e
                    last = j
                    prev = "low"
                    continue
                if org and prev == "low":
                    e = R.ctx("org_field", self.toks, j)
                    if e is not None:
                        # a sentence-case organ name goes on in lower case: Trung tâm Tư vấn pháp lý,
                        # Đại học Khoa học xã hội và nhân văn (never after a name written all in capitals)
                        count += e - j
                        j = e
                        last = j
                        continue
                if prev == "cap" and R.compound(self.toks[j - 1].low, t.low):
                    j += 1
                    last = j
                    prev = "low"
                    count += 1
                    continue
                if (
                    prev == "cap"
                    and self.cap(j + 1)
                    and not self.glued(j + 1)
                    and t.low not in _NAME_STOPS
                    and R.ctx("title_stop", self.toks, j) is None
                    and not self.is_head(j + 1)
                ):
                    j += 1  # one lower-case syllable between capitalised words: Lọc dầu Dung Quất
                    prev = "low"
                    count += 1
                    continue
                if conj and t.low == "và" and self.cap(j + 1) and not self.is_head(j + 1) and not (org and prev != "low"):
                    j += 1
                    prev = "conn"
                    continue
                break
            if (
                t.kind == "p"
                and t.text == "-"
                and dash
                and prev in ("cap", "low", "place", "num")
                and self.cap(j + 1)
                and not R.org.match(self.toks, j + 1)
                and not R.titles.match(self.toks, j + 1)
            ):
                j += 1
                prev = "conn"
                continue
            break
        if org and last - k >= 3:
            # an organisation's name ends before a dash and a place (Trường THPT X - TPHCM)
            for p in range(k + 1, last - 1):
                if self.toks[p].text == "-" and any(g == last for g, _n, _l in self.gaz(p + 1)):
                    last = p
                    break
        return self.cut_person_tail(k, last)

    def cut_person_tail(self, k: int, last: int) -> int:
        """Cut a person's name off the end of a name (Công ty ABC | Nguyễn Văn A; UBND TP HCM | Lê Thanh Hải).

        Among the possible cuts, one that leaves a known place before it wins (Quảng Ninh | Cao
        Tường Huy, not Quảng | Ninh Cao Tường Huy), then one that leaves a three-syllable name.
        """
        cuts = [
            p
            for p in range(k + 1, last - 1)
            if self.toks[p].low in self.R.surnames
            and _is_cap(self.toks[p])
            and 2 <= last - p <= 4
            and all(_is_cap(x) and _name_word(x) for x in self.toks[p:last])
            and not any(e == last for e, _n, _l in self.gaz(p))
        ]
        if not cuts:
            return last
        for p in cuts:
            if any(e == p for e, _n, _l in self.gaz(k)):
                return p
        for p in cuts:
            if last - p == 3:
                return p
        return cuts[0]

    def _name_goes_on(self, e: int) -> bool:
        """A capitalised word at ``e`` continues the name before it (it starts no place or head)."""
        if not self.cap(e) or self.glued(e) or self.is_head(e):
            return False
        return not self.gaz(e) and not any(ph.data[0] in ("alias", "abbrev", "admin") for _, ph in self.R.loc.match(self.toks, e))

    def place_unit(self, j: int) -> int | None:
        """End of a place written as one unit at ``j``: a gazetteer name, ``TPHCM``, ``TP. Hồ Chí Minh``."""
        for end, ph in self.R.loc.match(self.toks, j):
            kind = ph.data[0]
            if kind == "alias":
                return end
            if kind == "abbrev":
                pe, _ = self.place_name(end)
                if pe > end:
                    return pe
        for end, _name, levels in self.gaz(j):
            nsyl = sum(1 for t in self.toks[j:end] if t.kind == "w")
            if nsyl < 2 and not levels & {"province", "country", "region"}:
                continue  # Thanh (a commune) in Hội Thanh niên is no place
            nxt = self.tok(end)
            if nsyl < 2 and nxt is not None and _is_lower(nxt) and self.R.compound(self.toks[end - 1].low, nxt.low):
                continue
            return end
        return None

    def cap_run(self, k: int, limit: int = 4) -> int:
        """End of a run of capitalised words (no heads inside) starting at ``k``."""
        j = k
        while j < self.n and self.cap(j) and not (j > k and (self.glued(j) or self.is_head(j))):
            j += 1
        j = self.cut_person_tail(k, j)
        return min(j, k + limit)

    def place_name(self, k: int, *, gaz_only: bool = False) -> tuple[int, str | None]:
        """A place name at ``k``: ``(end, gazetteer name or None)``; ``end == k`` if none."""
        # not "miền Trung" after "tỉnh"; not "Lê Thanh" when "Hải" follows
        hits = [h for h in self.gaz(k) if self.cap(k) and not self._name_goes_on(h[0])]
        if hits:
            return hits[0][0], hits[0][1]
        if gaz_only or not self.cap(k) or self.glued(k) or self.is_head(k):
            return k, None
        end = self.cap_run(k)
        if end > k and self.person_like(k, end) and end - k >= 3:
            return k, None
        nxt = self.tok(end)
        if end > k and nxt is not None and _is_lower(nxt) and self.R.compound(self.toks[end - 1].low, nxt.low):
            return k, None  # TP. Tuy nhiên: the capital starts a sentence, not a name
        return end, None

    def person_like(self, i: int, j: int) -> bool:
        return self.toks[i].low in self.R.surnames and all(self.cap(x) for x in range(i, j))

    def admin_type_at(self, i: int) -> tuple[int, str, str] | None:
        """An administrative type word at ``i``: ``(end, canonical phrase, kind)``."""
        for end, ph in self.R.loc.match(self.toks, i):
            kind = ph.data[0]
            if kind not in ("admin", "abbrev"):
                continue
            nxt = self.tok(end)
            if nxt is not None and _is_lower(nxt) and self.R.compound(self.toks[end - 1].low, nxt.low):
                continue  # xã hội, tỉnh táo
            prev = self.tok(i - 1)
            if prev is not None and _is_lower(prev) and self.R.compound(prev.low, self.toks[i].low):
                continue  # hợp tác xã (checked on the last two syllables)
            if i >= 2 and self.R.compound(self.low(i - 2), self.low(i - 1), self.toks[i].low):
                continue
            return end, ph.data[2], kind
        return None

    def place_after(self, k: int, *, require_admin: bool) -> tuple[int, list[tuple[int, int]]] | None:
        """The place complement of an organ: ``(end, list items)`` or ``None``."""
        at = self.admin_type_at(k)
        if at is not None:
            tw_end = at[0]
            if self.low(tw_end) in ("các", "những") or self.generic_after(tw_end):
                return None
            end, _ = self.place_name(tw_end)
            if end == tw_end and self.tok(tw_end) is not None and self.toks[tw_end].kind == "n":
                end = tw_end + 1  # Phường 1
            items = self.list_items(end) if end > tw_end else []
            return end, items
        if require_admin:
            return None
        hits = self.gaz(k)
        if hits:
            for end, _name, levels in hits:
                if self.cap(end) and not self.glued(end) and not self.is_head(end):
                    continue  # the capitalised run goes on: Bộ Quốc phòng | Phan Văn Giang
                nsyl = sum(1 for t in self.toks[k:end] if t.kind == "w")
                if levels & {"province", "country", "region"} or (levels & _ADMIN_LEVELS and nsyl >= 2):
                    return end, []
            return None
        if self.cap(k) and not self.is_head(k) and not self.glued(k):
            end = self.cap_run(k, limit=3)
            if end > k and not (self.person_like(k, end) and end - k >= 2):
                return end, []
        return None

    def list_joint(self, p: int) -> int:
        """Past the joint between two items of a list at ``p`` (``,`` and/or ``và``/``hoặc``); ``p`` if none."""
        q = p
        if self.low(q) == ",":
            q += 1
        if self.low(q) in ("và", "hoặc"):
            q += 1
        return q

    def list_items(self, p: int) -> list[tuple[int, int]]:
        """Further names of a list sharing one type word: ``, Tuần Giáo, Phong Thổ`` / ``và Điện Biên``."""
        items: list[tuple[int, int]] = []
        while p < self.n:
            q = self.list_joint(p)
            if q == p:
                break
            hits = self.gaz(q)
            hit = next((h for h in hits if h[2] & (_ADMIN_LEVELS | {"region"})), None)
            if hit is None:
                break
            end = hit[0]
            if self.cap(end) and not self.is_head(end):
                break  # a longer capitalised name goes on
            items.append((q, end))
            p = end
        return items

    # -- ORG --------------------------------------------------------------------------------

    def org_at(self, i: int) -> tuple[int, list[tuple[int, int]]] | None:
        """The longest organ name starting at ``i``: ``(end, list items)``."""
        if i in self._org_memo:
            return self._org_memo[i]
        self._org_memo[i] = None  # guard against recursion
        best: tuple[int, list[tuple[int, int]]] | None = None
        if not self.glued(i) or self.cap(i):
            for end, ph in self.R.org.match(self.toks, i):
                got = self._org_complete(i, end, ph.data)
                if got is not None and (best is None or got[0] > best[0]):
                    best = got
        self._org_memo[i] = best
        return best

    def _org_complete(self, i: int, j: int, data: tuple[bool, tuple[_Comp, ...], str]) -> tuple[int, list[tuple[int, int]]] | None:
        bare, comps, phrase = data
        if phrase == "Đảng":
            nxt = self.tok(j)
            if nxt is not None and _is_lower(nxt) and not self.glued(j) and self.R.has("dang_compound", nxt):
                return None
        if phrase == "Trung ương" and self.tok(j) is not None and self.toks[j].kind == "n":
            return None  # Hội nghị Trung ương 8 / Nghị quyết Trung ương 4
        k = j
        matched_any = False
        chained = False
        items: list[tuple[int, int]] = []
        for comp in comps:
            name = comp.name
            got: int | None = None
            if name == "vn":
                if self.low(k) == "việt" and self.low(k + 1) == "nam" and self.cap(k):
                    got = k + 2
            elif name == "domain":
                hits = self.R.domains.match(self.toks, k)
                if hits:
                    got = hits[0][0]
            elif name == "name":
                start = k
                if phrase.lower().startswith("công ty") or phrase.lower().startswith("tổng công ty"):
                    while True:
                        e = self.R.ctx("company_form", self.toks, start)
                        if e is None:
                            break
                        start = e
                # lower-case fields may stand between the head and the name (Đại học tổng hợp Leipzig,
                # Công ty du lịch Vietravel); they are kept in the span
                lead = start
                for _ in range(2):
                    lt = self.tok(lead)
                    e = self.R.ctx("org_field", self.toks, lead) if lt is not None and _is_lower(lt) else None
                    if e is None or self.glued(lead):
                        break
                    lead = e
                e = self.name_end(lead, org=True)
                if lead > start and e == lead:
                    e = start
                if e > lead and not any(g == e and "country" in lv for g, _n, lv in self.gaz(lead)):
                    got = e
            elif name == "number":
                t = self.tok(k)
                if t is not None and t.kind == "n" and len(t.text) <= 3:
                    got = k + 1
                    if self.tok(got) is not None and self.toks[got].kind == "w" and not self.toks[got].sp and self.toks[got].text.isupper():
                        got += 1
            elif name == "country":
                for end, _nm, levels in self.gaz(k):
                    if "country" in levels:
                        got = end
                        break
            elif name == "org":
                o = self.org_at(k)
                if o is not None:
                    got = o[0]
                    chained = True
            elif name in ("place", "admin"):
                if not chained:
                    p = self.place_after(k, require_admin=name == "admin")
                    if p is not None:
                        got, items = p
            elif name == "term":
                if self.low(k) in ("khóa", "khoá") and (self.tok(k + 1) is not None) and (
                    _is_roman(self.toks[k + 1]) or self.toks[k + 1].kind == "n"
                ):
                    got = k + 2
            if got is not None and got > k:
                k = got
                matched_any = True
            elif comp.required:
                return None
        if not matched_any and not bare:
            return None
        return k, items

    def _trung_uong_noun(self, i: int) -> bool:
        prev = self.tok(i - 1)
        if prev is None or prev.kind == "p":
            return True
        if self.R.has("noun_before", prev):
            return True
        # after a title (Ủy viên Trung ương) the organ is named
        for start in range(max(0, i - 3), i):
            t = self.title_at(start)
            if t is not None and t[0] == i:
                return True
        return False

    def find_orgs(self) -> None:
        for i in range(self.n):
            if self.toks[i].kind == "p":
                continue
            got = self.org_at(i)
            if got is None:
                continue
            end, items = got
            if self.plural_before(i) or self.generic_after(end):
                continue
            phrase_hits = self.R.org.match(self.toks, i)
            head = phrase_hits[0][1].data[2] if phrase_hits else ""
            if head == "Trung ương" and end - i <= 4 and self.key_text(i, i + 2).lower() == "trung ương":
                if not self._trung_uong_noun(i):
                    continue
            if self.glued(i) and not self.cap(i):
                continue
            head_end = phrase_hits[0][0] if phrase_hits else i + 1
            if any(e > head_end or e >= end for e, _n, _l in self.gaz(i)):
                continue  # Hội An, Đài Loan: a place name starts here, not an organ
            self.add(i, end, "ORG", "org_pattern")
            for a, b in items:
                self.add(a, b, "ORG", "org_pattern")

    # -- EVENT ------------------------------------------------------------------------------

    def ordinal_at(self, p: int, *, after_head: bool = False) -> int | None:
        """End of an ordinal at ``p``: ``lần thứ XV``, ``thứ 8``, ``XIII``, ``lần thứ mười ba``."""
        q = p
        if self.low(q) == "lần" and self.low(q + 1) == "thứ":
            q += 2
        elif self.low(q) in ("thứ", "lần"):
            q += 1
        t = self.tok(q)
        if t is None:
            return None
        if q == p and _is_roman(t):
            # a bare numeral right after the head or a capitalised word (Đại hội XIII, Đại hội Đảng X),
            # not after a lower-case word (khóa X)
            prev = self.tok(p - 1)
            if not after_head and prev is not None and _is_lower(prev) and prev.low not in ("quốc", "biểu"):
                return None
            return q + 1
        if _is_roman(t) or (t.kind == "n" and len(t.text) <= 3 and q > p):
            return q + 1
        if q > p and t.kind == "w" and t.low in _ORDINAL_WORDS:
            while self.tok(q) is not None and self.toks[q].low in _ORDINAL_WORDS:
                q += 1
            return q
        return None

    def year_range_at(self, p: int) -> int | None:
        t, d, u = self.tok(p), self.tok(p + 1), self.tok(p + 2)
        if t is not None and t.kind == "n" and len(t.text) == 4 and d is not None and d.text == "-" and u is not None and u.kind == "n" and len(u.text) == 4:
            return p + 3
        return None

    def event_at(self, i: int) -> int | None:
        if i in self._event_memo:
            return self._event_memo[i]
        self._event_memo[i] = None
        best: int | None = None
        for end, ph in self.R.event.match(self.toks, i):
            kind = ph.data
            got: int | None = None
            if kind == "congress":
                got = self._congress(i, end, ph.lows)
            elif kind == "name":
                got = self._named_event(end)
            elif kind == "month":
                got = self._month_event(end)
            elif kind == "season":
                got = self._season_event(end)
            if got is not None and (best is None or got > best):
                best = got
        self._event_memo[i] = best
        return best

    def _congress(self, i: int, k: int, lows: tuple[str, ...]) -> int | None:
        end: int | None = None
        if lows[-2:] == ("trung", "ương") and self.tok(k) is not None and self.toks[k].kind == "n":
            end = k + 1  # Hội nghị Trung ương 8
        p = k
        while end is None and p < self.n and p - k <= 12:
            t = self.toks[p]
            o = self.ordinal_at(p, after_head=p == k)
            if o is not None:
                end = o
                break
            if self.low(p) == "nhiệm" and self.low(p + 1) in ("kỳ", "kì"):
                yr = self.year_range_at(p + 2)
                if yr is not None:
                    end = yr
                break
            if (
                t.kind == "p"
                or t.low in ("các", "những", "tiến", "sau", "trước", "để", "và", "của", "khóa", "khoá", "bầu")
                or (_is_lower(t) and self.R.ctx("title_stop", self.toks, p) is not None)
                or (p > k and self.R.event.match(self.toks, p))
            ):
                break
            p += 1
        if end is None:
            return None
        while True:
            if self.low(end) in ("khóa", "khoá") and self.tok(end + 1) is not None and (
                _is_roman(self.toks[end + 1]) or self.toks[end + 1].kind == "n"
            ):
                end += 2
                continue
            if self.low(end) == "của":
                o = self.org_at(end + 1)
                if o is not None:
                    end = o[0]
                    continue
                break
            if self.cap(end):
                o = self.org_at(end)
                if o is not None:
                    end = o[0]
                    continue
            if self.low(end) == "nhiệm" and self.low(end + 1) in ("kỳ", "kì"):
                yr = self.year_range_at(end + 2)
                if yr is not None:
                    end = yr
                    continue
            break
        return end

    def _named_event(self, k: int) -> int | None:
        R = self.R
        while True:
            e = R.ctx("event_descr", self.toks, k)
            if e is None:
                break
            k = e
        end = self.name_end(k)
        if end == k or (end == k + 1 and self.toks[k].low == "tết"):
            return None
        t = self.tok(end)
        if t is not None and t.kind == "n" and len(t.text) == 4 and t.sp:
            end += 1
        return end

    def _month_event(self, k: int) -> int | None:
        if self.low(k) != "tháng":
            return None
        t = self.tok(k + 1)
        if t is None:
            return None
        if t.kind == "n" and len(t.text) <= 2:
            end = k + 2
        elif _is_cap(t) and t.low in _ORDINAL_WORDS | {"giêng", "chạp"}:
            end = k + 2
            if self.low(end) in ("một", "hai") and self.cap(end):
                end += 1
        else:
            return None
        if self.low(end) == "/" and self.tok(end + 1) is not None and self.toks[end + 1].kind == "n" and len(self.toks[end + 1].text) == 4:
            end += 2
        elif self.low(end) == "năm" and self.tok(end + 1) is not None and self.toks[end + 1].kind == "n" and len(self.toks[end + 1].text) == 4:
            end += 2
        for e, _nm, levels in self.gaz(end):
            if "country" in levels:
                end = e
                break
        return end

    def _season_event(self, k: int) -> int | None:
        end = k
        while end < self.n:
            t = self.toks[end]
            if t.low in ("tết", "xuân", "mùa", "năm") or (_is_cap(t) and not self.is_head(end)) or (t.kind == "n" and len(t.text) == 4):
                end += 1
                continue
            break
        while end > k and self.toks[end - 1].low in ("năm", "mùa"):
            end -= 1
        return end if end > k else None

    def find_events(self) -> None:
        for i in range(self.n):
            if not self.cap(i):
                continue
            end = self.event_at(i)
            if end is None or self.plural_before(i):
                continue
            prev = self.tok(i - 1)
            if prev is not None and (prev.kind == "n" or prev.low in ("đường", "phố")):
                continue  # 277B Cách Mạng Tháng Tám, đường Cách Mạng Tháng 8: a street
            head_end = max((e for e, _ in self.R.event.match(self.toks, i)), default=i + 1)
            if any(e > head_end or e >= end for e, _n, _l in self.gaz(i)):
                continue  # a place name starts here
            self.add(i, end, "EVENT", "event_pattern")

    # -- PROJECT ----------------------------------------------------------------------------

    def title_end(self, k: int, *, lower_start: bool, strong_head: bool = False, trim: bool = False) -> int | None:
        """End of a free title (of a project, scheme or work) starting at ``k``."""
        R = self.R
        t = self.tok(k)
        if t is None or self.glued(k):
            return None
        if not (_is_cap(t) or (lower_start and _is_lower(t))):
            return None
        j = k
        last_strong: int | None = k if strong_head else None
        stopped = False
        while j < self.n and j - k < 30:
            t = self.toks[j]
            if t.kind == "p":
                if t.text == "-" and j > k and self.tok(j + 1) is not None and self.toks[j + 1].kind != "p":
                    j += 1
                    continue
                if t.text in "/." and not t.sp and j > k and self.tok(j + 1) is not None and not self.toks[j + 1].sp and self.toks[j + 1].kind == "n":
                    j += 1
                    continue
                if t.text == "," and self._comma_continues(j + 1):
                    j += 1
                    continue
                break
            if (
                j > k
                and _is_lower(t)
                and R.ctx("title_stop", self.toks, j) is not None
                and not (_is_cap(self.toks[j - 1]) and R.compound(self.toks[j - 1].low, t.low))  # Dự bị
            ):
                stopped = True
                break
            j += 1
            if _is_cap(t) or (
                t.kind == "n"
                and not (self.tok(j) is not None and self.toks[j].low in _UNITS)
                and j - 2 >= k
                and (_is_cap(self.toks[j - 2]) or self.toks[j - 2].kind == "n" or self.toks[j - 2].low == "số")
            ):
                last_strong = j  # a capitalised word, or a number right after one (Quốc lộ 12D, Nghi Sơn 2)
            elif last_strong == j - 1 and R.compound(self.toks[j - 2].low, t.low):
                last_strong = j
        if j == k:
            return None
        if last_strong is None:
            return None  # a title names something: it has a capitalised word or a number
        if stopped or j - k >= 30 or (trim and not strong_head):
            if last_strong is None or last_strong <= k:
                return None
            after = self.tok(last_strong)
            if trim and last_strong - k == 1 and after is not None and _is_lower(after):
                return None  # chương trình Sách giáo khoa: one capitalised word of a lower-case phrase
            return last_strong
        return j

    def _comma_continues(self, p: int) -> bool:
        """After a comma, a short lower-case segment that ends the title goes on (``hành chính, chính trị tỉnh X``)."""
        t = self.tok(p)
        if t is None or not _is_lower(t):
            return False
        q = p
        while q < self.n and self.toks[q].kind != "p" and q - p <= 10:
            if _is_lower(self.toks[q]) and self.R.ctx("title_stop", self.toks, q) is not None:
                return False
            q += 1
        if q - p > 10 or q == p:
            return False
        nxt = self.tok(q)
        if nxt is not None and nxt.text not in ".;:)(," and nxt.text != '"':
            return False
        last = self.toks[q - 1]
        return _is_cap(last) or last.kind == "n"

    def road_number_at(self, k: int) -> int | None:
        t = self.tok(k)
        if t is None or t.kind != "n" or len(t.text) > 4:
            return None
        end = k + 1
        u = self.tok(end)
        if u is not None and u.kind == "w" and not u.sp and len(u.text) <= 2 and u.text.isupper():
            end += 1
        nxt = self.tok(end)
        if nxt is not None and nxt.kind == "w" and nxt.low in _UNITS:
            return None
        after = self.tok(end + 1)
        if nxt is not None and nxt.kind == "p" and nxt.text in "%/.," and not nxt.sp and after is not None and after.kind == "n" and not after.sp:
            return None  # 14,5 / 12/2024 / 1.000: a decimal, a date or a thousand
        return end

    def find_projects(self) -> None:
        R = self.R
        for i in range(self.n):
            t = self.toks[i]
            if t.kind == "p" or self.glued(i):
                continue
            for end, ph in R.project.match(self.toks, i):
                span, comp, descr, phrase = ph.data
                if comp != "quoted" and self.plural_before(i):
                    continue
                if len(ph.lows) == 1 and i > 0 and self.toks[i - 1].kind == "w" and R.compound(self.toks[i - 1].low, t.low):
                    continue  # yêu cầu, Yêu cầu, nhu cầu: the type word ends a common word
                start = i if span == "inside" else end
                got: int | None = None
                if comp == "name":
                    k = end
                    for d in range(descr + 1):
                        if self.cap(k + d):
                            if not (d and self.is_head(k + d)):  # sân bay đón | Thủ tướng …
                                e = self.name_end(k + d, number=True)
                                if e > k + d:
                                    got = e
                            break
                        dt = self.tok(k + d)
                        if dt is None or not _is_lower(dt) or dt.low in _NAME_STOPS or R.ctx("title_stop", self.toks, k + d) is not None:
                            break
                elif comp == "number":
                    got = self.road_number_at(end)
                    if got is not None:
                        self._road_list(got)
                elif comp == "street":
                    if self.cap(end) and self.toks[end].low in R.surnames:
                        e = self.cap_run(end)
                        if 2 <= e - end <= 4 and not any(
                            g == e and lv & {"province", "country"} for g, _n, lv in self.gaz(end)
                        ):
                            got = e  # đường Nguyễn Văn Linh, not đường Hà Nội
                    elif self.cap(end) and not self.is_head(end) and self.toks[end].low not in _NAME_STOPS:
                        e = self.cap_run(end)
                        if 1 <= e - end <= 4 and not any(
                            g >= e and lv & {"province", "country"} for g, _n, lv in self.gaz(end)
                        ):
                            got = e  # đường Pasteur, phố Hàng Bài, đường Láng
                    elif self.tok(end) is not None and self.toks[end].kind == "n":
                        u = self.tok(end + 1)
                        if u is not None and u.kind == "w" and not u.sp and u.low in ("m", "km"):
                            got = end + 2
                elif comp == "title":
                    if phrase == "Khu" and (t.first or len(ph.lows) == 1 and self._longer_head(i, end)):
                        continue
                    if self.low(end) == "luật" or (self.low(end) == "hành" and self.low(end + 1) == "động"):
                        continue  # draft laws and action programmes are documents
                    nt = self.tok(end)
                    if nt is None:
                        continue
                    if span == "outside" and not (_is_cap(nt) and _name_word(nt)):
                        continue  # chương trình THPT: a title starts with a capitalised word
                    if nt.low in R.surnames:
                        pe = self.cap_run(end)
                        if 2 <= pe - end <= 4 and not self.cap(pe):
                            continue  # chương trình Quách Hải Đạt …: a person, not a title
                    if span == "inside" and t.first and _is_lower(nt):
                        continue  # the capital only starts the sentence
                    lower_start = span == "inside"
                    got = self.title_end(
                        end, lower_start=lower_start, strong_head=len(ph.lows) >= 3, trim=span == "outside"
                    )
                elif comp == "quoted":
                    got = self._quoted(end)
                    if got is not None:
                        self.add(end + 1, got, "PROJECT", "project_pattern")
                    continue
                if got is None or got <= end and comp != "title":
                    continue
                if got is None or got <= start:
                    continue
                if any(e > end or e >= got for e, _n, _l in self.gaz(i)):
                    continue  # Cầu Giấy, Cầu Ngang: a place name starts here
                self.add(start, got, "PROJECT", "project_pattern")
        self._project_lists()

    def _longer_head(self, i: int, end: int) -> bool:
        R = self.R
        if i > 0 and _is_cap(self.toks[i - 1]):
            return True  # inside a longer capitalised name (Liên Khu ủy)
        return (
            any(e > end for e, _ in R.project.match(self.toks, i))
            or any(e > end for e, _ in R.loc.match(self.toks, i))
            or any(e > end for e, _ in R.org.match(self.toks, i))
        )

    def _road_list(self, p: int) -> None:
        """``Quốc lộ 14C, 19 và 25``: each further number is a road of its own."""
        while p < self.n:
            q = self.list_joint(p)
            if q == p:
                return
            e = self.road_number_at(q)
            if e is None:
                return
            self.add(q, e, "PROJECT", "project_pattern")
            p = e

    def _quoted(self, k: int) -> int | None:
        t = self.tok(k)
        if t is None or t.text != '"' or not self.cap(k + 1):
            return None
        q = k + 1
        while q < self.n and q - k <= 25:
            if self.toks[q].text == '"':
                return q if q > k + 1 else None
            q += 1
        return None

    def _project_lists(self) -> None:
        """Items of a list of works: ``các dự án … như: A; B; dự án C.``"""
        i = 0
        while i < self.n - 1:
            if not (
                (self.low(i), self.low(i + 1)) in (("dự", "án"), ("công", "trình"))
                and _is_lower(self.toks[i])
                and self.plural_before(i)
            ):
                i += 1
                continue
            c = i + 2
            while c < self.n and self.toks[c].text not in (":", ".", "!", "?") and c - i < 40:
                c += 1
            if c >= self.n or self.toks[c].text != ":":
                i += 1
                continue
            end = c + 1
            while end < self.n:
                t = self.toks[end]
                if t.text in "!?":
                    break
                if t.text == "." and (end + 1 >= self.n or (self.toks[end + 1].sp and self.cap(end + 1))):
                    break
                end += 1
            seps = [p for p in range(c + 1, end) if self.toks[p].text == ";"]
            if not seps:
                i = end
                continue
            bounds = [c, *seps, end]
            for a, b in zip(bounds, bounds[1:], strict=False):
                self._list_item(a + 1, b)
            i = end

    def _list_item(self, a: int, b: int) -> None:
        R = self.R
        while b > a and self.toks[b - 1].kind == "p" and self.toks[b - 1].text in ",.":
            b -= 1
        if b <= a:
            return
        if (self.low(a), self.low(a + 1)) in (("dự", "án"), ("công", "trình")) and _is_lower(self.toks[a]):
            a += 2
        cuts = [a]
        for p in range(a + 1, b - 1):
            if self.toks[p].text == "," and self.cap(p + 1):
                cuts.append(p + 1)
        cuts.append(b + 1)
        for s, e in zip(cuts, cuts[1:], strict=False):
            e = e - 1
            while e > s and self.toks[e - 1].kind == "p":
                e -= 1
            for p in range(s + 1, e):
                if self.low(p) == "trong" and self.cap(p + 1):
                    e = p
                    break
            if e <= s or e - s > 30:
                continue
            first = self.toks[s]
            if any(ph.data[0] == "landmark" for _, ph in R.loc.match(self.toks, s)):
                continue
            if any(g >= e for g, _n, _l in self.gaz(s)):
                continue
            if not (_is_cap(first) or any(ph.case == "lower" for _, ph in R.project.match(self.toks, s))):
                continue
            self.add(s, e, "PROJECT", "project_pattern")

    # -- LOC --------------------------------------------------------------------------------

    def loc_attrs(self, name_key: str, type_word: str | None, level_hint: str | None) -> dict[str, Any]:
        place = self.R.gaz.best(name_key, type_word)
        if place is None:
            return {"admin_level": level_hint} if level_hint else {}
        attrs: dict[str, Any] = {"admin_level": place.admin_level}
        if place.code is not None:
            attrs["code"] = place.code
        if place.era is not None:
            attrs["era"] = place.era
            attrs["province_code"] = place.province_code
            other = [
                p
                for p in self.R.gaz.lookup(name_key, type_word)
                if p.era is not None and p.era != place.era and p.admin_level == place.admin_level and p.type_word == place.type_word
            ]
            if other:
                attrs["codes"] = {place.era: place.code, other[0].era: other[0].code}
        return attrs

    def add_loc(self, i: int, j: int, name_i: int, type_word: str | None, level: str | None, source: str) -> None:
        name_key = self.key_text(name_i, j)
        self.add(i, j, "LOC", source, self.loc_attrs(name_key, type_word, level))

    def blocked_name(self, i: int) -> bool:
        """Token ``i`` follows an ideology word (tư tưởng Hồ Chí Minh): no name there."""
        for back in (1, 2):
            if i - back >= 0:
                e = self.R.ctx("ideology", self.toks, i - back)
                if e == i:
                    return True
        return False

    def find_places(self) -> None:
        R = self.R
        for i in range(self.n):
            t = self.toks[i]
            if t.kind == "p" or self.glued(i):
                continue
            for end, ph in R.loc.match(self.toks, i):
                kind, level, phrase = ph.data
                if kind in ("admin", "abbrev"):
                    self._admin_place(i, end, kind, level, phrase)
                elif kind in ("natural", "gazonly"):
                    if _is_lower(t):
                        self._natural_place(i, end, kind, level, phrase)
                    elif kind == "natural":
                        # Sông Hồng, Hồ Hoàn Kiếm: a capitalised type word written as part of the name
                        for e, _nm, levels in self.gaz(end):
                            if levels & {"natural", "region"}:
                                self.add_loc(i, e, end, phrase, level, "place_pattern")
                                break
                elif kind == "junction":
                    self._junction(i, end)
                elif kind == "landmark":
                    if _is_cap(t):
                        e = self.landmark_at(i)
                        if e is not None:
                            self.add(i, e, "LOC", "place_pattern", {"admin_level": level})
                elif kind == "alias":
                    if not self.cap(end) and not self.glued(i):
                        self.add(i, end, "LOC", "place_pattern", {"admin_level": level})
                elif kind == "state" and _is_cap(t):
                    for e, _nm, levels in self.gaz(end):
                        if "country" in levels:
                            self.add_loc(i, e, end, None, "country", "place_pattern")
                            break
            if t.kind == "w" and (_is_cap(t) or t.low in self.R.gidx.maxlen):
                self._bare_place(i)  # lower-case starts only for names like miền Trung, châu Á

    def _admin_place(self, i: int, end: int, kind: str, level: str, phrase: str) -> None:
        at = self.admin_type_at(i)
        if at is None or at[0] != end:
            return
        if kind == "abbrev" and any(ph.data[0] == "alias" for _, ph in self.R.loc.match(self.toks, i)):
            return  # TP.HCM is written as one unit
        t = self.toks[i]
        tw = phrase
        inside = kind == "abbrev" or (_is_cap(t) and fold(phrase).lower() != "thủ đô")
        k = end
        name_end, _ = self.place_name(k)
        if name_end == k:
            nt = self.tok(k)
            if nt is not None and nt.kind == "n" and kind == "admin" and tw in ("phường", "quận"):
                self.add(i, k + 1, "LOC", "place_pattern", {"admin_level": level})
            return
        if self.blocked_name(k):
            return
        self.add_loc(i if inside else k, name_end, k, tw, level, "place_pattern")
        for a, b in self.list_items(name_end):
            self.add_loc(a, b, a, tw, level, "place_pattern")

    def _natural_place(self, i: int, end: int, kind: str, level: str, phrase: str) -> None:
        # the type word and name may together be a gazetteer name (biển Đông ~ Biển Đông)
        for e, _name, levels in self._gaz_ci(i):
            if e > end and not levels & _ADMIN_LEVELS:  # biển Đông ~ Biển Đông, but sông Mã is no district
                self.add_loc(i, e, i, None, None, "place_pattern")
                return
        hits = [h for h in self.gaz(end)]
        if hits:
            e = hits[0][0]
            self.add_loc(end, e, end, phrase, level, "place_pattern")
            return
        if kind == "gazonly" or not self.cap(end):
            return
        e = self.cap_run(end)
        if e > end and not self.blocked_name(end):
            if e - end == 1 and self.toks[end].low in ("đông", "tây", "nam", "bắc"):
                return
            self.add(end, e, "LOC", "place_pattern", {"admin_level": level})

    def _gaz_ci(self, i: int) -> list[tuple[int, str, frozenset[str]]]:
        """Gazetteer names at ``i`` matched without case (for a lower-case type word + name)."""
        size = self.R.gidx.maxlen.get(self.low(i))
        out = []
        if not size:
            return out
        for m in range(min(size, self.n - i), 1, -1):
            variants = self.R.gidx.by_lows.get(tuple(t.low for t in self.toks[i : i + m]))
            if variants and any(_is_cap(t) for t in self.toks[i : i + m]):
                out.append((i + m, variants[0][0].name, variants[0][1]))
        return out

    def _junction(self, i: int, end: int) -> None:
        k = end
        parts = 0
        e = k
        while True:
            pe, _ = self.place_name(e)
            if pe == e:
                break
            parts += 1
            e = pe
            if self.low(e) == "-" and self.cap(e + 1):
                e += 1
                continue
            break
        if parts >= 2:
            if self.toks[e - 1].text == "-":
                e -= 1
            self.add(i, e, "LOC", "place_pattern", {"admin_level": "region"})

    def landmark_at(self, i: int) -> int | None:
        """End of a landmark name starting with a capitalised head at ``i`` (Tượng đài …)."""
        if i in self._landmark_memo:
            return self._landmark_memo[i]
        self._landmark_memo[i] = None
        R = self.R
        best: int | None = None
        for end, ph in R.loc.match(self.toks, i):
            if ph.data[0] != "landmark" or not self.cap(i):
                continue
            k = end
            descr = False
            while True:
                e = R.ctx("landmark_descr", self.toks, k) or R.ctx("event_descr", self.toks, k)
                if e is None:
                    break
                k = e
                descr = True
            if descr and self.low(k) in ("tại", "ở"):
                k += 1
            got: int | None = None
            for cand in (self.event_at(k), self.landmark_at(k)):
                if cand is not None and (got is None or cand > got):
                    got = cand
            o = self.org_at(k)
            if o is not None and (got is None or o[0] > got):
                got = o[0]
            if got is None:
                pe, _ = self.place_name(k)
                ne = self.name_end(k, number=True)
                got = max(pe, ne)
                if got == k:
                    got = None
            if got is None:
                continue
            while self.low(got) == "-" and self.cap(got + 1):
                pe, _ = self.place_name(got + 1)
                if pe == got + 1:
                    break
                got = pe
            if best is None or got > best:
                best = got
        self._landmark_memo[i] = best
        return best

    def _bare_place(self, i: int) -> None:
        R = self.R
        if self.blocked_name(i):
            return
        prev = self.tok(i - 1)
        if prev is not None and prev.kind == "n":
            return  # 161 Điện Biên Phủ: a street address
        cue = self.title_kind_before(i)
        if cue == "honorific":
            return  # ông Thanh Xuân: a person
        starts_with_cue = self.title_at(i)
        if starts_with_cue is not None and starts_with_cue[1] == "honorific":
            cue = "honorific"  # Anh Dũng, … : a form of address and a name (only countries pass)
        for end, name, levels in self.gaz(i):
            words = [t for t in self.toks[i:end] if t.kind == "w"]
            nsyl = len(words)
            surname = self.toks[i].low in R.surnames
            cap_before = prev is not None and _is_cap(prev) and not self.glued(i)
            before_cap = cap_before and not prev.first  # a capital that only starts the sentence does not count
            after_cap = self.cap(end) and not self.glued(end)
            exact = not before_cap and not after_cap
            ok = False
            level = None
            if levels & {"country", "region"}:
                if nsyl == 1:
                    ok = not cap_before and not after_cap and not (self.toks[i].first and name in R.given_country)
                    ok = ok and not self._language(i)
                    nxt = self.tok(end)
                    if nxt is not None and _is_lower(nxt) and R.compound(self.toks[i].low, nxt.low):
                        ok = False  # Anh văn, Pháp luật: a common word
                else:
                    ok = True
                level = "country" if "country" in levels else "region"
            elif "province" in levels:
                ok = not (surname and nsyl >= 3)
                level = "province"
            elif "district" in levels and nsyl >= 2:
                ok = not (surname and nsyl >= 3) and cue is None and not before_cap
                level = "district"
            elif "natural" in levels and nsyl >= 2:
                ok = not before_cap
                level = "natural"
            elif "commune" in levels and nsyl >= 2:
                ok = exact and not surname and cue is None and not all(w.low in _DIRECTIONS for w in words)
                level = "commune"
            if ok:
                self.add_loc(i, end, i, None, level, "gazetteer")
                return

    def _language(self, i: int) -> bool:
        """``tiếng Anh``, ``tiếng Anh, Nga, Pháp``: a language, not the country."""
        p = i - 1
        while p >= 0:
            t = self.toks[p]
            if self.R.has("not_country", t):
                return True
            if t.text in (",", "-", "và") and p >= 1 and self.cap(p - 1):
                p -= 2
                continue
            return False
        return False

    def title_kind_before(self, i: int) -> str | None:
        """The kind of the person title cue that ends right before token ``i``, if any."""
        for start in range(max(0, i - 4), i):
            t = self.title_at(start)
            if t is not None and t[0] == i:
                return t[1]
        return None

    # -- PER --------------------------------------------------------------------------------

    def person_run(self, k: int, *, cue: bool) -> int | None:
        """End of a person's name starting at ``k`` (``None`` if there is none)."""
        R = self.R
        if not self.cap(k) or self.glued(k) or not _name_word(self.toks[k]):
            return None
        j = k
        while j < self.n and j - k < 4:
            t = self.toks[j]
            if (
                _is_cap(t)
                and _name_word(t)
                and not (j > k and (self.glued(j) or self.is_head(j) or t.low in _NAME_STOPS or R.has("plural", t)))
            ):
                j += 1
                continue
            if t.text == "-" and not t.sp and self.cap(j + 1) and not self.toks[j + 1].sp:
                j += 1  # Kim Jong-un
                continue
            break
        while j > k and self.toks[j - 1].kind == "p":
            j -= 1
        if j == k:
            return None
        if self.cap(j) and not self.is_head(j) and not self.glued(j):
            return None  # a longer capitalised run: not a name of 1-4 syllables
        nxt = self.tok(j)
        if nxt is not None and _is_lower(nxt) and R.compound(self.toks[j - 1].low, nxt.low):
            j -= 1  # Anh hùng Lực lượng …: the last word starts a common word
            if j == k:
                return None
        size = j - k
        if size == 1 and (
            self.toks[k].low in _NAME_STOPS
            or self.R.has("plural", self.toks[k])
            or self.R.ctx("title_stop", self.toks, k) is not None
        ):
            return None  # đồng chí Các …: a function word, not a name
        if not cue:
            if self.toks[k].low not in R.surnames or size < 3:
                return None
        return j

    def positions_before(self, p: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        end = p
        while end > 0:
            found = None
            for start in range(max(0, end - 12), end):
                t = self.title_at(start)
                if t is None:
                    continue
                t_end, kind = t
                g_end = t_end
                o = self.org_at(t_end)
                if o is not None:
                    g_end = o[0]
                if g_end == end:
                    found = (start, g_end, kind)
                    break
            if found is None:
                break
            start, g_end, kind = found
            if kind != "honorific":
                out.insert(0, (start, g_end))
            end = start
            if self.low(end - 1) == ",":
                end -= 1
            elif kind != "honorific":
                continue
            else:
                break
        return out

    def position_group(self, i: int) -> tuple[int, int] | None:
        t = self.title_at(i)
        if t is None or t[1] == "honorific":
            return None
        end = t[0]
        o = self.org_at(end)
        if o is not None:
            return i, o[0]
        q = end
        while q < self.n and q - end < 3 and _is_lower(self.toks[q]):
            q += 1
        if q > end and (q >= self.n or self.toks[q].kind == "p"):
            return i, q
        return i, end

    def positions_after(self, q: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        while q < self.n and self.toks[q].text in (",", "-"):
            g = self.position_group(q + 1)
            if g is None:
                break
            out.append(g)
            q = g[1]
        return out

    def add_person(self, k: int, j: int, source: str = "person") -> None:
        positions = [self.position_text(a, b) for a, b in self.positions_before(k) + self.positions_after(j)]
        self.add(k, j, "PER", source, {"positions": positions})

    def position_text(self, a: int, b: int) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", self.span_text(a, b))).strip()

    def find_people(self) -> None:
        R = self.R
        seen: set[tuple[int, int]] = set()
        for i in range(self.n):
            t = self.title_at(i)
            if t is None:
                continue
            end, cue_kind = t
            if i > 0 and self.toks[i - 1].kind == "n":
                continue  # 332 Bà Triệu: a street address
            if cue_kind == "honorific" and _is_cap(self.toks[i]) and not (i == 0 or self.toks[i - 1].text in '.!?:"-'):
                continue  # Bà Rịa, đường Bà Hom: a capitalised "Bà" inside a sentence is part of a name
            k = end
            o = self.org_at(k)
            if o is not None:
                k = o[0]
            elif cue_kind != "honorific":
                for e, _n, levels in self.gaz(k):
                    if "country" in levels and self.cap(e):
                        k = e  # Tổng thống Pháp Jacques Chirac
                        break
            if self.blocked_name(k):
                continue
            j = self.person_run(k, cue=True)
            if j is None or (cue_kind != "honorific" and j - k < 2):
                continue
            hits = self.gaz(k)
            if hits and hits[0][0] == j and not (self.toks[k].low in R.surnames and j - k >= 3):
                if hits[0][2] & {"country", "province", "region"}:
                    continue
            if any(e > j for e, _ in R.org.match(self.toks, k)):
                continue
            seen.add((k, j))
            self.add_person(k, j)
        for i in range(self.n):
            t = self.toks[i]
            if not _is_cap(t) or t.low not in R.surnames:
                continue
            prev = self.toks[i - 1] if i > 0 else None
            if prev is not None and _is_cap(prev) and _name_word(prev) and not prev.first and t.sp:
                if self.title_kind_before(i) is None:
                    continue  # inside a longer capitalised run
            if self.blocked_name(i) or self._type_word_before(i):
                continue
            if i > 0 and self.toks[i - 1].kind == "n":
                continue  # 163 Trần Hưng Đạo: a street address
            if self.title_at(i) is not None:
                continue  # Ông, Bác: a title cue, not a family name here
            if self.is_head(i) or any(len(ph.lows) >= 2 for _, ph in R.loc.match(self.toks, i)):
                continue  # Hoàng thành Thăng Long, Cù lao Chàm: a head or type word, not a family name
            if any(lv & {"country", "region", "natural"} for _e, _n, lv in self.gaz(i)):
                continue  # Châu Phi, Hà Lan …: a place, not a family name
            if t.first and (t.low in _NAME_STOPS or R.has("noun_before", t)):
                continue  # Từ Thành Đô, …: a preposition that starts the sentence
            j = self.person_run(i, cue=False)
            if j is None or (i, j) in seen:
                continue
            hits = self.gaz(i)
            if hits and hits[0][0] == j and hits[0][2] & {"country", "region", "natural"}:
                continue
            if self._type_and_place(i, j):
                continue  # Hồ Hòa Bình: the lake, not a person
            self.add_person(i, j)
        self._byline()

    def _type_and_place(self, i: int, j: int) -> bool:
        """The first word is also a type word (hồ, cầu …) and the rest a known place."""
        word = self.toks[i].low
        is_type = any(ph.lows == (word,) for _, ph in self.R.loc.match(self.toks, i)) or any(
            ph.lows == (word,) for _, ph in self.R.project.match(self.toks, i)
        )
        return is_type and any(e == j for e, _n, _l in self.gaz(i + 1))

    def _type_word_before(self, i: int) -> bool:
        R = self.R
        for back in (1, 2, 3):
            s = i - back
            if s < 0:
                break
            for e, ph in R.loc.match(self.toks, s):
                if e == i and _is_lower(self.toks[s]) and ph.data[0] != "landmark":
                    return True
            for e, ph in R.project.match(self.toks, s):
                if e == i and ph.case == "lower":
                    return True
        return self.low(i - 1) == "phố"

    def _byline(self) -> None:
        if not self.n or not self.cap(0):
            return
        j = 0
        while j < self.n and j < 4 and self.cap(j) and not self.glued(j):
            j += 1
        if j < 2 or self.is_head(0) or not all(_name_word(t) for t in self.toks[:j]):
            return
        if any(e >= j for e, _n, _l in self.gaz(0)):
            return
        if j == self.n:
            if self.toks[0].low in self.R.surnames:
                self.add_person(0, j)  # a line that is only a name: a byline
            return
        if self.toks[j].text == "(":
            e = self.R.ctx("byline", self.toks, j + 1)
            if e is not None and self.low(e) == ")":
                self.add_person(0, j)

    # -- RESOLUTION -------------------------------------------------------------------------

    def find_docrefs(self) -> None:
        for ref in find_doc_refs(self.text):
            self.out.append(Candidate(ref.start, ref.end, "RESOLUTION", ref.text, dict(ref.as_attrs()), "docref"))

    def run(self) -> list[Candidate]:
        if not self.n:
            return []
        self.find_docrefs()
        self.find_orgs()
        self.find_events()
        self.find_projects()
        self.find_places()
        self.find_people()
        return self.out


# --- public API ----------------------------------------------------------------------------------


def find_candidates(text: str) -> list[Candidate]:
    """Return every candidate of every rule family in ``text`` (overlapping, unresolved).

    The pipeline calls it once per sentence; any text works (NFC or NFD, ``Ð`` for ``Đ``,
    old tone-mark placement ``uỷ``). Offsets are exact in ``text`` as given, and no candidate
    crosses a line break.

    Args:
        text: One sentence (or any text).

    Returns:
        The candidates, sorted by start, then end, label and source.

    Example:
        >>> sorted({(c.label, c.text) for c in find_candidates("Ban Thường vụ Tỉnh ủy Nghệ An")})[:2]
        [('LOC', 'Nghệ An'), ('ORG', 'Ban Thường vụ Tỉnh ủy Nghệ An')]
    """
    if not text:
        return []
    rules = _rules()
    out: list[Candidate] = []
    for m in _LINE.finditer(text):
        offset = m.start()
        for c in _Line(rules, m.group()).run():
            if offset:
                c = Candidate(c.start + offset, c.end + offset, c.label, c.text, c.attrs, c.source)
            out.append(c)
    uniq: dict[tuple[int, int, str, str], Candidate] = {}
    for c in out:
        uniq.setdefault((c.start, c.end, c.label, c.source), c)
    return sorted(uniq.values(), key=lambda c: (c.start, c.end, c.label, c.source))


def longest_then_priority(c: Candidate) -> tuple[int, int, int]:
    """Default overlap policy: longer spans first, then :data:`SOURCE_PRIORITY`, then earlier.

    A policy is a sort key: :func:`resolve` takes candidates in this order and keeps each one
    that does not overlap one already kept.

    Example:
        >>> a = Candidate(0, 17, "ORG", "Tỉnh ủy Điện Biên", {}, "org_pattern")
        >>> b = Candidate(8, 17, "LOC", "Điện Biên", {}, "gazetteer")
        >>> sorted([b, a], key=longest_then_priority)[0].text
        'Tỉnh ủy Điện Biên'
    """
    return (-(c.end - c.start), -SOURCE_PRIORITY.get(c.source, 0), c.start)


def resolve(
    cands: Iterable[Candidate],
    policy: Callable[[Candidate], Any] = longest_then_priority,
) -> list[Candidate]:
    """Select non-overlapping candidates (span rule 2: the longest name wins, no nesting).

    Args:
        cands: Candidates, e.g. from :func:`find_candidates`.
        policy: Sort key giving the order of preference; the default prefers longer spans,
            then sources by :data:`SOURCE_PRIORITY`.

    Returns:
        The kept candidates, sorted by offset; no two overlap.

    Example:
        >>> [c.text for c in resolve(find_candidates("Bí thư Tỉnh ủy Điện Biên"))]
        ['Tỉnh ủy Điện Biên']
    """
    kept: list[Candidate] = []
    for c in sorted(cands, key=policy):
        if c.end <= c.start:
            continue
        if any(c.start < k.end and k.start < c.end for k in kept):
            continue
        kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


def rule_entities(text: str) -> list[Candidate]:
    """Entities of ``text`` by rule: ``resolve(find_candidates(text))``.

    Example:
        >>> [(c.label, c.text) for c in rule_entities("Sau Cách mạng Tháng 8/1945, thực dân Pháp quay lại.")]
        [('EVENT', 'Cách mạng Tháng 8/1945'), ('LOC', 'Pháp')]
    """
    return resolve(find_candidates(text))
