"""Tagging a whole corpus into a sharded parquet dataset: resumable, the same bytes on every engine.

``dienbien-nlp corpus tag INPUT --out DIR`` (:func:`tag_corpus`) reads JSON Lines
(``.jsonl``, ``.jsonl.gz``), a folder of ``.txt`` files or a parquet file with a
text column, cuts the documents into shards of whole documents in input order,
tags each shard with the full pipeline (``dienbien_nlp.load()``) and writes::

    DIR/data/shard-00000.parquet      one row per sentence (features: :func:`features`)
    DIR/data/shard-00001.parquet
    ...
    DIR/.manifest.json                per shard: input range, rows, sha256, versions, status

The manifest's name starts with a dot so that ``datasets.load_dataset("parquet",
data_dir=DIR)`` does not take it for data; the parquet files carry the
``datasets`` features in their schema, so the loaded dataset has the same
ClassLabel names as the project's own (:func:`dienbien_nlp.export.hf.features`).

Shards are tagged by an engine: ``local`` (processes on this machine) or ``dask``
(the workers of a ``dask.distributed`` scheduler). Each worker process loads the
pipeline once; a task is a whole shard. The client reads the input, sends each
shard's texts to a worker and writes the parquet bytes the worker sends back, to a
temporary name that is renamed when complete; then it records the shard in the
manifest. So a run killed at any moment leaves only complete shards (or hidden
temporary files), and a rerun tags only the shards that are missing, whose file
does not match its checksum, or whose input, code, models or packages changed.

A shard's bytes depend only on its documents and the versions recorded with it:
the same input gives byte-identical shards with either engine, any number of
workers, and across reruns.

Example:
    >>> summary = tag_corpus("news.jsonl.gz", "news-tagged", n_process=2)  # doctest: +SKIP
    >>> summary.documents, summary.sentences  # doctest: +SKIP
    (3000, 61234)
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import gzip
import hashlib
import json
import os
import re
import threading
import time
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import DienbienError, DienbienWarning, Errors, Warnings

#: A shard closes when it holds this many characters of text (about 15 s of one core for the full pipeline) ...
SHARD_CHARS = 250_000
#: ... or this many documents, whichever comes first.
SHARD_DOCS = 1_000

MANIFEST = ".manifest.json"
LOCK = ".lock"
DATA = "data"
FORMAT = "dienbien-nlp corpus tag"
FORMAT_VERSION = 1
ENGINES = ("local", "dask")

_SHARD_RE = re.compile(r"shard-(\d{5,})\.parquet")
#: Temporary files of :func:`dienbien_nlp.textio.atomic_open`: ``.<name>.<random>.tmp``.
_TMP_RE = re.compile(r"\..+\.tmp")

#: Distributions whose versions can change the output; recorded with every shard.
_DISTRIBUTIONS = (
    "spacy", "thinc", "underthesea", "underthesea_core", "scikit-learn", "python-crfsuite", "sklearn-crfsuite",
    "skops", "numpy", "scipy", "pyarrow", "datasets",
)  # fmt: skip


# --------------------------------------------------------------------------- records and plans


@dataclass(frozen=True)
class Record:
    """One input document: its 1-based position in the input, its id and its text."""

    position: int
    doc_id: str
    text: str


@dataclass(frozen=True)
class Skipped:
    """An input record that cannot be tagged (no text, not UTF-8, broken JSON, empty)."""

    position: int
    doc_id: str | None
    reason: str


@dataclass(frozen=True)
class ShardPlan:
    """One shard: a contiguous range of input records (``first``..``last``, 1-based, inclusive).

    ``sha256`` is the hash of the shard's documents (positions, ids, texts): a shard whose
    documents change is tagged again.
    """

    index: int
    first: int
    last: int
    first_id: str
    last_id: str
    documents: int
    characters: int
    skipped: int
    sha256: str

    @property
    def file(self) -> str:
        """The shard's path inside the output folder."""
        return shard_file(self.index)


