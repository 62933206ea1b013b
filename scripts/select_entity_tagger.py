"""Choose the learned entity tagger and the merge policy on the dev split (train on train; test is not read).

Prints micro P/R/F1 on dev of the rules, CRFs with several regularisations, a spaCy ``ner`` trained with the
registered tokenizer, and every merge policy with and without the document-level consistency pass.

Usage: python scripts/select_entity_tagger.py [--spacy-iters 10]
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
) -> None:
    docs, missing = load_gold(corpus, annotations, vntc)
    res = select_on_dev(docs, spacy_iters=spacy_iters)
    if output:
        atomic_write_text(output, json.dumps(res, ensure_ascii=False, indent=2) + "\n")
    typer.echo(f"news: {'included' if missing is None else 'left out: ' + missing}; dev: {res['documents']} documents, {res['entities']} entities")
    typer.echo("system | P | R | F1 | minus rules (paired CI over documents)")
    for name, sc in res["systems"].items():
        m = sc["micro"]
        d = res.get(f"{name}_minus_rules")
        typer.echo(f"{name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | " + (f"{d['mean']:+.3f} [{d['ci_low']:+.3f}, {d['ci_high']:+.3f}]" if d else ""))
    typer.echo(f"best CRF on dev: {res['best_crf']}")


if __name__ == "__main__":
    typer.run(main)
