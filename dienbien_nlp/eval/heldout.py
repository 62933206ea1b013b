"""Scores on documents no rule or model was written from: the ``dev`` and ``test`` splits of the gold.

The gold of every genre takes part (the interview, the official documents and,
where the VNTC sample is found, the news articles kept as standoff records in
``annotations/news/``; see :mod:`dienbien_nlp.annotation.gold`). For each split, underthesea's
own NER, the rules and the shipped pipeline are scored against the adjudicated gold,
in all and per genre, with a paired bootstrap over documents of the pipeline's
micro-F1 minus the rules'. ``test`` documents were annotated before any rule, hint
or model was changed for them; ``dev`` is where errors may be read.

Example:
    >>> from dienbien_nlp.eval.heldout import evaluate_heldout  # doctest: +SKIP
    >>> res = evaluate_heldout("annotations", "corpus")  # doctest: +SKIP
    >>> res["entities"]["test"]["systems"]["pipeline"]["micro"]["f1"]  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from .agreement import prf

SPLITS = ("dev", "test")
SOURCE = "the dev and test documents of the gold (annotations/splits.json)"
SYSTEMS = ("underthesea", "rules", "pipeline")


def _micro(gold: set[Any], pred: set[Any]) -> tuple[int, int, int]:
    return len(gold & pred), len(pred), len(gold)


def paired_doc_bootstrap(per_doc: list[dict[str, tuple[int, int, int]]], a: str, b: str, n_boot: int = 1000, seed: int = 0) -> dict[str, float]:
    """Micro-F1 of system ``a`` minus ``b``, with a 95% percentile CI from resampling documents (the same for both)."""
    counts = {s: np.array([d[s] for d in per_doc], dtype=float) for s in (a, b)}

    def diff(idx: np.ndarray) -> float:
        ta, tb = counts[a][idx].sum(0), counts[b][idx].sum(0)
        return prf(*ta)["f1"] - prf(*tb)["f1"]

    rng = np.random.default_rng(seed)
    n = len(per_doc)
    samples = np.array([diff(rng.integers(0, n, n)) for _ in range(n_boot)])
    return {"mean": diff(np.arange(n)), "ci_low": float(np.percentile(samples, 2.5)), "ci_high": float(np.percentile(samples, 97.5))}


def entity_scores(docs: list[Any], nlp: Any = None, n_boot: int = 1000) -> dict[str, Any]:
    """underthesea, the rules and the pipeline against the gold of ``docs`` (:class:`~dienbien_nlp.annotation.gold.GoldDoc`)."""
    from .. import load
    from ..pipeline.entities import rule_spans
    from ..schema import entity_labels
    from .agreement import span_scores
    from .entities import underthesea_entities

    nlp = nlp or load(themes=False)
    labels = list(entity_labels())
    gold: list[tuple[Any, ...]] = []
    pred: dict[str, list[tuple[Any, ...]]] = {s: [] for s in SYSTEMS}
    per_doc: list[dict[str, tuple[int, int, int]]] = []
    genre_of: dict[str, str] = {}
    for d, sdoc in zip(docs, nlp.pipe(d.text for d in docs)):
        genre_of[d.doc_id] = d.genre
        g = {(d.doc_id, *e) for e in d.entities}
        p = {
            "pipeline": {(d.doc_id, e.start_char, e.end_char, e.label_) for e in sdoc.ents},
            "rules": {(d.doc_id, s, e, lab) for s, e, lab in rule_spans(sdoc)},
            "underthesea": {(d.doc_id, *x) for x in underthesea_entities(d.text)},
        }
        gold += sorted(g)
        for s in SYSTEMS:
            pred[s] += sorted(p[s])
        per_doc.append({s: _micro(g, p[s]) for s in SYSTEMS})
    out: dict[str, Any] = {
        "documents": len(docs),
        "entities": len(gold),
        "systems": {s: span_scores(gold, pred[s], labels) for s in SYSTEMS},
        "by_genre": {},
    }
    for genre in sorted(set(genre_of.values())):
        keep = {k for k, v in genre_of.items() if v == genre}
        gg = [x for x in gold if x[0] in keep]
        out["by_genre"][genre] = {
            "documents": len(keep),
            "entities": len(gg),
            "systems": {s: span_scores(gg, [x for x in pred[s] if x[0] in keep], labels) for s in SYSTEMS},
        }
    if len(docs) > 1:
        out["pipeline_minus_rules"] = paired_doc_bootstrap(per_doc, "pipeline", "rules", n_boot)
    return out


def evaluate_heldout(
    annotations_dir: str | Path = "annotations",
    corpus_dir: str | Path = "corpus",
    vntc: str | Path | None = None,
    *,
    n_boot: int = 1000,
) -> dict[str, Any] | None:
    """Entity scores on the ``dev`` and ``test`` splits; ``None`` when the gold has no splits."""
    from .. import load
    from ..annotation.gold import load_gold

    docs, missing = load_gold(corpus_dir, annotations_dir, vntc)
    if not any(d.split in SPLITS for d in docs):
        return None
    nlp = load(themes=False)
    return {
        "source": SOURCE,
        "news": "included" if missing is None else f"left out: {missing}",
        "entities": {s: entity_scores([d for d in docs if d.split == s], nlp, n_boot) for s in SPLITS if any(d.split == s for d in docs)},
    }


def summary_tables(res: dict[str, Any]) -> tuple[list[str], list[list[str]], list[str], list[list[str]]]:
    """Plain-text tables of :func:`evaluate_heldout` results for the dataset card and the report.

    Returns:
        Entity header and rows (one per split and genre: the systems' micro-F1, the pipeline's
        precision and recall, and the pipeline's paired difference to the rules), and an empty
        theme table (theme scores per split are in the theme evaluation).
    """

    def f(x: Any) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    head = ["split", "genre", "documents", "entities", "underthesea F1", "rules F1", "pipeline P", "pipeline R", "pipeline F1", "pipeline − rules (paired CI over documents)"]
    rows = []
    for split, sres in res.get("entities", {}).items():
        groups = [("all", sres)] + list(sres["by_genre"].items())
        for genre, g in groups:
            sy = g["systems"]
            pipe = sy["pipeline"]["micro"]
            d = sres.get("pipeline_minus_rules") if genre == "all" else None
            rows.append(
                [split, genre, str(g["documents"]), str(g["entities"]), f(sy["underthesea"]["micro"]["f1"]), f(sy["rules"]["micro"]["f1"]),
                 f(pipe["precision"]), f(pipe["recall"]), f(pipe["f1"]),
                 f"{d['mean']:+.3f} [{d['ci_low']:+.3f}, {d['ci_high']:+.3f}]" if d else ""]
            )
    return head, rows, [], []
