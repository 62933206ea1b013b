"""The structure of an article: typed segments and the speaker of every turn.

The cleaned text is a sequence of paragraphs. Each becomes a segment of type
``title``, ``dateline``, ``lead``, ``caption``, ``question``, ``answer`` or
``byline``. The rules are those of Q&A interviews in the Vietnamese party press
and use no string of any one article:

* the first paragraph is the title; a paragraph of weekday/date/time is the dateline;
* a turn starts at a speaker label: the interviewer (``Phóng viên (PV):``,
  ``PV:``, ``PV`` before a capital) or a named person (``Đồng chí Trần Quốc
  Cường, Bí thư Tỉnh ủy Điện Biên:``, an honorific or a metadata name, then
  optional positions, then a colon). Interviewer turns are questions, other
  turns answers; an unlabelled paragraph continues the current turn;
* a photo caption is a short paragraph of one sentence with no speaker label
  that either has no closing punctuation or echoes another paragraph (photo
  captions in this press repeat a line of the body);
* paragraphs before the first turn are the lead; a closing paragraph with the
  author's name (``(thực hiện)``, ``Theo ...``, or a metadata author) is the byline.

Example:
    >>> segs = segment_text("Tiêu đề\\n\\nPV: Hỏi gì?\\n\\nÔng Nguyễn Văn A: Trả lời.")
    >>> [(s.type, s.speaker) for s in segs]
    [('title', None), ('question', 'interviewer'), ('answer', 'Nguyễn Văn A')]
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..tables import read_tsv
from ..text.keys import fold
from .cleaning import normalize_text

SEGMENT_TYPES = ("title", "dateline", "lead", "caption", "question", "answer", "byline")
INTERVIEWER = "interviewer"

_UPPER = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂƠƯẠ-Ỹ"
_SYL = rf"[{_UPPER}][^\s,:;.()]*"
NAME_RE = rf"{_SYL}(?:\s+{_SYL}){{1,4}}"
WEEKDAY = r"(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|hai|ba|tư|năm|sáu|bảy)|Chủ\s+[Nn]hật)"
DATELINE_RE = re.compile(
    rf"(?:{WEEKDAY}\s*,?\s*)?\d{{1,2}}[/-]\d{{1,2}}[/-]\d{{4}}(?:\s*[,|-]?\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?(?:\s*\(?\s*(?:GMT|UTC)\s*[+-]?\s*\d{{0,2}}\s*\)?)?\s*"
)
BYLINE_RE = re.compile(r"\((?:thực hiện|ghi|lược ghi|ghi chép)\)|^\s*(?:Theo|Nguồn)\s*:?\s+\S|^(?:PV|Phóng viên|Nhóm PV)\s*$", re.IGNORECASE)
ENUM_RE = re.compile(r"^(?:Thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)|Một là|Hai là|Ba là|\d+[.)]|[a-zđ][.)]|[-–•+*])", re.IGNORECASE)
TERMINAL = ".!?…\"”)»"


@dataclass(frozen=True)
class Segment:
    """One typed paragraph of the article.

    Attributes:
        id: ``"s01"``, ``"s02"``, … in text order.
        type: One of :data:`SEGMENT_TYPES`.
        start, end: Offsets of the paragraph in the cleaned text.
        text: ``text[start:end]``.
        speaker: ``"interviewer"``, a person's name, or ``None`` outside turns.
        turn: Index of the speaker turn (0-based) for questions and answers.
        label_end: Offset where the speaker label ends (content starts), or ``start``.
        paragraph: Index of the paragraph (0-based).
        level: Nesting level of a numbered part or item of an official document (1 = outermost), else ``None``.
        parent: Id of the part or item a segment of an official document belongs to, else ``None``.
    """

    id: str
    type: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    turn: int | None = None
    label_end: int = 0
    paragraph: int = 0
    level: int | None = None
    parent: str | None = None


@functools.lru_cache(maxsize=1)
def _speaker_cues() -> tuple[list[re.Pattern[str]], str]:
    interviewer: list[re.Pattern[str]] = []
    honorific = ""
    for row in read_tsv("speakers.tsv", ("kind", "pattern"), header=False):
        kind, pattern = row["kind"], row["pattern"]
        if kind == "interviewer":
            interviewer.append(re.compile(pattern))
        elif kind == "honorific":
            honorific = pattern
    return interviewer, honorific


def _fold(s: str) -> str:
    return fold(normalize_text(s)).casefold()


def match_speaker_label(paragraph: str, known_names: Sequence[str] = ()) -> tuple[str, int] | None:
    """Find a speaker label at the start of ``paragraph``.

    Returns:
        ``(speaker, label_length)``: ``"interviewer"`` or the person's name, and
        the length of the label including the colon and following spaces; or
        ``None`` when the paragraph has no label.

    Example:
        >>> match_speaker_label("Phóng viên (PV): Thưa ông, ...")
        ('interviewer', 17)
        >>> match_speaker_label("Thứ nhất: Tiếp tục ...") is None
        True
    """
    interviewer, honorific = _speaker_cues()
    for pat in interviewer:
        m = pat.match(paragraph)
        if m:
            return INTERVIEWER, m.end()
    m = re.match(rf"(?:(?P<hon>{honorific})\s+)?(?P<name>{NAME_RE})(?P<pos>\s*,[^:\n]{{1,200}}?)?\s*:\s*", paragraph)
    if not m:
        return None
    name = m.group("name")
    folded = {_fold(n) for n in known_names}
    if not (m.group("hon") or _fold(name) in folded or m.group("pos")):
        return None
    if ENUM_RE.match(paragraph):
        return None
    for known in known_names:
        if _fold(known) == _fold(name):
            name = known
    return name, m.end()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", _fold(text))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _sentence_count(text: str) -> int:
    return len([p for p in re.split(r"(?<=[.!?…])\s+(?=[" + _UPPER + r"\d\"“(])", text.strip()) if p])


def is_caption(paragraph: str, others: Sequence[str], *, max_words: int = 60, echo: float = 0.4) -> bool:
    """Whether an unlabelled paragraph is a photo caption (see module docstring)."""
    words = paragraph.split()
    if len(words) > max_words or ENUM_RE.match(paragraph) or _sentence_count(paragraph) > 1:
        return False
    if paragraph.rstrip()[-1] not in TERMINAL and not paragraph.rstrip().endswith(":"):
        return True
    mine = _shingles(paragraph)
    if not mine:
        return False
    return any(len(mine & _shingles(o)) / len(mine) >= echo for o in others if o is not paragraph)


def segment_at(segments: Sequence[Segment], offset: int, starts: Sequence[int] | None = None) -> Segment | None:
    """The segment that contains character ``offset`` (``None`` between paragraphs).

    Segments are in text order and never overlap, so this is a binary search; a caller that looks up many
    offsets passes ``starts``, the segments' start offsets, once computed.

    Example:
        >>> segs = segment_text("A.\\n\\nB.")
        >>> segment_at(segs, 5).start, segment_at(segs, 2)
        (4, None)
    """
    if starts is None:
        starts = [seg.start for seg in segments]
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and segments[i].start <= offset < segments[i].end:
        return segments[i]
    return None


def segment_text(text: str, *, known_names: Sequence[str] = (), authors: Sequence[str] = ()) -> list[Segment]:
    """Cut cleaned article ``text`` into typed segments (see module docstring).

    Args:
        text: The cleaned article text (paragraphs separated by blank lines).
        known_names: Names of interviewees (and interviewer) from the metadata,
            recognised as speaker labels without an honorific.
        authors: Author names from the metadata, recognised in the byline.
    """
    paras = _paragraphs(text)
    texts = [text[s:e] for s, e in paras]
    labels = [match_speaker_label(t, [*known_names, *authors]) for t in texts]
    first_turn = next((i for i, lab in enumerate(labels) if lab), len(paras))
    types: list[str] = [""] * len(paras)
    if paras:
        types[0] = "title"
    for i in range(1, min(first_turn, 4)):
        if DATELINE_RE.fullmatch(texts[i]):
            types[i] = "dateline"
            break
    # byline: the last paragraph, when it names the author or says "(thực hiện)"
    if len(paras) > 1 and not labels[-1]:
        last = texts[-1]
        folded = _fold(last)
        if BYLINE_RE.search(last) or any(folded.startswith(_fold(a)) for a in authors if a) and len(last.split()) <= 40:
            types[-1] = "byline"
    segments: list[Segment] = []
    speaker: str | None = None
    turn = -1
    for i, (s, e) in enumerate(paras):
        kind = types[i]
        label_end = s
        spk: str | None = None
        trn: int | None = None
        if not kind:
            if labels[i]:
                speaker, length = labels[i]
                turn += 1
                label_end = s + length
            # Before the first turn only a caption without closing punctuation
            # is taken: the lead's first sentence is often echoed by an answer.
            in_lead = i < first_turn
            if labels[i] is None and is_caption(texts[i], [] if in_lead else texts):
                kind = "caption"
            elif i < first_turn:
                kind = "lead"
            else:
                kind = "question" if speaker == INTERVIEWER else "answer"
                spk, trn = speaker, turn
        segments.append(Segment(f"s{len(segments) + 1:02d}", kind, s, e, texts[i], spk, trn, label_end, i))
    return segments


def segment_document(doc: object) -> list[Segment]:
    """Segments of a corpus :class:`~dienbien_nlp.corpus.Document`, using its metadata.

    Official documents (genre ``official``) are cut by :func:`dienbien_nlp.corpus.official.segment_official`.
    """
    meta = doc.meta  # type: ignore[attr-defined]
    if getattr(meta, "genre", None) == "official":
        from .official import segment_official

        return segment_official(doc.text, getattr(doc.clean, "table_rows", ()))  # type: ignore[attr-defined]
    names = [p.name for p in meta.interviewees]
    authors = list(meta.authors) + ([meta.interviewer] if meta.interviewer else [])
    return segment_text(doc.text, known_names=names, authors=authors)  # type: ignore[attr-defined]
