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

from collections.abc import Callable, Iterable
from typing import Any

from ..docrefs.finders import find_doc_refs
from ..text.overlaps import non_overlapping
from .events import EventRules
from .names import NameBounds
from .orgs import OrgRules
from .people import PersonRules
from .places import PlaceRules
from .projects import ProjectRules
from .tables import _Rules, _rules
from .tokens import (
    _LINE,
    SOURCE_PRIORITY,
    Candidate,
    _build_key,
    _is_cap,
    _Tok,
    _tokenize,
)

__all__ = [
    "SOURCE_PRIORITY",
    "Candidate",
    "find_candidates",
    "longest_then_priority",
    "resolve",
    "rule_entities",
]


class _Line(NameBounds, OrgRules, EventRules, ProjectRules, PlaceRules, PersonRules):
    """Candidates of one line of text (offsets into that line)."""

    def __init__(self, rules: _Rules, text: str) -> None:
        self.R = rules
        self.text = text
        self.key, self.starts = _build_key(text)
        self.toks = _tokenize(self.key)
        self.lows = [t.low for t in self.toks]
        self.n = len(self.toks)
        self.out: list[Candidate] = []
        self._org_memo: dict[int, tuple[int, list[tuple[int, int]]] | None] = {}
        self._event_memo: dict[int, int | None] = {}
        self._landmark_memo: dict[int, int | None] = {}
        self._gaz_memo: dict[int, list[tuple[int, str, frozenset[str]]]] = {}
        self._title_memo: dict[int, tuple[int, str] | None] = {}

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
            hits = self.R.gidx.match(self.toks, self.lows, i) if not self.glued(i) else []
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
        if i in self._title_memo:
            return self._title_memo[i]
        hits = self.R.titles.match(self.toks, i)
        found = None if not hits or self.glued(i) else (hits[0][0], hits[0][1].data)
        self._title_memo[i] = found
        return found

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
    kept = non_overlapping(cands, key=policy, span=lambda c: (c.start, c.end))
    return sorted(kept, key=lambda c: (c.start, c.end))


def rule_entities(text: str) -> list[Candidate]:
    """Entities of ``text`` by rule: ``resolve(find_candidates(text))``.

    Example:
        >>> [(c.label, c.text) for c in rule_entities("Sau Cách mạng Tháng 8/1945, thực dân Pháp quay lại.")]
        [('EVENT', 'Cách mạng Tháng 8/1945'), ('LOC', 'Pháp')]
    """
    return resolve(find_candidates(text))


def warm_up() -> None:
    """Load the rule tables, the gazetteer and the document-reference tables now (they are read once per process
    and shared: immutable package data)."""
    _rules()
    rule_entities("Tỉnh ủy Điện Biên ban hành Nghị quyết số 01-NQ/TU.")
