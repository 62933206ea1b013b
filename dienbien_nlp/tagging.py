"""Tagging any Vietnamese text: one JSON object per sentence.

Every record has the same shape whatever the input (a file, stdin, a folder, a
JSON Lines corpus), written down in ``resources/tag.schema.json``::

    {"doc", "start", "end", "text", "themes", "entities", "claims"[, "tokens"]}

``doc`` is the document id (see :func:`iter_sources` for the rule); offsets are
into that document's text as read (Python ``str`` indices). ``themes``,
``entities`` and ``claims`` are present when the pipeline has the component;
``tokens`` when asked for. Input is streamed in batches of whole lines: line
breaks are hard boundaries, so a 50 MB file is processed with bounded memory
and exact offsets.

Example:
    >>> import dienbien_nlp
    >>> recs = list(tag_texts(dienbien_nlp.load(), ["Xin chào. Tạm biệt."]))
    >>> [(r["start"], r["end"], r["text"]) for r in recs[0][1]]
    [(0, 9, 'Xin chào.'), (10, 19, 'Tạm biệt.')]
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from spacy.language import Language
from spacy.tokens import Doc, Span

from .errors import DienbienError, Errors
from .export.conllu import bio_tags, content_sents, sentence_to_conllu
from .textio import check_file, iter_lines, loads_json

#: Characters per batch handed to the pipeline when a file is streamed.
CHUNK_CHARS = 20_000


def entity_record(ent: Span, offset: int = 0) -> dict[str, Any]:
    """JSON record of an entity span: offsets, label, text and its normalised fields under ``attrs``.

    ``attrs`` is always there (``{}`` when the entity has none); a ``LOC`` has
    ``merged_into`` in it (see :mod:`dienbien_nlp.rules.merger`), ``None`` when its unit
    did not change in 2025 or is not known.
    """
    attrs = dict(ent._.attrs or {}) if Span.has_extension("attrs") else {}
    if ent.label_ == "LOC":
        from .rules.merger import merged_into

        attrs["merged_into"] = merged_into(attrs)
    return {"start": offset + ent.start_char, "end": offset + ent.end_char, "label": ent.label_, "text": ent.text, "attrs": attrs}


def token_records(sent: Span, offset: int = 0) -> list[dict[str, Any]]:
    """The words of a sentence: offsets, text, VLSP tag (``tag``) and UD UPOS (``upos``); whitespace left out."""
    return [
        {"start": offset + t.idx, "end": offset + t.idx + len(t.text), "text": t.text, "tag": t.tag_, "upos": t.pos_}
        for t in sent
        if not t.is_space
    ]


def sentence_records(
    doc: Doc,
    offset: int = 0,
    *,
    themes: bool = True,
    entities: bool = True,
    claims: bool | None = None,
    tokens: bool = False,
) -> list[dict[str, Any]]:
    """The per-sentence records of one ``Doc`` (offsets shifted by ``offset``).

    Args:
        doc: A ``Doc`` of the pipeline.
        offset: Added to every offset (the position of ``doc`` in its document).
        themes: Include ``themes``.
        entities: Include ``entities``.
        claims: Include ``claims``; ``None``: when the ``Doc`` has ``doc._.claims``.
        tokens: Include ``tokens`` (:func:`token_records`).
    """
    records = []
    ents = list(doc.ents)
    found = doc._.claims if Doc.has_extension("claims") else None
    if claims is None:
        claims = found is not None
    for sent in content_sents(doc):
        rec: dict[str, Any] = {"start": offset + sent.start_char, "end": offset + sent.end_char, "text": sent.text}
        if themes:
            rec["themes"] = list(sent._.themes) if Span.has_extension("themes") and sent._.themes else []
        if entities:
            rec["entities"] = [entity_record(e, offset) for e in ents if e.start >= sent.start and e.end <= sent.end]
        if claims:
            rec["claims"] = [
                claim_record(c, offset) for c in (found or []) if sent.start_char <= c["value"]["start"] < sent.end_char
            ]
        if tokens:
            rec["tokens"] = token_records(sent, offset)
        records.append(rec)
    return records


def record_parts(nlp: Language) -> dict[str, bool]:
    """Which record fields the active components of ``nlp`` fill: ``themes``, ``entities``, ``claims``."""
    names = set(nlp.pipe_names)
    return {
        "themes": "dienbien_themes" in names,
        "entities": bool(names & {"dienbien_entity_rules", "dienbien_entity_crf"}),
        "claims": "dienbien_claims" in names,
    }


def claim_record(claim: dict[str, Any], offset: int = 0) -> dict[str, Any]:
    """A claim of ``doc._.claims`` with its span offsets shifted by ``offset`` (its per-text ``id`` left out)."""
    out = {k: v for k, v in claim.items() if k != "id"}
    for f in ("value", "unit", "indicator", "place"):
        if isinstance(out.get(f), dict):
            out[f] = {**out[f], "start": out[f]["start"] + offset, "end": out[f]["end"] + offset}
    return out


_CUT = re.compile(r"[.!?…;][\"”’)»]*\s+")


def split_long(line: str, max_chars: int = CHUNK_CHARS) -> Iterator[str]:
    """Cut a line longer than ``max_chars`` into pieces: after a sentence end if there is one, else at a space.

    The pieces concatenate to ``line`` exactly, so offsets stay right.

    >>> list(split_long("Một. Hai. Ba.", 6))
    ['Một. ', 'Hai. ', 'Ba.']
    """
    while len(line) > max_chars:
        window = line[:max_chars]
        cut = max((m.end() for m in _CUT.finditer(window)), default=0)
        if cut == 0:
            cut = window.rfind(" ") + 1 or max_chars
        yield line[:cut]
        line = line[cut:]
    if line:
        yield line


def iter_stdin() -> Iterator[str]:
    """Standard input as decoded lines, streamed (E004 for binary data, E003 naming the line)."""
    first = True
    for lineno, raw in enumerate(sys.stdin.buffer, 1):
        if b"\x00" in raw:
            raise DienbienError(Errors.E004.format(path="<stdin>"))
        try:
            line = raw.decode("utf-8-sig" if first else "utf-8")
        except UnicodeDecodeError as err:
            raise DienbienError(Errors.E003.format(path="<stdin>", detail=f"line {lineno}, byte 0x{raw[err.start]:02x}")) from None
        first = False
        yield line


def chunk_lines(lines: Iterable[str], max_chars: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Group lines (with their endings) into ``(offset, text)`` chunks of whole lines.

    A line longer than ``max_chars`` is cut by :func:`split_long`, so no chunk
    reaches spaCy's length limit however long a line is.
    """
    buf: list[str] = []
    size = 0
    offset = 0
    for line in (piece for ln in lines for piece in split_long(ln, max_chars)):
        buf.append(line)
        size += len(line)
        if size >= max_chars:
            yield offset, "".join(buf)
            offset += size
            buf, size = [], 0
    if buf:
        yield offset, "".join(buf)


