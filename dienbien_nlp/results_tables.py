"""The results tables of the dataset card and the report, as rows of typed cells.

The entity, held-out and theme evaluation files are read here once; the card
renders a :class:`Table` as Markdown (:mod:`dienbien_nlp.export.card`) and the
report as HTML (:mod:`dienbien_nlp.report`). A cell keeps its raw value and says
what it is (a score, a system name, an entity label, a theme, a confidence
interval), so that each renderer formats it in its own way: the card writes
``n/a`` for a missing score and code-quotes names, the report writes ``—``,
shows labels as coloured pills and bolds the best score of a row.

Example:
    >>> t = entity_micro_table({"rules": {"micro": {"precision": 0.5, "recall": 1.0, "f1": 0.667}}})
    >>> [c.value for c in t.rows[0]]
    ['rules', 0.5, 1.0, 0.667]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .schema import entity_labels, theme_ids

#: The systems of the entity evaluation, in the order the report shows them (others follow).
ENTITY_SYSTEMS = ("underthesea", "rules", "crf", "pipeline")

#: What a cell holds: ``num`` a score or count, ``text`` text as it is, ``code`` a system or classifier name,
#: ``label`` an entity label, ``theme`` a theme id, ``total`` a row name such as ``micro``, ``ci`` a
#: ``(mean, low, high)`` triple, ``link`` text pointing to ``href``, ``doc`` a document title with its id.
CELL_KINDS = ("num", "text", "code", "label", "theme", "total", "ci", "link", "doc")


@dataclass(frozen=True)
class Cell:
    """One table cell: a raw value, its kind (:data:`CELL_KINDS`) and whether it is its row's best score."""

    value: Any
    kind: str = "text"
    best: bool = False
    href: str | None = None
    sub: str | None = None


@dataclass(frozen=True)
class Table:
    """A table: header cells, rows of cells, the right-aligned columns and an optional row of column groups."""

    head: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[int, ...] = ()
    groups: tuple[tuple[str, int], ...] = ()
    cls: str = ""


def table(
    head: Sequence[Cell | str],
    rows: Sequence[Sequence[Cell | Any]],
    numeric: Sequence[int] = (),
    groups: Sequence[tuple[str, int]] = (),
    cls: str = "",
) -> Table:
    """A :class:`Table`; plain header strings and plain row values become ``text`` cells."""

    def cell(x: Any) -> Cell:
        return x if isinstance(x, Cell) else Cell(x)

    return Table(
        tuple(cell(h) for h in head), tuple(tuple(cell(c) for c in r) for r in rows), tuple(numeric), tuple(groups), cls
    )


