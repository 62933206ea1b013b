"""Rendering the pages: the Jinja2 environment, the inline font, the index and document pages.

Templates live in ``templates/`` beside this module. The environment autoescapes
every value with :func:`html.escape` (``&quot;`` and ``&#x27;`` for quotes, as
the report always wrote them); markup comes from the templates only. A line
break in a template together with the indentation after it is dropped, so that
templates can be indented for reading while the pages stay compact; a line
break before an unindented line (the page frame) is kept. The CSS and the two
scripts are real files in ``templates/`` and are inlined at render time.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, FunctionLoader
from jinja2.ext import Extension
from markupsafe import Markup

from ..corpus import Document
from ..results_tables import Cell, table
from ..schema import theme_ids
from ..textio import atomic_write_text
from .charts import chart_font_path, chart_heatmap
from .claims import claim_section
from .sections import (
    Figure,
    agreement,
    claim_results,
    entity_results,
    entity_sections,
    heldout_results,
    theme_charts,
    theme_results,
)
from .text import legend, segments
from .views import (
    INDEX_PAGE,
    DocumentView,
    analyse_document,
    has_entity_component,
    ink,
    label_colour,
    label_name,
    num,
    read_json_input,
    theme_name,
    theme_rows,
    turn_matrix,
)
from .views import doc_page_name as page_name

# Nothing may be fetched: images only as data URIs, styles and scripts only inline.
CSP = (
    "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)

#: Code points of the inline page font: Latin, Vietnamese (precomposed and combining), punctuation, symbols.
FONT_RANGES = (
    (0x20, 0x7E), (0xA0, 0x17F), (0x1A0, 0x1B0), (0x300, 0x36F), (0x3BA, 0x3BA),
    (0x1EA0, 0x1EF9), (0x2010, 0x2027), (0x2190, 0x2193), (0x2713, 0x2713), (0x2717, 0x2717),
)  # fmt: skip


# ---------------------------------------------------------------- templates


def _template_file(name: str) -> str:
    return resources.files("dienbien_nlp.report").joinpath("templates", name).read_text("utf-8")


class _Compact(Extension):
    """Drop each line break of a template that is followed by indentation, together with the indentation."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return re.sub(r"\n[ \t]+", "", source)


def _escape(value: Any) -> Markup:
    # Markup (the output of a macro or a trusted file) passes; everything else is escaped as html.escape does.
    return value if isinstance(value, Markup) else Markup(html.escape(str(value), quote=True))


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The report's Jinja2 environment (templates from the package, autoescaped, with the report's filters)."""
    env = Environment(
        loader=FunctionLoader(_template_file),
        autoescape=True,
        finalize=_escape,
        keep_trailing_newline=True,
        extensions=[_Compact],
    )
    env.filters.update(num=num, label_colour=label_colour, ink=ink, label_name=label_name, theme_name=theme_name)
    return env


@functools.lru_cache(maxsize=1)
def _assets() -> dict[str, Markup]:
    """The inline CSS (with the page font) and scripts; each file's final line break is not part of its text."""
    return {
        "csp": CSP,
        "font_css": Markup(_font_css()),
        "css": Markup(_template_file("report.css")),
        "probe": Markup(_template_file("probe.js").removesuffix("\n")),
        "toggles": Markup(_template_file("report.js").removesuffix("\n")),
    }


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


def render_page(template: str, title: str, nav: Sequence[tuple[str, str]], **context: Any) -> str:
    """A page from ``template`` (which extends ``base.html``) with the inline assets."""
    return (
        environment().get_template(template).render(title=title, nav=nav, index_page=INDEX_PAGE, **_assets(), **context)
    )


# ---------------------------------------------------------------- document pages


def _meta(view: DocumentView) -> list[tuple[str, str]]:
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
    return [(k, v) for k, v in items if v]


def _segment_link(v: DocumentView, start: int) -> Cell:
    seg = v.segment_at(start)
    return Cell(seg.id, "link", href=f"#seg-{seg.id}") if seg else Cell(start)


