"""The speed benchmark of what users run: throughput, scaling, start-up and memory, in one run.

Every figure is measured here, on the machine at hand, against underthesea's own
``pos_tag`` where there is a reference:

* **throughput** — tokens per second of the full pipeline (``dienbien_nlp.load()``
  with every component on, ``nlp.pipe``) and of ``underthesea.pos_tag`` on the same
  lines of the VNTC sample, in the same process, each timed ``repeat`` times (best kept);
* **scaling** — the same pipeline with ``n_process=2`` against one process;
* **start-up** — wall time of a fresh ``dienbien-nlp tag`` process on one sentence
  against a fresh ``python -c "from underthesea import pos_tag; pos_tag(...)"``;
* **memory** — the peak RSS of every process of ``dienbien-nlp tag --n-process 2``
  streaming ``stream_mb`` MB of text (the VNTC sample repeated), and of the throughput runs.

:func:`markdown` turns the result into the table of the README's performance section.

Example:
    >>> from dienbien_nlp.eval.speed import targets_met
    >>> targets_met({"ratio_vs_pos_tag": 1.6, "speedup_2p": 1.9, "startup_s": 1.2, "peak_rss_mb": 300})
    {'throughput': True, 'scaling': True, 'startup': True, 'memory': True}
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

#: The targets of the performance section (the issue that set them is quoted in the README).
TARGETS = {"throughput": 1.5, "scaling": 1.8, "startup": 1.5, "memory": 400.0}
SENTENCE = "Tỉnh ủy Điện Biên họp bàn việc triển khai Nghị quyết số 11-NQ/TW của Bộ Chính trị."


def _best(fn: Callable[[], int], repeat: int) -> tuple[int, list[float]]:
    times = []
    n = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = fn()
        times.append(time.perf_counter() - t0)
    return n, times


def _rate(tokens: int, times: list[float]) -> dict[str, Any]:
    return {"tokens": tokens, "seconds": min(times), "all_seconds": times, "tokens_per_s": tokens / min(times)}


def throughput(lines: Sequence[str], *, repeat: int = 3, batch_size: int = 64) -> dict[str, Any]:
    """Tokens/s of ``pos_tag`` and of the full pipeline on 1 and 2 processes, on the same lines.

    Tokens are words (whitespace tokens are not counted); both sides count their own words.
    """
    from underthesea import pos_tag

    import dienbien_nlp

    nlp = dienbien_nlp.load()  # every component on, as users get it
    pos_tag(lines[0])  # warm-up: load the models before timing
    list(nlp.pipe(lines[:8]))

    def run_pos_tag() -> int:
        return sum(len(pos_tag(line)) for line in lines)

    def run_pipeline(n_process: int) -> Callable[[], int]:
        def run() -> int:
            docs = nlp.pipe(lines, batch_size=batch_size, n_process=n_process)
            return sum(sum(1 for t in doc if not t.is_space) for doc in docs)

        return run

    base = {"tokens": 0, "times": []}
    one = {"tokens": 0, "times": []}
    two = {"tokens": 0, "times": []}
    for _ in range(repeat):  # interleaved, so that load from other work hits all three alike
        for slot, fn in ((base, run_pos_tag), (one, run_pipeline(1)), (two, run_pipeline(2))):
            n, times = _best(fn, 1)
            slot["tokens"] = n
            slot["times"] += times
    res = {
        "underthesea_pos_tag": _rate(base["tokens"], base["times"]),
        "pipeline_1_process": _rate(one["tokens"], one["times"]),
        "pipeline_2_processes": _rate(two["tokens"], two["times"]),
        "peak_rss_mb_main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_rss_mb_workers": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    res["ratio_vs_pos_tag"] = res["pipeline_1_process"]["tokens_per_s"] / res["underthesea_pos_tag"]["tokens_per_s"]
    res["speedup_2p"] = res["pipeline_2_processes"]["tokens_per_s"] / res["pipeline_1_process"]["tokens_per_s"]
    return res


def _cli() -> list[str]:
    return [sys.executable, "-c", "from dienbien_nlp.cli import main; main()"]


def _wall(cmd: list[str], repeat: int, cwd: str) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
        times.append(time.perf_counter() - t0)
    return times


def startup(*, repeat: int = 5) -> dict[str, Any]:
    """Wall seconds of a fresh ``dienbien-nlp tag`` of one sentence and of a fresh underthesea ``pos_tag``.

    Each is a whole new process (interpreter start, imports, model loading, tagging, exit),
    run ``repeat`` times alternately; the best and all times are reported.
    """
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text(SENTENCE + "\n", encoding="utf-8")
        ours_cmd = [*_cli(), "tag", str(one)]
        ref_cmd = [sys.executable, "-c", f"from underthesea import pos_tag; pos_tag({SENTENCE!r})"]
        _wall(ours_cmd, 1, tmp)  # the first run fills the OS file cache and writes .pyc files
        _wall(ref_cmd, 1, tmp)
        ours: list[float] = []
        ref: list[float] = []
        for _ in range(repeat):
            ours += _wall(ours_cmd, 1, tmp)
            ref += _wall(ref_cmd, 1, tmp)
    return {
        "dienbien_tag_s": min(ours),
        "dienbien_tag_all_s": ours,
        "pos_tag_s": min(ref),
        "pos_tag_all_s": ref,
        "sentence": SENTENCE,
    }


def write_stream_file(data: str | Path, out: Path, megabytes: float) -> int:
    """Write the VNTC sample's texts (repeated as needed) to ``out`` until ``megabytes`` MB; returns bytes."""
    limit = int(megabytes * 1_000_000)
    size = 0
    with out.open("w", encoding="utf-8") as fh:
        while size < limit:
            with gzip.open(data, "rt", encoding="utf-8") as src:
                for row in src:
                    text = json.loads(row)["text"].rstrip("\n") + "\n"
                    fh.write(text)
                    size += len(text.encode("utf-8"))
                    if size >= limit:
                        break
    return size