def score(value: Any) -> float | None:
    """A score as a float, or ``None`` for anything that is not a number (booleans and NaN included)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return None if isinstance(value, float) and math.isnan(value) else float(value)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# ---------------------------------------------------------------- entities


def entity_systems(ev: Mapping[str, Any]) -> list[str]:
    """The systems of an entity evaluation: :data:`ENTITY_SYSTEMS` first, the others sorted."""
    return [s for s in ENTITY_SYSTEMS if isinstance(ev.get(s), dict)] + sorted(
        k for k in ev if k not in ENTITY_SYSTEMS and isinstance(ev[k], dict)
    )


def entity_score_rows(
    ev: Mapping[str, Any], systems: Sequence[str]
) -> list[tuple[str, Callable[[str], dict[str, Any]]]]:
    """``(row name, scores of a system)`` for each label some system scored (schema order) and ``micro``."""
    labels = list(entity_labels()) + sorted(
        {lab for s in systems for lab in _dict(ev[s].get("per_label"))} - set(entity_labels())
    )
    labels = [lab for lab in labels if any(lab in _dict(ev[s].get("per_label")) for s in systems)]
    rows: list[tuple[str, Callable[[str], dict[str, Any]]]] = [
        (lab, lambda s, lab=lab: _dict(_dict(ev[s].get("per_label")).get(lab))) for lab in labels
    ]
    rows.append(("micro", lambda s: _dict(ev[s].get("micro"))))
    return rows


def entity_scores_table(ev: Mapping[str, Any], systems: Sequence[str]) -> Table:
    """Per label and micro: support, then precision, recall and F1 of each system; the best F1 of a row marked."""
    rows = []
    for name, get in entity_score_rows(ev, systems):
        best = max((score(get(s).get("f1")) or -1.0 for s in systems), default=-1.0)
        support = next((get(s).get("support") for s in systems if get(s).get("support") is not None), None)
        cells = [Cell(name, "label" if name != "micro" else "total"), Cell(support, "num")]
        for s in systems:
            sc = get(s)
            f1 = score(sc.get("f1"))
            cells += [
                Cell(sc.get("precision"), "num"),
                Cell(sc.get("recall"), "num"),
                Cell(sc.get("f1"), "num", best=f1 is not None and f1 == best and best >= 0),
            ]
        rows.append(cells)
    head = ["label", "support"] + [m for _ in systems for m in ("P", "R", "F1")]
    return table(head, rows, range(1, 2 + 3 * len(systems)), groups=[("", 2)] + [(s, 3) for s in systems])


def entity_micro_table(results: Mapping[str, Any]) -> Table:
    """Micro precision, recall and F1 of each system, in the order of ``results``."""
    rows = [
        [Cell(name, "code"), *(Cell(r["micro"][k], "num") for k in ("precision", "recall", "f1"))]
        for name, r in results.items()
    ]
    return table(["system", "precision", "recall", "F1"], rows)


def entity_label_f1_table(results: Mapping[str, Any]) -> Table:
    """F1 of each system (columns, in the order of ``results``) for every schema label (rows)."""
    rows = [
        [Cell(lab, "code"), *(Cell(r.get("per_label", {}).get(lab, {}).get("f1"), "num") for r in results.values())]
        for lab in entity_labels()
    ]
    return table(["label", *(Cell(name, "code") for name in results)], rows)


# ---------------------------------------------------------------- held-out documents


def heldout_table(res: Mapping[str, Any]) -> Table:
    """Entity scores on the dev and test documents, per split and genre (:func:`dienbien_nlp.eval.heldout.summary_tables`).

    Raises:
        KeyError, TypeError, AttributeError: The results are malformed.
    """
    from .eval.heldout import summary_tables

    head, rows, _, _ = summary_tables(dict(res))
    return table(head, rows, range(2, len(head) - 1))


# ---------------------------------------------------------------- indicator claims

#: What a split's claim figures are, beside them.
CLAIM_SPLIT_NOTES = {
    "test": "unseen: no rule was written and no model trained reading it",
    "dev": "in-sample: the rules were written and the filter trained reading it",
    "train": "in-sample: the rules were written and the filter trained reading it",
}


def claim_split_table(res: Mapping[str, Any]) -> Table:
    """The claim extractor's scores per split, ``test`` first (:func:`dienbien_nlp.claims.evaluate.evaluate_claims`).

    Raises:
        KeyError, TypeError, AttributeError: The results are malformed.
    """
    by = _dict(res["by_split"])
    order = [s for s in ("test", "dev", "train") if s in by] + sorted(s for s in by if s not in ("test", "dev", "train"))
    head = ["split", "documents", "gold", "predicted", "value F1", "value + kind F1", "complete F1", "number right", "figure"]
    rows = []
    for s in order:
        r = by[s]
        rows.append([
            Cell(s, "code"), Cell(r["documents"], "num"), Cell(r["counts"]["gold"], "num"), Cell(r["counts"]["pred"], "num"),
            Cell(score(r["value"]["f1"]), "num"), Cell(score(r["value_kind"]["f1"]), "num"), Cell(score(r["complete"]["f1"]), "num"),
            Cell(score(r.get("number_accuracy")), "num"), Cell(CLAIM_SPLIT_NOTES.get(s, "")),
        ])  # fmt: skip
    return table(head, rows, range(1, 8))


# ---------------------------------------------------------------- themes


def classifiers(results: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The classifiers of a theme evaluation that have results, by name."""
    return {k: v for k, v in _dict((results or {}).get("classifiers")).items() if isinstance(v, dict)}


