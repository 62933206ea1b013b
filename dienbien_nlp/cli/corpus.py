"""``dienbien-nlp corpus``: whole corpora (a thin wrapper over :mod:`.corpus_tag`).

Mounted on the app in :mod:`dienbien_nlp.cli` with ``app.add_typer(corpus_app, name="corpus")``.

Example:
    $ dienbien-nlp corpus tag news.jsonl.gz --out news-tagged --n-process 2
    tagged 3000 documents (61234 sentences, 1180000 tokens) in 170.2 s: 6933 tokens/s ...
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import DienbienError

corpus_app = typer.Typer(help="Whole corpora: sharded, resumable tagging into a parquet dataset.", no_args_is_help=True)

#: Skipped-record warnings printed before the rest are only counted (all are in the manifest).
MAX_WARNINGS = 20


@corpus_app.command("tag")
def corpus_tag_cmd(
    input_path: Annotated[
        Path,
        typer.Argument(metavar="INPUT", help="A .jsonl or .jsonl.gz file, a folder of .txt files, or a .parquet file."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder: data/shard-*.parquet and .manifest.json.")],
    engine: Annotated[
        str, typer.Option(help="local (processes on this machine) or dask (a dask.distributed cluster).")
    ] = "local",
    n_process: Annotated[int, typer.Option(min=1, help="Worker processes of the local engine.")] = 1,
    scheduler: Annotated[
        Optional[str], typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (--engine dask).")
    ] = None,
    connect_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds to wait for the scheduler and a worker.")
    ] = 5.0,
    text_field: Annotated[str, typer.Option(help="JSON field or parquet column with the text.")] = "text",
    id_field: Annotated[
        str, typer.Option(help="JSON field or parquet column with the document id (default: the record's position).")
    ] = "id",
    shard_chars: Annotated[
        Optional[int], typer.Option(min=1, help="Close a shard at this many characters [default: 250000].")
    ] = None,
    shard_docs: Annotated[
        Optional[int], typer.Option(min=1, help="... or at this many documents [default: 1000].")
    ] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Tag only the first N records.")] = None,
    strict: Annotated[
        bool, typer.Option(help="Stop at a record that cannot be tagged instead of skipping it.")
    ] = False,
    force: Annotated[bool, typer.Option(help="Tag every shard again, even complete ones.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, warnings or summary.")] = False,
) -> None:
    """Tag a whole corpus into parquet shards, one row per sentence; a rerun resumes where the last one stopped.

    Each shard is written under a temporary name and renamed when complete, and the
    manifest records its input range, rows, sha256, versions and status, so a killed
    run loses only the shards in flight. Records without text, not UTF-8, or empty are
    skipped with a warning and listed in the manifest (--strict stops instead).
    Load the result with datasets.load_dataset("parquet", data_dir=OUT).
    """
    from rich.console import Console

    from ..batch.corpus_tag import SHARD_CHARS, SHARD_DOCS, tag_corpus

    console = Console(stderr=True)
    show = not quiet and console.is_terminal
    bar: Any = None
    task: Any = None

    def on_plan(todo: int, chars: int, total: int) -> None:
        nonlocal bar, task
        if not show or not todo:
            return
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("tagging"), BarColumn(), TextColumn("{task.fields[shards]}/{task.fields[todo]} shards"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console, transient=True,
        )  # fmt: skip
        bar.start()
        task = bar.add_task("tag", total=chars, shards=0, todo=todo)

    def on_shard(entry: dict[str, Any]) -> None:
        if bar is not None:
            bar.update(task, advance=entry["input"]["characters"], shards=bar.tasks[0].fields["shards"] + 1)

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                summary = tag_corpus(
                    input_path, out, engine=engine, n_process=n_process, scheduler=scheduler,
                    connect_timeout=connect_timeout, text_field=text_field, id_field=id_field,
                    shard_chars=shard_chars or SHARD_CHARS, shard_docs=shard_docs or SHARD_DOCS, limit=limit,
                    strict=strict, force=force, on_plan=on_plan, on_shard=on_shard,
                )  # fmt: skip
            finally:
                if bar is not None:
                    bar.stop()
                if not quiet:
                    for w in caught[:MAX_WARNINGS]:
                        typer.echo(f"warning: {w.message}", err=True)
                    if len(caught) > MAX_WARNINGS:
                        typer.echo(
                            f"warning: ... and {len(caught) - MAX_WARNINGS} more (all skipped records are listed in {out}/.manifest.json)",
                            err=True,
                        )
    except DienbienError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=1) from None
    if quiet:
        return
    s = summary
    if s.shards_tagged == 0:
        typer.echo(
            f"nothing to do: all {s.shards} shards in {out}/ are complete (checked in {s.seconds:.1f} s)", err=True
        )
    else:
        typer.echo(
            f"tagged {s.tagged_documents} documents ({s.tagged_tokens} tokens) in {s.shards_tagged} shards in {s.seconds:.1f} s: "
            f"{s.tokens_per_s:.0f} tokens/s with the {s.engine} engine ({s.workers} worker(s))",
            err=True,
        )
    rss = max(s.peak_rss_mb.values(), default=0.0)
    typer.echo(
        f"{out}/: {s.documents} documents, {s.sentences} sentences, {s.tokens} tokens in {s.shards} shards "
        f"({s.shards_reused} reused, {s.skipped} records skipped)"
        + (f"; peak worker memory {rss:.0f} MB" if rss else ""),
        err=True,
    )
    sys.stderr.flush()
