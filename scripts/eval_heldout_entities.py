"""Score underthesea, the rules, the learned tagger and the pipeline on the dev and test documents of the gold.

The learned tagger is trained on the train split only (in memory); scores are in all and per genre.

The news articles take part when the VNTC sample is found (``--vntc``, else
``../shared/data``); their gold is standoff in ``annotations/news/``.

Usage: python scripts/eval_heldout_entities.py [--vntc PATH] [--json] [-o OUT.json]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from dienbien_nlp.eval.heldout import evaluate_heldout, summary_tables
from dienbien_nlp.textio import atomic_write_text


def main(
    vntc: Optional[Path] = typer.Option(None, help="The VNTC sample (default: ../shared/data)."),
    annotations: Path = typer.Option(Path("annotations")),
    corpus: Path = typer.Option(Path("corpus")),
    as_json: bool = typer.Option(False, "--json"),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
) -> None:
    res = evaluate_heldout(annotations, corpus, vntc)
    if res is None:
        typer.echo("no splits (annotations/splits.json) in the gold", err=True)
        raise typer.Exit(1)
    if output:
        atomic_write_text(output, json.dumps(res, ensure_ascii=False, indent=2) + "\n")
    if as_json:
        typer.echo(json.dumps(res, ensure_ascii=False, indent=2))
        return
    head, rows, _, _ = summary_tables(res)
    typer.echo(f"news: {res['news']}; CRF trained on the {res['trained_on']}")
    typer.echo(" | ".join(head))
    for r in rows:
        typer.echo(" | ".join(r))
    for split, s in res["entities"].items():
        per = s["systems"]["pipeline"]["per_label"]
        typer.echo(f"{split} pipeline F1 per label: " + ", ".join(f"{lab} {v['f1']:.3f} ({v['support']})" for lab, v in per.items()))
        for name in ("crf", "pipeline"):
            d = s.get(f"{name}_minus_rules")
            if d:
                typer.echo(f"{split} {name} minus rules, micro-F1: {d['mean']:+.3f}, paired bootstrap 95% CI over documents [{d['ci_low']:+.3f}, {d['ci_high']:+.3f}]")


if __name__ == "__main__":
    typer.run(main)
