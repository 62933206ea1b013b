"""The data of the report's sections: charts drawn, tables filled, notes chosen; ``sections.html`` lays them out.

Every function here returns plain data (:class:`Figure`, :class:`~dienbien_nlp.results_tables.Table`,
small dataclasses and strings); none writes markup.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..results_tables import (
    Cell,
    Table,
    classifiers,
    entity_score_rows,
    entity_scores_table,
    entity_systems,
    claim_split_table,
    heldout_table,
    interval,
    per_theme,
    score,
    scored_themes,
    table,
    theme_classifier_table,
    theme_f1_table,
)
from ..schema import entity_labels, theme_ids
from .charts import chart_bars, chart_intervals, chart_stacked
from .views import (
    NOSEG,
    PLACE_FIELDS,
    RESOLUTION_FIELDS,
    SEGMENT_NAMES,
    DocumentView,
    as_dict,
    cap_counts,
    counts_by,
    label_name,
    labels_in,
    mention_counts,
    merged,
    num,
    plain,
    speaker_name,
    theme_name,
    theme_rows,
)

TOP_ENTITIES = 10
#: Tables longer than this are folded into a ``<details>`` element.
FOLD_ROWS = 40

Link = Callable[[DocumentView, int], Cell]


@dataclass(frozen=True)
class Figure:
    """A chart (a PNG ``data:`` URI) with its alt text and caption; ``empty`` is said instead when there is none."""

    uri: str | None
    alt: str
    caption: str
    empty: str


def note(text: str) -> Figure:
    """A note where a chart would be."""
    return Figure(None, "", "", text)


# ---------------------------------------------------------------- themes


def theme_charts(views: Sequence[DocumentView], scope: str) -> list[Figure]:
    """Theme counts by speaker and by segment type, and sentences per CAP topic."""
    rows = theme_rows()
    names = [theme_name(t) for t in rows]
    parts = []
    by_speaker = counts_by(views, lambda v, s: speaker_name(v, (v.segment_at(s.start) or NOSEG).speaker))
    by_type = counts_by(views, lambda v, s: SEGMENT_NAMES.get((v.segment_at(s.start) or NOSEG).type, "other"))
    if len(by_speaker) > 8:  # keep the legend readable on a large corpus
        top = [k for k, _ in Counter({k: sum(c.values()) for k, c in by_speaker.items()}).most_common(7)]
        other: Counter[str] = Counter()
        for k in list(by_speaker):
            if k not in top:
                other += by_speaker.pop(k)
        by_speaker["other speakers"] = other
    if not any(seg.speaker for v in views for seg in v.segments):
        parts.append(note("No speaker turns, so no theme counts by speaker."))
    else:
        parts.append(
            Figure(
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
        Figure(
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
    cap = cap_counts(views)
    total = sum(len(v.sentences) for v in views)
    cap_rows = sorted(cap)
    parts.append(
        Figure(
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
    return parts


# ---------------------------------------------------------------- entities


@dataclass(frozen=True)
class EntitySections:
    """The entity chart, the most frequent entities per label, and the resolution and place tables."""

    has_pred: bool
    chart: Figure
    top: list[tuple[str, str, Table]]
    resolutions: Table
    places: Table


def _mark(on: bool) -> str:
    return "✓" if on else ""


def _field(attrs: Mapping[str, Any] | None, key: str) -> Any:
    value = (attrs or {}).get(key)
    return "—" if value in (None, "") else value


def entity_sections(views: Sequence[DocumentView], link: Link) -> EntitySections | None:
    """The entity sections of a page, or ``None`` when there are no entity annotations at all."""
    has_gold = any(v.gold_entities is not None for v in views)
    has_pred = any(v.pred_entities is not None for v in views)
    if not has_gold and not has_pred:
        return None
    labels = labels_in(*(v.gold_entities for v in views), *(v.pred_entities for v in views))
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
    chart = Figure(
        chart_bars(
            [f"{lab} ({label_name(lab)})" for lab in labels],
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
    counts = mention_counts(views)
    top = []
    for lab in labels:
        items = sorted(counts.get(lab, {}).items(), key=lambda kv: (-max(kv[1]), -kv[1][0], kv[0]))
        if not items:
            continue
        rows = [
            [t, Cell(g, "num") if has_gold else "—", Cell(p, "num") if has_pred else "—"]
            for t, (g, p) in items[:TOP_ENTITIES]
        ]
        more = f" (top {TOP_ENTITIES} of {len(items)})" if len(items) > TOP_ENTITIES else ""
        top.append((lab, more, table(["entity", "gold", "predicted"], rows, (1, 2))))
    return EntitySections(has_pred, chart, top, _resolution_table(views, link), _place_table(views, link))


def _resolution_table(views: Sequence[DocumentView], link: Link) -> Table:
    rows = []
    multi = len(views) > 1
    for view in views:
        for s, _end, text, g, p, attrs in merged(view, "RESOLUTION"):
            rows.append([link(view, s), text, _mark(g), _mark(p)] + [_field(attrs, k) for k in RESOLUTION_FIELDS])
    head = ["where" if not multi else "document · where", "resolution as written", "gold", "pred."] + list(
        RESOLUTION_FIELDS
    )
    return table(head, rows)


def _place_table(views: Sequence[DocumentView], link: Link) -> Table:
    places: dict[str, dict[str, Any]] = {}
    for view in views:
        for s, _end, text, g, p, attrs in merged(view, "LOC"):
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
    multi = len(views) > 1
    rows = []
    for name, r in sorted(places.items(), key=lambda kv: (-max(kv[1]["gold"], kv[1]["pred"]), kv[0])):
        fields = [" / ".join(sorted(r["fields"][k])) or "—" for k in PLACE_FIELDS]
        rows.append(
            [name, Cell(r["gold"], "num"), Cell(r["pred"], "num"), *fields, r["first"]]
            + ([Cell(len(r["docs"]), "num")] if multi else [])
        )
    head = ["place", "gold", "pred.", "admin level", "unit code", "era", "first mention"] + (
        ["documents"] if multi else []
    )
    return table(head, rows, (1, 2) + ((7,) if multi else ()))


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class EntityResults:
    """Entity scores per label and system, and their F1 chart."""

    table: Table
    chart: Figure


def entity_results(ev: Mapping[str, Any] | None) -> EntityResults | str:
    """The entity evaluation's table and chart, or the note to show instead."""
    if not ev:
        return "No entity evaluation was given, so there are no entity scores. Run the entity evaluation to make them."
    systems = entity_systems(ev)
    if not systems:
        return "The entity evaluation file holds no systems."
    rows = entity_score_rows(ev, systems)
    chart = chart_bars(
        [name for name, _ in rows],
        {s: [score(get(s).get("f1")) for _, get in rows] for s in systems},
        title="Entity F1 per label and system (exact span and label)",
        xlabel="F1",
        xlim=(0, 1),
    )
    fig = Figure(
        chart,
        "Entity F1 per label and system",
        "Exact-span, exact-label F1 of each system, per label and micro-averaged.",
        "No F1 scores to plot.",
    )
    return EntityResults(entity_scores_table(ev, systems), fig)


