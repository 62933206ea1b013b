"""What the gold holds: documents, sentences and entity mentions per genre and split, and pass coverage.

Counts need no text, so they hold on a fresh clone without the VNTC sample.

Example:
    >>> from dienbien_nlp.annotation.goldstats import gold_counts
    >>> c = gold_counts("annotations")  # doctest: +SKIP
    >>> c["total"]["documents"] >= 45  # doctest: +SKIP
    True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .records import read_record


def splits(annotations_dir: str | Path = "annotations") -> dict[str, dict[str, str]]:
    """``doc_id -> {"genre", "split"}`` from ``annotations/splits.json`` (empty when absent)."""
    p = Path(annotations_dir) / "splits.json"
    if not p.exists():
        return {}
    return {d["doc_id"]: {"genre": d["genre"], "split": d["split"]} for d in json.loads(p.read_text("utf-8"))["documents"]}


def gold_files(annotations_dir: str | Path, kind: str, annotator: str | None = None) -> dict[str, Path]:
    """``doc_id -> path`` of the gold (or one pass's) ``entities``/``themes`` records, news standoff included."""
    root = Path(annotations_dir)
    sub = kind if annotator is None else f"passes/{kind}/{annotator}"
    files = sorted((root / sub).glob("*.json")) + sorted((root / "news" / sub).glob("*.json"))
    return {f.stem: f for f in files}


def gold_counts(annotations_dir: str | Path = "annotations") -> dict[str, Any]:
    """Counts per genre, per split and in total, with the number of documents that have both passes."""
    info = splits(annotations_dir)
    ents = gold_files(annotations_dir, "entities")
    themes = gold_files(annotations_dir, "themes")
    both = {
        kind: {d for d in gold_files(annotations_dir, kind, "pass_a")} & {d for d in gold_files(annotations_dir, kind, "pass_b")}
        for kind in ("entities", "themes")
    }
    docs = sorted(set(ents) | set(themes))

    def blank() -> dict[str, int]:
        return {"documents": 0, "sentences": 0, "entities": 0, "two_passes": 0}

    out: dict[str, Any] = {"total": blank(), "genre": {}, "split": {}, "unsplit": []}
    for d in docs:
        n_ent = len(read_record(ents[d])["entities"]) if d in ents else 0
        n_sent = len(read_record(themes[d])["sentences"]) if d in themes else 0
        two = int(d in both["entities"] and d in both["themes"])
        meta = info.get(d)
        if meta is None:
            out["unsplit"].append(d)
        buckets = [out["total"]]
        if meta:
            buckets += [out["genre"].setdefault(meta["genre"], blank()), out["split"].setdefault(meta["split"], blank())]
        for b in buckets:
            b["documents"] += 1
            b["sentences"] += n_sent
            b["entities"] += n_ent
            b["two_passes"] += two
    return out
