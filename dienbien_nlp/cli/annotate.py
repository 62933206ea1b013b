"""The annotation workflow on the command line: Label Studio, doccano, agreement, adjudication.

Typer sub-apps and commands mounted on ``dienbien-nlp``::

    dienbien-nlp labelstudio config | export DOCS… | import EXPORT.json
    dienbien-nlp doccano export DOCS… | import FILE.jsonl
    dienbien-nlp agreement A B
    dienbien-nlp adjudicate A B [--apply FILE]

The commands are thin: the work is done by :mod:`dienbien_nlp.annotation.labelstudio`,
:mod:`dienbien_nlp.annotation.doccano` and :mod:`dienbien_nlp.annotation.adjudication`
(:func:`read_annotation_folder`, :func:`compare_folders`, :func:`find_disagreements`,
:func:`apply_decisions`), which return values and are tested without the CLI.

An *annotation folder* is any folder of ``<doc_id>.json`` records, entity files
and/or theme files (e.g. ``annotations/passes/entities/pass_a``), or a folder
with ``entities/`` and ``themes/`` inside (e.g. ``annotations`` for the gold).

Example:
    >>> import typer
    >>> app = typer.Typer()
    >>> app.add_typer(labelstudio_app, name="labelstudio")
    >>> _ = app.command()(agreement)
"""

from __future__ import annotations

import contextlib
import json
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from ..annotation.adjudication import (  # noqa: F401  (re-exported for callers of this module)
    _SENTENCE_END,
    ADJUDICATOR,
    DECISIONS,
    DEFAULT_DISAGREEMENTS,
    Folder,
    _annotator,
    _clusters,
    _common,
    _context,
    _decided_spans,
    _decided_themes,
    _known_text,
    _read_decisions,
    _slice,
    _span,
    apply_decisions,
    compare_folders,
    disagreements_jsonl,
    find_disagreements,
    format_agreement,
    read_annotation_folder,
    write_gold,
)
from ..errors import DienbienError, DienbienWarning, Errors

# ---------------------------------------------------------------------------
# CLI helpers


def _fail(err: Exception) -> None:
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(code=1)


