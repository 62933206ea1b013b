"""Indicator-claim records: comparing two sets of claims field by field.

One comparison serves agreement between annotation passes and the evaluation of
an extractor against the gold (``LABELS.md`` §3, ``annotations/GUIDELINES.md`` §6).
Claims are matched on their ``value`` span; a match counts for

* ``value_kind``: the same value span and the same ``kind``;
* ``number``: the same number within 1e-9 relative;
* ``unit_norm`` and ``time``: equal;
* ``indicator``: the two indicator spans overlap (or both are absent);
* ``complete``: all of the above at once.

Example:
    >>> a = [{"value": {"start": 0, "end": 3}, "number": 285, "kind": "achieved", "unit_norm": "tonne",
    ...       "time": "2023", "indicator": None}]
    >>> compare_claims(a, a)["complete"]["f1"]
    1.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..eval.agreement import prf

FIELDS = ("value", "value_kind", "number", "unit_norm", "time", "indicator", "complete")
KINDS = ("achieved", "change", "target", "forecast")
QUALIFIERS = ("eq", "approx", "gt", "ge", "lt", "le")
UNIT_NORMS = (
    "percent", "percent_per_year", "percentage_point", "vnd", "usd", "times", "count", "tonne", "hectare", "km",
    "rank", "per_10k_people", "other",
)  # fmt: skip


def _span(x: Any) -> tuple[int, int] | None:
    return (int(x["start"]), int(x["end"])) if isinstance(x, Mapping) else None


def _same_number(a: Any, b: Any) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=0.0) or float(a) == float(b)
    except (TypeError, ValueError):
        return False


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a[0] < b[1] and b[0] < a[1]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    return {**prf(tp, n_pred, n_gold), "tp": tp}


def compare_claims(gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]], key: Any = None) -> dict[str, Any]:
    """P/R/F1 of ``pred`` against ``gold`` for every field of :data:`FIELDS` (``key`` prefixes spans, e.g. a doc id)."""
    g = {(key, *_span(c["value"])): c for c in gold}
    p = {(key, *_span(c["value"])): c for c in pred}
    tp = dict.fromkeys(FIELDS, 0)
    numbers_right = 0
    for k in g.keys() & p.keys():
        a, b = g[k], p[k]
        ok = {
            "value": True,
            "value_kind": a.get("kind") == b.get("kind"),
            "number": _same_number(a.get("number"), b.get("number")),
            "unit_norm": a.get("unit_norm") == b.get("unit_norm"),
            "time": a.get("time") == b.get("time"),
            "indicator": _overlap(_span(a.get("indicator")), _span(b.get("indicator"))),
        }
        ok["complete"] = all(ok.values())
        numbers_right += ok["number"]
        for f, v in ok.items():
            tp[f] += v
    out = {f: _prf(tp[f], len(p), len(g)) for f in FIELDS}
    matched = len(g.keys() & p.keys())
    out["counts"] = {"gold": len(g), "pred": len(p), "matched_values": matched, "numbers_right": numbers_right}
    return out


def pooled(results: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Micro-averaged :func:`compare_claims` over several documents."""
    tps = dict.fromkeys(FIELDS, 0)
    counts = {"gold": 0, "pred": 0, "matched_values": 0, "numbers_right": 0}
    for r in results:
        for f in FIELDS:
            tps[f] += r[f]["tp"]
        for c in counts:
            counts[c] += r["counts"][c]
    out: dict[str, Any] = {f: _prf(tps[f], counts["pred"], counts["gold"]) for f in FIELDS}
    out["counts"] = counts
    out["number_accuracy"] = counts["numbers_right"] / counts["matched_values"] if counts["matched_values"] else None
    return out


def validate_claims(record: Mapping[str, Any], text: str | None) -> list[str]:
    """Problems of a claim record (span texts checked when ``text`` is given)."""
    problems = []
    seen = set()
    for k, c in enumerate(record.get("claims") or []):
        where = f"claim {c.get('id', k + 1)}"
        if not isinstance(c, Mapping) or not isinstance(c.get("value"), Mapping):
            problems.append(f"{where}: needs a 'value' span")
            continue
        if c.get("kind") not in KINDS:
            problems.append(f"{where}: kind {c.get('kind')!r} is not one of {list(KINDS)}")
        if c.get("qualifier") not in QUALIFIERS:
            problems.append(f"{where}: qualifier {c.get('qualifier')!r} is not one of {list(QUALIFIERS)}")
        if c.get("unit_norm") not in UNIT_NORMS:
            problems.append(f"{where}: unit_norm {c.get('unit_norm')!r} is not one of {list(UNIT_NORMS)}")
        if not isinstance(c.get("number"), (int, float)) or isinstance(c.get("number"), bool):
            problems.append(f"{where}: number must be a JSON number")
        for f in ("value", "unit", "indicator", "place"):
            sp = c.get(f)
            if sp is None:
                continue
            if not isinstance(sp, Mapping) or not all(isinstance(sp.get(x), int) for x in ("start", "end")) or not 0 <= sp["start"] < sp["end"]:
                problems.append(f"{where}: '{f}' must be null or a span with integer start < end")
                continue
            if text is not None:
                if sp["end"] > len(text):
                    problems.append(f"{where}: '{f}' lies outside the text")
                elif "text" in sp and text[sp["start"] : sp["end"]] != sp["text"]:
                    problems.append(f"{where}: '{f}' text {sp['text']!r} does not match {text[sp['start']:sp['end']]!r}")
        v = _span(c["value"])
        if v in seen:
            problems.append(f"{where}: a second claim on the value span {v}")
        seen.add(v)
    return problems


def claims_agreement(annotations_dir: Any = "annotations", a: str = "pass_a", b: str = "pass_b") -> dict[str, Any] | None:
    """Agreement of two claim passes (A as reference), in all and per genre; ``None`` when there are none."""
    from pathlib import Path

    from ..annotation.goldstats import splits
    from ..annotation.records import read_record

    info = splits(annotations_dir)
    per: list[tuple[str, dict[str, Any]]] = []
    for base in (Path(annotations_dir), Path(annotations_dir) / "news"):
        for fa in sorted((base / "passes" / "claims" / a).glob("*.json")):
            fb = base / "passes" / "claims" / b / fa.name
            if fb.exists():
                ra, rb = read_record(fa), read_record(fb)
                per.append((ra["doc_id"], compare_claims(ra["claims"], rb["claims"], ra["doc_id"])))
    if not per:
        return None
    out = {"documents": [d for d, _ in per], **pooled(r for _, r in per), "by_genre": {}}
    for g in sorted({info.get(d, {}).get("genre", "?") for d, _ in per}):
        rows = [r for d, r in per if info.get(d, {}).get("genre", "?") == g]
        out["by_genre"][g] = {"documents": len(rows), **pooled(rows)}
    return out
