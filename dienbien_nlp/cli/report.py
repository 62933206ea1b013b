"""``dienbien-nlp report``: the corpus report as self-contained HTML pages (a thin wrapper over :mod:`.report`).

Mounted on the app in :mod:`dienbien_nlp.cli` with ``app.command("report")(report)``.

Example:
    $ dienbien-nlp report --out build/report
    wrote 2 page(s) to build/report/: open build/report/index.html
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import DienbienError


def report(
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = Path("corpus"),
    annotations: Annotated[Path, typer.Option(help="Gold annotations folder.")] = Path("annotations"),
    eval_dir: Annotated[
        Path,
        typer.Option(
            "--eval-dir", help="Folder with the evaluation results entities.json and themes.json (used when present)."
        ),
    ] = Path("build/eval"),
    agreement: Annotated[Path, typer.Option(help="Annotation agreement JSON (used when present).")] = Path(
        "annotations/agreement.json"
    ),
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output folder for index.html and one page per document.")
    ] = Path("build/report"),
) -> None:
    """Write the corpus report: the annotated texts, theme and entity charts, and the evaluation results."""
    from ..report import INDEX_PAGE, report_from_paths, write_report

    try:
        pages = report_from_paths(corpus, annotations, eval_dir, agreement)
        write_report(out, pages)
    except DienbienError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(f"wrote {len(pages)} page(s) to {out}/: open {out / INDEX_PAGE}")