@contextlib.contextmanager
def _reported() -> Iterator[None]:
    """Print coded warnings as ``warning: …`` lines and errors as one ``error: …`` line (exit 1)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DienbienWarning)
        try:
            yield
        except DienbienError as err:
            _flush(caught)
            _fail(err)
        _flush(caught)


def _flush(caught: list[warnings.WarningMessage]) -> None:
    for w in caught:
        if issubclass(w.category, DienbienWarning):
            typer.echo(f"warning: {w.message}", err=True)
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    caught.clear()


def _write_output(path: Path | None, text: str, force: bool) -> None:
    from ..textio import atomic_write_text

    if path is None:
        sys.stdout.write(text)
        return
    if path.exists() and not force:
        raise DienbienError(Errors.E041.format(path=path))
    atomic_write_text(path, text)


class CorpusTexts(Mapping[str, str]):
    """``doc_id -> text`` of the corpus documents, loaded on first use; a document not in the corpus is absent."""

    def __init__(self, corpus: str | Path = "corpus") -> None:
        self.corpus = Path(corpus)
        self._cache: dict[str, str] = {}

    def __getitem__(self, doc_id: str) -> str:
        from ..corpus.documents import get_document

        if doc_id not in self._cache:
            if not isinstance(doc_id, str) or not (self.corpus / f"{doc_id}.json").is_file():
                raise KeyError(doc_id)
            self._cache[doc_id] = get_document(doc_id, self.corpus).text
        return self._cache[doc_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._cache)

    def __len__(self) -> int:
        return len(self._cache)


def _sources(docs: Sequence[str], corpus: Path) -> list[Any]:
    """Corpus documents (by id or metadata file) or text files (a file, or every .txt in a folder)."""
    from ..annotation.labelstudio import Source
    from ..corpus.documents import _slug, load_corpus, load_document
    from ..textio import read_text

    if not docs:
        return list(load_corpus(corpus))
    out: list[Any] = []
    for arg in docs:
        p = Path(arg)
        if p.is_dir():
            files = sorted(p.glob("*.txt"))
            if not files:
                raise DienbienError(Errors.E001.format(path=p / "*.txt"))
            out += [Source(_slug(f.stem), read_text(f)) for f in files]
        elif p.is_file() and p.suffix == ".json":
            out.append(load_document(p))
        elif p.is_file():
            out.append(Source(_slug(p.stem), read_text(p)))
        else:
            from ..corpus.documents import get_document

            out.append(get_document(arg, corpus))
    return out


class _LazyPipeline:
    """Loads ``dienbien_nlp.load()`` on first use: pre-annotating from records needs no pipeline."""

    def __init__(self) -> None:
        self._nlp: Any = None

    def __call__(self, text: str) -> Any:
        if self._nlp is None:
            from .. import load

            self._nlp = load()
        return self._nlp(text)


def _records_from(path: Path | None) -> dict[str, tuple[dict[str, Any] | None, dict[str, Any] | None]] | None:
    if path is None:
        return None
    folder = read_annotation_folder(path)
    return {d: (r.get("entities"), r.get("themes")) for d, r in folder.items()}


def _sentences_from(path: Path | None) -> dict[str, dict[str, Any]] | None:
    if path is None:
        return None
    return {d: r["themes"] for d, r in read_annotation_folder(path).items() if "themes" in r}


def _parse_annotators(pairs: Sequence[str] | None) -> dict[str, str]:
    from ..annotation.labelstudio import check_annotator

    out = {}
    for pair in pairs or ():
        key, sep, name = pair.partition("=")
        if not sep or not key or not name:
            raise DienbienError(
                Errors.E049.format(name=pair, detail="write it as ID=NAME or EMAIL=NAME, e.g. 3=pass_a")
            )
        out[key] = check_annotator(name)
    return out


def _summary(
    imported: Mapping[str, Mapping[str, tuple[dict[str, Any], dict[str, Any]]]], written: Sequence[Path]
) -> None:
    for annotator, docs in sorted(imported.items()):
        for d, (erec, trec) in sorted(docs.items()):
            typer.echo(f"{annotator}: {d}: {len(erec['entities'])} entities, {len(trec['sentences'])} sentences")
    for p in written:
        typer.echo(f"wrote {p}")


# ---------------------------------------------------------------------------
# Commands

labelstudio_app = typer.Typer(
    help="Label Studio: labeling config, tasks with pre-annotations, import of exports.", no_args_is_help=True
)
doccano_app = typer.Typer(
    help="doccano: JSONL export with pre-annotations, import of doccano's export.", no_args_is_help=True
)

_Docs = Annotated[
    list[str] | None,
    typer.Argument(help="Corpus document ids, metadata files, .txt files or folders of them (default: the whole corpus)."),
]
_Corpus = Annotated[
    Path, typer.Option(help="Corpus folder (document ids are looked up here; texts are checked against it).")
]
_Force = Annotated[bool, typer.Option("--force", help="Overwrite files that exist.")]
_From = Annotated[
    Path | None,
    typer.Option("--from", help="Pre-annotate from the records in this annotation folder instead of the pipeline."),
]
_SentencesFrom = Annotated[
    Path | None,
    typer.Option(
        "--sentences-from",
        help="Use the sentences of the theme records in this annotation folder as the units (e.g. a first pass's).",
    ),
]


@labelstudio_app.command("config")
def ls_config(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the XML here instead of stdout.")] = None,
    force: _Force = False,
) -> None:
    """Write the labeling config (XML) generated from the schema."""
    from ..annotation.labelstudio import labeling_config

    with _reported():
        _write_output(output, labeling_config(), force)


@labelstudio_app.command("export")
def ls_export(
    docs: _Docs = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the tasks (JSON) here instead of stdout.")
    ] = None,
    corpus: _Corpus = Path("corpus"),
    from_: _From = None,
    sentences_from: _SentencesFrom = None,
    model_version: Annotated[str | None, typer.Option(help="Name of the pre-annotations.")] = None,
    force: _Force = False,
) -> None:
    """Turn documents or text files into Label Studio tasks (one per sentence) with predictions."""
    from ..annotation.labelstudio import export_tasks

    with _reported():
        tasks = export_tasks(
            _sources(docs or [], corpus),
            _LazyPipeline(),
            records=_records_from(from_),
            model_version=model_version,
            sentences=_sentences_from(sentences_from),
        )
        _write_output(output, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", force)
        if output is not None:
            typer.echo(f"wrote {len(tasks)} task(s) to {output}", err=True)


@labelstudio_app.command("import")
def ls_import(
    export: Annotated[Path, typer.Argument(help="A Label Studio JSON export.")],
    out: Annotated[
        Path, typer.Option("--out", help="Annotations folder; records go to passes/{entities,themes}/<annotator>/.")
    ] = Path("annotations"),
    annotator: Annotated[
        list[str] | None,
        typer.Option("--annotator", help="Name an annotator: USER_ID=NAME or EMAIL=NAME (repeatable)."),
    ] = None,
    corpus: _Corpus = Path("corpus"),
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and summarise, write nothing.")] = False,
    force: _Force = False,
) -> None:
    """Turn a Label Studio JSON export into gold records, one pass per annotator."""
    from ..annotation.labelstudio import import_export, write_imported

    with _reported():
        imported = import_export(export, annotators=_parse_annotators(annotator), texts=CorpusTexts(corpus))
        written = [] if dry_run else write_imported(imported, out, force=force)
        _summary(imported, written)


@doccano_app.command("export")
def dc_export(
    docs: _Docs = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSONL here instead of stdout.")
    ] = None,
    layout: Annotated[
        str, typer.Option(help="intent (entities + cats), sequence (label: spans) or classification (label: themes).")
    ] = "intent",
    corpus: _Corpus = Path("corpus"),
    from_: _From = None,
    sentences_from: _SentencesFrom = None,
    force: _Force = False,
) -> None:
    """Turn documents or text files into doccano JSONL, one pre-annotated sentence per line."""
    from ..annotation.doccano import LAYOUTS, dumps_jsonl, export_doccano

    with _reported():
        if layout not in LAYOUTS:
            raise DienbienError(
                Errors.E042.format(path=output or "-", detail=f"unknown layout {layout!r}; use one of {list(LAYOUTS)}")
            )
        lines = export_doccano(
            _sources(docs or [], corpus),
            _LazyPipeline(),
            records=_records_from(from_),
            layout=layout,
            sentences=_sentences_from(sentences_from),
        )
        _write_output(output, dumps_jsonl(lines), force)


@doccano_app.command("import")
def dc_import(
    file: Annotated[
        Path, typer.Argument(help="doccano's JSONL export, or the .zip with one <user>.jsonl per annotator.")
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Annotations folder; records go to passes/{entities,themes}/<annotator>/.")
    ] = Path("annotations"),
    annotator: Annotated[str | None, typer.Option(help="Annotator name (default: the JSONL file's name).")] = None,
    corpus: _Corpus = Path("corpus"),
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and summarise, write nothing.")] = False,
    force: _Force = False,
) -> None:
    """Turn a doccano JSONL export into gold records, one pass per annotator."""
    from ..annotation.doccano import import_doccano
    from ..annotation.labelstudio import check_annotator, write_imported

    with _reported():
        if annotator is not None:
            check_annotator(annotator)
        imported = import_doccano(file, annotator=annotator, texts=CorpusTexts(corpus))
        written = [] if dry_run else write_imported(imported, out, force=force)
        _summary(imported, written)


def agreement(
    a: Annotated[Path, typer.Argument(help="First annotation folder (the reference for precision and recall).")],
    b: Annotated[Path, typer.Argument(help="Second annotation folder.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Compare two annotation sets: entity exact-span F1 per label, Cohen's kappa per theme."""
    with _reported():
        result = compare_folders(a, b)
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2) if as_json else format_agreement(result), nl=as_json)


