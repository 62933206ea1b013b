"""doccano JSONL: export of sentence records with pre-annotations, and import of doccano's export.

The unit is the sentence, as for Label Studio (see :mod:`dienbien_nlp.annotation.labelstudio`).
Each line is one sentence with the fields doccano reads and keeps:

* ``layout="intent"`` (default, for a doccano *Intent Detection and Slot
  Filling* project, the one project type that holds spans and document labels
  together): ``{"text", "entities": [[start, end, label], ...], "cats": [theme, ...]}``;
* ``layout="sequence"`` (a *Sequence Labeling* project): ``{"text", "label": [[start, end, label], ...]}``;
* ``layout="classification"`` (a *Text Classification* project): ``{"text", "label": [theme, ...]}``.

Every line also carries ``doc_id``, ``text_sha256``, ``offset``, ``sentence``
and ``sentences``: doccano keeps unknown columns as the example's metadata and
writes them back into its export, so import maps every span back to the
document. doccano has no predictions: the labels in the file become the
importing user's annotations, which annotators then correct.

doccano exports one ``<user>.jsonl`` per member in a zip (or ``all.jsonl`` for
collaborative projects); :func:`import_doccano` reads either, and the file name
is the annotator.

Example:
    >>> import dienbien_nlp
    >>> lines = export_doccano([("d", "Xin chào. Hà Nội đẹp.")], dienbien_nlp.load())  # doctest: +SKIP
    >>> lines[1]["text"], lines[1]["offset"]  # doctest: +SKIP
    ('Hà Nội đẹp.', 10)
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import DienbienError, Errors
from ..textio import check_file, decode, loads_json
from .tasks import Imported, RecordBuilder, as_source, prepare, unit_from_data

LAYOUTS = ("intent", "sequence", "classification")


def export_doccano(
    docs: Iterable[Any],
    nlp: Any | None,
    *,
    records: Mapping[str, tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]] | None = None,
    layout: str = "intent",
    sentences: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """doccano JSONL records, one per sentence, pre-annotated by the pipeline (or by ``records``).

    Args:
        docs: Corpus ``Document`` objects, ``Source`` objects or ``(doc_id, text)`` pairs.
        nlp: The pipeline whose entities and themes pre-annotate.
        records: ``doc_id -> (entity_record, theme_record)`` to pre-annotate from instead.
        layout: ``intent``, ``sequence`` or ``classification`` (see the module docstring).
        sentences: ``doc_id -> theme record`` whose sentences are the units (see
            :func:`~dienbien_nlp.annotation.labelstudio.export_tasks`).

    Returns:
        One dict per sentence; write each as one JSON line.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    out = []
    for doc in docs:
        src = as_source(doc)
        recs = records.get(src.doc_id) if records is not None else None
        prepared = prepare(src, nlp, recs, None, (sentences or {}).get(src.doc_id))
        for unit, spans, unit_themes in zip(prepared.units, prepared.entities, prepared.themes, strict=True):
            rel = [[s - unit.start, e - unit.start, lab] for s, e, lab in spans]
            line: dict[str, Any] = {"text": unit.text}
            if layout == "intent":
                line |= {"entities": rel, "cats": list(unit_themes)}
            elif layout == "sequence":
                line["label"] = rel
            else:
                line["label"] = list(unit_themes)
            line |= {
                "doc_id": unit.doc_id,
                "text_sha256": unit.text_sha256,
                "offset": unit.start,
                "sentence": unit.index,
                "sentences": unit.total,
            }
            out.append(line)
    return out


def dumps_jsonl(lines: Iterable[Mapping[str, Any]]) -> str:
    """JSON Lines text (UTF-8 characters kept as they are)."""
    return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)


#: Largest doccano export (all JSONL files of a zip together, uncompressed) that is read.
MAX_EXPORT_BYTES = 512 * 1024 * 1024


