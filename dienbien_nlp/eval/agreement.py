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
    if not a or len({*a, *b}) < 2:  # chance agreement is 1: kappa is 0/0
        return None
    from sklearn.metrics import cohen_kappa_score

    return float(cohen_kappa_score(a, b))


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


def _pass_pairs(root: Any, kind: str, a: str, b: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """``(record A, record B)`` of every document both passes annotated, the news standoff included."""
    from pathlib import Path

    from ..annotation.records import read_record

    pairs = []
    for base in (Path(root), Path(root) / "news"):
        for fa in sorted((base / "passes" / kind / a).glob("*.json")):
            fb = base / "passes" / kind / b / fa.name
            if fb.exists():
                pairs.append((read_record(fa), read_record(fb)))
    return pairs


def _agreement(ent_pairs: list[Any], theme_pairs: list[Any], a: str, b: str) -> dict[str, Any]:
    from ..schema import entity_labels, theme_ids

    ea: list[Span] = []
    eb: list[Span] = []
    for ra, rb in ent_pairs:
        ea += [(ra["doc_id"], x["start"], x["end"], x["label"]) for x in ra["entities"]]
        eb += [(rb["doc_id"], x["start"], x["end"], x["label"]) for x in rb["entities"]]
    ta: list[list[str]] = []
    tb: list[list[str]] = []
    for ra, rb in theme_pairs:
        by_off = {(x["start"], x["end"]): x["themes"] for x in rb["sentences"]}
        for x in ra["sentences"]:
            if (x["start"], x["end"]) in by_off:
                ta.append(x["themes"])
                tb.append(by_off[(x["start"], x["end"])])
    out: dict[str, Any] = {}
    if ea or eb:
        out["entities"] = {
            **entity_agreement(ea, eb, list(entity_labels())),
            "documents": [ra["doc_id"] for ra, _ in ent_pairs],
            "mentions": {a: len(ea), b: len(eb)},
        }
    if ta:
        out["themes"] = {**theme_agreement(ta, tb, list(theme_ids())), "documents": [ra["doc_id"] for ra, _ in theme_pairs]}
    return out


def corpus_agreement(annotations_dir: Any = "annotations", a: str = "pass_a", b: str = "pass_b") -> dict[str, Any]:
    """Agreement between two passes over every document both annotated, in all and per genre.

    Entities: exact-span F1 (A as reference) per label and micro. Themes: per-theme
    Cohen's kappa, mean kappa and Krippendorff's alpha over sentences both passes
    labelled (matched by offsets). ``by_genre`` repeats both for each genre of
    ``annotations/splits.json`` (interview, official, news).
    """
    from ..annotation.goldstats import splits

    ent = _pass_pairs(annotations_dir, "entities", a, b)
    th = _pass_pairs(annotations_dir, "themes", a, b)
    out: dict[str, Any] = {"passes": [a, b], **_agreement(ent, th, a, b)}
    info = splits(annotations_dir)
    genres = sorted({v["genre"] for v in info.values()})
    if genres:
        out["by_genre"] = {
            g: _agreement(
                [p for p in ent if info.get(p[0]["doc_id"], {}).get("genre") == g],
                [p for p in th if info.get(p[0]["doc_id"], {}).get("genre") == g],
                a,
                b,
            )
            for g in genres
        }
    return out
