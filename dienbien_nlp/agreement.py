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

Span = tuple[int, int, str]


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def span_scores(gold: Iterable[Span], pred: Iterable[Span], labels: Sequence[str] | None = None) -> dict[str, Any]:
    """Exact-span, exact-label P/R/F1 of ``pred`` against ``gold``, micro and per label."""
    g, p = set(gold), set(pred)
    labels = sorted(labels or {s[2] for s in g | p})
    per = {}
    for lab in labels:
        gl = {s for s in g if s[2] == lab}
        pl = {s for s in p if s[2] == lab}
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
