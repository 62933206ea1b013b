"""What a worker does: tag the documents of one shard with the pipeline and write the shard's parquet bytes, the same bytes on every engine."""

from __future__ import annotations

import functools
import hashlib
import os
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .shards import _DISTRIBUTIONS, ShardJob, ShardResult


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
def layout() -> Layout:
    """The label ids and the arrow schema of a shard file, from :func:`features` (which needs ``datasets``).

    The command makes it once and sends it with every job; a worker uses the one it is sent and imports
    no ``datasets``, ``pandas`` or ``fsspec``: about 60 MB less per worker.
    """
    return Layout(_codecs_of(features()), features().arrow_schema)


class Layout(NamedTuple):
    codecs: dict[str, dict[str, int]]
    schema: Any  # pyarrow.Schema, with the ``datasets`` features in its metadata

    def for_workers(self) -> Layout:
        """The label ids alone: what a worker needs. A worker that unpickles no schema imports no pyarrow."""
        return Layout(self.codecs, None)


def _codecs_of(f: Any) -> dict[str, dict[str, int]]:
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
            for m in ("entities.crfsuite.gz", "themes.skops")
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


#: Chunks (of about :data:`dienbien_nlp.tagging.CHUNK_CHARS` characters) per ``nlp.pipe`` batch in a worker:
#: few, so that few ``Doc`` objects are alive at once (the output does not depend on it).
PIPE_BATCH = 4


def shard_rows(
    nlp: Any, docs: Sequence[tuple[int, str, str]], codecs: dict[str, dict[str, int]] | None = None
) -> tuple[list[dict[str, Any]], int]:
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

    codec = codecs if codecs is not None else layout().codecs
    fields = normalised_fields()
    theme_order = codec["theme"]

    def chunks() -> Iterator[tuple[str, tuple[int, int]]]:
        for k, (_pos, _id, text) in enumerate(docs):
            for offset, piece in chunk_lines(text.splitlines(keepends=True)):
                yield piece, (k, offset)

    rows: list[dict[str, Any]] = []
    tokens = 0
    sent_no = [0] * len(docs)
    for doc, (k, offset) in nlp.pipe(chunks(), as_tuples=True, batch_size=PIPE_BATCH):
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


def parquet_bytes(rows: Sequence[dict[str, Any]], schema: Any = None) -> bytes:
    """A shard's parquet file: fixed writer settings, no timestamps, the features in the schema."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(list(rows), schema=schema if schema is not None else layout().schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", compression_level=3, row_group_size=100_000, write_statistics=True)
    return sink.getvalue().to_pybytes()


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _release_memory() -> None:
    """Give the memory of a tagged shard back to the system (glibc keeps freed memory in its arenas)."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    if name is None:
        return
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


def tag_shard(job: ShardJob) -> ShardResult:
    """Tag one shard (runs on a worker; the pipeline is loaded on the first call in each process)."""
    import socket

    t0 = time.perf_counter()
    c0 = time.process_time()
    codecs = job.layout.codecs if job.layout is not None else layout().codecs
    with _LOCK:  # spaCy pipelines are not shared between threads; a worker tags one shard at a time
        nlp = _pipeline()
        rows, tokens = shard_rows(nlp, job.docs, codecs)
        peak = _peak_rss_mb()
        _release_memory()
    return ShardResult(
        index=job.index,
        records=rows,
        rows=len(rows),
        tokens=tokens,
        seconds=time.perf_counter() - t0,
        cpu_seconds=time.process_time() - c0,
        worker=f"{socket.gethostname()}:{os.getpid()}",
        peak_rss_mb=peak,
        versions=versions(),
    )