def claim_results(ev: Mapping[str, Any] | None) -> tuple[str, Table] | str:
    """``(news, table)`` of the claim extractor's scores per split, ``test`` first, or the note to show instead."""
    if not ev:
        return "No claim scores were given (no claim gold, or the build ran without evaluation)."
    try:
        t = claim_split_table(ev)
    except (KeyError, TypeError, AttributeError):
        return "The claim evaluation file is malformed."
    return str(ev.get("setup", {}).get("news", "n/a")), t


def heldout_results(ev: Mapping[str, Any] | None) -> tuple[str, str, Table] | str:
    """``(source, news, table)`` of the scores on the dev and test documents, or the note to show instead."""
    if not ev:
        return "No scores by split were given (the gold has no annotations/splits.json)."
    try:
        t = heldout_table(ev)
    except (KeyError, TypeError, AttributeError):
        return "The held-out evaluation file is malformed."
    return str(ev.get("source", "the dev and test documents")), str(ev.get("news", "n/a")), t


@dataclass(frozen=True)
class ThemeResults:
    """The theme classifiers compared: setup, table, bar check, charts and the per-theme table."""

    setup: list[tuple[str, str]]
    table: Table
    bar: list[str] | None
    bar_malformed: bool
    intervals: Figure
    per_theme: Figure
    per_theme_table: Table


