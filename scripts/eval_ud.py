"""Word segmentation F1 and UPOS accuracy on UD Vietnamese VTB, for the pipeline and plain underthesea.

Usage: python scripts/eval_ud.py [--conllu ../shared/data/ud-vi-vtb/vi_vtb-ud-test.conllu]
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from dienbien_nlp.eval.benchmarks import ud_eval

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ud-vi-vtb" / "vi_vtb-ud-test.conllu"


def main(conllu: Path = DEFAULT, as_json: bool = typer.Option(False, "--json")) -> None:
    """Score word segmentation and UPOS against the treebank's gold."""
    res = ud_eval(conllu)
    if as_json:
        print(json.dumps(res, indent=2))
        return
    print(f"{conllu.name}: {res['sentences']} sentences, {res['gold_words']} gold words")
    print(f"{'system':12s} {'seg P':>7s} {'seg R':>7s} {'seg F1':>7s} {'UPOS F1':>8s}")
    for name in ("pipeline", "underthesea"):
        seg, upos = res[name]["word_segmentation"], res[name]["upos"]
        print(f"{name:12s} {seg['precision']:7.4f} {seg['recall']:7.4f} {seg['f1']:7.4f} {upos['f1']:8.4f}")


if __name__ == "__main__":
    typer.run(main)
