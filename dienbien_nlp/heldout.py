"""Scores on unseen news: the entity systems and the theme classifiers on held-out VNTC articles.

The held-out annotations are standoff records (VNTC article id, a SHA-256 of
the text, offsets and the labels of each independent pass) in
``vntc-{entities,themes}-{dev,test}.jsonl``. Because they are made on
third-party texts that may only be used for internal benchmarking, they are
kept outside the repository, like the texts: in ``$DIENBIEN_HELDOUT``, else in
``heldout/`` beside the checkout. The texts are read from the VNTC
politics-society sample in ``$DIENBIEN_SHARED/data``, else ``../shared/data``.
``dev`` splits were looked at while rules and hints were written; ``test``
splits are used only for scoring.

Example:
    >>> from dienbien_nlp.heldout import evaluate_heldout  # doctest: +SKIP
    >>> res = evaluate_heldout("annotations", "corpus")  # doctest: +SKIP
    >>> res["entities"]["test"]["passes"]["a"]["systems"]["pipeline"]["micro"]["f1"]  # doctest: +SKIP
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from .benchmarks import resolve_standoff

SPLITS = ("dev", "test")
VNTC_NAME = "vntc-politics-sample.jsonl.gz"
SOURCE = "VNTC politics-society sample (Vietnamese online news, 2005–2006)"


def default_vntc(annotations_dir: str | Path = "annotations") -> Path:
    """Where the VNTC sample is: ``$DIENBIEN_SHARED/data``, else ``shared/data`` beside the checkout."""
    env = os.environ.get("DIENBIEN_SHARED")
    shared = Path(env) if env else Path(annotations_dir).resolve().parent.parent / "shared"
    return shared / "data" / VNTC_NAME


def default_heldout(annotations_dir: str | Path = "annotations") -> Path:
    """Where the held-out annotations are: ``$DIENBIEN_HELDOUT``, else ``heldout/`` beside the checkout."""
    env = os.environ.get("DIENBIEN_HELDOUT")
    return Path(env) if env else Path(annotations_dir).resolve().parent.parent / "heldout"


def resolve(kind: str, split: str, vntc: str | Path, heldout_dir: str | Path) -> list[dict[str, Any]]:
    """The ``entities`` or ``themes`` records of a split with their text filled in (hash-checked).

    Raises:
        ValueError: an article is missing from ``vntc`` or a text does not match its hash.
    """
    path = Path(heldout_dir) / f"vntc-{kind}-{split}.jsonl"
    return resolve_standoff(path, vntc, sentences=kind == "themes")


def passes(recs: list[dict[str, Any]], kind: str) -> list[str]:
    """The names of the passes the records carry (``a``, ``b`` …)."""
    prefix = f"{kind}_"
    return sorted(k.removeprefix(prefix) for k in recs[0] if k.startswith(prefix)) if recs else []


def entity_scores(split: str, vntc: str | Path, heldout_dir: str | Path) -> dict[str, Any]:
    """underthesea, the rules and the pipeline against each pass of a split."""
    from .agreement import span_scores
    from .evaluation import evaluate_records
    from .schema import entity_labels

    recs = resolve("entities", split, vntc, heldout_dir)
    names = passes(recs, "entities")
    out: dict[str, Any] = {"articles": len(recs), "agreement": None, "passes": {}}
    if len(names) >= 2:
        a, b = ([(r["doc_id"], *e) for r in recs for e in r[f"entities_{p}"]] for p in names[:2])
        out["agreement"] = span_scores(a, b, list(entity_labels()))["micro"]
    for p in names:
        records = [
            {"id": r["doc_id"], "text": r["text"], "entities": [{"start": s, "end": e, "label": lab} for s, e, lab in r[f"entities_{p}"]]}
            for r in recs
        ]
        out["passes"][p] = {"entities": sum(len(r["entities"]) for r in records), "systems": evaluate_records(records)}
    return out


def theme_scores(
    split: str,
    vntc: str | Path,
    heldout_dir: str | Path,
    corpus_dir: str | Path = "corpus",
    annotations_dir: str | Path = "annotations",
    *,
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4),
    n_boot: int = 1000,
) -> dict[str, Any]:
    """Every theme classifier, trained on the gold, against each pass of a split."""
    import json

    from .agreement import theme_agreement
    from .schema import theme_ids
    from .theme_tasks import evaluate_themes

    recs = resolve("themes", split, vntc, heldout_dir)
    names = passes(recs, "themes")
    out: dict[str, Any] = {"sentences": len(recs), "articles": len({r["doc_id"] for r in recs}), "agreement": None, "passes": {}}
    if len(names) >= 2:
        agree = theme_agreement([r[f"themes_{names[0]}"] for r in recs], [r[f"themes_{names[1]}"] for r in recs], list(theme_ids()))
        out["agreement"] = {k: agree[k] for k in ("krippendorff_alpha", "mean_kappa", "exact_match")}
    for p in names:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{split}-{p}.jsonl"
            lines = (json.dumps({"text": r["text"], "themes": r[f"themes_{p}"]}, ensure_ascii=False) for r in recs)
            path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            res = evaluate_themes(corpus_dir, annotations_dir, seeds=seeds, n_boot=n_boot, test=path)
        res["setup"]["test"] = f"vntc-themes-{split}.jsonl (themes_{p})"
        out["passes"][p] = res
    return out


def evaluate_heldout(
    annotations_dir: str | Path = "annotations",
    corpus_dir: str | Path = "corpus",
    vntc: str | Path | None = None,
    heldout_dir: str | Path | None = None,
    *,
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4),
    n_boot: int = 1000,
) -> dict[str, Any] | None:
    """Entity and theme scores on every held-out split; ``None`` when the annotations or the VNTC sample are not there."""
    vntc = Path(vntc) if vntc else default_vntc(annotations_dir)
    held = Path(heldout_dir) if heldout_dir else default_heldout(annotations_dir)
    if not vntc.is_file() or not all((held / f"vntc-{k}-{s}.jsonl").is_file() for k in ("entities", "themes") for s in SPLITS):
        return None
    return {
        "source": SOURCE,
        "entities": {s: entity_scores(s, vntc, held) for s in SPLITS},
        "themes": {s: theme_scores(s, vntc, held, corpus_dir, annotations_dir, seeds=seeds, n_boot=n_boot) for s in SPLITS},
    }


def summary_tables(res: dict[str, Any]) -> tuple[list[str], list[list[str]], list[str], list[list[str]]]:
    """Plain-text tables of :func:`evaluate_heldout` results for the dataset card and the report.

    Returns:
        Entity header and rows (one per split and pass: the systems' micro-F1, the pipeline's
        precision and recall), theme header and rows (the lexicon, the best learned classifier,
        and their paired difference, with 95% CIs).
    """

    def f(x: Any) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    def ci(d: dict[str, Any], sign: str = "") -> str:
        return f"{d['mean']:{sign}.3f} [{d['ci_low']:{sign}.3f}, {d['ci_high']:{sign}.3f}]"

    ent_head = ["split", "pass", "entities", "underthesea F1", "rules F1", "pipeline P", "pipeline R", "pipeline F1"]
    ent_rows = []
    for split, sres in res.get("entities", {}).items():
        for p, pr in sres["passes"].items():
            sy = pr["systems"]
            pipe = sy["pipeline"]["micro"]
            ent_rows.append(
                [split, p, str(pr["entities"]), f(sy["underthesea"]["micro"]["f1"]), f(sy["rules"]["micro"]["f1"]),
                 f(pipe["precision"]), f(pipe["recall"]), f(pipe["f1"])]
            )
    theme_head = ["split", "pass", "sentences", "lexicon micro-F1", "best learned", "micro-F1", "minus lexicon (paired CI)"]
    theme_rows = []
    for split, sres in res.get("themes", {}).items():
        for p, pr in sres["passes"].items():
            best = pr["best_learned"]
            cls = pr["classifiers"]
            diff = cls[best].get("vs", {}).get("lexicon")
            theme_rows.append(
                [split, p, str(sres["sentences"]), ci(cls["lexicon"]["micro_f1"]), best, ci(cls[best]["micro_f1"]),
                 ci(diff, "+") if diff else "n/a"]
            )
    return ent_head, ent_rows, theme_head, theme_rows
