"""Exact-span P/R/F1 per label of the rule recognizer on the interview's gold entities.

Runs :func:`dienbien_nlp.rules.rule_entities` on each line of the cleaned text (entities never
cross a line), compares with ``annotations/entities/<doc>.json`` and prints the scores, the false
positives and the false negatives.

Usage: python scripts/score_rules.py [--doc-id ID] [--corpus corpus] [--annotations annotations]
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import typer

from dienbien_nlp.corpus import get_document
from dienbien_nlp.rules import rule_entities

ROOT = Path(__file__).resolve().parents[1]
LABELS = ("PER", "LOC", "ORG", "RESOLUTION", "PROJECT", "EVENT")


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(
    doc_id: str = "dcsvn-2024-06-28-dien-bien-interview",
    corpus: Path = ROOT / "corpus",
    annotations: Path = ROOT / "annotations",
) -> None:
    """Score the rules on one document's gold entities."""
    text = get_document(doc_id, corpus).text
    gold_doc = json.loads((annotations / "entities" / f"{doc_id}.json").read_text("utf-8"))
    gold = {(e["start"], e["end"], e["label"]) for e in gold_doc["entities"]}
    t0 = time.perf_counter()
    pred: set[tuple[int, int, str]] = set()
    offset = 0
    for line in text.split("\n"):
        for c in rule_entities(line):
            pred.add((offset + c.start, offset + c.end, c.label))
        offset += len(line) + 1
    elapsed = time.perf_counter() - t0
    tp = pred & gold
    fp = pred - gold
    fn = gold - pred
    print(f"{doc_id}: {len(gold)} gold, {len(pred)} predicted, {elapsed * 1000:.0f} ms")
    print(f"{'label':12s} {'P':>6s} {'R':>6s} {'F1':>6s} {'tp':>4s} {'fp':>4s} {'fn':>4s}")
    count = Counter
    tps, fps, fns = count(x[2] for x in tp), count(x[2] for x in fp), count(x[2] for x in fn)
    for label in LABELS:
        p, r, f = _prf(tps[label], fps[label], fns[label])
        print(f"{label:12s} {p:6.3f} {r:6.3f} {f:6.3f} {tps[label]:4d} {fps[label]:4d} {fns[label]:4d}")
    p, r, f = _prf(len(tp), len(fp), len(fn))
    print(f"{'micro':12s} {p:6.3f} {r:6.3f} {f:6.3f} {len(tp):4d} {len(fp):4d} {len(fn):4d}")

    def show(title: str, items: set[tuple[int, int, str]]) -> None:
        print(f"\n{title} ({len(items)}):")
        for s, e, label in sorted(items):
            left = text[max(0, s - 25) : s].replace("\n", " ")
            print(f"  {label:10s} {s:6d} {text[s:e]!r}  …{left}")

    show("false positives", fp)
    show("false negatives", fn)


if __name__ == "__main__":
    typer.run(main)