def theme_results(ev: Mapping[str, Any] | None) -> ThemeResults | str:
    """The theme evaluation's tables and charts, or the note to show instead."""
    if not ev:
        return (
            "No theme evaluation was given, so there are no theme classifier scores. "
            "Run the theme evaluation to make them."
        )
    cls = classifiers(ev)
    if not cls:
        return "The theme evaluation file holds no classifiers."
    names = list(cls)
    bar, bar_malformed = None, False
    if isinstance(ev.get("bar"), dict):
        from ..learn.themes import describe_bar

        try:
            bar = list(describe_bar(ev["bar"]))
        except (KeyError, TypeError):
            bar_malformed = True
    intervals = Figure(
        chart_intervals(
            names,
            {
                "micro F1": [interval(cls[n], "micro_f1") for n in names],
                "macro F1": [interval(cls[n], "macro_f1") for n in names],
            },
            title="mean, 95% CI",
            highlight=[bool(cls[n].get("learned")) for n in names],
        ),
        "Theme classifiers compared",
        "Mean micro and macro F1 with 95% confidence intervals; blue = learned, grey = baseline.",
        "No F1 scores to plot.",
    )

    # Per-theme bars: the best learned classifier against the best baseline keeps the chart readable.
    def best_of(learned: bool) -> str | None:
        cand = [
            n for n in names if bool(cls[n].get("learned")) == learned and interval(cls[n], "micro_f1")[0] is not None
        ]
        return max(cand, key=lambda n: interval(cls[n], "micro_f1")[0] or 0.0, default=None)

    shown = [n for n in (best_of(True), best_of(False)) if n]
    themes = scored_themes(ev)
    errors = {}
    for n in shown:
        errs: list[tuple[float, float] | None] = []
        for t in themes:
            lo, hi = score(per_theme(cls[n], t).get("f1_ci_low")), score(per_theme(cls[n], t).get("f1_ci_high"))
            errs.append((lo, hi) if lo is not None and hi is not None else None)
        errors[n] = errs
    bars = Figure(
        chart_bars(
            [theme_name(t) for t in themes],
            {n: [score(per_theme(cls[n], t).get("f1")) for t in themes] for n in shown},
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
    return ThemeResults(
        setup=[(k, plain(v)) for k, v in as_dict(ev.get("setup")).items()],
        table=theme_classifier_table(ev, kinds=True, titles=("micro F1 [95% CI]", "macro F1 [95% CI]")),
        bar=bar,
        bar_malformed=bar_malformed,
        intervals=intervals,
        per_theme=bars,
        per_theme_table=theme_f1_table(ev, support=True, every_theme=False),
    )


@dataclass(frozen=True)
class Agreement:
    """Agreement between the annotation passes: entity F1 per label, theme κ per theme."""

    passes: tuple[str, str] | None
    entity_extra: list[tuple[str, str]] | None
    entity_table: Table | None
    theme_summary: list[tuple[str, Any]] | None
    theme_chart: Figure | None
    theme_table: Table | None


def agreement(ag: Mapping[str, Any] | None) -> Agreement | str:
    """The agreement section's data, or the note to show instead."""
    if not ag:
        return (
            "No agreement file was given, so annotation agreement is not shown. "
            "Measure agreement between the annotation passes to make it."
        )
    passes = ag.get("passes")
    pair = (passes[0], passes[1]) if isinstance(passes, list) and len(passes) == 2 else None
    ent = as_dict(ag.get("entities"))
    extra = ent_table = None
    if ent:
        micro = as_dict(ent.get("micro"))
        per = as_dict(ent.get("per_label"))
        labels = [lab for lab in entity_labels() if lab in per] + sorted(set(per) - set(entity_labels()))
        rows: list[list[Any]] = [
            [
                Cell(lab, "label"),
                *(Cell(as_dict(per[lab]).get(k), "num") for k in ("support", "precision", "recall", "f1")),
            ]
            for lab in labels
        ]
        rows.append([Cell("micro", "total"), "", *(Cell(micro.get(k), "num") for k in ("precision", "recall", "f1"))])
        extra = [(k, plain(v)) for k, v in ent.items() if k not in ("micro", "per_label")]
        ent_table = table(["label", "support", "P", "R", "F1"], rows, (1, 2, 3, 4))
    th = as_dict(ag.get("themes"))
    summary = chart = th_table = None
    if th:
        per = as_dict(th.get("per_theme"))
        themes = [t for t in theme_ids() if t in per] + sorted(set(per) - set(theme_ids()))
        summary = [
            (k.replace("_", " "), num(v) if isinstance(v, (int, float)) else v)
            for k, v in th.items()
            if k != "per_theme" and not isinstance(v, (dict, list))
        ]
        kappas = [score(as_dict(per[t]).get("kappa")) for t in themes]
        chart = Figure(
            chart_bars(
                [theme_name(t) for t in themes],
                {"κ": kappas},
                title="Cohen's κ per theme between the passes",
                xlabel="κ",
                xlim=(min([0.0] + [k or 0.0 for k in kappas]), 1),
                values=True,
            ),
            "Theme agreement per theme",
            "Cohen's κ of the two passes on each theme (a theme neither pass used has no κ).",
            "No κ values to plot.",
        )
        keys = [k for k in ("kappa", "a", "b", "both") if any(k in as_dict(per[t]) for t in themes)]
        th_table = table(
            ["theme", *keys],
            [[Cell(t, "theme"), *(Cell(as_dict(per[t]).get(k), "num") for k in keys)] for t in themes],
            range(1, 1 + len(keys)),
        )
    return Agreement(pair, extra, ent_table, summary, chart, th_table)