def memory(data: str | Path, *, megabytes: float = 50.0, n_process: int = 2) -> dict[str, Any]:
    """Peak RSS of the largest process of ``dienbien-nlp tag --n-process N`` streaming ``megabytes`` MB.

    The text is written to a temporary file first; the output goes to a temporary file too.
    ``ru_maxrss`` of the waited-for children is the largest peak of any one process
    (the command and its workers).
    """
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "stream.txt"
        size = write_stream_file(data, src, megabytes)
        script = (
            "import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], check=True)\n"
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        )
        cmd = [*_cli(), "tag", str(src), "-o", str(Path(tmp) / "out.jsonl"), "--n-process", str(n_process)]
        out = subprocess.run([sys.executable, "-c", script, *cmd], check=True, capture_output=True, text=True, cwd=tmp)
        seconds, rss_kb = out.stdout.split()
    return {"bytes": size, "n_process": n_process, "seconds": float(seconds), "peak_rss_mb": int(rss_kb) / 1024}


def targets_met(figures: dict[str, float]) -> dict[str, bool]:
    """Which targets the headline figures meet (``ratio_vs_pos_tag``, ``speedup_2p``, ``startup_s``, ``peak_rss_mb``)."""
    return {
        "throughput": figures["ratio_vs_pos_tag"] >= TARGETS["throughput"],
        "scaling": figures["speedup_2p"] >= TARGETS["scaling"],
        "startup": figures["startup_s"] <= TARGETS["startup"],
        "memory": figures["peak_rss_mb"] < TARGETS["memory"],
    }


def run_all(data: str | Path, *, min_bytes: int = 1_000_000, repeat: int = 3, stream_mb: float = 50.0) -> dict[str, Any]:
    """Every figure of the performance section, in one run."""
    from .benchmarks import load_news_lines

    lines = load_news_lines(data, min_bytes)
    res: dict[str, Any] = {
        "data": Path(data).name,
        "lines": len(lines),
        "bytes": sum(len(x.encode("utf-8")) for x in lines),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load_before": os.getloadavg()},
    }
    res["throughput"] = throughput(lines, repeat=repeat)
    res["startup"] = startup(repeat=repeat + 2)
    res["memory"] = memory(data, megabytes=stream_mb) if stream_mb > 0 else None
    res["machine"]["load_after"] = os.getloadavg()
    peak = max(
        res["throughput"]["peak_rss_mb_main"],
        res["throughput"]["peak_rss_mb_workers"],
        res["memory"]["peak_rss_mb"] if res["memory"] else 0.0,
    )
    res["figures"] = {
        "ratio_vs_pos_tag": res["throughput"]["ratio_vs_pos_tag"],
        "speedup_2p": res["throughput"]["speedup_2p"],
        "startup_s": res["startup"]["dienbien_tag_s"],
        "peak_rss_mb": peak,
    }
    res["targets_met"] = targets_met(res["figures"])
    return res


def _spread(times: list[float]) -> str:
    return f"{min(times):.2f}–{max(times):.2f}"


