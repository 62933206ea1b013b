"""Indicator claims: the numbers a text states about what was achieved, how much it changed and what is targeted.

A claim (``annotations/GUIDELINES.md`` §6) is anchored on a value written in the
text and carries its parsed ``number``, ``qualifier``, ``unit`` and ``unit_norm``,
``indicator``, ``kind`` (achieved / change / target / forecast), ``time``,
``base_time`` and ``place``. :func:`extract_claims` finds them with rules over the
text, its sentences and its entities; the spaCy component ``dienbien_claims``
keeps those the learned filter takes for claims (:mod:`dienbien_nlp.learn.claim_filter`;
``learned_filter=False`` keeps every one) and puts them on ``doc._.claims`` as records
with the fields of the gold (spans as ``{"start", "end", "text"}`` character offsets
into the ``Doc``).

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

import re
from collections.abc import Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..learn.claim_filter import ClaimFilter, shipped_filter
from ..pipeline import extensions as _extensions  # noqa: F401  (registers doc._.claims)
from ..pipeline.batching import BatchedPipe
from .layout import _heading, _inside, _State, _table_row
from .numbers import parse_number
from .periods import _base_for, _time_for, _times
from .phrases import CUE_REACH, _change_or_level, _kind_cue, _lists_names, _phrase_after, _phrase_before
from .records import _place_for, _record
from .text import Span3, _clause_end, _clause_start, _Context, _cue_rx, _skip_spaces, _starts_with, _strip_cue
from .values import _number_values, _Value, _word_values
from .vocab import ClaimVocab, load_vocab

__all__ = ["CUE_REACH", "ClaimExtractor", "ClaimVocab", "doc_claims", "extract_claims", "load_vocab", "make_claims", "parse_number"]


#: Words before ``N lần`` that make it a multiple (gấp 3 lần, tăng 2 lần, cao hơn 3 lần); else it counts occasions.
_MULTIPLE = re.compile(r"(?<![^\W\d_])(?:gấp|tăng|giảm|hơn|kém|nhiều|ít|bằng|cao|thấp|lớn|nhỏ)(?![^\W\d_])")


def _unit_in_context(ctx: _Context, val: _Value, pre: str, cend: int, money: str | None) -> None:
    """Fix a value's unit_norm from its context: ``N lần`` that counts occasions is a count (4 lần bị sẩy thai),
    a bare scale word after an amount of money is money too (10 triệu đồng/hộ (trong đó 5 triệu …))."""
    text = ctx.text
    if val.unit and val.unit_norm == "times" and val.kind is None:
        tail = text[val.unit[1] : cend].lower()
        if not _MULTIPLE.search(pre) and not re.match(r"\s*(?:so với|so|trở lên)", tail):
            val.unit_norm = "count"
    if money and val.unit and val.unit_kind == "count_noun" and text[val.unit[0] : val.unit[1]].lower() in _SCALE_WORDS:
        nxt = re.match(r"\s*([^\W\d_]+)", text[val.unit[1] : cend])
        word = nxt.group(1).lower() if nxt else ""
        if not word or word in ctx.vocab.role("not_indicator") or word in ("để", "mỗi", "một", "thì", "nhưng", "còn", "rồi"):
            val.unit_norm = money  # no noun after the scale word: what it counts is the money before


_SCALE_WORDS = frozenset({"nghìn", "ngàn", "triệu", "tỷ", "tỉ", "nghìn tỷ", "ngàn tỷ", "nghìn tỉ", "ngàn tỉ", "trăm"})


#: A line that ends with a date in brackets: a news site's link to a related article, not the article's text.
_RELATED = re.compile(r"\(\d{1,2}/\d{1,2}/\d{4}\)[ \t]*$", re.MULTILINE)
#: A sentence that asks: it states no claim (… có được 10 điểm không?).
_QUESTION = re.compile(r"\?[\s\"”’'»)]*$")


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
    range_kind: dict[int, str] = {}  # the kind of a range's lower end, for its upper end
    money: str | None = None  # the currency of the last amount of money in the sentence
    for val in vals:
        cstart = _clause_start(text, s0, val.start, colon=False)
        cend = _clause_end(text, val.start, s1)
        pre = text[max(cstart, val.start - 40) : val.start].lower()
        _unit_in_context(ctx, val, pre, cend, money)
        if val.unit_norm in ("vnd", "usd"):
            money = val.unit_norm
        kind = _kind_cue(ctx, sent, val.start)
        if kind is None and state.target:
            kind = "target"
        if kind is None and val.start in range_kind:
            kind = range_kind[val.start]  # the upper end of a range: as its lower end
        if kind is None:
            after_value = re.split(r"[,;]", text[val.ext_end : cend].lower(), maxsplit=1)[0]  # up to the next comma
            kind = val.kind or _change_or_level(pre, vocab, after_value) or ("change" if val.unit_norm == "times" else "achieved")
        if val.partner is not None:
            range_kind[val.partner.start] = kind
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
            about = next((m for c in vocab.role("rank_about") for m in _cue_rx(c, r"\s+").finditer(low_after)), None)
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
            # a measure followed by what it measures: 20 tấn quặng, 6.000 ha lúa; or nothing before the value
            goods = val.unit_norm in ("tonne", "hectare") and low_after[:1].isalpha()
            if val.unit is not None and (goods or indicator is None) and not ellipsis:
                indicator = _phrase_after(ctx, after, cend) or indicator
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
        if _RELATED.search(text, line_start, line_end) or _QUESTION.search(text, s0, s1):
            continue  # a link to a related article (… (15/01/2004)), a question: no claims
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


def doc_claims(doc: Doc, vocab: ClaimVocab | None = None, claim_filter: ClaimFilter | None = None) -> list[dict[str, Any]]:
    """The claims of a processed ``Doc`` (its sentences and entities); with ``claim_filter``, those it keeps."""
    sents = [(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") else [(0, len(doc.text))]
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    claims = extract_claims(doc.text, sents, ents, vocab)
    return claim_filter.keep(doc.text, claims, sents) if claim_filter is not None and claims else claims


class ClaimExtractor(BatchedPipe):
    """The ``dienbien_claims`` component: sets ``doc._.claims`` (a list of claim records).

    Args:
        learned_filter: Keep only the claims the shipped learned filter takes for claims
            (:mod:`dienbien_nlp.learn.claim_filter`); ``False`` gives the rules alone.
    """

    def __init__(self, nlp: Language | None = None, name: str = "dienbien_claims", learned_filter: bool = True) -> None:
        self.name = name
        self.learned_filter = learned_filter
        self.filter_ = shipped_filter() if learned_filter else None

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = doc_claims(doc, load_vocab(), self.filter_)
        return doc

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Read the vocabularies."""
        load_vocab()


@Language.factory(
    "dienbien_claims",
    requires=["token.is_sent_start", "doc.ents"],
    assigns=["doc._.claims"],
    default_config={"learned_filter": True},
)
def make_claims(nlp: Language, name: str, learned_filter: bool) -> ClaimExtractor:
    """Factory of :class:`ClaimExtractor`."""
    return ClaimExtractor(nlp, name, learned_filter)
