"""``dienbien-nlp corpus tag``: shards, manifest, resume after SIGKILL, identical bytes on both engines.

The documents are lines of the interview in ``corpus/`` grouped into small articles, one
document per shard, so that a run has several shards and stays short. The Dask tests start
a ``LocalCluster`` of two worker processes once for the module; its workers keep their
pipeline between runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dienbien_nlp.batch.corpus_tag import (
    MANIFEST,
    Record,
    Skipped,
    features,
    iter_input,
    plan_shards,
    read_manifest,
    shard_file,
    tag_corpus,
)
from dienbien_nlp.errors import DienbienError, DienbienWarning

from .conftest import CORPUS, INTERVIEW_ID, ROOT

N_DOCS = 10


def _articles() -> list[dict[str, str]]:
    lines = [ln for ln in (CORPUS / f"{INTERVIEW_ID}.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    size = -(-len(lines) // N_DOCS)
    return [
        {"id": f"a{k:02d}", "text": "\n".join(lines[k * size : (k + 1) * size])}
        for k in range(N_DOCS)
        if lines[k * size :]
    ]


def _shas(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((out / "data").glob("*.parquet"))}


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in _articles()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(corpus_file, tmp_path_factory) -> Path:
    """The corpus tagged by the local engine with one process, one document per shard."""
    out = tmp_path_factory.mktemp("ref") / "out"
    summary = tag_corpus(corpus_file, out, n_process=1, shard_docs=1)
    assert summary.shards == summary.shards_tagged == len(_articles())
    return out


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


# --------------------------------------------------------------------------- input and plan (no tagging)


def test_bad_records_are_reported_with_id_and_position(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b'{"id": "ok", "text": "Xin ch\xc3\xa0o."}\n'
        b'{"id": "no-text"}\n'
        b'{"id": "latin1", "text": "Ho\xe0 B\xecnh"}\n'
        b"\n"
        b'{"id": "empty", "text": "  \\n "}\n'
        b'{"id": "broken", "text": \n'
        b'{"text": "no id here"}\n'
    )
    items = list(iter_input(path))
    assert [(type(i).__name__, i.position, i.doc_id) for i in items] == [
        ("Record", 1, "ok"),
        ("Skipped", 2, "no-text"),
        ("Skipped", 3, "latin1"),
        ("Skipped", 5, "empty"),
        ("Skipped", 6, None),
        ("Record", 7, "7"),
    ]
    reasons = [i.reason for i in items if isinstance(i, Skipped)]
    assert "no text" in reasons[0] and "UTF-8" in reasons[1] and "empty" in reasons[2] and "JSON" in reasons[3]


def test_gzip_folder_and_parquet_inputs_give_the_same_records(tmp_path):
    import gzip

    import pyarrow as pa
    import pyarrow.parquet as pq

    docs = [{"id": "x", "text": "Một."}, {"id": "y", "text": "Hai."}]
    gz = tmp_path / "in.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    pq.write_table(pa.Table.from_pylist(docs), tmp_path / "in.parquet")
    folder = tmp_path / "txt"
    folder.mkdir()
    for d in docs:
        (folder / f"{d['id']}.txt").write_text(d["text"], encoding="utf-8")
    want = [Record(1, "x", "Một."), Record(2, "y", "Hai.")]
    assert list(iter_input(gz)) == want
    assert list(iter_input(tmp_path / "in.parquet")) == want
    assert list(iter_input(folder)) == [Record(1, "x.txt", "Một."), Record(2, "y.txt", "Hai.")]


def test_truncated_gzip_is_one_coded_error(tmp_path):
    import gzip

    data = gzip.compress(b"".join(b'{"id": %d, "text": "Xin chao."}\n' % i for i in range(2000)))
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DienbienError, match=r"\[E085\]"):
        list(iter_input(path))


@pytest.mark.parametrize(
    ("sizes", "shard_chars", "shard_docs", "want"),
    [
        ([5, 5, 5], 10, 100, [(1, 2), (3, 3)]),
        ([5, 5, 5], 100, 1, [(1, 1), (2, 2), (3, 3)]),
        ([30, 1, 1], 10, 100, [(1, 1), (2, 3)]),
        ([5, 5, 5, 5], 100, 100, [(1, 4)]),
    ],
)
def test_plan_cuts_whole_documents_in_input_order(sizes, shard_chars, shard_docs, want):
    recs = [Record(i + 1, f"d{i}", "x" * n) for i, n in enumerate(sizes)]
    shards, _ = plan_shards(recs, shard_chars=shard_chars, shard_docs=shard_docs)
    assert [(s.first, s.last) for s in shards] == want
    assert sum(s.documents for s in shards) == len(sizes)


def test_plan_depends_on_the_text_of_each_shard_only():
    a = [Record(1, "a", "Một."), Record(2, "b", "Hai.")]
    b = [Record(1, "a", "Một."), Record(2, "b", "Ba.")]
    pa_, _ = plan_shards(a, shard_docs=1)
    pb, _ = plan_shards(b, shard_docs=1)
    assert pa_[0].sha256 == pb[0].sha256 and pa_[1].sha256 != pb[1].sha256


def test_a_folder_with_other_files_is_refused_untouched(tmp_path, corpus_file):
    out = tmp_path / "out"
    (out / "data").mkdir(parents=True)
    (out / "data" / "mine.parquet").write_bytes(b"PAR1")
    with pytest.raises(DienbienError, match=r"\[E081\].*data/mine.parquet"):
        tag_corpus(corpus_file, out)
    assert sorted(p.name for p in out.rglob("*")) == ["data", "mine.parquet"]


def test_an_unreachable_scheduler_is_one_error_and_leaves_nothing(tmp_path, corpus_file):
    pytest.importorskip("distributed")
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path / "out"
    with pytest.raises(DienbienError, match=r"\[E082\].*127\.0\.0\.1"):
        tag_corpus(corpus_file, out, engine="dask", scheduler=f"tcp://127.0.0.1:{port}", connect_timeout=1)
    with pytest.raises(DienbienError, match=r"\[E082\].*not a scheduler address"):
        tag_corpus(corpus_file, out, engine="dask", scheduler="nonsense")
    assert not out.exists()


# --------------------------------------------------------------------------- the output


def test_shards_load_with_the_projects_classlabel_names(reference):
    from datasets import ClassLabel, load_dataset

    from dienbien_nlp.export.hf import features as hf_features

    ds = load_dataset("parquet", data_dir=str(reference), split="train")
    assert ds.features == features()
    project = hf_features("sentences")
    for col in ("pos_tags", "upos", "ner_tags", "themes", "cap_topics"):
        assert isinstance(ds.features[col].feature, ClassLabel)
        assert ds.features[col].feature.names == project[col].feature.names, col
    assert ds.features["entities"].feature["label"].names == project["entities"].feature["label"].names
    man = read_manifest(reference)
    assert ds.num_rows == man["totals"]["sentences"] > N_DOCS
    assert man["totals"]["documents"] == len(_articles())


def test_rows_are_the_sentences_entities_and_themes_of_tag(reference, corpus_file, nlp):
    """The dataset says what `dienbien-nlp tag` says about the same corpus, with the same offsets."""
    import io

    from datasets import load_dataset

    from dienbien_nlp.tagging import tag_path

    buf = io.StringIO()
    tag_path(nlp, str(corpus_file), buf)
    tagged = [json.loads(line) for line in buf.getvalue().splitlines()]
    ds = load_dataset("parquet", data_dir=str(reference), split="train")
    label = ds.features["entities"].feature["label"]
    theme = ds.features["themes"].feature
    rows = [
        {
            "doc": r["doc_id"],
            "start": r["start"],
            "end": r["end"],
            "text": r["text"],
            "themes": [theme.int2str(t) for t in r["themes"]],
            "entities": [
                (r["start"] + e["start"], r["start"] + e["end"], label.int2str(e["label"]), e["text"])
                for e in r["entities"]
            ],
        }
        for r in ds
    ]
    # the shards do not carry indicator claims yet; every other field is tag's
    want = [
        {**{k: v for k, v in t.items() if k != "claims"}, "entities": [(e["start"], e["end"], e["label"], e["text"]) for e in t["entities"]]}
        for t in tagged
    ]
    assert rows == want
    texts = {a["id"]: a["text"] for a in _articles()}
    assert all(texts[r["doc"]][r["start"] : r["end"]] == r["text"] for r in rows)


def test_manifest_records_each_shard(reference):
    man = read_manifest(reference)
    for k, entry in enumerate(man["shards"]):
        data = (reference / shard_file(k)).read_bytes()
        assert entry["status"] == "done"
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)
        assert entry["input"]["first"] == entry["input"]["last"] == k + 1
        assert entry["versions"]["dienbien-nlp package sha256"] and entry["versions"]["models"]["themes.skops"]
        assert entry["rows"] > 0 and entry["tokens"] > entry["rows"]


# --------------------------------------------------------------------------- the same bytes everywhere


def test_two_local_processes_give_the_same_bytes(reference, corpus_file, tmp_path):
    summary = tag_corpus(corpus_file, tmp_path / "out", n_process=2, shard_docs=1)
    assert summary.workers == 2 and len(summary.peak_rss_mb) == 2  # both processes tagged shards
    assert _shas(tmp_path / "out") == _shas(reference)


def test_dask_cluster_gives_the_same_bytes(reference, corpus_file, cluster, tmp_path):
    summary = tag_corpus(
        corpus_file, tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address, shard_docs=1
    )
    assert summary.engine == "dask" and summary.workers == 2
    assert _shas(tmp_path / "out") == _shas(reference)


def test_broken_foreign_stale_and_outdated_shards_are_redone(reference, corpus_file, cluster, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reference, out)
    first = (out / shard_file(0)).read_bytes()
    (out / shard_file(0)).write_bytes(first[: len(first) // 2])  # truncated
    (out / shard_file(1)).write_bytes((out / shard_file(3)).read_bytes())  # another shard's file
    shutil.copy(out / shard_file(4), out / shard_file(99))  # beyond the plan
    man = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    man["shards"][2]["versions"] = {**man["shards"][2]["versions"], "spacy": "0.0.0"}  # made by other versions
    (out / MANIFEST).write_text(json.dumps(man), encoding="utf-8")
    (out / "data" / ".shard-00005.parquet.abcd.tmp").write_bytes(b"half")  # left by a killed run
    before = {k: (out / shard_file(k)).stat().st_mtime_ns for k in (3, 4, 5)}

    summary = tag_corpus(corpus_file, out, engine="dask", scheduler=cluster.scheduler_address, shard_docs=1)

    assert summary.shards_tagged == 3 and summary.stale_removed == 1
    assert _shas(out) == _shas(reference)
    assert {k: (out / shard_file(k)).stat().st_mtime_ns for k in (3, 4, 5)} == before  # complete shards untouched
    assert not list((out / "data").glob(".*"))


def test_strict_stops_at_a_bad_record_and_keeps_the_shards_before_it(corpus_file, cluster, tmp_path):
    from typer.testing import CliRunner

    from dienbien_nlp.cli import app

    arts = _articles()
    bad = tmp_path / "bad.jsonl"
    lines = [json.dumps(a, ensure_ascii=False) for a in arts]
    lines.insert(3, json.dumps({"id": "hollow", "text": " "}))
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = [
        "corpus",
        "tag",
        str(bad),
        "--out",
        str(out),
        "--shard-docs",
        "1",
        "--engine",
        "dask",
        "--scheduler",
        cluster.scheduler_address,
    ]

    res = CliRunner().invoke(app, [*args, "--strict"])
    assert res.exit_code == 1
    assert res.output.strip().splitlines() == [
        f"error: [E080] {bad}: record 4 (id hollow): empty document. The run stopped here (--strict); "
        "the shards before it are kept, and a rerun resumes."
    ]
    man = read_manifest(out)
    assert [e["status"] for e in man["shards"]][:4] == ["done", "done", "done", "pending"]
    assert {e["status"] for e in man["shards"][3:]} == {"pending"}

    with pytest.warns(DienbienWarning, match=r"\[W030\].*record 4 \(id hollow\) skipped: empty document"):
        summary = tag_corpus(bad, out, engine="dask", scheduler=cluster.scheduler_address, shard_docs=1)
    assert summary.shards_reused == 3 and summary.skipped == 1
    assert read_manifest(out)["skipped"] == [{"position": 4, "doc_id": "hollow", "reason": "empty document"}]


# --------------------------------------------------------------------------- SIGKILL and resume


def _done(out: Path) -> int:
    try:
        man = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(e["status"] == "done" for e in man["shards"])


def test_a_run_killed_with_sigkill_resumes_and_ends_identical(reference, corpus_file, cluster, tmp_path):
    import psutil
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "dienbien_nlp.cli",
        "corpus",
        "tag",
        str(corpus_file),
        "--out",
        str(out),
        "--shard-docs",
        "1",
        "-q",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        while _done(out) == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        workers = psutil.Process(proc.pid).children(recursive=True)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
        err = proc.stderr.read().decode() if proc.stderr else ""
        proc.stderr and proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, err
    psutil.wait_procs(workers, timeout=20)
    assert not [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]  # no orphan workers
    done = _done(out)
    assert 0 < done < len(_articles())

    # nothing a reader could take for complete is incomplete: every visible shard reads in full
    man = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    for f in sorted((out / "data").glob("*.parquet")):
        table = pq.read_table(f)
        entry = man["shards"][int(f.stem.split("-")[1])]
        if entry["status"] == "done":
            assert entry["rows"] == table.num_rows and entry["sha256"] == hashlib.sha256(f.read_bytes()).hexdigest()

    summary = tag_corpus(corpus_file, out, engine="dask", scheduler=cluster.scheduler_address, shard_docs=1)
    assert summary.shards_reused >= done and summary.shards_tagged == summary.shards - summary.shards_reused
    assert _shas(out) == _shas(reference)

    again = tag_corpus(corpus_file, out, shard_docs=1)  # nothing left to do: no worker is even started
    assert again.shards_tagged == 0 and again.peak_rss_mb == {}
    assert _shas(out) == _shas(reference)


def test_a_local_worker_sent_the_layout_imports_no_datasets_pandas_or_pyarrow_and_gives_the_same_rows(tmp_path):
    import pickle

    from dienbien_nlp.batch.shards import ShardJob
    from dienbien_nlp.batch.worker import layout, parquet_bytes, tag_shard

    docs = tuple((k + 1, a["id"], a["text"]) for k, a in enumerate(_articles()[:3]))
    job = ShardJob(0, "x", docs, layout().for_workers())
    (tmp_path / "job.pickle").write_bytes(pickle.dumps(job))
    code = (
        "import os, pickle, sys\n"
        "from dienbien_nlp.batch.engines import _init_local_worker\n"
        "from dienbien_nlp.batch.worker import tag_shard\n"
        "_init_local_worker(os.getppid())\n"
        f"res = tag_shard(pickle.loads(open({str(tmp_path / 'job.pickle')!r}, 'rb').read()))\n"
        f"open({str(tmp_path / 'rows.pickle')!r}, 'wb').write(pickle.dumps(res.records))\n"
        "heavy = ('datasets', 'pandas', 'fsspec', 'pyarrow', 'sklearn', 'matplotlib', 'skops', 'dask', 'distributed')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout.decode().strip() == ""
    rows = pickle.loads((tmp_path / "rows.pickle").read_bytes())
    here = tag_shard(ShardJob(0, "x", docs)).records  # with the layout made in place
    assert rows and rows == here
    assert parquet_bytes(rows) == parquet_bytes(here)
