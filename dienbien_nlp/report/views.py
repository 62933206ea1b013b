"""What the report shows about a document, collected from the corpus, the gold and the pipeline.

:func:`analyse_document` turns a document, its gold files and the pipeline's
``Doc`` into a :class:`DocumentView`; the counting functions here feed the
charts and tables. Nothing in this module writes markup.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..annotation.records import entity_path, load_entities, load_themes, read_record, theme_path
from ..corpus import Document
from ..corpus.structure import INTERVIEWER, Segment, segment_at, segment_document
from ..errors import DienbienError, Errors
from ..pipeline.sentences import content_sents
from ..schema import entity_label, entity_labels, load_schema, theme_ids
from ..textio import loads_json, read_text

INDEX_PAGE = "index.html"
RESOLUTION_FIELDS = ("doc_type", "number", "symbol", "canonical_id", "issuer_code", "issuer", "date")
PLACE_FIELDS = ("admin_level", "code", "era")
SEGMENT_NAMES = {
    "title": "title",
    "dateline": "dateline",
    "lead": "lead",
    "caption": "photo caption",
    "question": "question",
    "answer": "answer",
    "byline": "byline",
}
#: At most this many columns in a theme-along-the-text chart; longer texts are binned.
MAX_COLUMNS = 60


# ---------------------------------------------------------------- data model


@dataclass(frozen=True)
class Mention:
    """An entity mention, gold or predicted.

    Attributes:
        start, end: Offsets into the document text.
        label: The entity label.
        text: ``text[start:end]``.
        attrs: The normalised fields the pipeline set (``ent._.attrs``), or ``None``.
    """

    start: int
    end: int
    label: str
    text: str
    attrs: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class SentenceView:
    """A sentence as the report shows it, with its gold and predicted themes.

    ``gold``/``pred`` are ``None`` when that side is not known for the sentence
    (no gold file, or a pipeline without a theme component).
    """

    start: int
    end: int
    gold: tuple[str, ...] | None
    pred: tuple[str, ...] | None

    @property
    def themes(self) -> tuple[str, ...]:
        """The themes the charts count: the gold where there is gold, else the prediction."""
        if self.gold is not None:
            return self.gold
        return self.pred or ()


@dataclass(frozen=True)
class DocumentView:
    """Everything the report shows about one document.

    ``gold_entities``/``pred_entities`` are ``None`` when that side does not
    exist (no gold file; no entity component in the pipeline). ``claims`` are the
    document's indicator claims (:mod:`dienbien_nlp.claims` records) and
    ``claim_source`` says where they come from: ``gold``, ``predicted`` or ``none``.
    """

    doc: Document
    segments: tuple[Segment, ...]
    sentences: tuple[SentenceView, ...]
    gold_entities: tuple[Mention, ...] | None
    pred_entities: tuple[Mention, ...] | None
    gold_themes: bool
    pred_themes: bool
    claims: tuple[Mapping[str, Any], ...] = ()
    claim_source: str = "none"

    @property
    def theme_source(self) -> str:
        """Which themes the charts of this document count: ``gold``, ``predicted`` or ``none``."""
        return "gold" if self.gold_themes else "predicted" if self.pred_themes else "none"

    @functools.cached_property
    def _seg_starts(self) -> list[int]:
        return [s.start for s in self.segments]

    @functools.cached_property
    def _starts(self) -> dict[str, list[int]]:
        return {
            "sentences": [s.start for s in self.sentences],
            "gold": [m.start for m in self.gold_entities or ()],
            "pred": [m.start for m in self.pred_entities or ()],
        }

    def overlapping(self, kind: str, start: int, end: int) -> list[Any]:
        """The ``sentences``, ``gold`` or ``pred`` entities overlapping ``[start, end)`` (which never overlap)."""
        spans: Sequence[Any] = {
            "sentences": self.sentences,
            "gold": self.gold_entities or (),
            "pred": self.pred_entities or (),
        }[kind]
        starts = self._starts[kind]
        k = max(bisect.bisect_right(starts, start) - 1, 0)
        out = []
        while k < len(spans) and spans[k].start < end:
            if spans[k].end > start:
                out.append(spans[k])
            k += 1
        return out

    def segment_at(self, offset: int) -> Segment | None:
        """The segment containing ``offset`` (``None`` between paragraphs)."""
        return segment_at(self.segments, offset, self._seg_starts)


NOSEG = Segment(id="", type="other", start=0, end=0, text="")


def doc_page_name(doc_id: str) -> str:
    """File name of a document's page.

    Example:
        >>> doc_page_name("d1")
        'doc-d1.html'
    """
    return f"doc-{doc_id}.html"


# ---------------------------------------------------------------- inputs


def read_json_input(path: str | Path) -> dict[str, Any] | None:
    """Read an optional JSON results file: the object, or ``None`` when the file does not exist.

    Raises:
        DienbienError: E008 when the file is not valid JSON or not a JSON object.
    """
    p = Path(path)
    if not p.exists():
        return None
    try:
        data = loads_json(read_text(p))
    except json.JSONDecodeError as err:
        raise DienbienError(Errors.E008.format(path=p, line=err.lineno, detail=err.msg)) from None
    if not isinstance(data, dict):
        raise DienbienError(Errors.E008.format(path=p, line=1, detail="the top level must be a JSON object"))
    return data


def _check_gold(path: Path, doc: Document) -> None:
    data = read_record(path)
    if data.get("text_sha256") != doc.text_sha256:
        # Offsets into another text would highlight the wrong words: refuse rather than mislead.
        raise DienbienError(
            Errors.E021.format(
                path=path,
                detail=f"its text_sha256 does not match the text of document '{doc.id}' (the text changed since it "
                "was annotated); re-align the annotations and check them with the annotation validator",
            )
        )


def _gold_entities(doc: Document, root: Path) -> tuple[Mention, ...] | None:
    path = entity_path(doc.id, root)
    if not path.exists():
        return None
    _check_gold(path, doc)
    return tuple(
        Mention(e.start, e.end, e.label, e.text) for e in sorted(load_entities(doc.id, root), key=lambda e: e.start)
    )


def _gold_sentences(doc: Document, root: Path) -> list[tuple[int, int, tuple[str, ...]]] | None:
    path = theme_path(doc.id, root)
    if not path.exists():
        return None
    _check_gold(path, doc)
    return sorted((s["start"], s["end"], tuple(s.get("themes", ()))) for s in load_themes(doc.id, root))


def _gold_claims(doc: Document, root: Path) -> tuple[Mapping[str, Any], ...] | None:
    from ..claims.evaluate import attach_claim_texts
    from ..export.claim_rows import claim_gold_path

    path = claim_gold_path(doc.id, root)
    if not path.exists():
        return None
    _check_gold(path, doc)
    claims = attach_claim_texts(read_record(path), doc.text, path)["claims"]
    return tuple(sorted(claims, key=lambda c: (c["value"]["start"], c["value"]["end"])))


def has_entity_component(nlp: Any) -> bool:
    """Whether a pipeline has a component that sets ``doc.ents``."""
    for name in getattr(nlp, "pipe_names", ()):
        with contextlib.suppress(Exception):
            if any(a.startswith("doc.ents") for a in nlp.get_pipe_meta(name).assigns):
                return True
    return False


def _span_themes(span: Any) -> tuple[str, ...] | None:
    from spacy.tokens import Span

    value = span._.themes if Span.has_extension("themes") else None
    return None if value is None else tuple(value)


def _predicted(
    sdoc: Any, has_ner: bool
) -> tuple[tuple[Mention, ...] | None, list[tuple[int, int, tuple[str, ...] | None]]]:
    ents: tuple[Mention, ...] | None = None
    if has_ner or len(sdoc.ents):
        from spacy.tokens import Span

        def get_attrs(ent: Any) -> Mapping[str, Any] | None:
            value = ent._.attrs if Span.has_extension("attrs") else None
            return value if isinstance(value, Mapping) else None

        ents = tuple(Mention(e.start_char, e.end_char, e.label_, e.text, get_attrs(e)) for e in sdoc.ents)
    sents = []
    for trimmed in content_sents(sdoc):
        themes = _span_themes(trimmed)
        if themes is None:  # themes set on the whole doc.sents span only
            themes = _span_themes(trimmed.sent)
        sents.append((trimmed.start_char, trimmed.end_char, themes))
    return ents, sents


def _predicted_claims(sdoc: Any) -> tuple[Mapping[str, Any], ...] | None:
    from spacy.tokens import Doc

    value = sdoc._.claims if Doc.has_extension("claims") else None
    return None if value is None else tuple(value)


def _sentence_views(
    gold: list[tuple[int, int, tuple[str, ...]]] | None,
    pred: list[tuple[int, int, tuple[str, ...] | None]],
) -> tuple[SentenceView, ...]:
    sort = sort_themes
    pred_known = any(th is not None for _, _, th in pred)
    if gold is None:
        return tuple(SentenceView(s, e, None, sort(th) if th is not None else None) for s, e, th in pred)
    # Sentence boundaries of gold and prediction can differ: each predicted sentence gives
    # its themes to the gold sentence it overlaps most.
    acc: list[set[str]] = [set() for _ in gold]
    starts = [s for s, _, _ in gold]
    for ps, pe, th in pred:
        if not th:
            continue
        lo = max(bisect.bisect_right(starts, ps) - 1, 0)
        best, best_overlap = None, 0
        for k in range(lo, len(gold)):
            gs, ge, _ = gold[k]
            if gs >= pe:
                break
            overlap = min(pe, ge) - max(ps, gs)
            if overlap > best_overlap:
                best, best_overlap = k, overlap
        if best is not None:
            acc[best] |= set(th)
    return tuple(
        SentenceView(s, e, sort(th), sort(acc[k]) if pred_known else None) for k, (s, e, th) in enumerate(gold)
    )


def analyse_document(
    doc: Document, sdoc: Any | None, annotations_dir: str | Path, *, has_ner: bool = False
) -> DocumentView:
    """Collect what the report shows about ``doc``: segments, sentences, gold and predicted annotations.

    Claims come from the claim gold (``annotations/claims/<id>.json``) where the document
    has it, else from the pipeline (``doc._.claims``).

    Args:
        doc: The corpus document.
        sdoc: The pipeline's ``Doc`` of ``doc.text``, or ``None`` for no predictions.
        annotations_dir: The gold annotations folder (documents without gold files are fine).
        has_ner: Whether the pipeline has an entity component (so that no entities means none found).

    Raises:
        DienbienError: E021 when a gold file does not belong to the document's current text.
    """
    root = Path(annotations_dir)
    pred_ents, pred_sents = _predicted(sdoc, has_ner) if sdoc is not None else (None, [])
    gold_sents = _gold_sentences(doc, root)
    gold_claims = _gold_claims(doc, root)
    pred_claims = _predicted_claims(sdoc) if sdoc is not None and gold_claims is None else None
    claims, claim_source = (
        (gold_claims, "gold")
        if gold_claims is not None
        else (pred_claims, "predicted")
        if pred_claims is not None
        else ((), "none")
    )
    return DocumentView(
        doc=doc,
        segments=tuple(segment_document(doc)),
        sentences=_sentence_views(gold_sents, pred_sents),
        gold_entities=_gold_entities(doc, root),
        pred_entities=pred_ents,
        gold_themes=gold_sents is not None,
        pred_themes=any(th is not None for _, _, th in pred_sents),
        claims=claims,
        claim_source=claim_source,
    )


# ---------------------------------------------------------------- names, colours, numbers


def num(value: Any, digits: int = 3) -> str:
    """A number as the report writes it (``—`` for anything that is not one)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (isinstance(value, float) and math.isnan(value))
    ):
        return "—"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` when it is a dict, else an empty one (results files may be partial)."""
    return value if isinstance(value, dict) else {}


def plain(value: Any) -> str:
    """A JSON value as readable text (``a 1, b 2`` for objects, ``0, 1`` for lists)."""
    if isinstance(value, dict):
        return ", ".join(f"{k} {plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(plain(v) for v in value)
    return num(value) if isinstance(value, float) else str(value)


@functools.lru_cache(maxsize=1)
def theme_info() -> dict[str, dict[str, Any]]:
    """The schema's themes by id."""
    return {t["id"]: t for t in load_schema()["themes"]}


def theme_name(theme: str) -> str:
    """The Vietnamese name of a theme (its id when unknown)."""
    info = theme_info().get(theme)
    return info["name_vi"] if info else theme


def theme_rows() -> list[str]:
    """The themes in schema order: the rows of the theme charts."""
    return list(theme_ids())


def sort_themes(themes: set[str] | Sequence[str]) -> tuple[str, ...]:
    """Themes in schema order (unknown ones last, sorted), without repeats."""
    order = {t: i for i, t in enumerate(theme_ids())}
    return tuple(sorted(set(themes), key=lambda t: (order.get(t, len(order)), t)))


@functools.lru_cache(maxsize=1)
def theme_colours() -> dict[str, str]:
    """A colour per theme (matplotlib's ``tab20``), the same in charts and tags."""
    import matplotlib
    from matplotlib.colors import to_hex

    cmap = matplotlib.colormaps["tab20"]
    return {t: to_hex(cmap(i % 20)) for i, t in enumerate(theme_ids())}


def label_colour(label: str) -> str:
    """The schema's colour of an entity label (grey when it has none)."""
    try:
        return str(entity_label(label).get("color") or "#bbbbbb")
    except StopIteration:
        return "#bbbbbb"


def ink(colour: str) -> str:
    """Dark or white text, whichever reads better on ``colour`` (``#rrggbb``)."""
    try:
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    except ValueError:
        return "#1d1d1f"
    return "#1d1d1f" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.6 else "#ffffff"


def label_name(label: str) -> str:
    """The Vietnamese name of an entity label (the label when unknown)."""
    try:
        return str(entity_label(label).get("name_vi") or label)
    except StopIteration:
        return label


def labels_in(*mention_sets: Sequence[Mention] | None) -> list[str]:
    """The schema's labels, then any other label the mentions use."""
    known = list(entity_labels())
    extra = sorted({m.label for ms in mention_sets if ms for m in ms} - set(known))
    return known + extra


def speaker_name(view: DocumentView, speaker: str | None) -> str:
    """How the report names a speaker (the interviewer as ``PV – <name>``)."""
    if speaker is None:
        return "(no speaker)"
    if speaker == INTERVIEWER:
        who = view.doc.meta.interviewer
        return f"PV – {who}" if who else "PV (interviewer)"
    return speaker


# ---------------------------------------------------------------- counting


def counts_by(
    views: Sequence[DocumentView], key: Callable[[DocumentView, SentenceView], str]
) -> dict[str, Counter[str]]:
    """Theme counts of the sentences, grouped by ``key``."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for view in views:
        for sent in view.sentences:
            for t in sent.themes:
                out[key(view, sent)][t] += 1
    return out


def cap_counts(views: Sequence[DocumentView]) -> Counter[tuple[int, str]]:
    """Sentences per CAP major topic (a sentence counts once per topic, however many of its themes map there)."""
    info = theme_info()
    out: Counter[tuple[int, str]] = Counter()
    for view in views:
        for sent in view.sentences:
            topics = {
                (info[t]["cap_code"] if info[t]["cap_code"] is not None else 999, info[t]["cap_name"])
                for t in sent.themes
                if t in info
            }
            out.update(topics)
    return out


def _columns(view: DocumentView) -> list[tuple[str, list[Segment]]]:
    """Columns of the theme-along-the-text chart: speaker turns, with the text around them in runs."""
    segs = list(view.segments)
    if not any(s.turn is not None for s in segs):
        cols = [(f"¶{s.paragraph + 1}", [s]) for s in segs]
        if len(cols) > MAX_COLUMNS:
            size = math.ceil(len(cols) / MAX_COLUMNS)
            cols = [
                (f"¶{chunk[0][1][0].paragraph + 1}–{chunk[-1][1][0].paragraph + 1}", [s for _, ss in chunk for s in ss])
                for chunk in (cols[i : i + size] for i in range(0, len(cols), size))
            ]
        return cols
    cols: list[tuple[str, list[Segment]]] = []
    keys: list[Any] = []
    question = 0
    seen_turn = False
    for s in segs:
        key = ("turn", s.turn) if s.turn is not None else ("run",)
        inside = s.type == "caption" and keys and keys[-1][0] == "turn"
        if keys and (keys[-1] == key or inside):  # a photo caption counts in the turn it stands in
            cols[-1][1].append(s)
            continue
        if s.turn is not None:
            seen_turn = True
            if s.type == "question":
                question += 1
            label = f"{'Q' if s.type == 'question' else 'A'}{question}"
        else:
            label = "intro" if not seen_turn else s.type
        keys.append(key)
        cols.append((label, [s]))
    return cols


def turn_matrix(view: DocumentView) -> tuple[list[str], list[list[int]]]:
    """Column labels and theme-by-column sentence counts of the theme-along-the-text chart."""
    cols = _columns(view)
    index: dict[str, int] = {}
    for j, (_, ss) in enumerate(cols):
        for s in ss:
            index[s.id] = j
    themes = theme_rows()
    pos = {t: i for i, t in enumerate(themes)}
    matrix = [[0] * len(cols) for _ in themes]
    for sent in view.sentences:
        seg = view.segment_at(sent.start)
        if seg is None or seg.id not in index:
            continue
        for t in sent.themes:
            if t in pos:
                matrix[pos[t]][index[seg.id]] += 1
    return [label for label, _ in cols], matrix


def mention_counts(views: Sequence[DocumentView]) -> dict[str, dict[str, list[int]]]:
    """``{label: {text: [gold count, predicted count]}}`` with the texts' whitespace normalised."""
    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for view in views:
        for side, ms in ((0, view.gold_entities), (1, view.pred_entities)):
            for m in ms or ():
                out[m.label][" ".join(m.text.split())][side] += 1
    return out


def merged(view: DocumentView, label: str) -> list[tuple[int, int, str, bool, bool, Mapping[str, Any] | None]]:
    """Mentions of ``label`` in gold and prediction, one row per distinct span."""
    rows: dict[tuple[int, int], list[Any]] = {}
    for m in view.gold_entities or ():
        if m.label == label:
            rows[(m.start, m.end)] = [m.start, m.end, m.text, True, False, None]
    for m in view.pred_entities or ():
        if m.label == label:
            row = rows.setdefault((m.start, m.end), [m.start, m.end, m.text, False, False, None])
            row[4] = True
            row[5] = m.attrs
    return [tuple(r) for _, r in sorted(rows.items())]  # type: ignore[misc]