def adjudicate(
    a: Annotated[Path, typer.Argument(help="First annotation folder.")],
    b: Annotated[Path, typer.Argument(help="Second annotation folder.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the disagreements (JSON Lines, to edit).")
    ] = DEFAULT_DISAGREEMENTS,
    apply: Annotated[
        Path | None,
        typer.Option("--apply", help="Read this edited disagreements file and write the adjudicated gold."),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Annotations folder the adjudicated gold goes into (entities/, themes/).")
    ] = Path("annotations"),
    corpus: _Corpus = Path("corpus"),
    force: _Force = False,
) -> None:
    """List every disagreement between A and B in an editable file; with --apply, write the adjudicated gold."""
    with _reported():
        fa, fb = read_annotation_folder(a), read_annotation_folder(b)
        texts = CorpusTexts(corpus)
        names = (str(a), str(b))
        if apply is None:
            items = find_disagreements(fa, fb, texts, names)
            _write_output(output, disagreements_jsonl(a, b, fa, fb, items), force)
            n_ent = sum(i["kind"] == "entity" for i in items)
            typer.echo(f"wrote {len(items)} disagreement(s) ({n_ent} entity, {len(items) - n_ent} theme) to {output}")
            typer.echo(f"fill in each 'decision', then run: dienbien-nlp adjudicate {a} {b} --apply {output}")
        else:
            records = apply_decisions(apply, fa, fb, texts, names)
            written = write_gold(records, out, force=force)
            for p in written:
                typer.echo(f"wrote {p}")
