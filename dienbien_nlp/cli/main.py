"""The one command-line entry, ``dienbien-nlp``: a thin Typer app over library functions."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import DienbienError, Errors

app = typer.Typer(
    name="dienbien-nlp",
    help="NLP corpus and annotation toolkit for Vietnamese political texts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"dienbien-nlp {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """NLP corpus and annotation toolkit for Vietnamese political texts."""


def _fail(err: Exception) -> None:
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(code=1)


def _save_json(res: Any, output: Optional[Path]) -> str:
    """``res`` as indented JSON; also written atomically to ``output`` when given."""
    import json

    from ..textio import atomic_write_text

    text = json.dumps(res, ensure_ascii=False, indent=2, sort_keys=True)
    if output:
        atomic_write_text(output, text + "\n")
    return text


@app.command()
def build(
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = Path("corpus"),
    annotations: Annotated[Path, typer.Option(help="Annotations folder.")] = Path("annotations"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (replaced only on success).")] = Path("build"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
    fast: Annotated[bool, typer.Option(help="Fewer CV repetitions and bootstrap samples.")] = False,
) -> None:
    """Process the corpus and write every output into one folder."""
    from rich.console import Console

    from ..build import build as run_build

    console = Console(stderr=True)
    show = not quiet and console.is_terminal
    try:
        if show:
            with console.status("building") as status:
                summary = run_build(corpus, annotations, out, quiet=quiet, step=lambda m: status.update(m), fast=fast)
        else:
            summary = run_build(corpus, annotations, out, quiet=quiet, fast=fast)
    except DienbienError as err:
        _fail(err)
    if not quiet:
        console.print(
            f"built {summary.documents} document(s), {summary.sentences} sentences, {summary.tokens} tokens "
            f"into {summary.out_dir}/: {', '.join(summary.files)}"
        )


@app.command()
def ingest(
    file: Annotated[Path, typer.Argument(help="A .txt, .md or .html file.")],
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = Path("corpus"),
    doc_id: Annotated[Optional[str], typer.Option("--id", help="Document id (default: from the file name).")] = None,
    title: Annotated[Optional[str], typer.Option(help="Title.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date-time, ISO 8601.")] = None,
    publisher: Annotated[Optional[str], typer.Option(help="Publisher.")] = None,
    author: Annotated[Optional[list[str]], typer.Option(help="Author (repeatable).")] = None,
    kind: Annotated[str, typer.Option(help="interview, news, speech, report, legal, official or other.")] = "other",
    url: Annotated[Optional[str], typer.Option(help="Source URL.")] = None,
    rights: Annotated[Optional[str], typer.Option(help="Rights note.")] = None,
    doc_type: Annotated[Optional[str], typer.Option(help="Official documents: type (Nghị quyết, Kế hoạch, …).")] = None,
    number: Annotated[Optional[str], typer.Option(help="Official documents: number and symbol (57-NQ/TW).")] = None,
    issuer: Annotated[Optional[str], typer.Option(help="Official documents: issuing body.")] = None,
    signer: Annotated[Optional[str], typer.Option(help="Official documents: signer, where printed.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Where the file was taken from.")] = None,
    force: Annotated[bool, typer.Option(help="Replace a document with the same id.")] = False,
) -> None:
    """Add a text, Markdown or HTML file to the corpus (raw file + metadata record)."""
    from ..corpus.documents import ingest as run_ingest

    try:
        doc = run_ingest(
            file, corpus, doc_id=doc_id, title=title, published=published, publisher=publisher,
            authors=tuple(author or ()), kind=kind, url=url, rights=rights, force=force,
            extra={"doc_type": doc_type, "number": number, "issuer": issuer, "signer": signer, "source": source},
        )
    except DienbienError as err:
        _fail(err)
    typer.echo(f"added {doc.id} to {corpus}/ ({len(doc.text)} characters of article text)")


@app.command("attach-texts")
def attach_texts_cmd(
    vntc: Annotated[Path, typer.Argument(help="Your copy of vntc-politics-sample.jsonl.gz (or .jsonl).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="A new folder for the complete local copy.")] = Path("local"),
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = Path("corpus"),
    annotations: Annotated[Path, typer.Option(help="Annotations folder.")] = Path("annotations"),
    force: Annotated[bool, typer.Option(help="Replace an existing local copy.")] = False,
) -> None:
    """Fill the news gold's texts in from your VNTC copy (every hash checked): a complete local corpus and gold."""
    from ..corpus.news import write_local_copy

    try:
        info = write_local_copy(vntc, out, corpus_dir=corpus, annotations_dir=annotations, force=force)
    except DienbienError as err:
        _fail(err)
    typer.echo(f"wrote {info['documents']} documents ({info['news']} news articles with their texts) into {out}/corpus and {out}/annotations")


