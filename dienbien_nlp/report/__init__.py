"""The corpus report: self-contained HTML pages with the annotated texts, charts and results.

:func:`render_report` returns the pages by file name: ``index.html`` (the
document index, the corpus-wide theme and entity charts and tables, and the
evaluation results) and one ``doc-<id>.html`` per document (the text segment by
segment with speakers, entities highlighted in the displaCy style, each
sentence's themes as tags, the theme-by-turn chart, the document's entity
tables and its indicator claims). :func:`write_report` writes them atomically.

Every page stands alone: styles, scripts, the font (a Latin and Vietnamese
subset of DejaVu Sans, the charts' font, as WOFF) and the chart images
(matplotlib PNGs) are inline as ``data:`` URIs, and a Content-Security-Policy
forbids loading anything else, so the report works offline and can be mailed
as one file. Gold annotations are shown as filled highlights and tags; the
pipeline's predictions as dashed underlines and outlined tags, so the two can be
told apart. Every figure and table is computed from the data, never typed by hand.

The package: :mod:`.views` collects what a page shows, :mod:`.charts` draws the
matplotlib charts, :mod:`.text` and :mod:`.sections` prepare the annotated text and
the sections, :mod:`.pages` renders the Jinja2 templates of ``templates/`` (with
``report.css``, ``probe.js`` and ``report.js`` inlined). The results tables are
shared with the dataset card (:mod:`dienbien_nlp.results_tables`).

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

from .charts import CHART_FONT, chart_bars, chart_font_path, chart_heatmap, chart_intervals, chart_stacked
from .pages import render_report, report_from_paths, write_report
from .views import (
    INDEX_PAGE,
    DocumentView,
    Mention,
    SentenceView,
    analyse_document,
    doc_page_name,
    read_json_input,
)

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
