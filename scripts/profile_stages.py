"""Seconds per pipeline stage on the same lines of news, with underthesea's pos_tag and word_tokenize for reference.

Usage: python scripts/profile_stages.py [--data ../shared/data/vntc-politics-sample.jsonl.gz] [--min-bytes 150000]
"""

from __future__ import annotations

from pathlib import Path

import typer

from dienbien_nlp.eval.benchmarks import load_news_lines
from dienbien_nlp.eval.speed import stage_times

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "vntc-politics-sample.jsonl.gz"


def main(data: Path = DEFAULT, min_bytes: int = 150_000) -> None:
    """Print a Markdown table of seconds per stage."""
    lines = load_news_lines(data, min_bytes)
    times = stage_times(lines)
    print(f"{len(lines)} lines, {sum(len(x) for x in lines):,} characters of {data.name}, one process\n")
    print("| step | seconds |\n|---|---|")
    for name, s in times.items():
        print(f"| {name} | {s:.2f} |")
    stages = sum(s for k, s in times.items() if not k.startswith(("underthesea", "moving")))
    print(f"| all our stages (one process) | {stages:.2f} |")


if __name__ == "__main__":
    typer.run(main)
