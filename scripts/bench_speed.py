"""Every performance figure in one run: throughput and 2-process scaling against underthesea's pos_tag,
cold start-up of `dienbien-nlp tag`, peak memory while streaming.

Usage: python scripts/bench_speed.py [--data ../shared/data/vntc-politics-sample.jsonl.gz] [--min-bytes 1000000]
       [--repeat 3] [--stream-mb 50] [--json-out FILE] [--readme README.md]

Prints the Markdown table of the README's performance section; --readme writes it there, between its markers.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from dienbien_nlp.eval.speed import markdown, run_all, update_readme

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "vntc-politics-sample.jsonl.gz"


def main(
    data: Path = DEFAULT,
    min_bytes: int = 1_000_000,
    repeat: int = 3,
    stream_mb: float = typer.Option(50.0, help="MB streamed through `tag --n-process 2` for peak memory (0: skip)."),
    json_out: Path = typer.Option(None, help="Also write every figure as JSON here."),
    readme: Path = typer.Option(None, help="Write the table into this README between its markers."),
) -> None:
    """Measure and print the performance table."""
    res = run_all(data, min_bytes=min_bytes, repeat=repeat, stream_mb=stream_mb)
    table = markdown(res)
    print(table, end="")
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    if readme:
        update_readme(readme, table)


if __name__ == "__main__":
    typer.run(main)