@app.command()
def tag(
    file: Annotated[str, typer.Argument(help="A text file, a folder of .txt files, a .jsonl corpus, or - for stdin.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write here (atomically) instead of stdout.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="Output format: jsonl or conllu.")] = "jsonl",
    text_field: Annotated[str, typer.Option(metavar="FIELD", help="Text field of .jsonl records.")] = "text",
    n_process: Annotated[int, typer.Option(min=1, metavar="N", help="Worker processes (1 or more).")] = 1,
    tokens: Annotated[bool, typer.Option("--tokens", help="Add each sentence's tokens: offsets, text, VLSP tag and UPOS.")] = False,
    no_entities: Annotated[bool, typer.Option("--no-entities", help="Leave the entity components out (no entities, no claims).")] = False,
    no_themes: Annotated[bool, typer.Option("--no-themes", help="Leave the theme classifier out (no themes).")] = False,
    no_claims: Annotated[bool, typer.Option("--no-claims", help="Leave the indicator-claim extractor out (no claims).")] = False,
    entity_model: Annotated[Optional[Path], typer.Option(metavar="FILE", help="A crfsuite entity model instead of the shipped one.")] = None,
    theme_model: Annotated[Optional[Path], typer.Option(metavar="FILE", help="A theme model (skops, from `themes train`) instead of the shipped one.")] = None,
) -> None:
    """Tag any Vietnamese text: one JSON object per sentence (or CoNLL-U).

    Every record is {"doc", "start", "end", "text", "themes", "entities", "claims"}
    (and "tokens" with --tokens); a component switched off leaves its field out.
    Output to stdout is held back until the whole input is tagged, so an error
    late in the input never leaves a truncated record on stdout; with -o the
    file appears only when the run succeeds.
    """
    from ..tagging import load_for_tagging, tag_path
    from ..textio import atomic_open, check_output

    try:
        if output is not None:
            check_output(output)
        nlp = load_for_tagging(
            entities=not no_entities, themes=not no_themes, claims=not (no_claims or no_entities),
            entity_model=entity_model, theme_model=theme_model,
        )
        progress = sys.stderr.isatty()

        def run(fh: Any) -> None:
            tag_path(nlp, file, fh, fmt=fmt, text_field=text_field, n_process=n_process, progress=progress, tokens=tokens)

        if output is None:
            _buffered_stdout(run)
        else:
            with atomic_open(output, "w") as fh:
                run(fh)
    except DienbienError as err:
        _fail(err)
    _QUICK_EXIT.append(True)  # everything is written: main() may skip the interpreter's teardown


#: Set by a command whose process holds the pipeline's large tables once its output is complete and closed.
_QUICK_EXIT: list[bool] = []


def _quick_exit(code: object) -> None:
    """Exit with ``code`` as ``sys.exit`` would, without freeing every object first (a third of a second with the
    pipeline's tables loaded): the standard streams are flushed and the ``atexit`` functions run, then
    ``os._exit``."""
    import atexit
    import os

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or 1
    atexit._run_exitfuncs()
    os._exit(status)


def _buffered_stdout(write: Any) -> None:
    """Run ``write(fh)`` into a spooled temporary file; copy it to stdout only if it succeeds."""
    import shutil
    import tempfile

    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024, mode="w+", encoding="utf-8", newline="") as buf:
        write(buf)
        buf.seek(0)
        shutil.copyfileobj(buf, sys.stdout)
        sys.stdout.flush()


@app.command()
def validate(
    annotations: Annotated[Path, typer.Option(help="Annotations folder.")] = Path("annotations"),
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = Path("corpus"),
    vntc: Annotated[Optional[Path], typer.Option(help="The VNTC sample, for the news standoff (default: ../shared/data).")] = None,
) -> None:
    """Check every gold and pass file: offsets, span texts, labels, overlaps, text hash (news standoff included)."""
    import warnings

    from ..annotation.records import validate_all

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            n, problems = validate_all(annotations, corpus, vntc)
    except DienbienError as err:
        _fail(err)
    for w in caught:
        typer.echo(f"warning: {w.message}", err=True)
    for p in problems:
        typer.echo(f"error: {p}", err=True)
    if problems:
        raise typer.Exit(code=1)
    typer.echo(f"{n} annotation files valid")


evaluate_app = typer.Typer(help="Evaluate against the gold.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")


def _table(rows: list[list[str]], header: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*header)
    for r in rows:
        table.add_row(*r)
    # on a terminal the table fits its width; into a pipe or a file no figure is cut
    Console(width=None if sys.stdout.isatty() else 1_000).print(table)


@evaluate_app.command("entities")
def evaluate_entities_cmd(
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = Path("corpus"),
    annotations: Annotated[Path, typer.Option(help="Annotations folder.")] = Path("annotations"),
    vntc: Annotated[Optional[Path], typer.Option(help="The VNTC sample, for the news gold (default: ../shared/data).")] = None,
    in_sample: Annotated[
        bool, typer.Option("--in-sample", help="Score on the corpus's own documents instead (in-sample: see below).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Also write the JSON here.")] = None,
) -> None:
    """Entity systems on the test and dev documents (the CRF trained on train); --in-sample for the corpus documents.

    By default underthesea, the rules, the CRF alone and the pipeline are scored on the ``test`` and ``dev``
    documents, which no rule was written from, with the pipeline's paired bootstrap difference to the rules.
    ``--in-sample`` gives exact-span P/R/F1 per label on the corpus's own documents: the rules were written
    while reading them and the CRF is cross-validated on them, so those figures are optimistic.
    """
    if in_sample:
        from ..eval.entities import evaluate_entities

        try:
            res = evaluate_entities(corpus, annotations)
        except DienbienError as err:
            _fail(err)
        text = _save_json(res, output)
        if as_json:
            typer.echo(text)
            return
        typer.echo("in-sample: the rules were written while reading these documents; the CRF is cross-validated on them")
        rows = []
        for system, r in res.items():
            for lab, v in [("micro", r["micro"]), *r["per_label"].items()]:
                rows.append([system, lab, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", str(v.get("support", ""))])
        _table(rows, ["system", "label", "P", "R", "F1", "support"])
        return
    from ..eval.heldout import evaluate_heldout, summary_tables

    try:
        held = evaluate_heldout(annotations, corpus, vntc)
    except DienbienError as err:
        _fail(err)
    if held is None:
        _fail(DienbienError(Errors.E091.format(path=annotations / "splits.json")))
    text = _save_json(held, output)
    if as_json:
        typer.echo(text)
        return
    typer.echo(f"news: {held['news']}; CRF trained on the {held['trained_on']}")
    head, rows, _, _ = summary_tables(held)
    _table(sorted(rows, key=lambda r: r[0] != "test"), head)


@evaluate_app.command("claims")
def evaluate_claims_cmd(
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = Path("corpus"),
    annotations: Annotated[Path, typer.Option(help="Annotations folder.")] = Path("annotations"),
    vntc: Annotated[Optional[Path], typer.Option(help="The VNTC sample, for the news gold (default: ../shared/data).")] = None,
    split: Annotated[Optional[list[str]], typer.Option(help="Only this split (repeatable): train, dev, test.")] = None,
    round_: Annotated[Optional[int], typer.Option("--round", min=1, help="Only the documents of this round of claims-selection.json.")] = None,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Score the rules alone, without the learned claim filter.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Also write the JSON here.")] = None,
) -> None:
    """Indicator claims against the claim gold: F1 of value, value+kind, number, unit_norm, time, indicator, complete record."""
    from ..claims.evaluate import describe, evaluate_claims, round_documents

    try:
        only = round_documents(annotations, round_) if round_ else None
        res = evaluate_claims(corpus, annotations, vntc, splits=split or None, documents=only, learned_filter=not rules_only)
    except DienbienError as err:
        _fail(err)
    text = _save_json(res, output)
    if as_json:
        typer.echo(text)
        return
    from ..claims.gold import FIELDS

    typer.echo(f"news: {res['setup']['news']}")
    rows = [["group", "docs", "gold", "pred", *FIELDS, "num_acc"], *describe(res)]
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    typer.echo("F1 per field (value: span; value_kind: span and kind; indicator: overlap; complete: every field)")
    for r in rows:
        typer.echo("  ".join(c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in enumerate(zip(r, widths, strict=True))))
    for name, b in (res["bar"] or {}).items():
        v = "-" if b["value"] is None else f"{b['value']:.3f}"
        typer.echo(f"test bar {name}: {v} (bar {b['bar']}) {'met' if b['met'] else 'NOT met'}")


themes_app = typer.Typer(help="Theme classifiers: evaluate, train, predict.", no_args_is_help=True)
app.add_typer(themes_app, name="themes")


@themes_app.command("evaluate")
def themes_evaluate(
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = Path("corpus"),
    annotations: Annotated[Path, typer.Option(help="Annotations folder.")] = Path("annotations"),
    seeds: Annotated[int, typer.Option(min=1, help="Number of CV repetitions (seeds), 1 or more.")] = 5,
    data: Annotated[Optional[Path], typer.Option(help='JSON Lines of {"text", "themes"} records instead of the gold.')] = None,
    test: Annotated[
        Optional[Path], typer.Option(help='Held-out JSON Lines of {"text", "themes"}: train on the gold (or --data), score here.')
    ] = None,
    cv: Annotated[bool, typer.Option("--cv", help="Cross-validate over all gold instead of train → test.")] = False,
    vntc: Annotated[Optional[Path], typer.Option(help="The VNTC sample, for the news gold (default: ../shared/data).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Also write the JSON here.")] = None,
    taxonomy: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Theme ids of your own that --data and --test are labelled with.")] = None,
) -> None:
    """Compare the baselines: trained on the train split, scored on test (by default), with bootstrap CIs.

    With --cv: paragraph-grouped, multi-label stratified CV over all gold; with --data
    or --test: your own records.
    """
    import json

    from ..learn.theme_tasks import evaluate_themes, evaluate_themes_split

    split_mode = not cv and data is None and test is None and taxonomy is None and (annotations / "splits.json").is_file()
    try:
        if split_mode:
            res = evaluate_themes_split(corpus, annotations, vntc=vntc)
        else:
            res = evaluate_themes(corpus, annotations, seeds=tuple(range(seeds)), data=data, test=test, taxonomy=taxonomy)
    except DienbienError as err:
        _fail(err)
    if split_mode:
        su = res["setup"]
        typer.echo(
            f"test split: trained on {su['train_documents']} train documents ({su['train_sentences']} sentences), "
            f"scored on {su['test_documents']} test documents ({su['test_sentences']} sentences); news {su['news']}"
        )
    _save_json(res, output)
    if as_json:
        typer.echo(json.dumps(res["classifiers"], ensure_ascii=False, indent=2, sort_keys=True))
        return
    rows = []
    for name, r in res["classifiers"].items():
        mi, ma = r["micro_f1"], r["macro_f1"]
        rows.append([name, f"{mi['mean']:.3f} [{mi['ci_low']:.3f}, {mi['ci_high']:.3f}]", f"{ma['mean']:.3f} [{ma['ci_low']:.3f}, {ma['ci_high']:.3f}]"])
    _table(rows, ["classifier", "micro-F1 [95% CI]", "macro-F1 [95% CI]"])
    typer.echo(f"best learned: {res['best_learned']}")
    from ..learn.themes import describe_bar

    for line in describe_bar(res["bar"]):
        typer.echo(line)


@themes_app.command("train")
def themes_train(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to save the skops model.")] = Path("build/models/themes.skops"),
    kind: Annotated[str, typer.Option(help="Classifier kind: dummy_majority, dummy_prior, lexicon, tfidf_lr, tfidf_svc, tfidf_cnb, tfidf_lex_lr, tfidf_lex_hints_lr or tfidf_lex_hints_ctx_lr.")] = "tfidf_lex_hints_lr",
    data: Annotated[Optional[Path], typer.Option(help='JSON Lines of {"text", "themes"} records instead of the gold.')] = None,
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = Path("corpus"),
    annotations: Annotated[Path, typer.Option(help="Annotations folder.")] = Path("annotations"),
    taxonomy: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Theme ids of your own (JSON list or one a line) that --data is labelled with.")] = None,
) -> None:
    """Fit a theme classifier on all the gold (or --data, with --taxonomy for themes of your own) and save it with skops."""
    from ..learn.theme_tasks import train_themes

    try:
        info = train_themes(output, kind=kind, data=data, corpus_dir=corpus, annotations_dir=annotations, taxonomy=taxonomy)
    except DienbienError as err:
        _fail(err)
    typer.echo(f"trained {info['kind']} on {info['sentences']} sentences -> {info['path']}")


@themes_app.command("predict")
def themes_predict(
    file: Annotated[str, typer.Argument(help="A text file, folder or .jsonl corpus; - for stdin.")],
    model: Annotated[Optional[Path], typer.Option(metavar="FILE", help="A saved skops model (default: the shipped one).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write here (atomically) instead of stdout.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="Output format: jsonl (tag's records without entities) or tsv (doc, start, end, themes, text; a header line).")] = "jsonl",
    text_field: Annotated[str, typer.Option(metavar="FIELD", help="Text field of .jsonl records.")] = "text",
) -> None:
    """Apply a saved theme model: one record per sentence with its themes (streamed like tag).

    Records are {"doc", "start", "end", "text", "themes"}, with tag's doc ids and offsets.
    """
    from ..learn.theme_tasks import PREDICT_FORMATS, write_predictions
    from ..textio import atomic_open, check_output

    if fmt not in PREDICT_FORMATS:
        _fail(DienbienError(Errors.E014.format(path=file, fmt=fmt, expected=list(PREDICT_FORMATS))))

    def write(fh: Any) -> None:
        write_predictions(file, fh, model_path=model, fmt=fmt, text_field=text_field)

    try:
        if output is not None:
            check_output(output)
            with atomic_open(output, "w") as fh:
                write(fh)
        else:
            _buffered_stdout(write)
    except DienbienError as err:
        _fail(err)


from .annotate import adjudicate, agreement, doccano_app, labelstudio_app  # noqa: E402
from .corpus import corpus_app  # noqa: E402
from .report import report as _report  # noqa: E402

app.add_typer(labelstudio_app, name="labelstudio")
app.add_typer(doccano_app, name="doccano")
app.command("agreement")(agreement)
app.command("adjudicate")(adjudicate)
app.command("report")(_report)
app.add_typer(corpus_app, name="corpus")


#: Metavars by type name (click's ``param.type.name``, or typer's ``<label>`` without the brackets).
_METAVARS = {
    "path": "PATH", "file": "FILE", "directory": "PATH",
    "integer": "N", "integer range": "N", "int": "N", "int range": "N",
    "float": "X", "float range": "X",
}  # fmt: skip


def _plain_type(param: Any) -> str:
    """``PATH``, ``N``, ``X``, ``a|b``, ``TEXT``, or ``""`` for a flag."""
    if getattr(param, "is_flag", False):
        return ""
    kind = getattr(getattr(param, "type", None), "name", None)
    if kind is None and hasattr(param, "display_type"):
        try:
            kind = str(param.display_type(None)).strip("<>")
        except Exception:  # noqa: BLE001  (help must render whatever typer's internals do)
            kind = ""
    kind = kind or ""
    if kind in ("boolean", "bool"):
        return ""
    return kind if "|" in kind else _METAVARS.get(kind, "TEXT")


def _plain_metavar(param: Any) -> None:
    if param.metavar is None:
        param.metavar = _plain_type(param)


def readable_metavars(command: Any) -> None:
    """Give every option of ``command`` and its subcommands a plain metavar where it has none.

    Flags (``--help`` too) show none instead of ``<bool>``, paths ``PATH``, numbers ``N`` or
    ``X``, choices ``a|b``, other values ``TEXT``; arguments their name in capitals. A
    metavar set on the parameter itself is kept.
    """
    for param in getattr(command, "params", []):
        if type(param).__name__.endswith("Option"):
            _plain_metavar(param)
        else:
            if param.metavar is None and param.name:
                param.metavar = param.name.upper()  # an argument is shown by its name, as in the usage line
            if hasattr(param, "display_type_rich"):  # typer shows an argument's type as <path>; a plain word instead
                plain = _plain_type(param)
                param.display_type_rich = lambda ctx, _plain=plain: _plain
    get_help = getattr(command, "get_help_option", None)
    if get_help is not None:

        def help_option(ctx: Any, _get: Any = get_help) -> Any:
            opt = _get(ctx)
            if opt is not None:
                _plain_metavar(opt)
            return opt

        command.get_help_option = help_option
    for sub in getattr(command, "commands", {}).values():
        readable_metavars(sub)


def main() -> None:
    """Console-script entry point.

    Every failure ends in one line on stderr and a non-zero exit, never a traceback:
    a ``DienbienError`` gives its coded message (exit 1); SIGINT and SIGTERM exit 130
    and 143 after the commands' own clean-up has removed their temporary files; a
    full disk or a closed pipe on stdout is reported as such; anything else is an
    internal error (E099), with the traceback only when ``DIENBIEN_DEBUG=1``.
    """
    import signal

    def _term(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _term)
    # the process ends here when called from the program's top level (the console script, ``python -m``, ``-c``),
    # never when a caller in Python (a test) goes on after it
    top_level = sys._getframe(1).f_globals.get("__name__") == "__main__"
    try:
        _main()
    except SystemExit as done:
        if _QUICK_EXIT and top_level:
            _quick_exit(done.code)
        raise
    if _QUICK_EXIT and top_level:
        _quick_exit(0)


def _main() -> None:
    import errno
    import os

    try:
        command = typer.main.get_command(app)
        readable_metavars(command)
        command(standalone_mode=True)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except DienbienError as err:
        typer.echo(f"error: {err}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): not an error of ours, but no traceback either
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        sys.exit(1)
    except OSError as err:
        where = "standard output" if err.errno in (errno.ENOSPC, errno.EIO, errno.EPIPE) else (err.filename or "-")
        typer.echo(f"error: [E056] {where}: cannot write: {err.strerror or err}.", err=True)
        sys.exit(1)
    except Exception as err:  # noqa: BLE001  (the last resort: one line, no traceback)
        if os.environ.get("DIENBIEN_DEBUG") == "1":
            raise
        typer.echo(f"error: [E099] internal error ({type(err).__name__}: {err}); please report it. DIENBIEN_DEBUG=1 shows the traceback.", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
