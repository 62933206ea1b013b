"""Benchmark of `dienbien-nlp corpus tag` on the VNTC sample: local and Dask engines on 1 and 2 workers.

Usage: python scripts/bench_corpus_tag.py [--data ../shared/data/vntc-politics-sample.jsonl.gz] [--limit N]
           [--json] [--output results.json] [--readme README.md] [--from-json results.json]

--readme writes the printed table into README.md between the corpus-tag benchmark markers;
--from-json prints (and writes) the results of an earlier --output run without tagging again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

import typer

from dienbien_nlp.batch.corpus_tag import SHARD_CHARS
from dienbien_nlp.eval.corpus_bench import CONFIGS, corpus_benchmark, describe

SHARED = Path(os.environ.get("DIENBIEN_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
DEFAULT = SHARED / "data" / "vntc-politics-sample.jsonl.gz"
BEGIN, END = "<!-- corpus-tag benchmark: begin -->", "<!-- corpus-tag benchmark: end -->"


def main(
    data: Path = DEFAULT,
    limit: Optional[int] = typer.Option(None, help="Only the first N articles."),
    runs: str = typer.Option(",".join(CONFIGS), help="Comma-separated runs among " + ", ".join(CONFIGS) + "."),
    shard_chars: int = SHARD_CHARS,
    as_json: bool = typer.Option(False, "--json"),
    output: Optional[Path] = typer.Option(None, help="Also write the results as JSON here."),
    readme: Optional[Path] = typer.Option(None, help="Write the table into this README between the benchmark markers."),
    from_json: Optional[Path] = typer.Option(
        None, help="Print (and --readme) the results of an earlier --output instead of running."
    ),
) -> None:
    """Tag the sample with each engine on 1 and 2 workers; print wall time, tokens/s, memory, identity, resume cost."""
    if from_json:
        res = json.loads(from_json.read_text(encoding="utf-8"))
    else:
        configs = [r.strip() for r in runs.split(",") if r.strip()]
        res = corpus_benchmark(data, limit=limit, configs=configs, shard_chars=shard_chars)
    if output:
        output.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    text = "\n".join(describe(res))
    print(json.dumps(res, indent=2) if as_json else text)
    if readme:
        body = readme.read_text(encoding="utf-8")
        if BEGIN not in body or END not in body:
            raise typer.BadParameter(f"{readme} has no {BEGIN} ... {END} block")
        head, rest = body.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        readme.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    typer.run(main)
