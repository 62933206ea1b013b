"""Score the recognizer on independently annotated texts it has never seen.

Input: JSON Lines of articles ({"id", "text"}) and JSON Lines of gold ({"id", "entities": [{"start", "end", "label", "text"}]}),
matched by id. Third-party texts stay outside this repository; pass their paths.

Usage: python scripts/eval_heldout.py ARTICLES.jsonl GOLD.jsonl [--json]
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from dienbien_nlp.eval.entities import evaluate_records


def main(articles: Path, gold: Path, as_json: bool = typer.Option(False, "--json")) -> None:
    """Print exact-span P/R/F1 per label for underthesea, the rules and the shipped pipeline."""
    texts = {r["id"]: r["text"] for r in map(json.loads, articles.read_text(encoding="utf-8").splitlines()) if r}
    records = []
    for g in map(json.loads, gold.read_text(encoding="utf-8").splitlines()):
        text = texts[g["id"]]
        for e in g["entities"]:
            if text[e["start"] : e["end"]] != e.get("text", text[e["start"] : e["end"]]):
                raise SystemExit(f"error: {gold}: {g['id']}: span {e} does not match the text")
        records.append({"id": g["id"], "text": text, "entities": g["entities"]})
    res = evaluate_records(records)
    if as_json:
        print(json.dumps(res, indent=2, sort_keys=True))
        return
    print(f"{len(records)} texts, {sum(len(r['entities']) for r in records)} gold entities")
    for system, r in res.items():
        m = r["micro"]
        per = "  ".join(f"{lab} {v['f1']:.2f}" for lab, v in r["per_label"].items())
        print(f"{system:12s} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} | {per}")


if __name__ == "__main__":
    typer.run(main)
