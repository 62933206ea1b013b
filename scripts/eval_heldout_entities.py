"""Entity recognizers on unseen news: score underthesea, the rules and the pipeline on VNTC articles.

The articles come from the VNTC politics-society sample in ``../shared/data``; the
texts may not be copied into this repository, so ``annotations/external/vntc-entities-{dev,test}.jsonl``
are standoff: article id, a SHA-256 of the article text, and the entity spans
(``[start, end, label]``) of each independent pass (``entities_a``, and ``entities_b``
where a second pass was made). ``dev`` (10 random articles, one pass) was looked at while
rules were written; ``test`` (10 articles that name political bodies, two passes) is
used only for scoring.

Usage: python scripts/eval_heldout_entities.py [--vntc PATH] [--split test] [--json]
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from dienbien_nlp.agreement import span_scores
from dienbien_nlp.benchmarks import resolve_standoff
from dienbien_nlp.evaluation import evaluate_records
from dienbien_nlp.schema import entity_labels

ROOT = Path(__file__).resolve().parents[1]
VNTC = ROOT.parent / "shared" / "data" / "vntc-politics-sample.jsonl.gz"
SPLITS = ("dev", "test")


def resolve(split: str, vntc: Path) -> list[dict]:
    """The split's articles with their text from VNTC, checked against the hash."""
    try:
        return resolve_standoff(ROOT / "annotations" / "external" / f"vntc-entities-{split}.jsonl", vntc)
    except ValueError as err:
        raise SystemExit(str(err)) from None


def passes(recs: list[dict]) -> list[str]:
    """The pass names the split has (``a``, ``b`` …)."""
    return sorted(k.removeprefix("entities_") for k in recs[0] if k.startswith("entities_"))


def main(
    vntc: Path = typer.Option(VNTC, help="The VNTC politics-society sample (.jsonl.gz)."),
    split: list[str] = typer.Option(list(SPLITS), help="dev and/or test."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Exact-span P/R/F1 per label of each system against each pass."""
    labels = list(entity_labels())
    out: dict = {}
    for name in split:
        recs = resolve(name, vntc)
        names = passes(recs)
        out[name] = {"articles": len(recs)}
        if len(names) >= 2:
            a, b = ([(r["doc_id"], *e) for r in recs for e in r[f"entities_{p}"]] for p in names[:2])
            out[name]["agreement"] = span_scores(a, b, labels)["micro"]
        for p in names:
            records = [
                {"id": r["doc_id"], "text": r["text"], "entities": [{"start": s, "end": e, "label": lab} for s, e, lab in r[f"entities_{p}"]]}
                for r in recs
            ]
            out[name][p] = {"entities": sum(len(r["entities"]) for r in records), "systems": evaluate_records(records)}
    if as_json:
        print(json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False))
        return
    for name, res in out.items():
        agree = res.get("agreement")
        extra = f"; pass agreement micro-F1 {agree['f1']:.3f}" if agree else ""
        print(f"== {name}: {res['articles']} articles{extra}")
        for p in (k for k in res if k not in ("articles", "agreement")):
            print(f"-- against pass {p} ({res[p]['entities']} entities)")
            for system, r in res[p]["systems"].items():
                m = r["micro"]
                per = "  ".join(f"{lab} {v['f1']:.2f}" for lab, v in r["per_label"].items())
                print(f"  {system:12s} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} | {per}")


if __name__ == "__main__":
    typer.run(main)