def _members(path: Path) -> Iterator[tuple[str, str, str]]:
    """``(annotator, source name, text)`` of each JSONL file in ``path`` (a .jsonl or a doccano .zip)."""
    check_file(path)
    with open(path, "rb") as fh:
        looks_zip = fh.read(4) == b"PK\x03\x04"
    if looks_zip and not zipfile.is_zipfile(path):
        raise DienbienError(Errors.E042.format(path=path, detail="broken zip file (it starts like a zip but cannot be read)"))
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as zf:
                names = sorted(n for n in zf.namelist() if n.endswith(".jsonl") and not n.endswith("/"))
                if not names:
                    raise DienbienError(Errors.E042.format(path=path, detail="the zip holds no .jsonl file"))
                size = sum(zf.getinfo(n).file_size for n in names)
                if size > MAX_EXPORT_BYTES:
                    raise DienbienError(
                        Errors.E042.format(path=path, detail=f"the zip expands to {size} bytes, more than the limit of {MAX_EXPORT_BYTES}")
                    )
                for n in names:
                    yield Path(n).stem, f"{path}!{n}", decode(zf.read(n), f"{path}!{n}")
        except zipfile.BadZipFile as err:
            raise DienbienError(Errors.E042.format(path=path, detail=f"broken zip file: {err}")) from None
        return
    data = check_file(path).read_bytes()
    yield path.stem, str(path), decode(data, path)


def _spans(value: Any, where: str, path: str) -> list[tuple[Any, Any, Any, None]]:
    if not isinstance(value, list):
        raise DienbienError(
            Errors.E042.format(path=path, detail=f"{where}: entities must be a list of [start, end, label]")
        )
    out: list[tuple[Any, Any, Any, None]] = []
    for item in value:
        if isinstance(item, (list, tuple)) and len(item) == 3:
            out.append((item[0], item[1], item[2], None))
        elif isinstance(item, dict) and {"start_offset", "end_offset", "label"} <= set(item):
            out.append((item["start_offset"], item["end_offset"], item["label"], None))
        else:
            raise DienbienError(
                Errors.E042.format(path=path, detail=f"{where}: entity {item!r} is not [start, end, label]")
            )
    return out


def import_doccano(
    path: str | Path,
    *,
    annotator: str | None = None,
    texts: Mapping[str, str] | None = None,
) -> Imported:
    """Gold records from a doccano JSONL export (a ``.jsonl`` file or doccano's ``.zip``), per annotator.

    Entities are read from ``entities`` or ``label`` (``[[start, end, label], ...]``),
    themes from ``cats`` or ``label`` (a list of theme ids). Every span is
    checked: an unknown label (W011), offsets out of range (W012), several
    labels, or an overlap (W017) is warned about, naming the line, and skipped.
    doccano's export holds no span text, so a shifted span is caught only by
    the range check and, when ``texts`` is given, the sentence check (E045).
    A sentence with no ``cats`` is taken as annotated with no theme.

    Args:
        path: The export.
        annotator: The annotator's name (default: the JSONL file's name, e.g. ``admin``).
        texts: ``doc_id -> text`` of known documents, to check the sentences against.

    Raises:
        DienbienError: E042 for a file that is not doccano JSONL (broken or truncated
            line, missing fields), E044/E045 as for Label Studio.
    """
    p = Path(path)
    builder = RecordBuilder(p, texts)
    for name, source, text in _members(p):
        who = annotator or name
        lines = text.splitlines()
        for lineno, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                rec = loads_json(raw)
            except json.JSONDecodeError as err:
                last = (
                    " (the last line is cut off: the file looks truncated; export it again)"
                    if lineno == len(lines)
                    else ""
                )
                raise DienbienError(
                    Errors.E042.format(path=source, detail=f"line {lineno}: invalid JSON: {err.msg}{last}")
                ) from None
            if not isinstance(rec, dict):
                raise DienbienError(
                    Errors.E042.format(path=source, detail=f"line {lineno}: a line must be a JSON object")
                )
            where = f"line {lineno}"
            meta = rec.get("meta")
            # doccano writes metadata columns at the top level; older exports nest them in "meta".
            fields: dict[str, Any] = meta if isinstance(meta, dict) and "doc_id" not in rec else rec
            data = {**fields, "text": rec.get("text", rec.get("data"))}
            unit = unit_from_data(data, source, f"{rec.get('id', '?')} (line {lineno})", "E042")
            ref = f"{rec.get('id', '?')} (line {lineno}: {unit.id}, annotator {who})"
            builder.check_unit(ref, unit)
            spans: list[tuple[Any, Any, Any, None]] = []
            cats: list[Any] = []
            if "entities" in rec:
                spans += _spans(rec["entities"], where, source)
            if "cats" in rec:
                cats += rec["cats"] if isinstance(rec["cats"], list) else [rec["cats"]]
            label = rec.get("label")
            if isinstance(label, list) and label:
                if all(isinstance(x, str) for x in label):
                    cats += label
                else:
                    spans += _spans(label, where, source)
            builder.add(ref, who, unit, spans, cats, ref=json.dumps([spans, sorted(map(str, cats))], default=str))
    return builder.records()
