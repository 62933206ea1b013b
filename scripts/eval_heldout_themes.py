"""Theme classifiers trained on the train documents, chosen on dev, scored on test, in all and per genre.

Bootstrap CIs resample documents.

The same as ``dienbien-nlp themes evaluate`` (its default mode); kept for the README's
commands. The news articles take part when the VNTC sample is found.

Usage: python scripts/eval_heldout_themes.py [--vntc PATH] [-o OUT.json]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from dienbien_nlp.learn.theme_tasks import evaluate_themes_split
from dienbien_nlp.learn.themes import describe_bar
from dienbien_nlp.textio import atomic_write_text


def main(
    vntc: Optional[Path] = typer.Option(None, help="The VNTC sample (default: ../shared/data)."),
    annotations: Path = typer.Option(Path("annotations")),
    corpus: Path = typer.Option(Path("corpus")),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
) -> None:
    res = evaluate_themes_split(corpus, annotations, vntc=vntc)
    if output:
        atomic_write_text(output, json.dumps(res, ensure_ascii=False, indent=2) + "\n")
    typer.echo(json.dumps(res["setup"], ensure_ascii=False))
    for part, r in (("test", res), ("dev", res.get("dev") or {})):
        for name, c in (r.get("classifiers") or {}).items():
            m = c["micro_f1"]
            typer.echo(f"{part:4s} {name:20s} micro-F1 {m['mean']:.3f} [{m['ci_low']:.3f}, {m['ci_high']:.3f}]")
    for g, v in res["by_genre"].items():
        typer.echo(f"test {g:9s} ({v['sentences']} sentences): " + ", ".join(f"{k} {x:.3f}" for k, x in v["micro_f1"].items()))
    best = res["best_learned"]
    typer.echo(f"best learned, chosen on {res['setup'].get('chosen_on', 'test')}: {best}; test micro-F1 {res['classifiers'][best]['micro_f1']['mean']:.3f} (bar 0.70: {'met' if res['classifiers'][best]['micro_f1']['mean'] >= 0.70 else 'not met'})")
    typer.echo(f"per theme on test ({best}): theme | precision | recall | F1 | support")
    for t, v in res["classifiers"][best].get("per_theme", {}).items():
        if isinstance(v, dict) and "precision" in v:
            typer.echo(f"  {t} | {v['precision']:.2f} | {v['recall']:.2f} | {v['f1']:.2f} | {v['support']}")
    for line in describe_bar(res["bar"]):
        typer.echo(line)


if __name__ == "__main__":
    typer.run(main)