@dataclass(frozen=True)
class ShardJob:
    """What a worker needs to tag one shard: the documents as ``(position, id, text)``."""

    index: int
    sha256: str
    docs: tuple[tuple[int, str, str], ...]


@dataclass(frozen=True)
class ShardResult:
    """A tagged shard as a worker sends it back."""

    index: int
    data: bytes
    sha256: str
    rows: int
    tokens: int
    seconds: float
    cpu_seconds: float
    worker: str
    peak_rss_mb: float
    versions: dict[str, Any]


@dataclass(frozen=True)
class CorpusTagSummary:
    """What a run did and what the dataset in ``out_dir`` now holds.

    ``documents``, ``sentences`` and ``tokens`` count the whole dataset (shards reused from an
    earlier run included); ``tagged_*``, ``seconds`` and ``tokens_per_s`` are this run's work.
    """

    out_dir: Path
    manifest: Path
    engine: str
    workers: int
    shards: int
    shards_tagged: int
    shards_reused: int
    documents: int
    sentences: int
    tokens: int
    skipped: int
    tagged_documents: int
    tagged_tokens: int
    seconds: float
    tokens_per_s: float
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    stale_removed: int = 0
    #: Seconds the workers spent on this run's shards, and the CPU time they got in them: their ratio
    #: is the share of a core a worker had (below 1 when other work competed for the CPUs).
    worker_seconds: float = 0.0
    worker_cpu_seconds: float = 0.0


def shard_file(index: int) -> str:
    """Path of shard ``index`` inside the output folder.

    >>> shard_file(3)
    'data/shard-00003.parquet'
    """
    return f"{DATA}/shard-{index:05d}.parquet"


# --------------------------------------------------------------------------- input


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


# --------------------------------------------------------------------------- what a worker does


@functools.lru_cache(maxsize=1)
def features() -> Any:
    """The ``datasets.Features`` of a shard's rows.

    The ClassLabels (VLSP POS, UD UPOS, BIO, entity labels, themes, CAP topics) are the very
    objects of the project's own ``sentences`` config (:func:`dienbien_nlp.export.hf.features`);
    each entity also carries the schema's normalised fields (``None`` where they do not apply).
    Entity offsets are inside the sentence; ``start``/``end`` are offsets in the document.
    """
    from datasets import Features, List, Value

    from ..export.entity_fields import field_feature
    from ..export.hf import features as hf_features
    from ..export.rows import normalised_fields

    base = hf_features("sentences")
    entity: dict[str, Any] = dict(base["entities"].feature)
    for name in normalised_fields():
        entity[name] = field_feature(name)
    return Features(
        {
            "id": Value("string"),
            "doc_id": Value("string"),
            "doc_index": Value("int64"),
            "sentence_index": Value("int32"),
            "text": Value("string"),
            "start": Value("int64"),
            "end": Value("int64"),
            "tokens": base["tokens"],
            "pos_tags": base["pos_tags"],
            "upos": base["upos"],
            "ner_tags": base["ner_tags"],
            "entities": List(entity),
            "themes": base["themes"],
            "cap_topics": base["cap_topics"],
        }
    )


@functools.lru_cache(maxsize=1)
def _codecs() -> dict[str, dict[str, int]]:
    f = features()
    return {
        "pos": {n: i for i, n in enumerate(f["pos_tags"].feature.names)},
        "upos": {n: i for i, n in enumerate(f["upos"].feature.names)},
        "ner": {n: i for i, n in enumerate(f["ner_tags"].feature.names)},
        "label": {n: i for i, n in enumerate(f["entities"].feature["label"].names)},
        "theme": {n: i for i, n in enumerate(f["themes"].feature.names)},
        "cap": {n: i for i, n in enumerate(f["cap_topics"].feature.names)},
    }


