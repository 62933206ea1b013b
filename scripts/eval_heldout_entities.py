"""Entity recognizers on unseen news: underthesea, the rules and the pipeline on held-out VNTC articles.

The annotations are standoff records, ``vntc-entities-{dev,test}.jsonl``, kept outside
the repository (``$DIENBIEN_HELDOUT``, else ``../heldout``; see :mod:`dienbien_nlp.heldout`);
the texts are read from the VNTC sample in ``../shared/data``. ``dev`` (10 random articles, one pass) was looked at while rules
were written; ``test`` (10 articles that name political bodies, two independent
passes) is used only for scoring.

Usage: python scripts/eval_heldout_entities.py [--vntc PATH] [--heldout DIR] [--split test] [--json]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from dienbien_nlp.heldout import SPLITS, default_heldout, default_vntc, entity_scores

ROOT = Path(__file__).resolve().parents[1]


def main(
    vntc: Optional[Path] = typer.Option(None, help="The VNTC sample (.jsonl.gz); default ../shared/data."),
    heldout: Optional[Path] = typer.Option(None, help="Folder of the held-out annotations; default ../heldout."),
    split: list[str] = typer.Option(list(SPLITS), help="dev and/or test."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Exact-span P/R/F1 per label of each system against each pass."""
    annotations = ROOT / "annotations"
    vntc = vntc or default_vntc(annotations)
    heldout = heldout or default_heldout(annotations)
    try:
        out = {name: entity_scores(name, vntc, heldout) for name in split}
    except (OSError, ValueError) as err:
        raise SystemExit(f"error: {err}") from None
    if as_json:
        print(json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False))
        return
    for name, res in out.items():
        agree = res["agreement"]
        extra = f"; pass agreement micro-F1 {agree['f1']:.3f}" if agree else ""
        print(f"== {name}: {res['articles']} articles{extra}")
        for p, pr in res["passes"].items():
            print(f"-- against pass {p} ({pr['entities']} entities)")
            for system, r in pr["systems"].items():
                m = r["micro"]
                per = "  ".join(f"{lab} {v['f1']:.2f}" for lab, v in r["per_label"].items())
                print(f"  {system:12s} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} | {per}")


if __name__ == "__main__":
    typer.run(main)
