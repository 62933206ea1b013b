"""Tagging any Vietnamese text: one JSON object per sentence.

Each record is ``{"start", "end", "text", "themes", "entities"}`` (and ``"claims"`` when the
pipeline has the claim extractor) with offsets
into the input text as read (Python ``str`` indices). Input is streamed in
batches of whole lines: line breaks are hard boundaries, so a 50 MB file is
processed with bounded memory and exact offsets.

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
from .export.conllu import content_sents, sentence_to_conllu, bio_tags
from .textio import check_file, decode, iter_lines, loads_json

#: Characters per batch handed to the pipeline when a file is streamed.
CHUNK_CHARS = 20_000


def entity_record(ent: Span, offset: int = 0) -> dict[str, Any]:
    """JSON record of an entity span, with its normalised fields under ``attrs``."""
    rec: dict[str, Any] = {"start": offset + ent.start_char, "end": offset + ent.end_char, "label": ent.label_, "text": ent.text}
    if Span.has_extension("attrs"):
        attrs = ent._.attrs
        if attrs:
            rec["attrs"] = attrs
    return rec


def sentence_records(doc: Doc, offset: int = 0) -> list[dict[str, Any]]:
    """The per-sentence records of one ``Doc`` (offsets shifted by ``offset``)."""
    records = []
    ents = list(doc.ents)
    claims = doc._.claims if Doc.has_extension("claims") else None
    for sent in content_sents(doc):
        themes = list(sent._.themes) if Span.has_extension("themes") and sent._.themes else []
        sent_ents = [entity_record(e, offset) for e in ents if e.start >= sent.start and e.end <= sent.end]
        records.append(
            {
                "start": offset + sent.start_char,
                "end": offset + sent.end_char,
                "text": sent.text,
                "themes": themes,
                "entities": sent_ents,
            }
        )
        if claims is not None:
            records[-1]["claims"] = [
                claim_record(c, offset) for c in claims if sent.start_char <= c["value"]["start"] < sent.end_char
            ]
    return records


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


def iter_sources(path: str, text_field: str = "text") -> Iterator[tuple[str | None, Iterable[str]]]:
    """Input units: ``(doc name or None, iterable of lines)``.

    ``-`` is standard input; a directory gives each ``*.txt`` file in it; a
    ``.jsonl`` file gives each record's ``text_field``; any other file is
    streamed line by line.
    """
    if path == "-":
        yield None, iter_stdin()
        return
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*.txt") if f.is_file())
        if not files:
            raise DienbienError(Errors.E061.format(path=p))
        for f in files:
            yield str(f.relative_to(p)), iter_lines(f)
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
            name = str(rid)
            yield name, rec[text_field].splitlines(keepends=True)
        return
    yield None, iter_lines(p)


def tag_texts(nlp: Language, texts: Iterable[str], *, n_process: int = 1, batch_size: int = 32) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """Tag whole texts; yields ``(index, sentence records)`` in input order."""
    for i, doc in enumerate(nlp.pipe(texts, n_process=n_process, batch_size=batch_size)):
        yield i, sentence_records(doc)


def tag_path(
    nlp: Language,
    path: str,
    out: TextIO,
    *,
    fmt: str = "jsonl",
    text_field: str = "text",
    n_process: int = 1,
    progress: bool = False,
) -> int:
    """Tag a file, directory, JSON Lines corpus or stdin; write records to ``out``.

    Returns:
        The number of sentences written.
    """
    if fmt not in ("jsonl", "conllu"):
        raise DienbienError(Errors.E014.format(path=path, fmt=fmt, expected="['jsonl', 'conllu']"))
    sources = iter_sources(path, text_field)

    def chunks() -> Iterator[tuple[str, tuple[str | None, int, int]]]:
        for unit, (name, lines) in enumerate(sources):
            for k, (offset, text) in enumerate(chunk_lines(lines)):
                yield text, (name, offset, unit)

    count = 0
    bar = None
    if progress:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(TextColumn("tagging"), BarColumn(), TextColumn("{task.completed} sentences"), TimeElapsedColumn(), transient=True)
        bar.start()
        task = bar.add_task("tag", total=None)
    try:
        sent_no: dict[int, int] = {}
        for doc, (name, offset, unit) in nlp.pipe(chunks(), as_tuples=True, n_process=n_process, batch_size=16):
            if fmt == "jsonl":
                for rec in sentence_records(doc, offset):
                    if name is not None:
                        rec = {"doc": name, **rec}
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    count += 1
            else:
                bio = bio_tags(doc)
                for sent in content_sents(doc):
                    n = sent_no.get(unit, 0) + 1
                    sent_no[unit] = n
                    sid = f"{name or 'doc'}-{n}"
                    out.write(sentence_to_conllu(sent, sid, {"start_char": str(offset + sent.start_char)}, bio))
                    count += 1
            if bar is not None:
                bar.update(task, completed=count)
    finally:
        if bar is not None:
            bar.stop()
    if count == 0:
        raise DienbienError(Errors.E058.format(path="<stdin>" if path == "-" else path))
    return count