@functools.lru_cache(maxsize=1)
def package_sha256() -> str:
    """sha256 of the package's code and resources (rules, gazetteers, models): any change retags."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for f in sorted(root.rglob("*"), key=lambda p: p.relative_to(root).as_posix()):
        rel = f.relative_to(root).as_posix()
        if not f.is_file() or "__pycache__" in f.parts or f.suffix in (".pyc", ".pyo"):
            continue
        h.update(rel.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def versions() -> dict[str, Any]:
    """What a shard's bytes depend on besides its input: this package, its models and the packages it runs on."""
    import sys
    from importlib import metadata, resources

    from .. import __version__

    models = resources.files("dienbien_nlp").joinpath("resources/models")
    out: dict[str, Any] = {
        "dienbien-nlp": __version__,
        "dienbien-nlp package sha256": package_sha256(),
        "models": {
            m: hashlib.sha256(models.joinpath(m).read_bytes()).hexdigest()
            for m in ("entities.crfsuite", "themes.skops")
        },
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
    }
    for dist in _DISTRIBUTIONS:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    return out


_STATE: dict[str, Any] = {}
_LOCK = threading.Lock()


def _pipeline() -> Any:
    """The worker's pipeline, loaded once per process (call with ``_LOCK`` held)."""
    if "nlp" not in _STATE:
        from threadpoolctl import threadpool_limits

        import dienbien_nlp

        threadpool_limits(1)  # one task per process; BLAS threads would only compete with the other workers
        _STATE["nlp"] = dienbien_nlp.load()
    return _STATE["nlp"]


def _field(name: str, value: Any) -> Any:
    from ..export.entity_fields import field_value

    return field_value(name, value)


def shard_rows(nlp: Any, docs: Sequence[tuple[int, str, str]]) -> tuple[list[dict[str, Any]], int]:
    """The rows of a shard's documents (label ids, not names) and their number of tokens.

    Each document is tagged in chunks of whole lines (:func:`dienbien_nlp.tagging.chunk_lines`),
    as ``dienbien-nlp tag`` does, so the sentences, entities and themes are those of ``tag``.
    """
    from spacy.tokens import Span

    from ..export.entity_fields import with_merger
    from ..export.rows import cap_topics, normalised_fields
    from ..learn.spans import bio_tags
    from ..pipeline.sentences import content_sents
    from ..tagging import chunk_lines

    codec = _codecs()
    fields = normalised_fields()
    theme_order = codec["theme"]

    def chunks() -> Iterator[tuple[str, tuple[int, int]]]:
        for k, (_pos, _id, text) in enumerate(docs):
            for offset, piece in chunk_lines(text.splitlines(keepends=True)):
                yield piece, (k, offset)

    rows: list[dict[str, Any]] = []
    tokens = 0
    sent_no = [0] * len(docs)
    for doc, (k, offset) in nlp.pipe(chunks(), as_tuples=True, batch_size=16):
        position, doc_id, _ = docs[k]
        bio = bio_tags(doc)
        ents = sorted(doc.ents, key=lambda e: e.start)
        j = 0
        for sent in content_sents(doc):
            words = [t for t in sent if not t.is_space]
            while j < len(ents) and ents[j].start < sent.start:
                j += 1
            mine = []
            while j < len(ents) and ents[j].end <= sent.end:
                mine.append(ents[j])
                j += 1
            themes = (
                sorted(set(sent._.themes or ()), key=theme_order.__getitem__) if Span.has_extension("themes") else []
            )
            n = sent_no[k]
            sent_no[k] += 1
            tokens += len(words)
            rows.append(
                {
                    "id": f"{doc_id}-{n + 1}",
                    "doc_id": doc_id,
                    "doc_index": position,
                    "sentence_index": n,
                    "text": sent.text,
                    "start": offset + sent.start_char,
                    "end": offset + sent.end_char,
                    "tokens": [t.text for t in words],
                    "pos_tags": [codec["pos"][t.tag_] for t in words],
                    "upos": [codec["upos"][t.pos_] for t in words],
                    "ner_tags": [codec["ner"][bio[t.i]] for t in words],
                    "entities": [
                        {
                            "start": e.start_char - sent.start_char,
                            "end": e.end_char - sent.start_char,
                            "label": codec["label"][e.label_],
                            "text": e.text,
                            **{f: _field(f, attrs.get(f)) for f in fields},
                        }
                        for e in mine
                        for attrs in (with_merger(e.label_, e._.attrs),)
                    ],
                    "themes": [theme_order[t] for t in themes],
                    "cap_topics": [codec["cap"][c] for c in cap_topics(themes)],
                }
            )
    return rows, tokens


