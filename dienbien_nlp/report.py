"""The corpus report: self-contained HTML pages with the annotated texts, charts and results.

:func:`render_report` returns the pages by file name: ``index.html`` (the
document index, the corpus-wide theme and entity charts and tables, and the
evaluation results) and one ``doc-<id>.html`` per document (the text segment by
segment with speakers, entities highlighted in the displaCy style, each
sentence's themes as tags, the theme-by-turn chart and the document's entity
tables). :func:`write_report` writes them atomically.

Every page stands alone: styles, scripts, the font (a Latin and Vietnamese
subset of DejaVu Sans, the charts' font, as WOFF) and the chart images
(matplotlib PNGs) are inline as ``data:`` URIs, and a Content-Security-Policy
forbids loading anything else, so the report works offline and can be mailed
as one file. Gold annotations are shown as filled
highlights and tags; the pipeline's predictions as dashed underlines and
outlined tags, so the two can be told apart. Every figure and table is computed
here from the data, never typed by hand.

Example:
    >>> import dienbien_nlp
    >>> from dienbien_nlp.corpus import load_corpus
    >>> pages = render_report(load_corpus("corpus"), dienbien_nlp.load(), annotations_dir="annotations",
    ...                       eval_entities=None, eval_themes=None, agreement=None)  # doctest: +SKIP
    >>> sorted(pages)[0]  # doctest: +SKIP
    'doc-dcsvn-2024-06-28-dien-bien-interview.html'
    >>> write_report("build/report", pages)  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import bisect
import contextlib
import functools
import html
import io
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .annotation.records import entity_path, load_entities, load_themes, read_record, theme_path
from .corpus.documents import Document
from .errors import DienbienError, Errors
from .schema import entity_label, entity_labels, load_schema, theme_ids
from .corpus.structure import INTERVIEWER, Segment, segment_document
from .textio import atomic_write_text, read_text, loads_json

__all__ = [
    "INDEX_PAGE",
    "CHART_FONT",
    "chart_bars",
    "chart_heatmap",
    "chart_intervals",
    "chart_stacked",
    "DocumentView",
    "Mention",
    "SentenceView",
    "analyse_document",
    "chart_font_path",
    "doc_page_name",
    "read_json_input",
    "render_report",
    "report_from_paths",
    "write_report",
]

INDEX_PAGE = "index.html"
#: The chart font. DejaVu Sans ships with matplotlib and has every Vietnamese letter and tone mark.
CHART_FONT = "DejaVu Sans"
#: The systems of the entity evaluation, in the order the report shows them (others follow).
ENTITY_SYSTEMS = ("underthesea", "rules", "crf", "pipeline")
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
TOP_ENTITIES = 10

# Nothing may be fetched: images only as data URIs, styles and scripts only inline.
CSP = (
    "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)


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
    exist (no gold file; no entity component in the pipeline).
    """

    doc: Document
    segments: tuple[Segment, ...]
    sentences: tuple[SentenceView, ...]
    gold_entities: tuple[Mention, ...] | None
    pred_entities: tuple[Mention, ...] | None
    gold_themes: bool
    pred_themes: bool

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
        i = bisect.bisect_right(self._seg_starts, offset) - 1
        if i >= 0 and self.segments[i].start <= offset < self.segments[i].end:
            return self.segments[i]
        return None


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


def _has_entity_component(nlp: Any) -> bool:
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
    for sent in sdoc.sents:
        toks = [t for t in sent if not t.is_space]
        if not toks:
            continue
        trimmed = sdoc[toks[0].i : toks[-1].i + 1]
        themes = _span_themes(sent)
        if themes is None:  # a component may have set them on the trimmed sentence (content_sents)
            themes = _span_themes(trimmed)
        sents.append((trimmed.start_char, trimmed.end_char, themes))
    return ents, sents


def _sentence_views(
    gold: list[tuple[int, int, tuple[str, ...]]] | None,
    pred: list[tuple[int, int, tuple[str, ...] | None]],
) -> tuple[SentenceView, ...]:
    order = {t: i for i, t in enumerate(theme_ids())}

    def sort(themes: set[str] | Sequence[str]) -> tuple[str, ...]:
        return tuple(sorted(set(themes), key=lambda t: (order.get(t, len(order)), t)))

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
    return DocumentView(
        doc=doc,
        segments=tuple(segment_document(doc)),
        sentences=_sentence_views(gold_sents, pred_sents),
        gold_entities=_gold_entities(doc, root),
        pred_entities=pred_ents,
        gold_themes=gold_sents is not None,
        pred_themes=any(th is not None for _, _, th in pred_sents),
    )


# ---------------------------------------------------------------- small helpers


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _num(value: Any, digits: int = 3) -> str:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (isinstance(value, float) and math.isnan(value))
    ):
        return "—"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _f(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return None if isinstance(value, float) and math.isnan(value) else float(value)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@functools.lru_cache(maxsize=1)
def _theme_info() -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in load_schema()["themes"]}


def _theme_name(theme: str) -> str:
    info = _theme_info().get(theme)
    return info["name_vi"] if info else theme


@functools.lru_cache(maxsize=1)
def _theme_colours() -> dict[str, str]:
    import matplotlib
    from matplotlib.colors import to_hex

    cmap = matplotlib.colormaps["tab20"]
    return {t: to_hex(cmap(i % 20)) for i, t in enumerate(theme_ids())}


def _label_colour(label: str) -> str:
    try:
        return str(entity_label(label).get("color") or "#bbbbbb")
    except StopIteration:
        return "#bbbbbb"


def _ink(colour: str) -> str:
    """Dark or white text, whichever reads better on ``colour`` (``#rrggbb``)."""
    try:
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    except ValueError:
        return "#1d1d1f"
    return "#1d1d1f" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.6 else "#ffffff"


def _label_name(label: str) -> str:
    try:
        return str(entity_label(label).get("name_vi") or label)
    except StopIteration:
        return label


def _labels_in(*mention_sets: Sequence[Mention] | None) -> list[str]:
    known = list(entity_labels())
    extra = sorted({m.label for ms in mention_sets if ms for m in ms} - set(known))
    return known + extra


def _speaker_name(view: DocumentView, speaker: str | None) -> str:
    if speaker is None:
        return "(no speaker)"
    if speaker == INTERVIEWER:
        who = view.doc.meta.interviewer
        return f"PV – {who}" if who else "PV (interviewer)"
    return speaker


def _plain(value: Any) -> str:
    """A JSON value as readable, escaped text (``a 1, b 2`` for objects, ``0, 1`` for lists)."""
    if isinstance(value, dict):
        return ", ".join(f"{_e(k)} {_plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    return _num(value) if isinstance(value, float) else _e(value)


def _note(text: str) -> str:
    return f'<p class="note">{_e(text)}</p>'


# ---------------------------------------------------------------- charts


def chart_font_path() -> str:
    """Path of the chart font file (:data:`CHART_FONT`), found by matplotlib without fallback.

    Example:
        >>> chart_font_path().endswith("DejaVuSans.ttf")
        True
    """
    from matplotlib import font_manager

    return font_manager.findfont(font_manager.FontProperties(family=CHART_FONT), fallback_to_default=False)


@contextlib.contextmanager
def _chart_style() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [CHART_FONT],
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "dienbien",
        }
    ):
        yield


