"""Choose the learned entity tagger and the merge policy on the dev split (train on train; test is not read).

Prints micro P/R/F1 on dev of the rules, CRFs with several regularisations, a spaCy ``ner`` trained with the
registered tokenizer, the best CRF trained with rule-feature dropout, and every merge policy with and without
the document-level consistency pass.

``--on third-draw`` scores on the third draw of news articles instead (``annotations/news/selection.json``;
train documents, left out of training here): text the rules had not been written from when it was annotated.

Usage: python scripts/select_entity_tagger.py [--spacy-iters 10] [--on dev|third-draw]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from dienbien_nlp.annotation.gold import load_gold
from dienbien_nlp.eval.entities import select_on_dev
from dienbien_nlp.textio import atomic_write_text


def main(
    vntc: Optional[Path] = typer.Option(None, help="The VNTC sample (default: ../shared/data)."),
    annotations: Path = typer.Option(Path("annotations")),
    corpus: Path = typer.Option(Path("corpus")),
    spacy_iters: int = typer.Option(10, help="Epochs of the spaCy ner (0: leave it out)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
    on: str = typer.Option("dev", help="dev, or third-draw (the third draw of news articles, left out of training)."),
) -> None:
    if on not in ("dev", "third-draw"):
        typer.echo(f"error: --on must be dev or third-draw, not {on!r}", err=True)
        raise typer.Exit(2)
    docs, missing = load_gold(corpus, annotations, vntc)
    held = None
    if on == "third-draw":
        sel = json.loads((annotations / "news" / "selection.json").read_text("utf-8"))
        held = sel.get("third_draw", {}).get("documents")
        if not held or missing is not None:
            typer.echo(f"error: no third draw with its texts in {annotations} ({missing or 'no third_draw in the selection'})", err=True)
            raise typer.Exit(1)
    res = select_on_dev(docs, spacy_iters=spacy_iters, evaluate_on=held)
    if output:
        atomic_write_text(output, json.dumps(res, ensure_ascii=False, indent=2) + "\n")
    typer.echo(f"news: {'included' if missing is None else 'left out: ' + missing}; {on}: {res['documents']} documents, {res['entities']} entities")
    typer.echo("system | P | R | F1 | minus rules (paired CI over documents)")
    for name, sc in res["systems"].items():
        m = sc["micro"]
        d = res.get(f"{name}_minus_rules")
        typer.echo(f"{name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | " + (f"{d['mean']:+.3f} [{d['ci_low']:+.3f}, {d['ci_high']:+.3f}]" if d else ""))
    typer.echo(f"best CRF on dev: {res['best_crf']}")


if __name__ == "__main__":
    typer.run(main)
