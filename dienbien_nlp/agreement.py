"""Inter-annotator agreement: exact-span F1 for entities, Cohen's kappa for themes.

Example:
    >>> a = [(0, 4, "LOC"), (10, 14, "ORG")]
    >>> b = [(0, 4, "LOC"), (10, 14, "LOC")]
    >>> entity_agreement(a, b)["micro"]["f1"]
    0.5
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

Span = tuple[Any, ...]


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def span_scores(gold: Iterable[Span], pred: Iterable[Span], labels: Sequence[str] | None = None) -> dict[str, Any]:
    """Exact-span, exact-label P/R/F1 of ``pred`` against ``gold``, micro and per label.

    Spans are tuples whose last element is the label (``(start, end, label)``,
    or ``(doc_id, start, end, label)`` across documents).
    """
    g, p = set(gold), set(pred)
    labels = sorted(labels or {s[-1] for s in g | p})
    per = {}
    for lab in labels:
        gl = {s for s in g if s[-1] == lab}
        pl = {s for s in p if s[-1] == lab}
        per[lab] = {**prf(len(gl & pl), len(pl), len(gl)), "support": len(gl)}
    return {"micro": prf(len(g & p), len(p), len(g)), "per_label": per}


def entity_agreement(a: Iterable[Span], b: Iterable[Span], labels: Sequence[str] | None = None) -> dict[str, Any]:
    """Exact-span F1 between two annotators (symmetric: A is taken as the reference)."""
    return span_scores(a, b, labels)


def cohen_kappa(a: Sequence[int], b: Sequence[int]) -> float | None:
    """Cohen's kappa of two binary codings; ``None`` when undefined (both constant and equal)."""
    n = len(a)
    if n == 0:
        return None
    po = sum(1 for x, y in zip(a, b) if x == y) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    if pe == 1.0:
        return None
    return (po - pe) / (1 - pe)


def theme_agreement(a: Sequence[Sequence[str]], b: Sequence[Sequence[str]], themes: Sequence[str]) -> dict[str, Any]:
    """Per-theme Cohen's kappa, their mean, and Krippendorff's alpha over all (unit, theme) decisions."""
    import krippendorff
    import numpy as np

    if len(a) != len(b):
        raise ValueError("both annotations must cover the same sentences")
    per: dict[str, Any] = {}
    for t in themes:
        xa = [int(t in s) for s in a]
        xb = [int(t in s) for s in b]
        per[t] = {"kappa": cohen_kappa(xa, xb), "a": sum(xa), "b": sum(xb), "both": sum(x & y for x, y in zip(xa, xb))}
    kappas = [v["kappa"] for v in per.values() if v["kappa"] is not None]
    data = np.array([[int(t in s) for s in a for t in themes], [int(t in s) for s in b for t in themes]], dtype=float)
    alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")) if data.any() else None
    exact = sum(1 for x, y in zip(a, b) if set(x) == set(y)) / len(a) if a else 0.0
    return {"per_theme": per, "mean_kappa": sum(kappas) / len(kappas) if kappas else None, "krippendorff_alpha": alpha, "exact_match": exact, "units": len(a)}


def corpus_agreement(annotations_dir: Any = "annotations", a: str = "pass_a", b: str = "pass_b") -> dict[str, Any]:
    """Agreement between two passes over every document both annotated.

    Entities: exact-span F1 (A as reference) per label and micro. Themes: per-theme
    Cohen's kappa, mean kappa and Krippendorff's alpha over sentences both passes
    labelled (matched by offsets).
    """
    from pathlib import Path

    from .annotations import read_record
    from .schema import entity_labels, theme_ids

    root = Path(annotations_dir)
    ea: list[Span] = []
    eb: list[Span] = []
    docs_e = []
    for fa in sorted((root / "passes" / "entities" / a).glob("*.json")):
        fb = root / "passes" / "entities" / b / fa.name
        if not fb.exists():
            continue
        ra, rb = read_record(fa), read_record(fb)
        docs_e.append(ra["doc_id"])
        ea += [(ra["doc_id"], x["start"], x["end"], x["label"]) for x in ra["entities"]]
        eb += [(rb["doc_id"], x["start"], x["end"], x["label"]) for x in rb["entities"]]
    ta: list[list[str]] = []
    tb: list[list[str]] = []
    docs_t = []
    for fa in sorted((root / "passes" / "themes" / a).glob("*.json")):
        fb = root / "passes" / "themes" / b / fa.name
        if not fb.exists():
            continue
        ra, rb = read_record(fa), read_record(fb)
        docs_t.append(ra["doc_id"])
        by_off = {(s["start"], s["end"]): s["themes"] for s in rb["sentences"]}
        for s in ra["sentences"]:
            if (s["start"], s["end"]) in by_off:
                ta.append(s["themes"])
                tb.append(by_off[(s["start"], s["end"])])
    out: dict[str, Any] = {"passes": [a, b]}
    if ea or eb:
        out["entities"] = {**entity_agreement(ea, eb, list(entity_labels())), "documents": docs_e, "mentions": {a: len(ea), b: len(eb)}}
    if ta:
        out["themes"] = {**theme_agreement(ta, tb, list(theme_ids())), "documents": docs_t}
    return out
