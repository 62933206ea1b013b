"""Theme classifiers on unseen news: train on the interview gold, score on held-out VNTC sentences.

The annotations are standoff records, ``vntc-themes-{dev,test}.jsonl``, kept outside
the repository (``$DIENBIEN_HELDOUT``, else ``../heldout``; see :mod:`dienbien_nlp.heldout`);
the texts are read from the VNTC sample in ``../shared/data``. ``dev`` was seen while the schema's hints were extended; ``test``
was annotated after that and is used only for scoring.

Prints, per split and per pass: the agreement of the two passes, every classifier's
micro/macro-F1 with bootstrap 95% CIs, and the bar check of the best learned one.

Usage: python scripts/eval_heldout_themes.py [--vntc PATH] [--heldout DIR] [--split test] [--seeds 5] [-o OUT.json]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from dienbien_nlp.heldout import SPLITS, default_heldout, default_vntc, theme_scores
from dienbien_nlp.textio import atomic_write_text
from dienbien_nlp.themes import describe_bar

ROOT = Path(__file__).resolve().parents[1]


def main(
    vntc: Optional[Path] = typer.Option(None, help="The VNTC sample (.jsonl.gz); default ../shared/data."),
    heldout: Optional[Path] = typer.Option(None, help="Folder of the held-out annotations; default ../heldout."),
    split: list[str] = typer.Option(list(SPLITS), help="dev and/or test."),
    seeds: int = typer.Option(5, help="Seeds of the learned classifiers."),
    n_boot: int = typer.Option(1000, help="Bootstrap resamples."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write all results as JSON here."),
) -> None:
    """Score every theme classifier, trained on the interview gold, on the held-out VNTC sentences."""
    annotations = ROOT / "annotations"
    vntc = vntc or default_vntc(annotations)
    heldout = heldout or default_heldout(annotations)
    out = {}
    for name in split:
        try:
            res = theme_scores(name, vntc, heldout, ROOT / "corpus", annotations, seeds=tuple(range(seeds)), n_boot=n_boot)
        except (OSError, ValueError) as err:
            raise SystemExit(f"error: {err}") from None
        out[name] = res
        agree = res["agreement"]
        extra = (
            f"; pass agreement: alpha {agree['krippendorff_alpha']:.3f}, mean kappa {agree['mean_kappa']:.3f}, "
            f"exact match {agree['exact_match']:.3f}"
            if agree
            else ""
        )
        print(f"== {name}: {res['sentences']} sentences from {res['articles']} articles{extra}")
        for p, pr in res["passes"].items():
            print(f"-- against pass {p}")
            for kind, r in pr["classifiers"].items():
                mi, ma = r["micro_f1"], r["macro_f1"]
                print(
                    f"  {kind:20s} micro-F1 {mi['mean']:.3f} [{mi['ci_low']:.3f}, {mi['ci_high']:.3f}]  "
                    f"macro-F1 {ma['mean']:.3f} [{ma['ci_low']:.3f}, {ma['ci_high']:.3f}]"
                )
            for line in describe_bar(pr["bar"]):
                print("  " + line)
    if output:
        atomic_write_text(output, json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    typer.run(main)