def _figure(width: float, height: float) -> Any:
    # The object API with an Agg canvas: no pyplot state, no GUI backend, safe in threads and tests.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    # No software/date metadata: the same data gives the same bytes.
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _charted(fn: Callable[..., Any]) -> Callable[..., str | None]:
    """Run a figure-drawing function under the report's chart style and return a data URI (or ``None``)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> str | None:
        with _chart_style():
            fig = fn(*args, **kwargs)
            return None if fig is None else _png(fig)

    return wrapper


@_charted
def chart_heatmap(
    rows: Sequence[str],
    cols: Sequence[str],
    matrix: Sequence[Sequence[float]],
    *,
    title: str,
    xlabel: str,
    cbar: str = "sentences",
    fmt: str = "{:.0f}",
) -> Any:
    """A row-by-column heat map with the values written in non-empty cells."""
    if not rows or not cols or not any(v for r in matrix for v in r):
        return None
    import matplotlib
    import numpy as np

    data = np.array(matrix, dtype=float)
    fig = _figure(min(2.2 + 0.42 * len(cols), 13), 0.8 + 0.26 * len(rows))
    ax = fig.add_subplot()
    cmap = matplotlib.colormaps["YlGnBu"].with_extremes(bad="white")
    im = ax.imshow(
        np.ma.masked_equal(data, 0), aspect="auto", cmap=cmap, vmin=0, vmax=max(data.max(), 1), interpolation="nearest"
    )
    ax.set_yticks(range(len(rows)), rows)
    upright = len(cols) <= 20 and max(len(c) for c in cols) <= 6
    ax.set_xticks(range(len(cols)), cols, rotation=0 if upright else 90)
    ax.set_xticks([x + 0.5 for x in range(len(cols) - 1)], minor=True)
    ax.grid(which="minor", axis="x", color="#eeeeee", linewidth=0.8)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    ax.spines[:].set_visible(False)
    if len(cols) <= 40:
        top = data.max() or 1
        for i in range(data.shape[0]):
            for j in range(data.shape[1]):
                if data[i, j]:
                    ax.text(
                        j,
                        i,
                        fmt.format(data[i, j]),
                        ha="center",
                        va="center",
                        fontsize=7,
                        color="white" if data[i, j] > 0.6 * top else "black",
                    )
    from matplotlib.ticker import MaxNLocator

    bar = fig.colorbar(im, ax=ax, label=cbar, fraction=0.03, pad=0.01)
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    return fig


@_charted
def chart_stacked(rows: Sequence[str], groups: Mapping[str, Sequence[float]], *, title: str, xlabel: str) -> Any:
    """Horizontal bars, one per row, stacked by group (e.g. themes by speaker)."""
    if not rows or not any(v for vals in groups.values() for v in vals):
        return None
    import matplotlib

    fig = _figure(8.5, 0.9 + 0.27 * len(rows))
    ax = fig.add_subplot()
    left = [0.0] * len(rows)
    cmap = matplotlib.colormaps["Set2"]
    for k, (name, vals) in enumerate(groups.items()):
        ax.barh(range(len(rows)), vals, left=left, label=name, color=cmap(k % 8), edgecolor="white", linewidth=0.5)
        left = [a + b for a, b in zip(left, vals, strict=True)]
    ax.set_yticks(range(len(rows)), rows)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return fig


@_charted
def chart_bars(
    rows: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    title: str,
    xlabel: str,
    errors: Mapping[str, Sequence[tuple[float, float] | None]] | None = None,
    xlim: tuple[float, float] | None = None,
    colours: Mapping[str, str] | None = None,
    values: bool = False,
) -> Any:
    """Horizontal grouped bars: one group per row, one bar per series, optional CI whiskers."""
    if not rows or not series or not any(v for vals in series.values() for v in vals if v is not None):
        return None
    import matplotlib

    n = len(series)
    height = 0.8 / n
    fig = _figure(8.5, 0.9 + max(0.22 * n, 0.3) * len(rows))
    ax = fig.add_subplot()
    cmap = matplotlib.colormaps["tab10"]
    for k, (name, vals) in enumerate(series.items()):
        ys = [i - 0.4 + height * (k + 0.5) for i in range(len(rows))]
        xs = [v if v is not None else 0.0 for v in vals]
        colour = (colours or {}).get(name, cmap(k % 10))
        bars = ax.barh(ys, xs, height=height * 0.92, label=name, color=colour)
        errs = (errors or {}).get(name)
        if errs:
            lo = [max(x - e[0], 0) if e else 0 for x, e in zip(xs, errs, strict=True)]
            hi = [max(e[1] - x, 0) if e else 0 for x, e in zip(xs, errs, strict=True)]
            ax.errorbar(xs, ys, xerr=[lo, hi], fmt="none", ecolor="#333333", elinewidth=0.8, capsize=2)
        if values:
            ax.bar_label(
                bars,
                labels=[
                    (f"{v:.2f}" if isinstance(v, float) and not float(v).is_integer() else f"{v:.0f}")
                    if v is not None
                    else "n/a"
                    for v in vals
                ],
                padding=2,
                fontsize=7,
            )
    ax.set_yticks(range(len(rows)), rows)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    if xlim:
        ax.set_xlim(*xlim)
    ax.set_title(title, loc="left")
    if n > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig


@_charted
def chart_intervals(
    names: Sequence[str],
    panels: Mapping[str, Sequence[tuple[float | None, float | None, float | None]]],
    *,
    title: str,
    highlight: Sequence[bool] = (),
) -> Any:
    """Point estimates with confidence intervals, one panel per measure (e.g. micro and macro F1)."""
    if not names or not any(m is not None for vals in panels.values() for m, _, _ in vals):
        return None
    fig = _figure(8.5, 1.2 + 0.32 * len(names))
    axes = fig.subplots(1, len(panels), sharey=True, squeeze=False)[0]
    for ax, (panel, vals) in zip(axes, panels.items(), strict=True):
        for i, (mean, lo, hi) in enumerate(vals):
            if mean is None:
                continue
            colour = "#1f77b4" if (highlight[i] if i < len(highlight) else True) else "#999999"
            err = [[max(mean - lo, 0)], [max(hi - mean, 0)]] if lo is not None and hi is not None else None
            ax.errorbar([mean], [i], xerr=err, fmt="o", color=colour, ecolor=colour, capsize=3, markersize=5)
            ax.annotate(_num(mean, 2), (mean, i), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
        ax.set_xlim(0, 1)
        ax.set_ylim(len(names) - 0.5, -0.7)
        ax.set_title(f"{panel} — {title}" if ax is axes[0] and title else panel, loc="left")
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_yticks(range(len(names)), names)
    return fig


# ---------------------------------------------------------------- counting


def _theme_rows() -> list[str]:
    return list(theme_ids())


def _counts_by(
    views: Sequence[DocumentView], key: Callable[[DocumentView, SentenceView], str]
) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for view in views:
        for sent in view.sentences:
            for t in sent.themes:
                out[key(view, sent)][t] += 1
    return out


def _cap_counts(views: Sequence[DocumentView]) -> Counter[tuple[int, str]]:
    """Sentences per CAP major topic (a sentence counts once per topic, however many of its themes map there)."""
    info = _theme_info()
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


def _turn_matrix(view: DocumentView) -> tuple[list[str], list[list[int]]]:
    cols = _columns(view)
    index: dict[str, int] = {}
    for j, (_, ss) in enumerate(cols):
        for s in ss:
            index[s.id] = j
    themes = _theme_rows()
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


# ---------------------------------------------------------------- page frame

#: Code points of the inline page font: Latin, Vietnamese (precomposed and combining), punctuation, symbols.
FONT_RANGES = (
    (0x20, 0x7E), (0xA0, 0x17F), (0x1A0, 0x1B0), (0x300, 0x36F), (0x3BA, 0x3BA),
    (0x1EA0, 0x1EF9), (0x2010, 0x2027), (0x2190, 0x2193), (0x2713, 0x2713), (0x2717, 0x2717),
)  # fmt: skip


@functools.lru_cache(maxsize=1)
def _font_css() -> str:
    """``@font-face`` rules with the chart font's regular and bold faces, subset and inline as WOFF.

    The text then looks the same on every machine, with every Vietnamese letter, and nothing is fetched.
    The name table (copyright and licence) is kept, as the DejaVu/Bitstream Vera licence asks.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    regular = Path(chart_font_path())
    unicodes = [c for lo, hi in FONT_RANGES for c in range(lo, hi + 1)]
    rules = []
    for weight, path in (("normal", regular), ("bold", regular.with_name("DejaVuSans-Bold.ttf"))):
        if not path.exists():
            continue
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.hinting = False
        options.drop_tables += ["FFTM"]
        options.flavor = "woff"
        font = TTFont(str(path), recalcTimestamp=False)  # same input, same bytes
        subsetter = subset.Subsetter(options=options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        font.flavor = "woff"
        buf = io.BytesIO()
        font.save(buf)
        data = base64.b64encode(buf.getvalue()).decode("ascii")
        rules.append(
            f'@font-face{{font-family:"DienbienReport";font-weight:{weight};font-style:normal;'
            f'src:url(data:font/woff;base64,{data}) format("woff")}}'
        )
    return "\n".join(rules)


CSS = """
:root{--ink:#1d1d1f;--muted:#5f6368;--line:#e3e3e8;--bg:#fafafa;--accent:#b3261e}
*{box-sizing:border-box}
body{margin:0;font-family:"DienbienReport","DejaVu Sans","Noto Sans","Segoe UI",Roboto,Arial,sans-serif;
  color:var(--ink);background:var(--bg);line-height:1.55}
header.top{background:#7a1712;color:#fff;padding:1rem 2rem}
header.top a{color:#ffe9a8}
header.top h1{margin:.2rem 0;font-size:1.45rem}
header.top .sub{opacity:.9;font-size:.9rem}
nav.toc{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);
  padding:.45rem 2rem;font-size:.9rem}
nav.toc a{margin-right:1.1rem;color:var(--accent);text-decoration:none}
main{max-width:1120px;margin:0 auto;padding:1rem 2rem 4rem}
section{margin:2rem 0}
h2{border-bottom:2px solid var(--accent);padding-bottom:.2rem;font-size:1.3rem}
h3{font-size:1.05rem;margin-top:1.6rem}
.note{color:var(--muted);font-style:italic;font-size:.92rem}
table{border-collapse:collapse;font-size:.86rem;margin:.5rem 0 1rem;background:#fff}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f1f4}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
th.group{text-align:center;border-bottom:2px solid var(--accent)}
.scroll{overflow-x:auto;max-width:100%}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1rem}
.grid table{width:100%}
figure{margin:1rem 0;background:#fff;border:1px solid var(--line);padding:.5rem}
figure img{max-width:100%;height:auto;display:block}
figcaption{font-size:.85rem;color:var(--muted);margin-top:.3rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;font-size:.9rem}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0}
.legend{background:#fff;border:1px solid var(--line);padding:.6rem .8rem;font-size:.88rem;line-height:2.2}
.legend .controls{line-height:1.6;margin-top:.3rem}
.legend label{margin-right:1rem;white-space:nowrap}
.segment{background:#fff;border:1px solid var(--line);border-left:4px solid #c9c9d1;margin:.7rem 0;padding:.5rem .9rem}
.segment.question{border-left-color:#b3261e;background:#fff8f6}
.segment.answer{border-left-color:#1a73e8}
.segment.title{font-size:1.25rem;font-weight:bold}
.segment.caption{font-style:italic;background:#f6f6f6}
.seg-head{font-size:.75rem;color:var(--muted);margin-bottom:.2rem;letter-spacing:.02em}
.seg-head .type{text-transform:uppercase;font-weight:bold;margin-right:.5rem}
.seg-head .speaker{font-weight:bold;color:var(--ink)}
.seg-text{white-space:pre-wrap;line-height:2.3}
b.spk{color:#7a1712}
mark.entity{padding:.2em .35em;margin:0 .1em;line-height:1;border-radius:.35em;color:inherit;
  box-decoration-break:clone;-webkit-box-decoration-break:clone}
.ent-label{font-size:.62em;font-weight:bold;line-height:1;border-radius:.3em;vertical-align:middle;
  margin-left:.35rem;padding:.1em .3em;font-style:normal;text-transform:uppercase}
.pred{border-bottom:3px dashed var(--c);padding-bottom:1px}
.pred-label{font-size:.58em;font-weight:bold;color:var(--c);vertical-align:sub;margin-left:.15em;font-style:normal}
.tags{white-space:normal}
.tag{display:inline-block;font-size:.68rem;line-height:1.3;border:1.5px solid var(--c);border-radius:1em;
  padding:0 .45em;margin:0 .12em;vertical-align:middle;font-style:normal;font-weight:normal;color:#222;background:#fff}
.tag.gold{background:var(--bg)}
.tag.pred:not(.gold){border-style:dashed}
.tag.gold.pred::after{content:" ✓";font-weight:bold}
.tag.miss::after{content:" ✗"}
body.hide-gold-ents mark.entity.gold{background:none!important;padding:0;margin:0}
body.hide-gold-ents mark.entity.gold>.ent-label{display:none}
body.hide-pred-ents .pred{border-bottom:none}
body.hide-pred-ents .pred-label{display:none}
body.hide-themes .tags{display:none}
details summary{cursor:pointer;color:var(--accent)}
input{font:inherit}
a{color:var(--accent)}
.pill{display:inline-block;border-radius:.3em;padding:0 .35em;font-size:.8em;font-weight:bold}
footer{color:var(--muted);font-size:.8rem;text-align:center;padding:2rem}
"""

# Records script errors, failed resources and policy violations on <html data-js-errors>, so that a
# headless browser test can read them back from the dumped DOM.
ERROR_PROBE = """(function(){var h=document.documentElement,errs=[];
function rec(m){errs.push(String(m));h.setAttribute('data-js-errors',errs.join(' | '));}
window.addEventListener('error',function(e){var t=e.target;
  rec(e.message||('resource failed: '+((t&&(t.src||t.href))||'?').slice(0,80)));},true);
window.addEventListener('unhandledrejection',function(e){rec('unhandled rejection: '+e.reason);});
document.addEventListener('securitypolicyviolation',function(e){rec('blocked by policy: '+e.blockedURI);});
var ce=console.error;
console.error=function(){rec(Array.prototype.join.call(arguments,' '));return ce.apply(console,arguments);};
window.addEventListener('load',function(){var imgs=document.images,ok=0;
for(var i=0;i<imgs.length;i++){if(imgs[i].complete&&imgs[i].naturalWidth>0){ok++;}
  else{rec('image not decoded: '+(imgs[i].alt||i));}}
h.setAttribute('data-images',ok+'/'+imgs.length);});
})();"""

TOGGLES = """(function(){var b=document.body;
document.querySelectorAll('input[data-toggle]').forEach(function(cb){
var f=function(){b.classList.toggle(cb.getAttribute('data-toggle'),!cb.checked);};
cb.addEventListener('change',f);f();});
var q=document.getElementById('doc-filter');
function fold(t){return t.normalize('NFD').replace(/[\u0300-\u036f]/g,'').replace(/[đĐ]/g,'d').toLowerCase();}
if(q){q.addEventListener('input',function(){var w=fold(q.value);
  document.querySelectorAll('table.documents tbody tr').forEach(function(tr){
    tr.style.display=fold(tr.textContent).indexOf(w)<0?'none':'';});});}
document.documentElement.setAttribute('data-report-ready','1');})();"""


def _page(title: str, header: str, nav: Sequence[tuple[str, str]], body: str) -> str:
    links = "".join(f'<a href="{_e(href)}">{_e(text)}</a>' for href, text in nav)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<script>{ERROR_PROBE}</script>\n<style>{_font_css()}\n{CSS}</style>\n</head>\n<body>\n"
        f'<header class="top">{header}</header>\n<nav class="toc">{links}</nav>\n<main>\n{body}\n</main>\n'
        "<footer>Made by dienbien-nlp from the corpus, the annotations and the evaluation files; "
        "every figure is computed, none typed by hand.</footer>\n"
        f"<script>{TOGGLES}</script>\n</body>\n</html>\n"
    )


