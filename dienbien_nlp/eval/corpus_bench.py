"""Benchmark of ``dienbien-nlp corpus tag``: both engines on 1 and 2 workers, memory, resume cost.

``scripts/bench_corpus_tag.py`` is a thin wrapper over :func:`corpus_benchmark`. Every run
tags the same input into a fresh folder with the full pipeline (``dienbien_nlp.load()``); the
wall time includes starting the local worker processes and loading the pipeline in every
worker (a Dask cluster is started before its runs, as a user's cluster would be running).

Example:
    >>> res = corpus_benchmark("../shared/data/vntc-politics-sample.jsonl.gz", limit=200)  # doctest: +SKIP
    >>> res["identical"]  # doctest: +SKIP
    True
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..batch.corpus_tag import SHARD_CHARS, tag_corpus

#: ``engine-workers`` runs, in order.
CONFIGS = ("local-1", "local-2", "dask-1", "dask-2")
#: The speed-up that 2 workers must reach over 1 with either engine.
SPEEDUP_BAR = 1.7
#: The peak memory a worker may reach (resident set size, MB).
RSS_BAR_MB = 400.0


def _shas(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((out / "data").glob("*.parquet"))}


@contextlib.contextmanager
def _scheduler(engine: str, workers: int) -> Iterator[str | None]:
    if engine != "dask":
        yield None
        return
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def corpus_benchmark(
    data: str | Path,
    *,
    limit: int | None = None,
    configs: Sequence[str] = CONFIGS,
    shard_chars: int = SHARD_CHARS,
    work_dir: str | Path | None = None,
) -> dict[str, Any]:
    """Tag ``data`` once per configuration (``local-1``, ``local-2``, ``dask-1``, ``dask-2``) and compare.

    Returns:
        Per configuration: wall time, documents, sentences, tokens, tokens/s, shards, the peak
        RSS of each worker, the share of a core a worker had while it tagged (CPU time over wall
        time of its shards: below 1 when other work competed for the CPUs) and the load average
        before and after; then whether every run wrote byte-identical shards, the cost of a rerun
        with nothing left to do, the 2-vs-1-worker speed-ups and the bars.
    """
    runs: dict[str, Any] = {}
    shas: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="dienbien-corpus-bench-") as tmp:
        last_out: Path | None = None
        for name in configs:
            engine, n = name.split("-")
            workers = int(n)
            out = Path(tmp) / name
            with _scheduler(engine, workers) as address:
                load_before = os.getloadavg()[0]
                t0 = time.perf_counter()
                s = tag_corpus(
                    data, out, engine=engine, n_process=workers, scheduler=address, shard_chars=shard_chars, limit=limit
                )
                wall = time.perf_counter() - t0
                load_after = os.getloadavg()[0]
            runs[name] = {
                "engine": engine,
                "workers": workers,
                "wall_s": wall,
                "documents": s.documents,
                "sentences": s.sentences,
                "tokens": s.tokens,
                "tokens_per_s": s.tokens / wall,
                "shards": s.shards,
                "skipped": s.skipped,
                "peak_rss_mb": sorted(s.peak_rss_mb.values()),
                "worker_cpu_share": s.worker_cpu_seconds / s.worker_seconds if s.worker_seconds else None,
                "load_avg_1min_before": load_before,
                "load_avg_1min_after": load_after,
            }
            shas[name] = _shas(out)
            last_out = out
        resume_s = resume_tagged = None
        if last_out is not None:
            t0 = time.perf_counter()
            again = tag_corpus(data, last_out, shard_chars=shard_chars, limit=limit)
            resume_s = time.perf_counter() - t0
            resume_tagged = again.shards_tagged

    def speedup(engine: str) -> float | None:
        one, two = runs.get(f"{engine}-1"), runs.get(f"{engine}-2")
        return one["wall_s"] / two["wall_s"] if one and two else None

    first = next(iter(shas.values()), {})
    peak = max((m for r in runs.values() for m in r["peak_rss_mb"]), default=0.0)
    return {
        "data": str(data),
        "limit": limit,
        "shard_chars": shard_chars,
        "cpus": os.cpu_count(),
        "runs": runs,
        "identical": all(v == first for v in shas.values()),
        "resume_nothing_to_do_s": resume_s,
        "resume_shards_tagged": resume_tagged,
        "speedup_local": speedup("local"),
        "speedup_dask": speedup("dask"),
        "speedup_bar": SPEEDUP_BAR,
        "peak_rss_mb_max": peak,
        "rss_bar_mb": RSS_BAR_MB,
    }


def describe(res: dict[str, Any]) -> list[str]:
    """The benchmark as lines of text (what the script prints and writes into the README)."""
    lines = [
        f"input: {Path(res['data']).name}"
        + (f", first {res['limit']} records" if res["limit"] else "")
        + f"; shards of {res['shard_chars']} characters; {res['cpus']} CPUs",
        "",
        "| run | wall s | documents | sentences | tokens | tokens/s | shards | peak RSS per worker, MB "
        "| CPU share of a busy worker | load avg before/after |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for name, r in res["runs"].items():
        rss = ", ".join(f"{m:.0f}" for m in r["peak_rss_mb"])
        share = "n/a" if r.get("worker_cpu_share") is None else f"{r['worker_cpu_share']:.2f}"
        lines.append(
            f"| {name} | {r['wall_s']:.1f} | {r['documents']} | {r['sentences']} | {r['tokens']} | {r['tokens_per_s']:.0f} "
            f"| {r['shards']} | {rss} | {share} | {r['load_avg_1min_before']:.1f} / {r['load_avg_1min_after']:.1f} |"
        )
    lines.append("")
    for engine in ("local", "dask"):
        sp = res[f"speedup_{engine}"]
        if sp is not None:
            verdict = "meets" if sp >= res["speedup_bar"] else "misses"
            lines.append(f"- {engine}: 2 workers / 1 worker = {sp:.2f}x ({verdict} the bar of {res['speedup_bar']}x)")
    verdict = "meets" if res["peak_rss_mb_max"] < res["rss_bar_mb"] else "misses"
    lines.append(
        f"- largest peak RSS of a worker: {res['peak_rss_mb_max']:.0f} MB ({verdict} the bar of < {res['rss_bar_mb']:.0f} MB)"
    )
    lines.append(f"- every run wrote byte-identical shards: {'yes' if res['identical'] else 'NO'}")
    if res["resume_nothing_to_do_s"] is not None:
        lines.append(
            f"- a rerun with nothing left to do: {res['resume_nothing_to_do_s']:.2f} s "
            f"({res['resume_shards_tagged']} shards tagged again)"
        )
    return lines
