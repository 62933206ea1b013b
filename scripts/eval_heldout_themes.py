"""Theme classifiers on unseen news: train on the interview gold, score on VNTC sentences.

The sentences come from the VNTC politics-society sample in ``../shared/data``
(the texts may not be copied into this repository, so the annotations in
``annotations/external/vntc-themes-{dev,test}.jsonl`` are standoff: article id,
offsets, a SHA-256 of the sentence text, and the themes of two independent
passes, ``themes_a`` and ``themes_b``). ``dev`` was seen while the schema's hints
were extended; ``test`` was annotated afterwards and not looked at before scoring.

Prints, per set and per pass: the agreement of the two passes, every classifier's
micro/macro-F1 with bootstrap 95% CIs, and the bar check of the best learned one.

Usage: python scripts/eval_heldout_themes.py [--vntc PATH] [--split test] [--seeds 5] [-o OUT.json]
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Optional

import typer

from dienbien_nlp.agreement import theme_agreement
from dienbien_nlp.benchmarks import resolve_standoff
from dienbien_nlp.schema import theme_ids
from dienbien_nlp.textio import atomic_write_text
from dienbien_nlp.theme_tasks import evaluate_themes
from dienbien_nlp.themes import describe_bar

ROOT = Path(__file__).resolve().parents[1]
VNTC = ROOT.parent / "shared" / "data" / "vntc-politics-sample.jsonl.gz"
SPLITS = ("dev", "test")


def resolve(split: str, vntc: Path) -> list[dict]:
    """The split's records with their sentence text taken from VNTC and checked against the hash."""
    try:
        return resolve_standoff(ROOT / "annotations" / "external" / f"vntc-themes-{split}.jsonl", vntc, sentences=True)
    except ValueError as err:
        raise SystemExit(str(err)) from None


def main(
    vntc: Path = typer.Option(VNTC, help="The VNTC politics-society sample (.jsonl.gz)."),
    split: list[str] = typer.Option(list(SPLITS), help="dev and/or test."),
    seeds: int = typer.Option(5, help="Seeds of the learned classifiers."),
    n_boot: int = typer.Option(1000, help="Bootstrap resamples."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write all results as JSON here."),
) -> None:
    """Score every theme classifier, trained on the interview gold, on the held-out VNTC sentences."""
    out = {}
    for name in split:
        recs = resolve(name, vntc)
        agree = theme_agreement([r["themes_a"] for r in recs], [r["themes_b"] for r in recs], list(theme_ids()))
        print(f"== {name}: {len(recs)} sentences from {len({r['doc_id'] for r in recs})} articles; "
              f"pass agreement: alpha {agree['krippendorff_alpha']:.3f}, mean kappa {agree['mean_kappa']:.3f}, exact match {agree['exact_match']:.3f}")
        out[name] = {"sentences": len(recs), "agreement": {k: agree[k] for k in ("krippendorff_alpha", "mean_kappa", "exact_match")}}
        for annotator in ("a", "b"):
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"{name}-{annotator}.jsonl"
                path.write_text("".join(json.dumps({"text": r["text"], "themes": r[f"themes_{annotator}"]}, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
                res = evaluate_themes(ROOT / "corpus", ROOT / "annotations", seeds=tuple(range(seeds)), n_boot=n_boot, test=path)
            res["setup"]["test"] = f"annotations/external/vntc-themes-{name}.jsonl (themes_{annotator})"
            out[name][annotator] = res
            print(f"-- against pass {annotator}")
            for kind, r in res["classifiers"].items():
                mi, ma = r["micro_f1"], r["macro_f1"]
                print(f"  {kind:20s} micro-F1 {mi['mean']:.3f} [{mi['ci_low']:.3f}, {mi['ci_high']:.3f}]  "
                      f"macro-F1 {ma['mean']:.3f} [{ma['ci_low']:.3f}, {ma['ci_high']:.3f}]")
            for line in describe_bar(res["bar"]):
                print("  " + line)
    if output:
        atomic_write_text(output, json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    typer.run(main)