def _figure_html(uri: str | None, alt: str, caption: str, empty: str) -> str:
    if uri is None:
        return _note(empty)
    return f'<figure><img src="{uri}" alt="{_e(alt)}"><figcaption>{_e(caption)}</figcaption></figure>'


def _table(
    head: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int] = (),
    cls: str = "",
    groups: Sequence[tuple[str, int]] = (),
) -> str:
    """An HTML table; cells are given already escaped (they may hold markup). ``groups``: a header row of spans."""
    num = set(numeric)
    pre = "<tr>" + "".join(f'<th colspan="{n}" class="group">{g}</th>' for g, n in groups) + "</tr>" if groups else ""
    right = ' class="n"'
    th = "".join(f"<th{right if i in num else ''}>{h}</th>" for i, h in enumerate(head))
    trs = [
        "<tr>" + "".join(f"<td{right if i in num else ''}>{cell}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    ]
    attr = f' class="{cls}"' if cls else ""
    table = f"<table{attr}><thead>{pre}<tr>{th}</tr></thead><tbody>{''.join(trs)}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def _best(cell: str) -> str:
    return f"<b>{cell}</b>"


def _pill(label: str) -> str:
    colour = _label_colour(label)
    return f'<span class="pill" style="background:{_e(colour)};color:{_ink(colour)}">{_e(label)}</span>'


# ---------------------------------------------------------------- the text


def _tags(sent: SentenceView, pred_known: bool) -> str:
    gold = set(sent.gold or ())
    pred = set(sent.pred or ())
    themes = [t for t in (*(sent.gold or ()), *(sent.pred or ())) if t in gold | pred]
    if not themes:
        return ""
    order = {t: i for i, t in enumerate(theme_ids())}
    colours = _theme_colours()
    out = []
    for t in sorted(set(themes), key=lambda t: (order.get(t, len(order)), t)):
        info = _theme_info().get(t, {})
        classes = ["tag"] + (["gold"] if t in gold else []) + (["pred"] if t in pred else [])
        if t in gold and t not in pred and pred_known and sent.pred is not None:
            classes.append("miss")
        sides = " and ".join(s for s, on in (("gold", t in gold), ("predicted", t in pred)) if on)
        cap = (
            f"CAP {info.get('cap_code')} {info.get('cap_name')}"
            if info.get("cap_code") is not None
            else f"CAP {info.get('cap_name', '?')}"
        )
        colour = colours.get(t, "#888888")
        out.append(
            f'<span class="{" ".join(classes)}" data-theme="{_e(t)}" style="--c:{colour};--bg:{colour}33" '
            f'title="{_e(f"{t} · {cap} · {sides}")}">{_e(_theme_name(t))}</span>'
        )
    return f'<span class="tags">{"".join(out)}</span>'


def _covering(spans: Sequence[Any], a: int, b: int) -> int | None:
    for k, s in enumerate(spans):
        if s.start <= a and b <= s.end:
            return k
    return None


def _render_segment(view: DocumentView, seg: Segment, next_start: int | None) -> str:
    text = view.doc.text
    s0, s1 = seg.start, seg.end
    sents = view.overlapping("sentences", s0, s1)
    gold = view.overlapping("gold", s0, s1)
    pred = view.overlapping("pred", s0, s1)
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
    pred_known = view.pred_themes

    def plain(i: int) -> str:
        a, b = pieces[i]
        body = _e(text[a:b])
        return f'<b class="spk">{body}</b>' if b <= seg.label_end and seg.label_end > s0 else body

    def runs(lo: int, hi: int, of: list[int | None]) -> Iterator[tuple[int, int, int | None]]:
        i = lo
        while i < hi:
            j = i
            while j < hi and of[j] == of[i]:
                j += 1
            yield i, j, of[i]
            i = j

    def pred_level(lo: int, hi: int) -> str:
        out = []
        for i, j, k in runs(lo, hi, pred_of):
            inner = "".join(plain(x) for x in range(i, j))
            if k is None:
                out.append(inner)
                continue
            m = pred[k]
            colour = _label_colour(m.label)
            label = f'<span class="pred-label">{_e(m.label)}</span>' if pieces[j - 1][1] == m.end else ""
            out.append(
                f'<span class="pred" data-label="{_e(m.label)}" data-start="{m.start}" data-end="{m.end}" '
                f'style="--c:{_e(colour)}" title="{_e(f"predicted {m.label}")}">{inner}{label}</span>'
            )
        return "".join(out)

    def gold_level(lo: int, hi: int) -> str:
        out = []
        for i, j, k in runs(lo, hi, gold_of):
            inner = pred_level(i, j)
            if k is None:
                out.append(inner)
                continue
            m = gold[k]
            colour = _label_colour(m.label)
            badge = f"background:{colour};color:{_ink(colour)}"
            label = (
                f'<span class="ent-label" style="{_e(badge)}">{_e(m.label)}</span>' if pieces[j - 1][1] == m.end else ""
            )
            out.append(
                f'<mark class="entity gold" data-label="{_e(m.label)}" data-start="{m.start}" data-end="{m.end}" '
                f'style="background:{_e(colour)}40" title="{_e(f"gold {m.label} ({_label_name(m.label)})")}">'
                f"{inner}{label}</mark>"
            )
        return "".join(out)

    out = []
    for i, j, k in runs(0, len(pieces), sent_of):
        inner = gold_level(i, j)
        if k is None:
            out.append(inner)
            continue
        sent = sents[k]
        out.append(f'<span class="sent" data-start="{sent.start}" data-end="{sent.end}">{inner}</span>')
        # A sentence's tags follow its end: here, unless it goes on into the next segment.
        if sent.end <= s1 or next_start is None or next_start >= sent.end:
            out.append(_tags(sent, pred_known))
    head = [f'<span class="type">{_e(SEGMENT_NAMES.get(seg.type, seg.type))}</span>']
    if seg.speaker is not None:
        head.append(f'<span class="speaker">{_e(_speaker_name(view, seg.speaker))}</span>')
    if seg.turn is not None:
        head.append(f" · turn {seg.turn + 1}")
    return (
        f'<div class="segment {_e(seg.type)}" id="seg-{_e(seg.id)}" data-segment="{_e(seg.id)}">'
        f'<div class="seg-head">{"".join(head)}</div><div class="seg-text">{"".join(out)}</div></div>'
    )


def _legend(view: DocumentView) -> str:
    labels = _labels_in(view.gold_entities, view.pred_entities)
    items = []
    for lab in labels:
        colour = _label_colour(lab)
        items.append(
            f'<mark class="entity gold-sample" style="background:{_e(colour)}40">{_e(_label_name(lab))}'
            f'<span class="ent-label" style="background:{_e(colour)};color:{_ink(colour)}">{_e(lab)}</span></mark>'
        )
    sample = "economy"
    colour = _theme_colours().get(sample, "#888")
    style = f'style="--c:{colour};--bg:{colour}33"'
    name = _e(_theme_name(sample))
    sides = []
    if view.gold_entities is not None:
        sides.append("filled highlight = gold entity")
    if view.pred_entities is not None:
        sides.append('<span class="pred" style="--c:#555">dashed underline</span> = predicted entity')
    variants = []
    if view.gold_themes:
        variants.append(("tag gold", "gold"))
    if view.pred_themes:
        variants.append(("tag pred", "predicted only" if view.gold_themes else "predicted"))
    if view.gold_themes and view.pred_themes:
        variants += [("tag gold pred", "gold and predicted"), ("tag gold miss", "gold, not predicted")]
    themes = "Themes: " + (
        " · ".join(f'<span class="{cls}" {style}>{name}</span> {what}' for cls, what in variants) or "none"
    )
    layers = (
        ("hide-gold-ents", "gold entities", view.gold_entities is not None),
        ("hide-pred-ents", "predicted entities", view.pred_entities is not None),
        ("hide-themes", "themes", view.gold_themes or view.pred_themes),
    )
    controls = [
        f'<label><input type="checkbox" checked data-toggle="{cls}"> {what}</label>' for cls, what, on in layers if on
    ]
    return (
        f'<div class="legend" id="legend"><div>Entities: {"".join(items)}</div>'
        f"<div>{' · '.join(sides) or 'no entity annotations'}</div><div>{themes}</div>"
        f'<div class="controls">Show: {"".join(controls)}</div></div>'
    )


# ---------------------------------------------------------------- sections shared by pages


def _theme_charts(views: Sequence[DocumentView], scope: str) -> str:
    rows = _theme_rows()
    names = [_theme_name(t) for t in rows]
    parts = []
    by_speaker = _counts_by(views, lambda v, s: _speaker_name(v, (v.segment_at(s.start) or _NOSEG).speaker))
    by_type = _counts_by(views, lambda v, s: SEGMENT_NAMES.get((v.segment_at(s.start) or _NOSEG).type, "other"))
    if len(by_speaker) > 8:  # keep the legend readable on a large corpus
        top = [k for k, _ in Counter({k: sum(c.values()) for k, c in by_speaker.items()}).most_common(7)]
        other: Counter[str] = Counter()
        for k in list(by_speaker):
            if k not in top:
                other += by_speaker.pop(k)
        by_speaker["other speakers"] = other
    if not any(seg.speaker for v in views for seg in v.segments):
        parts.append(_note("No speaker turns, so no theme counts by speaker."))
    else:
        parts.append(
            _figure_html(
                chart_stacked(
                    names,
                    {k: [c[t] for t in rows] for k, c in by_speaker.items()},
                    title=f"Theme counts by speaker ({scope})",
                    xlabel="sentences",
                ),
                "Theme counts by speaker",
                "Sentences carrying each theme, stacked by who speaks them.",
                "No themes to count by speaker.",
            )
        )
    type_order = [SEGMENT_NAMES[t] for t in SEGMENT_NAMES if SEGMENT_NAMES[t] in by_type] + sorted(
        set(by_type) - set(SEGMENT_NAMES.values())
    )
    parts.append(
        _figure_html(
            chart_stacked(
                names,
                {k: [by_type[k][t] for t in rows] for k in type_order},
                title=f"Theme counts by segment type ({scope})",
                xlabel="sentences",
            ),
            "Theme counts by segment type",
            "Sentences carrying each theme, stacked by the kind of paragraph they are in.",
            "No themes to count by segment type.",
        )
    )
    cap = _cap_counts(views)
    total = sum(len(v.sentences) for v in views)
    cap_rows = sorted(cap)
    parts.append(
        _figure_html(
            chart_bars(
                [f"{c} {n}" if c != 999 else f"{n} (no CAP topic)" for c, n in cap_rows],
                {"sentences": [cap[k] for k in cap_rows]},
                title=f"CAP major topics ({scope})",
                xlabel="sentences",
                values=True,
            ),
            "CAP topic distribution",
            f"Sentences per Comparative Agendas Project major topic (of {total} sentences; a sentence counts once per "
            "topic, and may have several).",
            "No themes, so no CAP topics.",
        )
    )
    return "".join(parts)


_NOSEG = Segment(id="", type="other", start=0, end=0, text="")


def _mention_counts(views: Sequence[DocumentView]) -> dict[str, dict[str, list[int]]]:
    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for view in views:
        for side, ms in ((0, view.gold_entities), (1, view.pred_entities)):
            for m in ms or ():
                out[m.label][" ".join(m.text.split())][side] += 1
    return out


def _entity_sections(views: Sequence[DocumentView], link: Callable[[DocumentView, int], str]) -> str:
    has_gold = any(v.gold_entities is not None for v in views)
    has_pred = any(v.pred_entities is not None for v in views)
    if not has_gold and not has_pred:
        return _note("No entity annotations: no gold entity file and no entity component in the pipeline.")
    parts = []
    labels = _labels_in(*(v.gold_entities for v in views), *(v.pred_entities for v in views))
    totals_g = Counter(m.label for v in views for m in v.gold_entities or ())
    totals_p = Counter(m.label for v in views for m in v.pred_entities or ())
    series: dict[str, list[float | None]] = {}
    colours = {}
    if has_gold:
        series["gold"] = [totals_g[lab] for lab in labels]
        colours["gold"] = "#7a1712"
    if has_pred:
        series["predicted"] = [totals_p[lab] for lab in labels]
        colours["predicted"] = "#1a73e8"
    parts.append(
        _figure_html(
            chart_bars(
                [f"{lab} ({_label_name(lab)})" for lab in labels],
                series,
                title="Entity mentions per label",
                xlabel="mentions",
                colours=colours,
                values=True,
            ),
            "Entity mentions per label",
            "Mentions per label in the gold and in the pipeline's predictions.",
            "No entity mentions.",
        )
    )
    counts = _mention_counts(views)
    tables = []
    for lab in labels:
        items = sorted(counts.get(lab, {}).items(), key=lambda kv: (-max(kv[1]), -kv[1][0], kv[0]))
        if not items:
            continue
        rows = [
            [_e(t), _num(g) if has_gold else "—", _num(p) if has_pred else "—"] for t, (g, p) in items[:TOP_ENTITIES]
        ]
        more = f" (top {TOP_ENTITIES} of {len(items)})" if len(items) > TOP_ENTITIES else ""
        tables.append(
            f"<div><h4>{_pill(lab)} {_e(_label_name(lab))}{_e(more)}</h4>"
            f"{_table(['entity', 'gold', 'predicted'], rows, (1, 2))}</div>"
        )
    parts.append(
        "<h3>Most frequent entities per label</h3>"
        + (f'<div class="grid">{"".join(tables)}</div>' if tables else _note("No entities."))
    )
    parts.append(_resolution_table(views, link, has_pred))
    parts.append(_place_table(views, link, has_pred))
    return "".join(parts)


def _merged(view: DocumentView, label: str) -> list[tuple[int, int, str, bool, bool, Mapping[str, Any] | None]]:
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


def _field(attrs: Mapping[str, Any] | None, key: str) -> str:
    value = (attrs or {}).get(key)
    return "—" if value in (None, "") else _e(value)


def _mark(on: bool) -> str:
    return "✓" if on else ""


def _resolution_table(views: Sequence[DocumentView], link: Callable[[DocumentView, int], str], has_pred: bool) -> str:
    rows = []
    multi = len(views) > 1
    for view in views:
        for s, _end, text, g, p, attrs in _merged(view, "RESOLUTION"):
            rows.append([link(view, s), _e(text), _mark(g), _mark(p)] + [_field(attrs, k) for k in RESOLUTION_FIELDS])
    head = ["where" if not multi else "document · where", "resolution as written", "gold", "pred."] + list(
        RESOLUTION_FIELDS
    )
    note = (
        ""
        if has_pred
        else _note("The parsed fields come from the pipeline's resolution parser, which this run did not have.")
    )
    body = _table(head, rows) if rows else _note("No resolutions.")
    if len(rows) > 40:
        body = f"<details><summary>{len(rows)} resolution mentions</summary>{body}</details>"
    return f"<h3>Resolutions and their parsed fields</h3>{note}{body}"


def _place_table(views: Sequence[DocumentView], link: Callable[[DocumentView, int], str], has_pred: bool) -> str:
    places: dict[str, dict[str, Any]] = {}
    for view in views:
        for s, _end, text, g, p, attrs in _merged(view, "LOC"):
            key = " ".join(text.split())
            row = places.setdefault(
                key, {"gold": 0, "pred": 0, "fields": defaultdict(set), "first": link(view, s), "docs": set()}
            )
            row["gold"] += g
            row["pred"] += p
            row["docs"].add(view.doc.id)
            for k in PLACE_FIELDS:
                value = (attrs or {}).get(k)
                if value not in (None, ""):
                    row["fields"][k].add(str(value))
    rows = []
    for name, r in sorted(places.items(), key=lambda kv: (-max(kv[1]["gold"], kv[1]["pred"]), kv[0])):
        fields = [" / ".join(_e(v) for v in sorted(r["fields"][k])) or "—" for k in PLACE_FIELDS]
        rows.append(
            [_e(name), _num(r["gold"]), _num(r["pred"]), *fields, r["first"]]
            + ([_num(len(r["docs"]))] if len(views) > 1 else [])
        )
    head = ["place", "gold", "pred.", "admin level", "unit code", "era", "first mention"] + (
        ["documents"] if len(views) > 1 else []
    )
    note = (
        ""
        if has_pred
        else _note("Admin level and unit code come from the pipeline's gazetteer linking, which this run did not have.")
    )
    body = _table(head, rows, (1, 2) + ((7,) if len(views) > 1 else ())) if rows else _note("No places.")
    if len(rows) > 40:
        body = f"<details><summary>{len(rows)} places</summary>{body}</details>"
    return f"<h3>Places with admin level and unit code</h3>{note}{body}"


# ---------------------------------------------------------------- results (index page)


def _systems(ev: Mapping[str, Any]) -> list[str]:
    return [s for s in ENTITY_SYSTEMS if isinstance(ev.get(s), dict)] + sorted(
        k for k in ev if k not in ENTITY_SYSTEMS and isinstance(ev[k], dict)
    )


def _entity_results(ev: dict[str, Any] | None) -> str:
    if not ev:
        return _note(
            "No entity evaluation was given, so there are no entity scores. Run the entity evaluation to make them."
        )
    systems = _systems(ev)
    if not systems:
        return _note("The entity evaluation file holds no systems.")
    labels = list(entity_labels()) + sorted(
        {lab for s in systems for lab in _dict(ev[s].get("per_label"))} - set(entity_labels())
    )
    labels = [lab for lab in labels if any(lab in _dict(ev[s].get("per_label")) for s in systems)]
    rows_def = [(lab, lambda s, lab=lab: _dict(_dict(ev[s].get("per_label")).get(lab))) for lab in labels]
    rows_def.append(("micro", lambda s: _dict(ev[s].get("micro"))))
    head = ["label", "support"] + [m for _ in systems for m in ("P", "R", "F1")]
    rows = []
    for name, get in rows_def:
        best = max((_f(get(s).get("f1")) or -1.0 for s in systems), default=-1.0)
        support = next((get(s).get("support") for s in systems if get(s).get("support") is not None), None)
        cells = [_pill(name) if name != "micro" else "<b>micro</b>", _num(support)]
        for s in systems:
            sc = get(s)
            f1 = _f(sc.get("f1"))
            cells += [
                _num(sc.get("precision")),
                _num(sc.get("recall")),
                _best(_num(sc.get("f1"))) if f1 is not None and f1 == best and best >= 0 else _num(sc.get("f1")),
            ]
        rows.append(cells)
    table = _table(head, rows, range(1, 2 + 3 * len(systems)), groups=[("", 2)] + [(_e(s), 3) for s in systems])
    chart = chart_bars(
        labels + ["micro"],
        {s: [_f(get(s).get("f1")) for _, get in rows_def] for s in systems},
        title="Entity F1 per label and system (exact span and label)",
        xlabel="F1",
        xlim=(0, 1),
    )
    fig = _figure_html(
        chart,
        "Entity F1 per label and system",
        "Exact-span, exact-label F1 of each system, per label and micro-averaged.",
        "No F1 scores to plot.",
    )
    return f"{table}{fig}"


def _heldout_results(ev: dict[str, Any] | None) -> str:
    from .eval.heldout import summary_tables

    if not ev:
        return _note("No scores by split were given (the gold has no annotations/splits.json).")
    try:
        ent_head, ent_rows, theme_head, theme_rows = summary_tables(ev)
    except (KeyError, TypeError, AttributeError):
        return _note("The held-out evaluation file is malformed.")

    def esc(rows: list[list[str]]) -> list[list[str]]:
        return [[_e(c) for c in row] for row in rows]

    return (
        f"<p>Against the adjudicated gold of {_e(str(ev.get('source', 'the dev and test documents')))}, in all and per "
        "genre. <code>test</code> documents were annotated before any rule, hint or model was changed for them and "
        f"only scored; <code>dev</code> errors may have been read. News articles: {_e(str(ev.get('news', 'n/a')))}.</p>"
        + _table([_e(h) for h in ent_head], esc(ent_rows), tuple(range(2, len(ent_head) - 1)))
    )


def _theme_results(ev: dict[str, Any] | None) -> str:
    if not ev:
        return _note(
            "No theme evaluation was given, so there are no theme classifier scores. "
            "Run the theme evaluation to make them."
        )
    classifiers = {k: v for k, v in _dict(ev.get("classifiers")).items() if isinstance(v, dict)}
    if not classifiers:
        return _note("The theme evaluation file holds no classifiers.")
    names = list(classifiers)
    setup = _dict(ev.get("setup"))
    parts = []
    if setup:
        parts.append("<p>Setup: " + " · ".join(f"{_e(k)}: {_plain(v)}" for k, v in setup.items()) + "</p>")

    def ci(c: dict[str, Any], key: str) -> tuple[float | None, float | None, float | None]:
        d = _dict(c.get(key))
        return _f(d.get("mean")), _f(d.get("ci_low")), _f(d.get("ci_high"))

    best_micro = max((ci(classifiers[n], "micro_f1")[0] or -1 for n in names), default=-1)
    best_macro = max((ci(classifiers[n], "macro_f1")[0] or -1 for n in names), default=-1)
    rows = []
    for n in names:
        c = classifiers[n]
        cells = [_e(n), "learned" if c.get("learned") else "baseline"]
        for key, best in (("micro_f1", best_micro), ("macro_f1", best_macro)):
            mean, lo, hi = ci(c, key)
            cell = f"{_num(mean)} [{_num(lo)}, {_num(hi)}]"
            cells.append(_best(cell) if mean is not None and mean == best else cell)
        rows.append(cells)
    parts.append(_table(["classifier", "kind", "micro F1 [95% CI]", "macro F1 [95% CI]"], rows, (2, 3)))
    if isinstance(ev.get("bar"), dict):
        from .learn.themes import describe_bar

        try:
            parts.append("<ul>" + "".join(f"<li>{_e(line)}</li>" for line in describe_bar(ev["bar"])) + "</ul>")
        except (KeyError, TypeError):
            parts.append(_note("The theme evaluation file has a malformed bar check."))
    parts.append(
        _figure_html(
            chart_intervals(
                names,
                {
                    "micro F1": [ci(classifiers[n], "micro_f1") for n in names],
                    "macro F1": [ci(classifiers[n], "macro_f1") for n in names],
                },
                title="mean, 95% CI",
                highlight=[bool(classifiers[n].get("learned")) for n in names],
            ),
            "Theme classifiers compared",
            "Mean micro and macro F1 with 95% confidence intervals; blue = learned, grey = baseline.",
            "No F1 scores to plot.",
        )
    )

    # Per-theme bars: the best learned classifier against the best baseline keeps the chart readable.
    def best_of(learned: bool) -> str | None:
        cand = [
            n
            for n in names
            if bool(classifiers[n].get("learned")) == learned and ci(classifiers[n], "micro_f1")[0] is not None
        ]
        return max(cand, key=lambda n: ci(classifiers[n], "micro_f1")[0] or 0.0, default=None)

    shown = [n for n in (best_of(True), best_of(False)) if n]
    themes = list(theme_ids()) + sorted(
        {t for n in names for t in _dict(classifiers[n].get("per_theme"))} - set(theme_ids())
    )
    themes = [t for t in themes if any(t in _dict(classifiers[n].get("per_theme")) for n in names)]

    def pt(n: str, t: str) -> dict[str, Any]:
        return _dict(_dict(classifiers[n].get("per_theme")).get(t))

    errors = {}
    for n in shown:
        errs: list[tuple[float, float] | None] = []
        for t in themes:
            lo, hi = _f(pt(n, t).get("f1_ci_low")), _f(pt(n, t).get("f1_ci_high"))
            errs.append((lo, hi) if lo is not None and hi is not None else None)
        errors[n] = errs
    parts.append(
        _figure_html(
            chart_bars(
                [_theme_name(t) for t in themes],
                {n: [_f(pt(n, t).get("f1")) for t in themes] for n in shown},
                errors=errors,
                title="Per-theme F1 (95% CI)",
                xlabel="F1",
                xlim=(0, 1),
            ),
            "Per-theme F1",
            f"F1 per theme of the best learned classifier and the best baseline ({', '.join(shown)}), "
            "with bootstrap 95% confidence intervals. The table below has every classifier.",
            "No per-theme scores to plot.",
        )
    )
    head = ["theme", "support"] + [_e(n) for n in names]
    rows = []
    for t in themes:
        support = next((pt(n, t).get("support") for n in names if pt(n, t).get("support") is not None), None)
        f1s = [_f(pt(n, t).get("f1")) for n in names]
        best = max((v for v in f1s if v is not None), default=None)
        rows.append(
            [f"{_e(_theme_name(t))} <small>({_e(t)})</small>", _num(support)]
            + [_best(_num(v)) if v is not None and v == best else _num(v) for v in f1s]
        )
    parts.append(
        "<details><summary>Per-theme F1 of every classifier</summary>"
        f"{_table(head, rows, range(1, 2 + len(names)))}</details>"
    )
    return "".join(parts)


def _agreement(ag: dict[str, Any] | None) -> str:
    if not ag:
        return _note(
            "No agreement file was given, so annotation agreement is not shown. "
            "Measure agreement between the annotation passes to make it."
        )
    parts = []
    passes = ag.get("passes")
    if isinstance(passes, list) and len(passes) == 2:
        parts.append(f"<p>Between the independent passes <b>{_e(passes[0])}</b> and <b>{_e(passes[1])}</b>.</p>")
    ent = _dict(ag.get("entities"))
    if ent:
        micro = _dict(ent.get("micro"))
        per = _dict(ent.get("per_label"))
        labels = [lab for lab in entity_labels() if lab in per] + sorted(set(per) - set(entity_labels()))
        rows = [
            [_pill(lab), *(_num(_dict(per[lab]).get(k)) for k in ("support", "precision", "recall", "f1"))]
            for lab in labels
        ]
        rows.append(
            ["<b>micro</b>", "", _num(micro.get("precision")), _num(micro.get("recall")), _num(micro.get("f1"))]
        )
        extra = " · ".join(f"{_e(k)}: {_plain(v)}" for k, v in ent.items() if k not in ("micro", "per_label"))
        parts.append(
            "<h3>Entities: pairwise F1 between passes</h3>"
            + (f"<p>{extra}</p>" if extra else "")
            + _table(["label", "support", "P", "R", "F1"], rows, (1, 2, 3, 4))
        )
    else:
        parts.append(_note("The agreement file has no entity agreement."))
    th = _dict(ag.get("themes"))
    if th:
        per = _dict(th.get("per_theme"))
        themes = [t for t in theme_ids() if t in per] + sorted(set(per) - set(theme_ids()))
        summary = " · ".join(
            f"{_e(k.replace('_', ' '))}: <b>{_num(v) if isinstance(v, (int, float)) else _e(v)}</b>"
            for k, v in th.items()
            if k != "per_theme" and not isinstance(v, (dict, list))
        )
        parts.append(f"<h3>Themes: Cohen's κ per theme</h3><p>{summary}</p>")
        parts.append(
            _figure_html(
                chart_bars(
                    [_theme_name(t) for t in themes],
                    {"κ": [_f(_dict(per[t]).get("kappa")) for t in themes]},
                    title="Cohen's κ per theme between the passes",
                    xlabel="κ",
                    xlim=(min([0.0] + [_f(_dict(per[t]).get("kappa")) or 0.0 for t in themes]), 1),
                    values=True,
                ),
                "Theme agreement per theme",
                "Cohen's κ of the two passes on each theme (a theme neither pass used has no κ).",
                "No κ values to plot.",
            )
        )
        keys = [k for k in ("kappa", "a", "b", "both") if any(k in _dict(per[t]) for t in themes)]
        rows = [
            [f"{_e(_theme_name(t))} <small>({_e(t)})</small>"] + [_num(_dict(per[t]).get(k)) for k in keys]
            for t in themes
        ]
        parts.append(
            "<details><summary>κ and counts per theme</summary>"
            f"{_table(['theme', *keys], rows, range(1, 1 + len(keys)))}</details>"
        )
    else:
        parts.append(_note("The agreement file has no theme agreement."))
    return "".join(parts)


# ---------------------------------------------------------------- pages


def _doc_header(view: DocumentView, index_link: bool = True) -> str:
    m = view.doc.meta
    back = f'<a href="{INDEX_PAGE}">← corpus report</a>' if index_link else ""
    sub = " · ".join(x for x in (m.publisher, m.published, m.kind, m.id) if x)
    return f'{back}<h1>{_e(m.title or m.id)}</h1><div class="sub">{_e(sub)}</div>'


def _meta_list(view: DocumentView) -> str:
    m = view.doc.meta
    items = [
        ("title", m.title),
        ("published", m.published),
        ("publisher", m.publisher),
        ("authors", ", ".join(m.authors)),
        ("interviewer", m.interviewer),
        (
            "interviewees",
            "; ".join(f"{p.name} ({', '.join(p.positions)})" if p.positions else p.name for p in m.interviewees),
        ),
        ("kind", m.kind),
        ("language", m.language),
        ("url", m.url),
        ("rights", m.rights),
    ]
    return '<dl class="meta">' + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items if v) + "</dl>"


def _sources(view: DocumentView) -> str:
    ents = " and ".join(
        s for s, on in (("gold", view.gold_entities is not None), ("predicted", view.pred_entities is not None)) if on
    )
    themes = " and ".join(s for s, on in (("gold", view.gold_themes), ("predicted", view.pred_themes)) if on)
    both = (view.gold_entities is not None and view.pred_entities is not None) or (
        view.gold_themes and view.pred_themes
    )
    caveat = (
        _note(
            "Where the pipeline's models were trained on this gold, gold and predictions agree more here than on "
            "new texts; the cross-validated scores are in the Results on the corpus page."
        )
        if both
        else ""
    )
    return (
        f"<p>Entities shown: {_e(ents or 'none')}. Themes shown: {_e(themes or 'none')}. "
        f"Charts count the {_e(view.theme_source)} themes.</p>{caveat}"
    )


def _doc_page(view: DocumentView, prev_next: tuple[DocumentView | None, DocumentView | None]) -> str:
    doc = view.doc

    def link(v: DocumentView, start: int) -> str:
        seg = v.segment_at(start)
        return f'<a href="#seg-{_e(seg.id)}">{_e(seg.id)}</a>' if seg else _e(start)

    nexts = [s.start for s in view.segments[1:]] + [None]
    segs = "".join(_render_segment(view, seg, nxt) for seg, nxt in zip(view.segments, nexts, strict=True))
    cols, matrix = _turn_matrix(view)
    along = "turn" if any(s.turn is not None for s in view.segments) else "paragraph"
    heat = _figure_html(
        chart_heatmap(
            [_theme_name(t) for t in _theme_rows()],
            cols,
            matrix,
            title=f"Themes by {along} along the text",
            xlabel="Q = the interviewer's question, A = the answer to it; intro = the text before the first question"
            if along == "turn"
            else "paragraph",
        ),
        f"Theme by {along} heat map",
        f"Number of sentences carrying each theme in each {along}, in text order ({view.theme_source} themes)"
        + ("; photo captions count in the turn where they stand." if along == "turn" else "."),
        "No themes to place along the text.",
    )
    pn = []
    if prev_next[0] is not None:
        pn.append(f'<a href="{_e(doc_page_name(prev_next[0].doc.id))}">← previous document</a>')
    if prev_next[1] is not None:
        pn.append(f'<a href="{_e(doc_page_name(prev_next[1].doc.id))}">next document →</a>')
    body = (
        f'<section id="about"><h2>About this document</h2>{_meta_list(view)}{_sources(view)}'
        f"<p>{' · '.join(pn)}</p></section>"
        f'<section id="text"><h2>The text</h2>{_legend(view)}{segs}</section>'
        f'<section id="themes"><h2>Themes across the text</h2>{heat}{_theme_charts([view], "this document")}</section>'
        f'<section id="entities"><h2>Entities</h2>{_entity_sections([view], link)}</section>'
    )
    nav = [
        (INDEX_PAGE, "Corpus"),
        ("#about", "About"),
        ("#text", "Text"),
        ("#themes", "Themes"),
        ("#entities", "Entities"),
    ]
    return _page(f"{doc.meta.title or doc.id} — dienbien-nlp report", _doc_header(view), nav, body)


def _index_page(
    views: Sequence[DocumentView],
    eval_entities: dict[str, Any] | None,
    eval_themes: dict[str, Any] | None,
    agreement: dict[str, Any] | None,
    eval_heldout: dict[str, Any] | None = None,
) -> str:
    def link(v: DocumentView, start: int) -> str:
        seg = v.segment_at(start)
        anchor = f"#seg-{seg.id}" if seg else ""
        label = f"{v.doc.id} · {seg.id}" if len(views) > 1 and seg else (seg.id if seg else str(start))
        return f'<a href="{_e(doc_page_name(v.doc.id) + anchor)}">{_e(label)}</a>'

    order = {t: i for i, t in enumerate(theme_ids())}
    rows = []
    for v in views:
        m = v.doc.meta
        top = Counter(t for s in v.sentences for t in s.themes).most_common(3)
        rows.append(
            [
                f'<a href="{_e(doc_page_name(m.id))}">{_e(m.title or m.id)}</a><br><small>{_e(m.id)}</small>',
                _e((m.published or "")[:10]),
                _e(m.genre),
                _e(m.kind),
                _e(m.publisher or ""),
                _num(len(v.segments)),
                _num(len(v.sentences)),
                _num(len(v.gold_entities)) if v.gold_entities is not None else "—",
                _num(len(v.pred_entities)) if v.pred_entities is not None else "—",
                _e(v.theme_source),
                _e(", ".join(_theme_name(t) for t, _ in sorted(top, key=lambda kv: (-kv[1], order.get(kv[0], 99))))),
            ]
        )
    table = _table(
        [
            "document",
            "published",
            "genre",
            "kind",
            "publisher",
            "paragraphs",
            "sentences",
            "gold entities",
            "predicted entities",
            "themes from",
            "top themes",
        ],
        rows,
        (5, 6, 7, 8),
        cls="documents",
    )
    if len(views) > 1:
        table = (
            '<p><input type="search" id="doc-filter" placeholder="Filter by title, id, kind or theme" '
            'aria-label="Filter documents" size="48"></p>' + table
        )
    n_gold = sum(v.gold_themes for v in views)
    n_pred = sum(v.pred_themes and not v.gold_themes for v in views)
    theme_note = (
        f"Charts count gold themes for {n_gold} document(s) and predicted themes for {n_pred} document(s) without gold."
        if n_gold or n_pred
        else "No document has gold or predicted themes."
    )
    by_doc = ""
    if len(views) > 1:
        by_doc = _figure_html(
            chart_heatmap(
                [_theme_name(t) for t in _theme_rows()],
                [v.doc.id[:24] for v in views],
                [[sum(t in s.themes for s in v.sentences) for v in views] for t in _theme_rows()],
                title="Themes by document",
                xlabel="document",
            ),
            "Themes by document",
            "Sentences carrying each theme in each document; each document's page shows the theme by turn.",
            "No themes.",
        )
        genres = sorted({v.doc.meta.genre for v in views})
        if len(genres) > 1:
            totals = {g: max(1, sum(len(v.sentences) for v in views if v.doc.meta.genre == g)) for g in genres}
            by_doc += _figure_html(
                chart_heatmap(
                    [_theme_name(t) for t in _theme_rows()],
                    genres,
                    [
                        [round(100 * sum(t in s.themes for v in views if v.doc.meta.genre == g for s in v.sentences) / totals[g], 1) for g in genres]
                        for t in _theme_rows()
                    ],
                    title="Themes by genre (% of sentences)",
                    xlabel="genre",
                    cbar="% of sentences",
                ),
                "Themes by genre",
                "Share of each genre's sentences carrying each theme: how the interview and the official documents "
                "differ in what they speak about.",
                "No themes.",
            )
    else:
        by_doc = (
            "<p>Where each theme appears along the text: see "
            + "".join(
                f'<a href="{_e(doc_page_name(v.doc.id))}#themes">'
                f"the theme-by-turn chart of {_e(v.doc.meta.title or v.doc.id)}</a>"
                for v in views
            )
            + ".</p>"
        )
    header = (
        f'<h1>dienbien-nlp corpus report</h1><div class="sub">{len(views)} document(s) · '
        f"{sum(len(v.sentences) for v in views)} sentences · "
        f"{sum(len(v.gold_entities or ()) for v in views)} gold entity mentions</div>"
    )
    body = (
        f'<section id="documents"><h2>Documents</h2>{table}</section>'
        f'<section id="themes"><h2>Themes across the corpus</h2><p class="note">{_e(theme_note)}</p>'
        f"{by_doc}{_theme_charts(views, 'corpus')}</section>"
        f'<section id="entities"><h2>Entities across the corpus</h2>{_entity_sections(views, link)}</section>'
        '<section id="results"><h2>Results</h2>'
        f'<h3 id="unseen">Entities on the dev and test documents</h3>{_heldout_results(eval_heldout)}'
        f"<h3>Theme classifiers (trained on train, scored on test)</h3>{_theme_results(eval_themes)}"
        "<h3>Entity recognition on the corpus documents (in-sample: the rules were written while reading the "
        f"interview)</h3>{_entity_results(eval_entities)}"
        f'<h3 id="agreement">Annotation agreement</h3>{_agreement(agreement)}</section>'
    )
    nav = [
        ("#documents", "Documents"),
        ("#themes", "Themes"),
        ("#entities", "Entities"),
        ("#results", "Results"),
        ("#agreement", "Agreement"),
    ]
    return _page("dienbien-nlp corpus report", header, nav, body)


def render_report(
    docs: Sequence[Document],
    nlp: Any | None,
    *,
    annotations_dir: str | Path,
    eval_entities: dict[str, Any] | None,
    eval_themes: dict[str, Any] | None,
    agreement: dict[str, Any] | None,
    eval_heldout: dict[str, Any] | None = None,
) -> dict[str, str]:
    """Render the report's pages.

    Args:
        docs: The corpus documents.
        nlp: The dienbien-nlp pipeline (``dienbien_nlp.load()``) for predicted entities
            and themes, or ``None`` to show the gold only. Missing components are fine.
        annotations_dir: The gold annotations folder.
        eval_entities: Entity evaluation results (``{system: {"micro", "per_label"}}``), or ``None``.
        eval_themes: Theme evaluation results (``{"classifiers": ..., "setup": ...}``), or ``None``.
        agreement: Annotation agreement (``{"entities": ..., "themes": ...}``), or ``None``.
        eval_heldout: Scores on unseen news (:func:`dienbien_nlp.eval.heldout.evaluate_heldout`), or ``None``.

    Returns:
        HTML text by relative file name: ``index.html`` and ``doc-<id>.html`` per document.

    Raises:
        DienbienError: E021 when a gold file does not match its document's text.

    Example:
        >>> pages = render_report(docs, None, annotations_dir="annotations",
        ...                       eval_entities=None, eval_themes=None, agreement=None)  # doctest: +SKIP
        >>> "index.html" in pages  # doctest: +SKIP
        True
    """
    docs = list(docs)
    has_ner = nlp is not None and _has_entity_component(nlp)
    # Streamed: only each document's small view is kept, not its spaCy Doc.
    sdocs: Iterator[Any] = iter(nlp.pipe(d.text for d in docs)) if nlp is not None else iter([None] * len(docs))
    views = [analyse_document(d, s, annotations_dir, has_ner=has_ner) for d, s in zip(docs, sdocs, strict=True)]
    pages = {INDEX_PAGE: _index_page(views, eval_entities, eval_themes, agreement, eval_heldout)}
    for k, view in enumerate(views):
        prev_next = (views[k - 1] if k else None, views[k + 1] if k + 1 < len(views) else None)
        pages[doc_page_name(view.doc.id)] = _doc_page(view, prev_next)
    return pages


def write_report(out_dir: str | Path, pages: Mapping[str, str]) -> list[Path]:
    """Write the pages into ``out_dir``, each atomically; remove document pages of documents no longer there.

    Returns:
        The written paths, in the order of ``pages``.
    """
    out = Path(out_dir)
    written = []
    for name, text in pages.items():
        path = out / name
        atomic_write_text(path, text)
        written.append(path)
    for stale in out.glob("doc-*.html"):
        if stale.name not in pages:
            stale.unlink()
    return written


def report_from_paths(
    corpus_dir: str | Path = "corpus",
    annotations_dir: str | Path = "annotations",
    eval_dir: str | Path = "build/eval",
    agreement_path: str | Path = "annotations/agreement.json",
    *,
    nlp: Any | None = None,
) -> dict[str, str]:
    """Load the corpus, the pipeline and the result files that exist, and render the report.

    The evaluation results are read from ``<eval_dir>/entities.json`` and
    ``<eval_dir>/themes.json``; any missing file is noted in the report.

    Example:
        >>> pages = report_from_paths("corpus", "annotations")  # doctest: +SKIP
    """
    from . import load
    from .corpus.documents import load_corpus

    docs = load_corpus(corpus_dir)
    ev = Path(eval_dir)
    return render_report(
        docs,
        nlp if nlp is not None else load(),
        annotations_dir=annotations_dir,
        eval_entities=read_json_input(ev / "entities.json"),
        eval_themes=read_json_input(ev / "themes.json"),
        eval_heldout=read_json_input(ev / "heldout.json"),
        agreement=read_json_input(agreement_path),
    )