#: The document id of standard input.
STDIN_ID = "stdin"


def doc_id_of(path: str | Path) -> str:
    """The document id of a file: its path without the extension, slugified as ``ingest`` does.

    >>> doc_id_of("Bài viết 1.txt"), doc_id_of("2024/Điện Biên.txt")
    ('bai-viet-1', '2024-dien-bien')
    """
    from .corpus.documents import _slug

    return _slug(str(Path(path).with_suffix("")))


def iter_sources(path: str, text_field: str = "text") -> Iterator[tuple[str, Iterable[str], int | None]]:
    """Input units: ``(doc id, iterable of lines, input bytes or None)``.

    The doc id rule: ``-`` (standard input) is ``stdin``; a text file is its name
    without the extension, slugified (``Bài viết 1.txt`` → ``bai-viet-1``); a folder
    gives each ``*.txt`` file under it, named by its path inside the folder the same
    way (``2024/a.txt`` → ``2024-a``; a name already taken gets ``-2``, ``-3``, …); a
    ``.jsonl`` file gives each record's ``text_field``, named by its ``id`` field as a
    string, or by its line number when it has none. The third item is the size of
    the unit in the input (for a progress bar), ``None`` for stdin.
    """
    if path == "-":
        yield STDIN_ID, iter_stdin(), None
        return
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*.txt") if f.is_file())
        if not files:
            raise DienbienError(Errors.E061.format(path=p))
        taken: set[str] = set()
        for f in files:
            base = name = doc_id_of(f.relative_to(p))
            n = 1
            while name in taken:
                n += 1
                name = f"{base}-{n}"
            taken.add(name)
            yield name, iter_lines(f), f.stat().st_size
        return
    check_file(p)
    if p.suffix.lower() in (".jsonl", ".ndjson"):
        for lineno, line in enumerate(iter_lines(p), 1):
            if not line.strip():
                continue
            try:
                rec = loads_json(line)
            except json.JSONDecodeError as err:
                raise DienbienError(Errors.E008.format(path=p, line=lineno, detail=err.msg)) from None
            if not isinstance(rec, dict) or not isinstance(rec.get(text_field), str):
                raise DienbienError(Errors.E009.format(path=p, line=lineno, field=text_field))
            rid = rec.get("id", lineno)
            if not isinstance(rid, (str, int)) or isinstance(rid, bool):
                raise DienbienError(Errors.E008.format(path=p, line=lineno, detail="'id' must be a string or an integer"))
            yield str(rid), rec[text_field].splitlines(keepends=True), len(line.encode("utf-8", "surrogatepass"))
        return
    yield doc_id_of(p.name), iter_lines(p), p.stat().st_size