def doc_page(view: DocumentView, prev_next: tuple[DocumentView | None, DocumentView | None]) -> str:
    """The page of one document."""
    doc = view.doc
    m = doc.meta
    cols, matrix = turn_matrix(view)
    along = "turn" if any(s.turn is not None for s in view.segments) else "paragraph"
    heat = Figure(
        chart_heatmap(
            [theme_name(t) for t in theme_rows()],
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
    has_gold_ents, has_pred_ents = view.gold_entities is not None, view.pred_entities is not None
    nav = [
        (INDEX_PAGE, "Corpus"),
        ("#about", "About"),
        ("#text", "Text"),
        ("#themes", "Themes"),
        ("#entities", "Entities"),
        ("#claims", "Claims"),
    ]
    return render_page(
        "doc.html",
        f"{m.title or doc.id} — dienbien-nlp report",
        nav,
        view=view,
        sub=" · ".join(x for x in (m.publisher, m.published, m.kind, m.id) if x),
        meta=_meta(view),
        entities_shown=" and ".join(s for s, on in (("gold", has_gold_ents), ("predicted", has_pred_ents)) if on),
        themes_shown=" and ".join(s for s, on in (("gold", view.gold_themes), ("predicted", view.pred_themes)) if on),
        caveat=(has_gold_ents and has_pred_ents) or (view.gold_themes and view.pred_themes),
        prev=page_name(prev_next[0].doc.id) if prev_next[0] is not None else None,
        next=page_name(prev_next[1].doc.id) if prev_next[1] is not None else None,
        legend_data=legend(view),
        segments=segments(view),
        heat=heat,
        theme_charts=theme_charts([view], "this document"),
        entities=entity_sections([view], _segment_link),
        claim_data=claim_section(view, lambda start: _segment_link(view, start)),
    )


# ---------------------------------------------------------------- the index page


def _documents_table(views: Sequence[DocumentView]) -> Any:
    order = {t: i for i, t in enumerate(theme_ids())}
    rows = []
    for v in views:
        m = v.doc.meta
        top = Counter(t for s in v.sentences for t in s.themes).most_common(3)
        rows.append(
            [
                Cell(m.title or m.id, "doc", href=page_name(m.id), sub=m.id),
                (m.published or "")[:10],
                m.genre,
                m.kind,
                m.publisher or "",
                Cell(len(v.segments), "num"),
                Cell(len(v.sentences), "num"),
                Cell(len(v.gold_entities), "num") if v.gold_entities is not None else "—",
                Cell(len(v.pred_entities), "num") if v.pred_entities is not None else "—",
                v.theme_source,
                ", ".join(theme_name(t) for t, _ in sorted(top, key=lambda kv: (-kv[1], order.get(kv[0], 99)))),
            ]
        )
    head = [
        "document", "published", "genre", "kind", "publisher", "paragraphs", "sentences", "gold entities",
        "predicted entities", "themes from", "top themes",
    ]  # fmt: skip
    return table(head, rows, (5, 6, 7, 8), cls="documents")


def _by_document(views: Sequence[DocumentView]) -> list[Figure]:
    """Theme heat maps by document and, with several genres, by genre."""
    rows = [theme_name(t) for t in theme_rows()]
    out = [
        Figure(
            chart_heatmap(
                rows,
                [v.doc.id[:24] for v in views],
                [[sum(t in s.themes for s in v.sentences) for v in views] for t in theme_rows()],
                title="Themes by document",
                xlabel="document",
            ),
            "Themes by document",
            "Sentences carrying each theme in each document; each document's page shows the theme by turn.",
            "No themes.",
        )
    ]
    genres = sorted({v.doc.meta.genre for v in views})
    if len(genres) > 1:
        totals = {g: max(1, sum(len(v.sentences) for v in views if v.doc.meta.genre == g)) for g in genres}
        share = [
            [
                round(
                    100 * sum(t in s.themes for v in views if v.doc.meta.genre == g for s in v.sentences) / totals[g], 1
                )
                for g in genres
            ]
            for t in theme_rows()
        ]
        out.append(
            Figure(
                chart_heatmap(
                    rows, genres, share, title="Themes by genre (% of sentences)", xlabel="genre", cbar="% of sentences"
                ),
                "Themes by genre",
                "Share of each genre's sentences carrying each theme: how the interview and the official documents "
                "differ in what they speak about.",
                "No themes.",
            )
        )
    return out


def index_page(
    views: Sequence[DocumentView],
    eval_entities: dict[str, Any] | None,
    eval_themes: dict[str, Any] | None,
    agreement_results: dict[str, Any] | None,
    eval_heldout: dict[str, Any] | None = None,
    eval_claims: dict[str, Any] | None = None,
) -> str:
    """The corpus page."""

    def link(v: DocumentView, start: int) -> Cell:
        seg = v.segment_at(start)
        anchor = f"#seg-{seg.id}" if seg else ""
        label = f"{v.doc.id} · {seg.id}" if len(views) > 1 and seg else (seg.id if seg else str(start))
        return Cell(label, "link", href=page_name(v.doc.id) + anchor)

    n_gold = sum(v.gold_themes for v in views)
    n_pred = sum(v.pred_themes and not v.gold_themes for v in views)
    theme_note = (
        f"Charts count gold themes for {n_gold} document(s) and predicted themes for {n_pred} document(s) without gold."
        if n_gold or n_pred
        else "No document has gold or predicted themes."
    )
    nav = [
        ("#documents", "Documents"),
        ("#themes", "Themes"),
        ("#entities", "Entities"),
        ("#results", "Results"),
        ("#agreement", "Agreement"),
    ]
    return render_page(
        "index.html",
        "dienbien-nlp corpus report",
        nav,
        n_docs=len(views),
        n_sentences=sum(len(v.sentences) for v in views),
        n_gold=sum(len(v.gold_entities or ()) for v in views),
        filter=len(views) > 1,
        documents=_documents_table(views),
        theme_note=theme_note,
        by_doc=_by_document(views) if len(views) > 1 else None,
        chart_links=[(v.doc.meta.title or v.doc.id, f"{page_name(v.doc.id)}#themes") for v in views],
        theme_charts=theme_charts(views, "corpus"),
        entities=entity_sections(views, link),
        heldout=heldout_results(eval_heldout),
        themes=theme_results(eval_themes),
        entity_scores=entity_results(eval_entities),
        claim_scores=claim_results(eval_claims),
        agreement_data=agreement(agreement_results),
    )


# ---------------------------------------------------------------- the report


def render_report(
    docs: Sequence[Document],
    nlp: Any | None,
    *,
    annotations_dir: str | Path,
    eval_entities: dict[str, Any] | None,
    eval_themes: dict[str, Any] | None,
    agreement: dict[str, Any] | None,
    eval_heldout: dict[str, Any] | None = None,
    eval_claims: dict[str, Any] | None = None,
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
        eval_claims: The claim extractor's scores (:func:`dienbien_nlp.claims.evaluate.evaluate_claims`), or ``None``.

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
    has_ner = nlp is not None and has_entity_component(nlp)
    # Streamed: only each document's small view is kept, not its spaCy Doc.
    sdocs: Iterator[Any] = iter(nlp.pipe(d.text for d in docs)) if nlp is not None else iter([None] * len(docs))
    views = [analyse_document(d, s, annotations_dir, has_ner=has_ner) for d, s in zip(docs, sdocs, strict=True)]
    pages = {INDEX_PAGE: index_page(views, eval_entities, eval_themes, agreement, eval_heldout, eval_claims)}
    for k, view in enumerate(views):
        prev_next = (views[k - 1] if k else None, views[k + 1] if k + 1 < len(views) else None)
        pages[page_name(view.doc.id)] = doc_page(view, prev_next)
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

    The evaluation results are read from ``<eval_dir>/entities.json``,
    ``<eval_dir>/themes.json``, ``<eval_dir>/heldout.json`` and ``<eval_dir>/claims.json``; any missing file is
    noted in the report.

    Example:
        >>> pages = report_from_paths("corpus", "annotations")  # doctest: +SKIP
    """
    from .. import load
    from ..corpus import load_corpus

    docs = load_corpus(corpus_dir)
    ev = Path(eval_dir)
    return render_report(
        docs,
        nlp if nlp is not None else load(),
        annotations_dir=annotations_dir,
        eval_entities=read_json_input(ev / "entities.json"),
        eval_themes=read_json_input(ev / "themes.json"),
        eval_heldout=read_json_input(ev / "heldout.json"),
        eval_claims=read_json_input(ev / "claims.json"),
        agreement=read_json_input(agreement_path),
    )