def parquet_bytes(rows: Sequence[dict[str, Any]]) -> bytes:
    """A shard's parquet file: fixed writer settings, no timestamps, the features in the schema."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(list(rows), schema=features().arrow_schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", compression_level=3, row_group_size=100_000, write_statistics=True)
    return sink.getvalue().to_pybytes()


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tag_shard(job: ShardJob) -> ShardResult:
    """Tag one shard (runs on a worker; the pipeline is loaded on the first call in each process)."""
    import socket

    t0 = time.perf_counter()
    c0 = time.process_time()
    with _LOCK:  # spaCy pipelines are not shared between threads; a worker tags one shard at a time
        nlp = _pipeline()
        rows, tokens = shard_rows(nlp, job.docs)
        data = parquet_bytes(rows)
    return ShardResult(
        index=job.index,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        rows=len(rows),
        tokens=tokens,
        seconds=time.perf_counter() - t0,
        cpu_seconds=time.process_time() - c0,
        worker=f"{socket.gethostname()}:{os.getpid()}",
        peak_rss_mb=_peak_rss_mb(),
        versions=versions(),
    )


# --------------------------------------------------------------------------- engines


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:  # the run was killed: stop at once, nothing of ours is half-written
            os._exit(1)


def _init_local_worker(parent: int) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the run, which stops its workers itself
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    with _LOCK:
        _pipeline()


class _LocalEngine:
    """Worker processes on this machine (``spawn``ed: a clean interpreter each, as on a cluster)."""

    name = "local"

    def __init__(self, n_process: int) -> None:
        import multiprocessing

        self.workers = n_process
        self.pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=n_process,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_local_worker,
            initargs=(os.getpid(),),
        )

    def submit(self, job: ShardJob) -> Any:
        return self.pool.submit(tag_shard, job)

    def wait(self, futures: list[Any]) -> list[Any]:
        done, _ = concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_COMPLETED)
        return list(done)

    def close(self, ok: bool) -> None:
        if ok:
            self.pool.shutdown(wait=True)
            return
        procs = list(getattr(self.pool, "_processes", {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            with contextlib.suppress(Exception):
                p.kill()
        for p in procs:
            with contextlib.suppress(Exception):
                p.join(5)


class _DaskEngine:
    """The workers of a ``dask.distributed`` scheduler; the client sends texts and receives parquet bytes."""

    name = "dask"

    def __init__(self, address: str, timeout: float) -> None:
        try:
            from distributed import Client
        except ImportError as err:
            raise DienbienError(Errors.E083.format(detail=str(err))) from None
        import logging

        from distributed.comm.addressing import parse_address, parse_host_port
        from distributed.comm.registry import get_backend

        try:  # a malformed address fails here, at once (a Client would take seconds to give up on it)
            protocol, location = parse_address(address)
            get_backend(protocol)
            if protocol != "inproc":
                parse_host_port(location)
        except (ValueError, TypeError) as err:
            raise DienbienError(
                Errors.E082.format(
                    address=address, detail=f"not a scheduler address ({err}); give one like tcp://10.0.0.5:8786"
                )
            ) from None
        quiet = [
            logging.getLogger(n) for n in ("distributed", "distributed.client", "distributed.core", "distributed.comm")
        ]
        levels = [lg.level for lg in quiet]
        for lg in quiet:
            lg.setLevel(logging.CRITICAL)  # the one error line below says it all
        try:
            self.client = Client(address, timeout=f"{timeout}s", set_as_default=False)
        except Exception as err:  # noqa: BLE001  (unreachable, refused, malformed: one line for all)
            raise DienbienError(
                Errors.E082.format(address=address, detail=f"cannot connect ({type(err).__name__}: {err})")
            ) from None
        finally:
            for lg, level in zip(quiet, levels, strict=True):
                lg.setLevel(level)
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except Exception:  # noqa: BLE001
            self.client.close()
            raise DienbienError(
                Errors.E082.format(address=address, detail=f"the scheduler has no worker (waited {timeout:g} s)")
            ) from None
        info = (
            self.client.scheduler_info(n_workers=-1)
            if _accepts_n_workers(self.client)
            else self.client.scheduler_info()
        )
        self.workers = max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))

        from distributed import as_completed

        self.finished = as_completed(loop=self.client.loop, raise_errors=False)

    def submit(self, job: ShardJob) -> Any:
        fut = self.client.submit(tag_shard, job, pure=False, retries=0)
        self.finished.add(fut)
        return fut

    def wait(self, futures: list[Any]) -> list[Any]:
        return [next(self.finished)]

    def close(self, ok: bool) -> None:
        with contextlib.suppress(Exception):
            self.client.close()


def _accepts_n_workers(client: Any) -> bool:
    import inspect

    return "n_workers" in inspect.signature(client.scheduler_info).parameters


# --------------------------------------------------------------------------- the output folder


def _check_out_dir(out: Path) -> None:
    """E062 if ``out`` is a file; E081 if it holds anything that this command did not write."""
    if out.exists() and not out.is_dir():
        raise DienbienError(Errors.E062.format(path=out))
    if not out.exists():
        return
    foreign: list[str] = []
    for entry in sorted(out.iterdir()):
        if entry.name in (MANIFEST, LOCK) or (_TMP_RE.fullmatch(entry.name) and entry.is_file()):
            continue
        if entry.name == DATA and entry.is_dir():
            for f in sorted(entry.iterdir()):
                if not ((_SHARD_RE.fullmatch(f.name) or _TMP_RE.fullmatch(f.name)) and f.is_file()):
                    foreign.append(f"{DATA}/{f.name}")
            continue
        foreign.append(entry.name)
    if foreign:
        more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        raise DienbienError(Errors.E081.format(path=out, detail=", ".join(foreign[:3]) + more))


def _remove_temporaries(out: Path) -> None:
    for folder in (out, out / DATA):
        if folder.is_dir():
            for f in folder.iterdir():
                if _TMP_RE.fullmatch(f.name) and f.is_file():
                    with contextlib.suppress(FileNotFoundError):
                        f.unlink()


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    fh = open(out / LOCK, "a+b")  # noqa: SIM115  (held for the whole run)
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise DienbienError(Errors.E089.format(path=out)) from None
        yield
    finally:
        fh.close()


def read_manifest(out_dir: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The manifest of an output folder, or ``None`` when there is none (W031 when it is unreadable)."""
    path = Path(out_dir) / MANIFEST
    if not path.exists():
        return None
    try:
        man = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(man, dict) or man.get("format") != FORMAT or not isinstance(man.get("shards"), list):
            raise ValueError("not a manifest of this command")
        return man
    except (OSError, ValueError, UnicodeDecodeError) as err:
        warnings.warn(Warnings.W031.format(path=path, detail=str(err)), DienbienWarning, stacklevel=2)
        return None


