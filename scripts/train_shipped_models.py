"""Retrain the models shipped inside the package from the gold (run after the gold changes).

Writes dienbien_nlp/resources/models/entities.crfsuite.gz (the CRF, gzipped), claim_filter.json
(the learned claim filter, trained on the train and dev claim gold only) and themes.skops
(the learned theme classifier with the best cross-validated micro-F1, read from
build/eval/themes.json when present), and the same theme classifier as arrays + JSON
(themes.linear.zip, which the pipeline loads without scikit-learn) when it is linear.

Usage: python scripts/train_shipped_models.py [--kind tfidf_lex_hints_lr]
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from dienbien_nlp.claims.evaluate import train_shipped_claim_filter
from dienbien_nlp.eval.entities import train_shipped_crf
from dienbien_nlp.learn.linear import LINEAR_KINDS, save_linear
from dienbien_nlp.learn.model_io import load_model
from dienbien_nlp.learn.theme_tasks import train_themes

MODELS = Path(__file__).resolve().parents[1] / "dienbien_nlp" / "resources" / "models"


def main(kind: str = "", corpus: Path = Path("corpus"), annotations: Path = Path("annotations"), themes_eval: Path = Path("build/eval/themes.json")) -> None:
    """Train the shipped models: the CRF and the theme classifier on all gold, the claim filter on train and dev."""
    if not kind:
        kind = json.loads(themes_eval.read_text(encoding="utf-8"))["best_learned"] if themes_eval.exists() else "tfidf_lex_hints_lr"
    crf = train_shipped_crf(corpus, annotations, MODELS / "entities.crfsuite.gz")
    info = train_themes(MODELS / "themes.skops", kind=kind, corpus_dir=corpus, annotations_dir=annotations)
    linear = MODELS / "themes.linear.zip"
    if kind in LINEAR_KINDS:
        save_linear(load_model(info["path"]), linear)  # the very model just saved, read back
    else:
        linear.unlink(missing_ok=True)  # the pipeline then loads themes.skops
    flt, meta = train_shipped_claim_filter(corpus, annotations, MODELS / "claim_filter.json")
    print(f"wrote {crf} and {info['path']} ({info['kind']}, {info['sentences']} sentences)")
    print(f"wrote {flt} ({meta['documents']} documents, {meta['examples']} numbers, threshold chosen out of fold)")


if __name__ == "__main__":
    typer.run(main)