def markdown(res: dict[str, Any]) -> str:
    """The performance table of the README from a :func:`run_all` result."""
    t, s, m, met = res["throughput"], res["startup"], res["memory"], res["targets_met"]
    ok = {True: "met", False: "**not met**"}
    rows = [
        f"Measured on {res['lines']} lines ({res['bytes'] / 1e6:.2f} MB) of `{res['data']}`, Python "
        f"{res['machine']['python']}, {res['machine']['cpus']} CPUs, load average "
        f"{res['machine']['load_before'][0]:.1f} before and {res['machine']['load_after'][0]:.1f} after the run "
        f"(other work ran beside it). Times are the best of the runs; the range shows the noise.",
        "",
        "| measure | dienbien-nlp | underthesea | ratio | target | |",
        "|---|---|---|---|---|---|",
        f"| throughput, 1 process (tokens/s; s per run) | {t['pipeline_1_process']['tokens_per_s']:,.0f} "
        f"({_spread(t['pipeline_1_process']['all_seconds'])} s) | {t['underthesea_pos_tag']['tokens_per_s']:,.0f} "
        f"(`pos_tag`, {_spread(t['underthesea_pos_tag']['all_seconds'])} s) | {t['ratio_vs_pos_tag']:.2f}× | "
        f"≥ {TARGETS['throughput']}× | {ok[met['throughput']]} |",
        f"| throughput, 2 processes (tokens/s) | {t['pipeline_2_processes']['tokens_per_s']:,.0f} "
        f"({_spread(t['pipeline_2_processes']['all_seconds'])} s) | | {t['speedup_2p']:.2f}× one process | "
        f"≥ {TARGETS['scaling']}× | {ok[met['scaling']]} |",
        f"| start-up: a new process tags one sentence (s) | {s['dienbien_tag_s']:.2f} "
        f"({_spread(s['dienbien_tag_all_s'])}, `dienbien-nlp tag`) | {s['pos_tag_s']:.2f} "
        f"({_spread(s['pos_tag_all_s'])}, `pos_tag`) | {s['dienbien_tag_s'] / s['pos_tag_s']:.2f}× | "
        f"≤ {TARGETS['startup']} s | {ok[met['startup']]} |",
    ]
    if m:
        rows.append(
            f"| peak RSS of any one process (MB) | {res['figures']['peak_rss_mb']:.0f} (largest of the throughput "
            f"runs and of `tag --n-process {m['n_process']}` streaming {m['bytes'] / 1e6:.0f} MB in {m['seconds']:.0f} s) "
            f"| | | < {TARGETS['memory']:.0f} MB | {ok[met['memory']]} |"
        )
    return "\n".join(rows) + "\n"


BEGIN = "<!-- performance table: written by scripts/bench_speed.py --readme README.md -->"
END = "<!-- end of performance table -->"


def update_readme(path: str | Path, table: str) -> None:
    """Replace the text between :data:`BEGIN` and :data:`END` in ``path`` with ``table``.

    Raises:
        ValueError: when the markers are missing.
    """
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise ValueError(f"{p}: no performance table markers ({BEGIN!r} … {END!r})")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    p.write_text(f"{head}{BEGIN}\n{table}{END}{tail}", encoding="utf-8")


def stage_times(lines: Sequence[str]) -> dict[str, float]:
    """Seconds of each pipeline stage on ``lines`` (one process), with underthesea's ``pos_tag`` and
    ``word_tokenize`` on the same lines for reference: where the time goes.

    Each stage runs over all the docs through its ``pipe`` (as ``nlp.pipe`` runs it) before the next starts;
    the last row is the serialisation that ``nlp.pipe`` with ``n_process`` > 1 adds to every ``Doc``.
    """
    from underthesea import pos_tag, word_tokenize

    import dienbien_nlp

    nlp = dienbien_nlp.load()
    list(nlp.pipe(lines[:8]))  # warm-up: load every model
    pos_tag(lines[0])
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    for line in lines:
        pos_tag(line)
    out["underthesea pos_tag (the reference)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for line in lines:
        word_tokenize(line)
    out["underthesea word_tokenize"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    docs = [nlp.make_doc(line) for line in lines]
    out["tokenizer (nlp.make_doc, POS included)"] = time.perf_counter() - t0
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        out[name] = time.perf_counter() - t0
    from spacy.tokens import Doc

    t0 = time.perf_counter()  # what nlp.pipe(n_process=N) adds: each Doc packed in a worker, unpacked in the main process
    for doc in docs:
        Doc(nlp.vocab).from_bytes(doc.to_bytes())
    out["moving a Doc between processes (to_bytes + from_bytes)"] = time.perf_counter() - t0
    return out
