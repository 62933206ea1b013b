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

import contextlib
import hashlib
import json
import os
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..errors import DienbienError, DienbienWarning, Errors, Warnings
from .engines import _DaskEngine, _LocalEngine
from .inputs import _doc_hash_line, input_kind, iter_input, plan_shards
from .shards import (
    _SHARD_RE,
    _TMP_RE,
    DATA,
    ENGINES,
    FORMAT,
    FORMAT_VERSION,
    LOCK,
    MANIFEST,
    SHARD_CHARS,
    SHARD_DOCS,
    CorpusTagSummary,
    Record,
    ShardJob,
    ShardPlan,
    ShardResult,
    Skipped,
    shard_file,
)
from .worker import features, layout, package_sha256, parquet_bytes, shard_rows, tag_shard, versions

__all__ = [
    "ENGINES",
    "MANIFEST",
    "SHARD_CHARS",
    "SHARD_DOCS",
    "CorpusTagSummary",
    "Record",
    "ShardJob",
    "ShardPlan",
    "ShardResult",
    "Skipped",
    "features",
    "input_kind",
    "iter_input",
    "package_sha256",
    "layout",
    "parquet_bytes",
    "plan_shards",
    "read_manifest",
    "shard_file",
    "shard_rows",
    "tag_corpus",
    "tag_shard",
    "versions",
]


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
            yield ShardJob(k, s.sha256, tuple(docs), layout().for_workers())
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
        schema = layout().schema  # the command writes every shard file; its workers send rows
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
                data = parquet_bytes(res.records, schema)
                atomic_write_bytes(out / plan.file, data)
                entry.update(
                    status="done", rows=res.rows, tokens=res.tokens, bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
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