def input_size(path: str) -> int | None:
    """Bytes of input that :func:`iter_sources` reads from ``path`` (``None`` for stdin)."""
    if path == "-":
        return None
    p = Path(path)
    if p.is_dir():
        return sum(f.stat().st_size for f in p.rglob("*.txt") if f.is_file())
    return p.stat().st_size if p.is_file() else None


def tag_texts(
    nlp: Language, texts: Iterable[str], *, n_process: int = 1, batch_size: int = 32, tokens: bool = False
) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """Tag whole texts; yields ``(index, sentence records)`` in input order (records without ``doc``)."""
    parts = record_parts(nlp)
    for i, doc in enumerate(nlp.pipe(texts, n_process=n_process, batch_size=batch_size)):
        yield i, sentence_records(doc, **parts, tokens=tokens)


def load_for_tagging(
    *,
    entities: bool = True,
    themes: bool = True,
    claims: bool = True,
    entity_model: str | Path | None = None,
    theme_model: str | Path | None = None,
) -> Language:
    """The pipeline ``dienbien-nlp tag`` runs, with model files checked first.

    Claims need the entities (a claim's place is an entity), so ``entities=False``
    leaves the claims out too.

    Raises:
        DienbienError: E001/E005/E060 and the like for a model path that is no readable file.
    """
    from .pipeline import load

    for model in (entity_model, theme_model):
        if model is not None:
            check_file(model)
    if entity_model is not None and entities:
        import pycrfsuite

        try:  # opened here so that a bad file is one clear error, not a failure inside the pipeline
            pycrfsuite.Tagger().open(str(entity_model))
        except (ValueError, OSError) as err:
            raise DienbienError(Errors.E065.format(path=entity_model, detail=f"not a crfsuite entity model ({err})")) from None
    return load(
        entities=entities,
        themes=themes,
        claims=claims and entities,
        entity_model=str(entity_model or ""),
        theme_model=str(theme_model or ""),
    )


#: Output formats of :func:`tag_path`.
FORMATS = ("jsonl", "conllu")