def _file_sha256(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def _input_entry(s: ShardPlan) -> dict[str, Any]:
    return {
        "first": s.first, "last": s.last, "first_id": s.first_id, "last_id": s.last_id,
        "documents": s.documents, "characters": s.characters, "skipped": s.skipped, "sha256": s.sha256,
    }  # fmt: skip


def _complete(out: Path, s: ShardPlan, entry: dict[str, Any] | None, current: dict[str, Any]) -> bool:
    """True when the shard file is there, matches its checksum, and was made from this input by these versions."""
    if not entry or entry.get("status") != "done" or entry.get("file") != s.file:
        return False
    if (entry.get("input") or {}).get("sha256") != s.sha256 or entry.get("versions") != current:
        return False
    path = out / s.file
    try:
        if path.stat().st_size != entry.get("bytes"):
            return False
    except OSError:
        return False
    return _file_sha256(path) == entry.get("sha256")


def _totals(shards: list[dict[str, Any]], skipped: int) -> dict[str, int]:
    done = [e for e in shards if e["status"] == "done"]
    return {
        "shards": len(shards),
        "shards_done": len(done),
        "documents": sum(e["input"]["documents"] for e in done),
        "sentences": sum(e["rows"] for e in done),
        "tokens": sum(e["tokens"] for e in done),
        "skipped": skipped,
    }


# --------------------------------------------------------------------------- the run


def _jobs(
    path: Path, todo: dict[int, ShardPlan], plans: list[ShardPlan], items: Iterable[Record | Skipped]
) -> Iterator[ShardJob]:
    """Re-read the input and yield the job of every shard in ``todo``, checking that its documents did not change."""
    if not todo:
        return
    last_needed = max(todo)
    k = 0
    docs: list[tuple[int, str, str]] = []
    digest = hashlib.sha256()
    yielded: set[int] = set()

    def changed(detail: str) -> DienbienError:
        return DienbienError(Errors.E087.format(path=path, detail=detail))

    for item in items:
        while k < len(plans) and item.position > plans[k].last:
            k += 1
        if k > last_needed:
            break
        if isinstance(item, Skipped) or k not in todo:
            continue
        s = plans[k]
        if k in yielded or (docs and docs[-1][0] < s.first):
            raise changed(f"shard {k}, records {s.first}-{s.last}")
        docs.append((item.position, item.doc_id, item.text))
        digest.update(_doc_hash_line(item))
        if len(docs) == s.documents:
            if digest.hexdigest() != s.sha256:
                raise changed(f"shard {k}, records {s.first}-{s.last}")
            yielded.add(k)
            yield ShardJob(k, s.sha256, tuple(docs))
            docs, digest = [], hashlib.sha256()
    missing = sorted(set(todo) - yielded)
    if missing:
        raise changed(f"shard {missing[0]} is no longer there in full")


def tag_corpus(
    input_path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    engine: str = "local",
    n_process: int = 1,
    scheduler: str | None = None,
    connect_timeout: float = 5.0,
    text_field: str = "text",
    id_field: str = "id",
    shard_chars: int = SHARD_CHARS,
    shard_docs: int = SHARD_DOCS,
    limit: int | None = None,
    strict: bool = False,
    force: bool = False,
    on_plan: Callable[[int, int, int], None] | None = None,
    on_shard: Callable[[dict[str, Any]], None] | None = None,
) -> CorpusTagSummary:
    """Tag a corpus into parquet shards in ``out_dir``, reusing the complete shards of an earlier run.

    Args:
        input_path: JSON Lines (``.jsonl``, ``.jsonl.gz``), a folder of ``.txt`` files, or parquet.
        out_dir: The output folder (created; it may only hold what this command writes).
        engine: ``local`` (``n_process`` worker processes) or ``dask`` (the workers of ``scheduler``).
        n_process: Worker processes of the local engine.
        scheduler: Address of a ``dask.distributed`` scheduler, e.g. ``tcp://10.0.0.5:8786``.
        connect_timeout: Seconds to wait for the scheduler and its first worker.
        text_field: JSON field or parquet column with the text.
        id_field: JSON field or parquet column with the document id (else the record's position).
        shard_chars: A shard closes once it holds this many characters ...
        shard_docs: ... or this many documents.
        limit: Tag only the first ``limit`` records.
        strict: Stop at the first record that cannot be tagged (after tagging the shards before it)
            instead of skipping it (W030) and listing it in the manifest.
        force: Tag every shard again, even complete ones.
        on_plan: Called once with ``(shards to tag, their characters, shards in all)``.
        on_shard: Called after each shard is written, with its manifest entry.

    Returns:
        A :class:`CorpusTagSummary`.

    Raises:
        DienbienError: bad arguments or input, a folder that is not an output of this command,
            an unreachable scheduler, a shard that failed (E088), a worker with other versions
            (E084), or with ``strict`` a bad record (E080). Shards finished before are kept.
    """
    t0 = time.perf_counter()
    src = Path(input_path)
    out = Path(out_dir)
    if engine not in ENGINES:
        raise DienbienError(Errors.E059.format(option="--engine", detail=f"'{engine}' is not one of {list(ENGINES)}"))
    for name, value in (("--n-process", n_process), ("--shard-chars", shard_chars), ("--shard-docs", shard_docs)):
        if value < 1:
            raise DienbienError(Errors.E059.format(option=name, detail=f"{value} is not 1 or more"))
    if limit is not None and limit < 1:
        raise DienbienError(Errors.E059.format(option="--limit", detail=f"{limit} is not 1 or more"))
    if engine == "dask" and not scheduler:
        raise DienbienError(
            Errors.E059.format(option="--scheduler", detail="the dask engine needs the address of a scheduler")
        )
    if not src.exists():
        raise DienbienError(Errors.E001.format(path=src))
    input_kind(src)
    _check_out_dir(out)

    created = not out.exists()
    ok = False
    try:
        with _locked(out):
            _remove_temporaries(out)
            eng: _LocalEngine | _DaskEngine = (
                _DaskEngine(scheduler or "", connect_timeout) if engine == "dask" else _LocalEngine(n_process)
            )
            try:
                summary = _run(src, out, eng, t0, text_field=text_field, id_field=id_field, shard_chars=shard_chars,
                               shard_docs=shard_docs, limit=limit, strict=strict, force=force, on_plan=on_plan, on_shard=on_shard)  # fmt: skip
                ok = True
                return summary
            finally:
                eng.close(ok)
    finally:
        if not ok and created and not any((out / DATA).glob("shard-*.parquet")):
            import shutil

            shutil.rmtree(
                out, ignore_errors=True
            )  # a folder this run made and that holds no shard: leave nothing behind


def _run(
    src: Path,
    out: Path,
    eng: _LocalEngine | _DaskEngine,
    t0: float,
    *,
    text_field: str,
    id_field: str,
    shard_chars: int,
    shard_docs: int,
    limit: int | None,
    strict: bool,
    force: bool,
    on_plan: Callable[[int, int, int], None] | None,
    on_shard: Callable[[dict[str, Any]], None] | None,
) -> CorpusTagSummary:
    def records() -> Iterator[Record | Skipped]:
        return iter_input(src, text_field=text_field, id_field=id_field, limit=limit)

    plans, skipped = plan_shards(records(), shard_chars=shard_chars, shard_docs=shard_docs)
    if not plans:
        detail = f"{len(skipped)} record(s), none with text" if skipped else "it holds no record"
        raise DienbienError(Errors.E086.format(path=src, detail=detail))
    for s in skipped:
        if strict:
            break
        warnings.warn(
            Warnings.W030.format(path=src, position=s.position, doc_id=s.doc_id, detail=s.reason),
            DienbienWarning,
            stacklevel=3,
        )
    stop_at = skipped[0] if strict and skipped else None

    current = versions()
    old = None if force else read_manifest(out)
    old_entries = {e.get("index"): e for e in (old or {}).get("shards", []) if isinstance(e, dict)}
    entries: list[dict[str, Any]] = []
    todo: dict[int, ShardPlan] = {}
    for s in plans:
        prev = old_entries.get(s.index)
        if _complete(out, s, prev, current):
            entries.append({**prev, "input": _input_entry(s)})  # type: ignore[dict-item]
        else:
            entries.append({"index": s.index, "file": s.file, "status": "pending", "input": _input_entry(s)})
            if stop_at is None or s.last < stop_at.position:
                todo[s.index] = s
    # shards of an earlier plan beyond this one would be read as data: remove them
    stale = 0
    data_dir = out / DATA
    if data_dir.is_dir():
        for f in data_dir.iterdir():
            m = _SHARD_RE.fullmatch(f.name)
            if m and int(m.group(1)) >= len(plans):
                f.unlink()
                stale += 1
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "input": {
            "path": str(src.resolve()),
            "kind": input_kind(src),
            "text_field": text_field,
            "id_field": id_field,
            "limit": limit,
        },
        "shard_chars": shard_chars,
        "shard_docs": shard_docs,
        "versions": current,
        "totals": {},
        "skipped": [asdict(s) for s in skipped],
        "shards": entries,
    }

    from ..textio import atomic_write_bytes, atomic_write_text

    def save() -> None:
        manifest["totals"] = _totals(entries, len(skipped))
        atomic_write_text(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")

    save()
    if on_plan:
        on_plan(len(todo), sum(s.characters for s in todo.values()), len(plans))

    tagged_docs = tagged_tokens = 0
    busy = cpu = 0.0
    rss: dict[str, float] = {}
    if todo:
        jobs = _jobs(src, todo, plans, records())
        max_inflight = 2 * eng.workers
        inflight: dict[Any, ShardJob] = {}
        exhausted = False
        while True:
            while not exhausted and len(inflight) < max_inflight:
                job = next(jobs, None)
                if job is None:
                    exhausted = True
                    break
                inflight[eng.submit(job)] = job
            if not inflight:
                break
            for fut in sorted(eng.wait(list(inflight)), key=lambda f: inflight[f].index):
                job = inflight.pop(fut)
                plan = plans[job.index]
                entry = entries[job.index]
                try:
                    res: ShardResult = fut.result()
                except Exception as err:  # noqa: BLE001  (whatever a worker raised, the run stops cleanly)
                    entry.update(status="failed", error=f"{type(err).__name__}: {err}")
                    save()
                    raise DienbienError(
                        Errors.E088.format(
                            shard=job.index,
                            first=plan.first,
                            last=plan.last,
                            worker=f"the {eng.name} engine",
                            detail=f"{type(err).__name__}: {err}",
                        )
                    ) from None
                if res.versions != current:
                    diff = sorted(k for k in set(res.versions) | set(current) if res.versions.get(k) != current.get(k))
                    raise DienbienError(Errors.E084.format(worker=res.worker, detail="other " + ", ".join(diff)))
                if hashlib.sha256(res.data).hexdigest() != res.sha256:
                    raise DienbienError(
                        Errors.E088.format(
                            shard=job.index,
                            first=plan.first,
                            last=plan.last,
                            worker=res.worker,
                            detail="the shard arrived damaged",
                        )
                    )
                atomic_write_bytes(out / plan.file, res.data)
                entry.update(
                    status="done", rows=res.rows, tokens=res.tokens, bytes=len(res.data), sha256=res.sha256,
                    versions=res.versions, worker=res.worker, seconds=round(res.seconds, 3), cpu_seconds=round(res.cpu_seconds, 3), peak_rss_mb=round(res.peak_rss_mb, 1),
                )  # fmt: skip
                entry.pop("error", None)
                save()
                tagged_docs += plan.documents
                tagged_tokens += res.tokens
                rss[res.worker] = max(rss.get(res.worker, 0.0), res.peak_rss_mb)
                busy += res.seconds
                cpu += res.cpu_seconds
                if on_shard:
                    on_shard(entry)
    if stop_at is not None:
        raise DienbienError(
            Errors.E080.format(path=src, position=stop_at.position, doc_id=stop_at.doc_id, detail=stop_at.reason)
        )
    seconds = time.perf_counter() - t0
    totals = manifest["totals"]
    return CorpusTagSummary(
        out_dir=out,
        manifest=out / MANIFEST,
        engine=eng.name,
        workers=eng.workers,
        shards=len(plans),
        shards_tagged=len(todo),
        shards_reused=len(plans) - len(todo),
        documents=totals["documents"],
        sentences=totals["sentences"],
        tokens=totals["tokens"],
        skipped=len(skipped),
        tagged_documents=tagged_docs,
        tagged_tokens=tagged_tokens,
        seconds=seconds,
        tokens_per_s=tagged_tokens / seconds if tagged_tokens else 0.0,
        peak_rss_mb=rss,
        stale_removed=stale,
        worker_seconds=busy,
        worker_cpu_seconds=cpu,
    )