def interval(c: Mapping[str, Any], key: str) -> tuple[float | None, float | None, float | None]:
    """``(mean, ci_low, ci_high)`` of a classifier's ``micro_f1`` or ``macro_f1``."""
    d = _dict(c.get(key))
    return score(d.get("mean")), score(d.get("ci_low")), score(d.get("ci_high"))


def theme_genre_table(results: Mapping[str, Any]) -> Table:
    """Micro-F1 on ``test`` per genre (rows) and classifier (columns)."""
    names = list(classifiers(results))
    rows = [
        [Cell(g), Cell(str(v["sentences"])), *(Cell(v["micro_f1"].get(k), "num") for k in names)]
        for g, v in results["by_genre"].items()
    ]
    return table(["genre", "sentences", *(Cell(k, "code") for k in names)], rows)


def theme_classifier_table(
    results: Mapping[str, Any], *, kinds: bool, titles: tuple[str, str] = ("micro-F1 [95% CI]", "macro-F1 [95% CI]")
) -> Table:
    """Micro and macro F1 with their 95% CIs per classifier; the best mean of each column marked.

    Args:
        results: The theme evaluation.
        kinds: Add a column saying ``learned`` or ``baseline``.
        titles: The headers of the two F1 columns.
    """
    cls = classifiers(results)
    best = {key: max((interval(c, key)[0] or -1 for c in cls.values()), default=-1) for key in ("micro_f1", "macro_f1")}
    rows = []
    for n, c in cls.items():
        cells = [Cell(n, "code")] + ([Cell("learned" if c.get("learned") else "baseline")] if kinds else [])
        for key in ("micro_f1", "macro_f1"):
            ci = interval(c, key)
            cells.append(Cell(ci, "ci", best=ci[0] is not None and ci[0] == best[key]))
        rows.append(cells)
    head = ["classifier", *(["kind"] if kinds else []), *titles]
    return table(head, rows, (2, 3) if kinds else (1, 2))


def scored_themes(results: Mapping[str, Any]) -> list[str]:
    """The themes some classifier has a per-theme score for: schema order, then others sorted."""
    cls = classifiers(results)
    themes = list(theme_ids()) + sorted({t for c in cls.values() for t in _dict(c.get("per_theme"))} - set(theme_ids()))
    return [t for t in themes if any(t in _dict(c.get("per_theme")) for c in cls.values())]


def per_theme(c: Mapping[str, Any], theme: str) -> dict[str, Any]:
    """A classifier's scores on one theme (empty when it has none)."""
    return _dict(_dict(c.get("per_theme")).get(theme))


def theme_f1_table(results: Mapping[str, Any], *, support: bool, every_theme: bool) -> Table:
    """F1 per theme (rows) and classifier (columns); the best of each row marked.

    Args:
        results: The theme evaluation.
        support: Add the theme's support after its name.
        every_theme: Every schema theme (the card); otherwise the themes some classifier scored (the report).
    """
    cls = classifiers(results)
    themes = list(theme_ids()) if every_theme else scored_themes(results)
    rows = []
    for t in themes:
        f1s = [score(per_theme(c, t).get("f1")) for c in cls.values()]
        best = max((v for v in f1s if v is not None), default=None)
        sup = next(
            (per_theme(c, t).get("support") for c in cls.values() if per_theme(c, t).get("support") is not None), None
        )
        rows.append(
            [Cell(t, "theme"), *([Cell(sup, "num")] if support else [])]
            + [
                Cell(per_theme(c, t).get("f1"), "num", best=v is not None and v == best)
                for c, v in zip(cls.values(), f1s, strict=True)
            ]
        )
    head = ["theme", *(["support"] if support else []), *(Cell(n, "code") for n in cls)]
    return table(head, rows, range(1, 1 + int(support) + len(cls)))