def tag_path(
    nlp: Language,
    path: str,
    out: TextIO,
    *,
    fmt: str = "jsonl",
    text_field: str = "text",
    n_process: int = 1,
    progress: bool = False,
    tokens: bool = False,
) -> int:
    """Tag a file, directory, JSON Lines corpus or stdin; write records to ``out``.

    Args:
        nlp: The pipeline (``dienbien_nlp.load(...)``); its components decide which
            of ``themes``, ``entities`` and ``claims`` the records have.
        path: A text file, a folder of ``.txt`` files, a ``.jsonl`` file, or ``-``.
        out: Where the JSON Lines (or CoNLL-U) go.
        fmt: ``jsonl`` (one record per sentence, ``resources/tag.schema.json``) or ``conllu``
            (``# newdoc id`` before each document, ``sent_id``, ``text``, ``themes`` when any, ``start_char``).
        text_field: The text field of ``.jsonl`` records.
        n_process: Worker processes.
        progress: Show a progress bar on stderr (with total and ETA unless reading stdin).
        tokens: Add ``tokens`` to each JSON record.

    Returns:
        The number of sentences written.
    """
    if fmt not in FORMATS:
        raise DienbienError(Errors.E014.format(path=path, fmt=fmt, expected=list(FORMATS)))
    sources = iter_sources(path, text_field)
    parts = record_parts(nlp)

    jsonl = path != "-" and Path(path).suffix.lower() in (".jsonl", ".ndjson")

    def chunks() -> Iterator[tuple[str, tuple[str, int, int, int]]]:
        for unit, (name, lines, nbytes) in enumerate(sources):
            for k, (offset, text) in enumerate(chunk_lines(lines)):
                # progress is counted in input bytes: a JSON record's whole line on its first chunk
                weight = ((nbytes or 0) if k == 0 else 0) if jsonl else len(text.encode("utf-8", "surrogatepass"))
                yield text, (name, offset, unit, weight)

    count = 0
    done = 0
    bar = None
    if progress:
        bar, task = _progress_bar(input_size(path))
    try:
        sent_no: dict[int, int] = {}
        for doc, (name, offset, unit, weight) in nlp.pipe(chunks(), as_tuples=True, n_process=n_process, batch_size=16):
            if fmt == "jsonl":
                for rec in sentence_records(doc, offset, **parts, tokens=tokens):
                    out.write(json.dumps({"doc": name, **rec}, ensure_ascii=False) + "\n")
                    count += 1
            else:
                bio = bio_tags(doc)
                for sent in content_sents(doc):
                    n = sent_no.get(unit, 0) + 1
                    sent_no[unit] = n
                    comments = {"themes": ",".join(sent._.themes)} if parts["themes"] and sent._.themes else {}
                    comments["start_char"] = str(offset + sent.start_char)
                    block = sentence_to_conllu(sent, f"{name}-{n}", comments, bio)
                    out.write(f"# newdoc id = {name}\n{block}" if n == 1 else block)
                    count += 1
            done += weight
            if bar is not None:
                bar.update(task, completed=done, sentences=count)
    finally:
        if bar is not None:
            bar.stop()
    if count == 0:
        raise DienbienError(Errors.E058.format(path="<stdin>" if path == "-" else path))
    return count


def _progress_bar(total: int | None) -> tuple[Any, Any]:
    """A started rich progress bar on stderr: bytes done of ``total`` with an ETA, or a count when ``total`` is unknown."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns: list[Any] = [TextColumn("tagging"), BarColumn()]
    if total is not None:
        columns += [DownloadColumn(), TextColumn("{task.fields[sentences]} sentences"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    else:
        columns += [TextColumn("{task.fields[sentences]} sentences"), TimeElapsedColumn()]
    bar = Progress(*columns, console=Console(stderr=True), transient=True)
    bar.start()
    return bar, bar.add_task("tag", total=total, sentences=0)
