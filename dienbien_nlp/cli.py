"""The one command-line entry, ``dienbien-nlp``: a thin Typer app over library functions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import DienbienError

app = typer.Typer(
    name="dienbien-nlp",
    help="NLP corpus and annotation toolkit for Vietnamese political texts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _fail(err: Exception) -> None:
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(code=1)


@app.command()
def build(
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = Path("corpus"),
    annotations: Annotated[Path, typer.Option(help="Annotations folder.")] = Path("annotations"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (replaced only on success).")] = Path("build"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
) -> None:
    """Process the corpus and write every output into one folder."""
    from rich.console import Console

    from .build import build as run_build

    console = Console(stderr=True)
    show = not quiet and console.is_terminal
    try:
        if show:
            with console.status("building") as status:
                summary = run_build(corpus, annotations, out, quiet=quiet, step=lambda m: status.update(m))
        else:
            summary = run_build(corpus, annotations, out, quiet=quiet)
    except DienbienError as err:
        _fail(err)
    if not quiet:
        console.print(
            f"built {summary.documents} document(s), {summary.sentences} sentences, {summary.tokens} tokens "
            f"into {summary.out_dir}/: {', '.join(summary.files)}"
        )


@app.command()
def ingest(
    file: Annotated[Path, typer.Argument(help="A .txt or .html file.")],
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = Path("corpus"),
    doc_id: Annotated[Optional[str], typer.Option("--id", help="Document id (default: from the file name).")] = None,
    title: Annotated[Optional[str], typer.Option(help="Title.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date-time, ISO 8601.")] = None,
    publisher: Annotated[Optional[str], typer.Option(help="Publisher.")] = None,
    author: Annotated[Optional[list[str]], typer.Option(help="Author (repeatable).")] = None,
    kind: Annotated[str, typer.Option(help="interview, news, speech, report, legal or other.")] = "other",
    url: Annotated[Optional[str], typer.Option(help="Source URL.")] = None,
    rights: Annotated[Optional[str], typer.Option(help="Rights note.")] = None,
    force: Annotated[bool, typer.Option(help="Replace a document with the same id.")] = False,
) -> None:
    """Add a text or HTML file to the corpus (raw file + metadata record)."""
    from .corpus import ingest as run_ingest

    try:
        doc = run_ingest(
            file, corpus, doc_id=doc_id, title=title, published=published, publisher=publisher,
            authors=tuple(author or ()), kind=kind, url=url, rights=rights, force=force,
        )
    except DienbienError as err:
        _fail(err)
    typer.echo(f"added {doc.id} to {corpus}/ ({len(doc.text)} characters of article text)")


@app.command()
def tag(
    file: Annotated[str, typer.Argument(help="A text file, a folder of .txt files, a .jsonl corpus, or - for stdin.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or conllu.")] = "jsonl",
    text_field: Annotated[str, typer.Option(help="Text field of .jsonl records.")] = "text",
    n_process: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Tag any Vietnamese text: one JSON object per sentence (or CoNLL-U)."""
    from . import load
    from .tagging import tag_path
    from .textio import atomic_open

    try:
        nlp = load()
        progress = sys.stderr.isatty()
        if output is None:
            tag_path(nlp, file, sys.stdout, fmt=fmt, text_field=text_field, n_process=n_process, progress=progress)
        else:
            with atomic_open(output, "w") as fh:
                tag_path(nlp, file, fh, fmt=fmt, text_field=text_field, n_process=n_process, progress=progress)
    except DienbienError as err:
        _fail(err)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
