"""Throughput of the linguistic pipeline against underthesea's own pos_tag, on real news text.

Usage: python scripts/bench_pipeline.py [--data ../shared/data/vntc-politics-sample.jsonl.gz] [--min-bytes 1000000]
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from dienbien_nlp.eval.benchmarks import load_news_lines, throughput

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "vntc-politics-sample.jsonl.gz"


def main(data: Path = DEFAULT, min_bytes: int = 1_000_000, as_json: bool = typer.Option(False, "--json")) -> None:
    """Measure tokens/s of pos_tag, nlp.pipe (1 process) and nlp.pipe (2 processes) on the same lines."""
    res = throughput(load_news_lines(data, min_bytes))
    if as_json:
        print(json.dumps(res, indent=2))
        return
    print(f"{res['lines']} lines, {res['bytes'] / 1e6:.2f} MB of news text ({data.name})")
    for key in ("underthesea_pos_tag", "pipeline_1_process", "pipeline_2_processes"):
        r = res[key]
        print(f"{key:22s} {r['tokens']:>9d} tokens {r['seconds']:8.2f} s {r['tokens_per_s']:10.0f} tokens/s")
    print(f"pipeline (1 process) / pos_tag: {res['ratio_1p_vs_pos_tag']:.2f}x   (bar: >= 0.9x)")
    print(f"pipeline 2 processes / 1 process: {res['speedup_2p_vs_1p']:.2f}x   (bar: >= 1.7x)")
    print(f"peak RSS: main {res['peak_rss_mb_main']:.0f} MB, largest worker {res['peak_rss_mb_worker']:.0f} MB   (bar: < 400 MB)")


if __name__ == "__main__":
    typer.run(main)
