"""Scores on documents no rule or model was written from: the ``dev`` and ``test`` splits of the gold.

The gold of every genre takes part (the interview, the official documents and,
where the VNTC sample is found, the news articles kept as standoff records in
``annotations/news/``; see :mod:`dienbien_nlp.annotation.gold`). The learned tagger is trained
on the ``train`` split only (in memory; the shipped model, trained on all gold, is never
scored here). For each split, underthesea's own NER, the rules, the learned tagger alone and
the pipeline (rules, tagger, merge policy, document-level consistency) are scored against the
adjudicated gold, in all and per genre, with a paired bootstrap over documents of each
system's micro-F1 minus the rules'. ``test`` documents were annotated before any rule, hint
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
SYSTEMS = ("underthesea", "rules", "crf", "pipeline")


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


def score_systems(docs: list[Any], preds: dict[str, list[list[tuple[int, int, str]]]], n_boot: int = 1000, against: str = "rules") -> dict[str, Any]:
    """Exact-span scores of every system's spans (``preds[system][i]`` for ``docs[i]``), in all and per genre.

    Adds a paired bootstrap over documents of each system's micro-F1 minus ``against``'s (``<system>_minus_<against>``).
    """
    from ..schema import entity_labels
    from .agreement import span_scores

    labels = list(entity_labels())
    systems = list(preds)
    gold: list[tuple[Any, ...]] = []
    pred: dict[str, list[tuple[Any, ...]]] = {s: [] for s in systems}
    per_doc: list[dict[str, tuple[int, int, int]]] = []
    genre_of: dict[str, str] = {}
    for i, d in enumerate(docs):
        genre_of[d.doc_id] = d.genre
        g = {(d.doc_id, *e) for e in d.entities}
        p = {s: {(d.doc_id, *x[:3]) for x in preds[s][i]} for s in systems}
        gold += sorted(g)
        for s in systems:
            pred[s] += sorted(p[s])
        per_doc.append({s: _micro(g, p[s]) for s in systems})
    out: dict[str, Any] = {
        "documents": len(docs),
        "entities": len(gold),
        "systems": {s: span_scores(gold, pred[s], labels) for s in systems},
        "by_genre": {},
    }
    for genre in sorted(set(genre_of.values())):
        keep = {k for k, v in genre_of.items() if v == genre}
        gg = [x for x in gold if x[0] in keep]
        out["by_genre"][genre] = {
            "documents": len(keep),
            "entities": len(gg),
            "systems": {s: span_scores(gg, [x for x in pred[s] if x[0] in keep], labels) for s in systems},
        }
    if len(docs) > 1 and against in systems:
        for s in systems:
            if s != against:
                out[f"{s}_minus_{against}"] = paired_doc_bootstrap(per_doc, s, against, n_boot)
    return out


def learned_pipeline(train_docs: list[Any], **crf_params: Any) -> tuple[Any, Any]:
    """The full entity pipeline whose CRF is trained on ``train_docs`` only (in memory), and that CRF."""
    from .. import load
    from .entities import fit_learned_crf, learned_entity_data

    tagger = fit_learned_crf(learned_entity_data(train_docs), **crf_params)
    nlp = load(themes=False, claims=False)
    nlp.get_pipe("dienbien_entity_crf")._tagger = tagger  # the seam: the component's model, set in memory
    return nlp, tagger


def entity_scores(docs: list[Any], nlp: Any = None, n_boot: int = 1000, tagger: Any = None) -> dict[str, Any]:
    """underthesea, the rules, the learned tagger alone and the pipeline against the gold of ``docs``.

    ``nlp`` is the full pipeline (its CRF trained on the train split, :func:`learned_pipeline`); ``tagger`` that CRF,
    scored alone on the rule component's output. Without them the shipped pipeline is scored.
    """
    from .. import load
    from ..learn.crf import predict_doc_entities
    from ..pipeline.entities import rule_spans
    from .entities import rules_nlp, underthesea_entities

    nlp = nlp or load(themes=False, claims=False)
    tagger = tagger or nlp.get_pipe("dienbien_entity_crf").tagger
    rnlp = rules_nlp()
    preds: dict[str, list[list[tuple[int, int, str]]]] = {s: [] for s in SYSTEMS}
    for d, sdoc, rdoc in zip(docs, nlp.pipe(d.text for d in docs), rnlp.pipe(d.text for d in docs)):
        preds["pipeline"].append([(e.start_char, e.end_char, e.label_) for e in sdoc.ents])
        preds["rules"].append(rule_spans(rdoc))
        preds["crf"].append(predict_doc_entities(tagger, rdoc) if tagger is not None else [])
        preds["underthesea"].append(underthesea_entities(d.text))
    return score_systems(docs, preds, n_boot)


def evaluate_heldout(
    annotations_dir: str | Path = "annotations",
    corpus_dir: str | Path = "corpus",
    vntc: str | Path | None = None,
    *,
    n_boot: int = 1000,
    splits: tuple[str, ...] = SPLITS,
) -> dict[str, Any] | None:
    """Entity scores on the ``dev`` and ``test`` splits, the CRF trained on ``train``; ``None`` when the gold has no splits."""
    from ..annotation.gold import load_gold

    docs, missing = load_gold(corpus_dir, annotations_dir, vntc)
    if not any(d.split in splits for d in docs):
        return None
    train = [d for d in docs if d.split == "train"]
    nlp, tagger = learned_pipeline(train)
    return {
        "source": SOURCE,
        "news": "included" if missing is None else f"left out: {missing}",
        "trained_on": f"train split: {len(train)} documents, {sum(len(d.entities) for d in train)} entities",
        "entities": {
            s: entity_scores([d for d in docs if d.split == s], nlp, n_boot, tagger) for s in splits if any(d.split == s for d in docs)
        },
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

    head = ["split", "genre", "documents", "entities", "underthesea F1", "rules F1", "CRF alone F1", "pipeline P", "pipeline R", "pipeline F1", "pipeline − rules (paired CI over documents)"]
    rows = []
    for split, sres in res.get("entities", {}).items():
        groups = [("all", sres)] + list(sres["by_genre"].items())
        for genre, g in groups:
            sy = g["systems"]
            pipe = sy["pipeline"]["micro"]
            d = sres.get("pipeline_minus_rules") if genre == "all" else None
            rows.append(
                [split, genre, str(g["documents"]), str(g["entities"]), f(sy["underthesea"]["micro"]["f1"]), f(sy["rules"]["micro"]["f1"]), f(sy["crf"]["micro"]["f1"]) if "crf" in sy else "n/a",
                 f(pipe["precision"]), f(pipe["recall"]), f(pipe["f1"]),
                 f"{d['mean']:+.3f} [{d['ci_low']:+.3f}, {d['ci_high']:+.3f}]" if d else ""]
            )
    return head, rows, [], []
