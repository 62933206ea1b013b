"""The input of ``corpus tag``: documents read from JSON Lines (plain or gzipped), a folder of ``.txt`` files or parquet, checked and planned into shards."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import DienbienError, Errors
from .shards import SHARD_CHARS, SHARD_DOCS, Record, ShardPlan, Skipped


def input_kind(path: Path) -> str:
    """``jsonl``, ``folder`` or ``parquet`` (E085 for anything else)."""
    if path.is_dir():
        return "folder"
    name = path.name.lower()
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        return "jsonl"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    raise DienbienError(
        Errors.E006.format(
            path=path,
            suffix="".join(path.suffixes) or path.name,
            expected="['.jsonl', '.jsonl.gz', '.parquet', a folder of .txt]",
        )
    )


def _check_text(position: int, doc_id: str, text: Any, field_name: str) -> Record | Skipped:
    if text is None:
        return Skipped(position, doc_id, f"no text (field '{field_name}')")
    if not isinstance(text, str):
        return Skipped(position, doc_id, f"'{field_name}' is not a string")
    if not text.strip():
        return Skipped(position, doc_id, "empty document")
    return Record(position, doc_id, text)


def _doc_id(value: Any, position: int) -> str | None:
    if value is None:
        return str(position)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value)


def _iter_jsonl(path: Path, text_field: str, id_field: str) -> Iterator[Record | Skipped]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            for position, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8-sig" if position == 1 else "utf-8")
                    bad_utf8 = None
                except UnicodeDecodeError as err:
                    line = raw.decode("utf-8", errors="replace")
                    bad_utf8 = f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at column {err.start + 1})"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as err:
                    yield Skipped(position, None, bad_utf8 or f"not valid JSON ({err.msg})")
                    continue
                if not isinstance(rec, dict):
                    yield Skipped(position, None, bad_utf8 or "not a JSON object")
                    continue
                doc_id = _doc_id(rec.get(id_field), position)
                if bad_utf8:
                    yield Skipped(position, doc_id, bad_utf8)
                elif doc_id is None:
                    yield Skipped(position, None, f"'{id_field}' must be a string or an integer")
                else:
                    yield _check_text(position, doc_id, rec.get(text_field), text_field)
    except (OSError, EOFError, zlib.error) as err:
        raise DienbienError(Errors.E085.format(path=path, detail=f"{type(err).__name__}: {err}")) from None


def _iter_folder(path: Path) -> Iterator[Record | Skipped]:
    files = sorted((f for f in path.rglob("*.txt") if f.is_file()), key=lambda f: f.relative_to(path).as_posix())
    if not files:
        raise DienbienError(Errors.E061.format(path=path))
    for position, f in enumerate(files, 1):
        doc_id = f.relative_to(path).as_posix()
        try:
            data = f.read_bytes()
        except OSError as err:
            raise DienbienError(Errors.E085.format(path=f, detail=err.strerror or str(err))) from None
        if b"\x00" in data:
            yield Skipped(position, doc_id, "binary file (it contains NUL bytes)")
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            yield Skipped(position, doc_id, f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})")
            continue
        yield _check_text(position, doc_id, text, "text")


def _iter_parquet(path: Path, text_field: str, id_field: str) -> Iterator[Record | Skipped]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as err:
        raise DienbienError(Errors.E085.format(path=path, detail=f"not a parquet file ({err})")) from None
    names = pf.schema_arrow.names
    if text_field not in names:
        raise DienbienError(
            Errors.E085.format(path=path, detail=f"no column '{text_field}' (columns: {names}); use --text-field")
        )
    if not pa.types.is_string(pf.schema_arrow.field(text_field).type) and not pa.types.is_large_string(
        pf.schema_arrow.field(text_field).type
    ):
        raise DienbienError(
            Errors.E085.format(
                path=path, detail=f"column '{text_field}' is {pf.schema_arrow.field(text_field).type}, not text"
            )
        )
    cols = [text_field] + ([id_field] if id_field in names and id_field != text_field else [])
    position = 0
    try:
        for batch in pf.iter_batches(batch_size=1024, columns=cols):
            texts = batch.column(text_field).to_pylist()
            ids = batch.column(id_field).to_pylist() if len(cols) == 2 else [None] * len(texts)
            for text, raw_id in zip(texts, ids, strict=True):
                position += 1
                doc_id = _doc_id(raw_id, position)
                if doc_id is None:
                    yield Skipped(position, None, f"'{id_field}' must be a string or an integer")
                else:
                    yield _check_text(position, doc_id, text, text_field)
    except (OSError, pa.ArrowException) as err:
        raise DienbienError(Errors.E085.format(path=path, detail=f"{type(err).__name__}: {err}")) from None


def iter_input(
    path: str | os.PathLike[str], *, text_field: str = "text", id_field: str = "id", limit: int | None = None
) -> Iterator[Record | Skipped]:
    """The records of a JSON Lines file (``.gz`` too), a folder of ``.txt`` files or a parquet file, in input order.

    A record is a :class:`Record`, or a :class:`Skipped` that says why it cannot be tagged
    (no text, not UTF-8, broken JSON, empty). Ids: the ``id_field`` value, else the record's
    1-based position (a ``.txt`` file's id is its path in the folder). ``limit`` stops after
    that many records.

    Raises:
        DienbienError: the input is missing, of an unknown kind, unreadable, truncated or
            (parquet) has no such text column.
    """
    p = Path(path)
    if not p.exists():
        raise DienbienError(Errors.E001.format(path=p))
    kind = input_kind(p)
    if kind != "folder":
        from ..textio import check_file

        check_file(p)
    items: Iterator[Record | Skipped]
    if kind == "jsonl":
        items = _iter_jsonl(p, text_field, id_field)
    elif kind == "parquet":
        items = _iter_parquet(p, text_field, id_field)
    else:
        items = _iter_folder(p)
    for item in items:
        if limit is not None and item.position > limit:
            return
        yield item


def _doc_hash_line(rec: Record) -> bytes:
    return json.dumps([rec.position, rec.doc_id, rec.text], ensure_ascii=False).encode("utf-8") + b"\n"


def plan_shards(
    items: Iterable[Record | Skipped], *, shard_chars: int = SHARD_CHARS, shard_docs: int = SHARD_DOCS
) -> tuple[list[ShardPlan], list[Skipped]]:
    """Cut the input into shards of whole documents, in input order.

    A shard closes once it holds ``shard_chars`` characters or ``shard_docs`` documents. The
    ranges cover the input without gaps: skipped records belong to the range they fall in
    (those after the last document to the last shard).

    Example:
        >>> recs = [Record(1, "a", "x" * 5), Skipped(2, "b", "empty document"), Record(3, "c", "y" * 5)]
        >>> shards, skipped = plan_shards(recs, shard_chars=5)
        >>> [(s.first, s.last, s.documents, s.skipped) for s in shards], len(skipped)
        ([(1, 1, 1, 0), (2, 3, 1, 1)], 1)
    """
    shards: list[ShardPlan] = []
    skipped: list[Skipped] = []
    first: int | None = None
    ids: list[str] = []
    chars = 0
    n_skipped = 0
    digest = hashlib.sha256()
    last = 0

    def close() -> None:
        nonlocal first, ids, chars, n_skipped, digest
        shards.append(
            ShardPlan(len(shards), first or last, last, ids[0], ids[-1], len(ids), chars, n_skipped, digest.hexdigest())
        )
        first, ids, chars, n_skipped, digest = None, [], 0, 0, hashlib.sha256()

    for item in items:
        first = item.position if first is None else first
        last = item.position
        if isinstance(item, Skipped):
            skipped.append(item)
            n_skipped += 1
            continue
        ids.append(item.doc_id)
        chars += len(item.text)
        digest.update(_doc_hash_line(item))
        if chars >= shard_chars or len(ids) >= shard_docs:
            close()
    if ids:
        close()
    elif n_skipped and shards:  # trailing skipped records join the last shard's range
        s = shards[-1]
        shards[-1] = replace(s, last=last, skipped=s.skipped + n_skipped)
    return shards, skipped
