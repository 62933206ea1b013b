"""Check the learned claim filter on a round of the claim gold that it was not trained on.

Trains the filter in memory on the ``train`` and ``dev`` claim gold without the documents of
``--round`` (``annotations/claims-selection.json``), then scores the pipeline's claims on that
round's documents with the rules alone and with the filter. ``test`` is never read.

The rules were written reading every round up to 3; a round annotated after them (round 4)
is fresh text for both. Run before the rules are changed for that round.

Usage: python scripts/check_claim_filter.py --round 4 [--vntc PATH]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from dienbien_nlp.claims.evaluate import evaluate_claims, load_claim_gold, round_documents
from dienbien_nlp.errors import DienbienError
from dienbien_nlp.learn.claim_filter import train_claim_filter
from dienbien_nlp.textio import atomic_write_text


def main(
    round_: int = typer.Option(..., "--round", min=1, help="The round of claims-selection.json to check on."),
    vntc: Optional[Path] = typer.Option(None, help="The VNTC sample (default: ../shared/data)."),
    annotations: Path = typer.Option(Path("annotations")),
    corpus: Path = typer.Option(Path("corpus")),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
) -> None:
    from dienbien_nlp import load

    try:
        held = set(round_documents(annotations, round_))
        docs, missing = load_claim_gold(corpus, annotations, vntc)
    except DienbienError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    if missing is not None:
        typer.echo(f"error: the news texts are needed: {missing}", err=True)
        raise typer.Exit(1)
    if any(d.doc_id in held and d.split == "test" for d in docs):
        typer.echo(f"error: round {round_} holds test documents; this check reads train and dev only", err=True)
        raise typer.Exit(1)
    nlp = load()
    nlp.replace_pipe("dienbien_claims", "dienbien_claims", config={"learned_filter": False})
    train = [d for d in docs if d.split in ("train", "dev") and d.doc_id not in held]
    data = [(d.text, d.claims, [(s.start_char, s.end_char) for s in sd.sents]) for d, sd in zip(train, nlp.pipe(d.text for d in train))]
    flt = train_claim_filter(data)

    def rules(text: str) -> list[dict]:
        return list(nlp(text)._.claims or [])

    def filtered(text: str) -> list[dict]:
        doc = nlp(text)
        return flt.keep(text, list(doc._.claims or []), [(s.start_char, s.end_char) for s in doc.sents])

    res = {}
    for name, fn in (("rules", rules), ("rules + learned filter", filtered)):
        res[name] = evaluate_claims(corpus, annotations, vntc, documents=held, extract=fn)["all"]
    if output:
        atomic_write_text(output, json.dumps({"round": round_, "filter": flt.meta, "threshold": flt.threshold, "scores": res}, indent=2) + "\n")
    typer.echo(f"round {round_}: {len(held)} documents; filter trained on {len(train)} train/dev documents without them, threshold {flt.threshold}")
    typer.echo("system | gold | pred | value F1 | value+kind F1 | complete F1")
    for name, r in res.items():
        c = r["counts"]
        typer.echo(f"{name} | {c['gold']} | {c['pred']} | {r['value']['f1']:.3f} | {r['value_kind']['f1']:.3f} | {r['complete']['f1']:.3f}")


if __name__ == "__main__":
    typer.run(main)
