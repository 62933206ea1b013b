"""The annotated text of a document page, as nested runs for the templates.

A segment's text is cut at every sentence, gold entity and predicted entity
boundary; the pieces are grouped into runs that nest as the page nests them:
sentence › gold entity › predicted entity › text (``segment.html`` draws them).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..corpus.structure import Segment
from .views import (
    SEGMENT_NAMES,
    DocumentView,
    Mention,
    SentenceView,
    labels_in,
    sort_themes,
    speaker_name,
    theme_colours,
    theme_info,
    theme_name,
)


@dataclass(frozen=True)
class Piece:
    """Text between two cuts; ``speaker`` when it is part of the segment's speaker label (``PV:``)."""

    text: str
    speaker: bool


@dataclass(frozen=True)
class Run:
    """Consecutive pieces under the same span (``span`` is ``None`` for none); ``last`` when the span ends here."""

    span: Any
    last: bool
    children: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Tag:
    """A theme tag after a sentence."""

    theme: str
    classes: str
    colour: str
    title: str
    name: str


@dataclass(frozen=True)
class SegmentText:
    """A segment with its head and its text as sentence runs (each with its tags or ``None``)."""

    segment: Segment
    type_name: str
    speaker: str | None
    runs: list[tuple[Run, list[Tag] | None]]


def tags(sent: SentenceView, pred_known: bool) -> list[Tag]:
    """The theme tags of a sentence: gold filled, predicted outlined, gold the prediction missed crossed."""
    gold = set(sent.gold or ())
    pred = set(sent.pred or ())
    colours = theme_colours()
    out = []
    for t in sort_themes(gold | pred):
        info = theme_info().get(t, {})
        classes = ["tag"] + (["gold"] if t in gold else []) + (["pred"] if t in pred else [])
        if t in gold and t not in pred and pred_known and sent.pred is not None:
            classes.append("miss")
        sides = " and ".join(s for s, on in (("gold", t in gold), ("predicted", t in pred)) if on)
        cap = (
            f"CAP {info.get('cap_code')} {info.get('cap_name')}"
            if info.get("cap_code") is not None
            else f"CAP {info.get('cap_name', '?')}"
        )
        out.append(Tag(t, " ".join(classes), colours.get(t, "#888888"), f"{t} · {cap} · {sides}", theme_name(t)))
    return out


def _covering(spans: Sequence[Any], a: int, b: int) -> int | None:
    for k, s in enumerate(spans):
        if s.start <= a and b <= s.end:
            return k
    return None


def _runs(lo: int, hi: int, of: list[int | None]) -> Iterator[tuple[int, int, int | None]]:
    i = lo
    while i < hi:
        j = i
        while j < hi and of[j] == of[i]:
            j += 1
        yield i, j, of[i]
        i = j


def segment_text(view: DocumentView, seg: Segment, next_start: int | None) -> SegmentText:
    """The runs of one segment; a sentence's tags follow its end, unless it goes on into the next segment."""
    text = view.doc.text
    s0, s1 = seg.start, seg.end
    sents = view.overlapping("sentences", s0, s1)
    gold: list[Mention] = view.overlapping("gold", s0, s1)
    pred: list[Mention] = view.overlapping("pred", s0, s1)
    cuts = {s0, s1}
    if s0 < seg.label_end < s1:
        cuts.add(seg.label_end)
    for sp in (*sents, *gold, *pred):
        cuts.update(min(max(x, s0), s1) for x in (sp.start, sp.end))
    pts = sorted(cuts)
    pieces = list(zip(pts, pts[1:], strict=False))
    sent_of = [_covering(sents, a, b) for a, b in pieces]
    gold_of = [_covering(gold, a, b) for a, b in pieces]
    pred_of = [_covering(pred, a, b) for a, b in pieces]

    def piece(i: int) -> Piece:
        a, b = pieces[i]
        return Piece(text[a:b], b <= seg.label_end and seg.label_end > s0)

    def level(lo: int, hi: int, of: list[int | None], spans: Sequence[Any], inner: Any) -> list[Run]:
        return [
            Run(spans[k] if k is not None else None, k is not None and pieces[j - 1][1] == spans[k].end, inner(i, j))
            for i, j, k in _runs(lo, hi, of)
        ]

    def pred_level(lo: int, hi: int) -> list[Run]:
        return level(lo, hi, pred_of, pred, lambda i, j: [piece(x) for x in range(i, j)])

    def gold_level(lo: int, hi: int) -> list[Run]:
        return level(lo, hi, gold_of, gold, pred_level)

    runs: list[tuple[Run, list[Tag] | None]] = []
    for run in level(0, len(pieces), sent_of, sents, gold_level):
        sent = run.span
        shown = sent is not None and (sent.end <= s1 or next_start is None or next_start >= sent.end)
        runs.append((run, tags(sent, view.pred_themes) if shown else None))
    speaker = speaker_name(view, seg.speaker) if seg.speaker is not None else None
    return SegmentText(seg, SEGMENT_NAMES.get(seg.type, seg.type), speaker, runs)


def segments(view: DocumentView) -> list[SegmentText]:
    """Every segment of the document, in order."""
    nexts = [s.start for s in view.segments[1:]] + [None]
    return [segment_text(view, seg, nxt) for seg, nxt in zip(view.segments, nexts, strict=True)]


@dataclass(frozen=True)
class Legend:
    """What the legend above the text shows: labels, which layers exist, theme tag variants and the toggles."""

    labels: list[str]
    gold_entities: bool
    pred_entities: bool
    sample: str
    sample_colour: str
    variants: list[tuple[str, str]]
    layers: list[tuple[str, str]]


def legend(view: DocumentView) -> Legend:
    """The legend of a document page."""
    sample = "economy"
    variants = []
    if view.gold_themes:
        variants.append(("tag gold", "gold"))
    if view.pred_themes:
        variants.append(("tag pred", "predicted only" if view.gold_themes else "predicted"))
    if view.gold_themes and view.pred_themes:
        variants += [("tag gold pred", "gold and predicted"), ("tag gold miss", "gold, not predicted")]
    layers = (
        ("hide-gold-ents", "gold entities", view.gold_entities is not None),
        ("hide-pred-ents", "predicted entities", view.pred_entities is not None),
        ("hide-themes", "themes", view.gold_themes or view.pred_themes),
    )
    return Legend(
        labels=labels_in(view.gold_entities, view.pred_entities),
        gold_entities=view.gold_entities is not None,
        pred_entities=view.pred_entities is not None,
        sample=theme_name(sample),
        sample_colour=theme_colours().get(sample, "#888"),
        variants=variants,
        layers=[(cls, what) for cls, what, on in layers if on],
    )
