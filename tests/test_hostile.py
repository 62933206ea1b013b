"""Hostile and broken input, one row per class: a coded one-line error, no traceback, nothing written, nothing lost.

Each case runs the real command-line entry (``dienbien_nlp.cli.main``) and checks
the exit status, that stderr is one ``error: [Exxx] …`` line, that no output
file appeared, and that ``corpus/`` and ``annotations/`` are byte for byte what
they were. The security cases (a model file that would run code, imports that
would write outside their folder, a build over a folder it did not make, outputs
onto devices, links and FIFOs) come first.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dienbien_nlp import cli

from .conftest import INTERVIEW_ID, ROOT


def _tree_hash(*dirs: Path) -> str:
    h = hashlib.sha256()
    for d in dirs:
        for p in sorted(d.rglob("*")):
            if p.is_file():
                h.update(str(p.relative_to(d)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def run(args: list[str], capfd, monkeypatch, stdin: bytes | None = None) -> tuple[int, str, str]:
    """Run ``dienbien-nlp ARGS`` in this process; return ``(exit status, stdout, stderr)``."""
    monkeypatch.setattr(sys, "argv", ["dienbien-nlp", *args])
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = 0
    try:
        cli.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capfd.readouterr()
    return code, out, err


def assert_clean_error(code: int, err: str, expected: str | None = None) -> None:
    assert code != 0
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    assert "Traceback" not in err
    if expected:
        assert f"[{expected}]" in lines[0], lines[0]


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A copy of the corpus and annotations in a temporary folder, which is the working directory."""
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    shutil.copytree(ROOT / "annotations", tmp_path / "annotations")
    monkeypatch.chdir(tmp_path)
    before = _tree_hash(tmp_path / "corpus", tmp_path / "annotations")
    yield tmp_path
    assert _tree_hash(tmp_path / "corpus", tmp_path / "annotations") == before, "corpus/ or annotations/ changed"


# ------------------------------------------------------------------ security


def _crafted_model(path: Path, marker: Path) -> None:
    """A skops file whose loading would call a scikit-learn test helper that runs Python source."""
    source = f"open({str(marker)!r}, 'w').write('ran')"
    schema = {
        "__class__": "assert_run_python_script_without_output",
        "__module__": "sklearn.utils._testing",
        "__loader__": "ConstructorFromReduceNode",
        "content": {
            "__class__": "tuple",
            "__module__": "builtins",
            "__loader__": "TupleNode",
            "content": [
                {"__class__": "str", "__module__": "builtins", "__loader__": "JsonNode",
                 "content": json.dumps(source), "is_json": True, "__id__": 2}
            ],
            "__id__": 1,
        },
        "__id__": 0,
        "protocol": 2,
        "_skops_version": "0.10.0",
    }
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("schema.json", json.dumps(schema))


def test_a_model_file_never_runs_code(work, capfd, monkeypatch):
    model = work / "evil.skops"
    marker = work / "MARKER"
    _crafted_model(model, marker)
    (work / "in.txt").write_text("Tỉnh ủy họp bàn về kinh tế.\n", encoding="utf-8")
    code, out, err = run(["themes", "predict", "in.txt", "--model", str(model)], capfd, monkeypatch)
    assert_clean_error(code, err, "E030")
    assert "sklearn.utils._testing.assert_run_python_script_without_output" in err
    assert "--trust" not in err
    assert not marker.exists()
    assert out == ""


def test_the_library_refuses_the_crafted_model_too(tmp_path):
    from dienbien_nlp.errors import DienbienError
    from dienbien_nlp.learn.model_io import load_model

    marker = tmp_path / "MARKER"
    _crafted_model(tmp_path / "evil.skops", marker)
    with pytest.raises(DienbienError, match="E030"):
        load_model(tmp_path / "evil.skops")
    assert not marker.exists()


def _ls_export(doc_id: str) -> list[dict]:
    text = "Tỉnh ủy họp."
    return [{
        "id": 1,
        "data": {"text": text, "doc_id": doc_id, "text_sha256": "0" * 64, "offset": 0, "sentence": 1, "sentences": 1},
        "annotations": [{"completed_by": 1, "result": [
            {"from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 0, "end": 7, "text": "Tỉnh ủy", "labels": ["ORG"]}}]}],
    }]


@pytest.mark.parametrize("doc_id", ["../../x", "/tmp/dienbien-abs", "../../../entities/victim", "a/b", ""])
def test_labelstudio_import_never_writes_outside_its_folder(work, capfd, monkeypatch, doc_id):
    exp = work / "export.json"
    exp.write_text(json.dumps(_ls_export(doc_id)), encoding="utf-8")
    code, out, err = run(["labelstudio", "import", str(exp), "--out", str(work / "annotations")], capfd, monkeypatch)
    assert_clean_error(code, err, "E053" if doc_id else None)
    assert not (work.parent / "x.json").exists()
    assert not Path("/tmp/dienbien-abs.json").exists()


@pytest.mark.parametrize("doc_id", ["../../x", "/tmp/dienbien-abs2"])
def test_doccano_import_never_writes_outside_its_folder(work, capfd, monkeypatch, doc_id):
    f = work / "pass.jsonl"
    rec = {"id": 1, "text": "Tỉnh ủy họp.", "doc_id": doc_id, "text_sha256": "0" * 64, "offset": 0,
           "sentence": 1, "sentences": 1, "entities": [[0, 7, "ORG"]], "cats": []}
    f.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, err = run(["doccano", "import", str(f), "--out", str(work / "annotations")], capfd, monkeypatch)
    assert_clean_error(code, err, "E053")
    assert not Path("/tmp/dienbien-abs2.json").exists()


def test_write_records_is_all_or_none(tmp_path):
    from dienbien_nlp.annotation.records import write_records
    from dienbien_nlp.errors import DienbienError

    root = tmp_path / "ann"
    plan = [(root / "passes/entities/a/d1.json", {"doc_id": "d1"}), (tmp_path / "outside.json", {"doc_id": "d2"})]
    with pytest.raises(DienbienError, match="E054"):
        write_records(plan, root=root)
    assert not (root / "passes/entities/a/d1.json").exists()
    assert not (tmp_path / "outside.json").exists()


@pytest.mark.parametrize("target", ["annotations", "corpus", "."])
def test_build_never_replaces_a_folder_it_did_not_make(work, capfd, monkeypatch, target):
    before = sorted(p.name for p in (work / target).iterdir())
    code, out, err = run(["build", "-o", target, "--fast", "-q"], capfd, monkeypatch)
    assert_clean_error(code, err, "E057")
    assert sorted(p.name for p in (work / target).iterdir()) == before
    assert not list(work.parent.glob(".*.build"))


def test_build_refuses_a_missing_annotations_folder(work, capfd, monkeypatch):
    code, out, err = run(["build", "--annotations", "nope", "-o", "b", "-q"], capfd, monkeypatch)
    assert_clean_error(code, err, "E001")
    assert not (work / "b").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_output_onto_a_device_writes_through(work, capfd, monkeypatch):
    (work / "in.txt").write_text("Tỉnh ủy họp.\n", encoding="utf-8")
    code, out, err = run(["tag", "in.txt", "-o", "/dev/full"], capfd, monkeypatch)
    assert_clean_error(code, err, "E056")
    assert Path("/dev/full").is_char_device()


def test_output_onto_a_symlink_writes_its_target(work, capfd, monkeypatch):
    (work / "in.txt").write_text("Tỉnh ủy họp.\n", encoding="utf-8")
    (work / "real.jsonl").write_text("old\n", encoding="utf-8")
    (work / "link.jsonl").symlink_to(work / "real.jsonl")
    code, out, err = run(["tag", "in.txt", "-o", "link.jsonl"], capfd, monkeypatch)
    assert code == 0, err
    assert (work / "link.jsonl").is_symlink()
    assert json.loads((work / "real.jsonl").read_text(encoding="utf-8").splitlines()[0])["text"] == "Tỉnh ủy họp."


# ------------------------------------------------------------------ one line, no traceback, no partial output

CASES = [
    # (id, files to write {name: bytes}, args, expected code)
    ("huge-number", {"in.jsonl": b'{"text": "a", "id": ' + b"9" * 5000 + b"}\n"}, ["tag", "in.jsonl"], "E008"),
    ("deep-nesting", {"in.jsonl": b'{"text": ' + b"[" * 100000 + b"]" * 100000 + b"}\n"}, ["tag", "in.jsonl"], "E008"),
    ("lone-surrogate", {"in.jsonl": b'{"text": "T\\ud800nh"}\n'}, ["tag", "in.jsonl"], "E008"),
    ("bad-jsonl-line", {"in.jsonl": "{\"text\": \"Một.\"}\n".encode() * 5 + b"{oops\n"}, ["tag", "in.jsonl"], "E008"),
    ("late-bad-utf8", {"in.txt": "Câu một.\n".encode() * 80 + b"\xff\xfe\n"}, ["tag", "in.txt"], "E003"),
    ("late-nul", {"in.txt": "Câu một.\n".encode() * 3000 + b"a\x00b\n"}, ["tag", "in.txt"], "E004"),
    ("whitespace-only", {"in.txt": b"   \n\n\t\n"}, ["tag", "in.txt"], "E058"),
    ("empty-texts", {"in.jsonl": b'{"text": ""}\n{"text": "  "}\n'}, ["tag", "in.jsonl"], "E058"),
    ("o-onto-folder", {"in.txt": "Câu.\n".encode(), "outdir/x": b"x"}, ["tag", "in.txt", "-o", "outdir"], "E005"),
    ("o-under-a-file", {"in.txt": "Câu.\n".encode(), "afile": b"x"}, ["tag", "in.txt", "-o", "afile/out.jsonl"], "E055"),
    ("empty-folder", {"empty/.keep": b""}, ["tag", "empty"], "E061"),
    ("kind-bogus", {}, ["themes", "train", "--kind", "bogus", "-o", "m.skops"], "E059"),
    ("labelstudio-empty-export", {"exp.json": b"[]"}, ["labelstudio", "import", "exp.json", "--out", "annotations"], "E040"),
    ("validate-missing-folder", {}, ["validate", "--annotations", "nope"], "E001"),
    ("label-is-a-list", {"bad/entities/x.json": json.dumps(
        {"doc_id": INTERVIEW_ID, "text_sha256": "0", "annotator": "a",
         "entities": [{"id": "e1", "start": 0, "end": 3, "label": ["ORG"], "text": "Xây"}]}).encode()},
     ["validate", "--annotations", "bad"], None),
    ("themes-predict-o-folder", {"in.txt": "Câu.\n".encode(), "od/x": b"x"}, ["themes", "predict", "in.txt", "-o", "od"], "E005"),
]


@pytest.mark.parametrize("name,files,args,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gets_one_clean_error(work, capfd, monkeypatch, name, files, args, expected):
    for rel, data in files.items():
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_bytes(data)
    before = {p for p in work.rglob("*")}
    code, out, err = run(args, capfd, monkeypatch)
    if name == "label-is-a-list":  # validate lists every problem, one line each, and fails
        assert code == 1 and "Traceback" not in err and "label" in err
    else:
        assert_clean_error(code, err, expected)
    assert out == "", "records were printed before the error"
    assert {p for p in work.rglob("*")} == before, "an output file appeared"


@pytest.mark.parametrize("value", ["0", "-3"])
def test_n_process_must_be_positive(work, capfd, monkeypatch, value):
    (work / "in.txt").write_text("Câu.\n", encoding="utf-8")
    code, out, err = run(["tag", "in.txt", "--n-process", value], capfd, monkeypatch)
    assert code == 2 and "Traceback" not in err and out == ""


def test_themes_evaluate_needs_enough_records(work, capfd, monkeypatch):
    (work / "one.jsonl").write_text(json.dumps({"text": "Phát triển kinh tế.", "themes": ["economy"]}) + "\n", encoding="utf-8")
    code, out, err = run(["themes", "evaluate", "--data", "one.jsonl"], capfd, monkeypatch)
    assert_clean_error(code, err, "E032")
    code, out, err = run(["themes", "evaluate", "--seeds", "0"], capfd, monkeypatch)
    assert code == 2 and "Traceback" not in err


def test_a_fifo_is_not_read_as_an_empty_file(tmp_path):
    from dienbien_nlp.errors import DienbienError
    from dienbien_nlp.textio import check_file

    os.mkfifo(tmp_path / "f.jsonl")
    with pytest.raises(DienbienError, match=r"E060.*FIFO"):
        check_file(tmp_path / "f.jsonl")


def test_a_long_line_is_cut_before_spacys_limit():
    from dienbien_nlp.tagging import CHUNK_CHARS, chunk_lines

    line = "Tỉnh ủy Điện Biên họp bàn phát triển kinh tế. " * 25_000 + "\n"  # 1.15 M characters on one line
    chunks = list(chunk_lines([line, "Câu cuối.\n"]))
    assert "".join(t for _, t in chunks) == line + "Câu cuối.\n"
    assert all(len(t) < 2 * CHUNK_CHARS for _, t in chunks)  # far below spaCy's 1 M limit
    assert all(t.endswith(". ") or t.endswith("\n") for _, t in chunks)
    offs = [o for o, _ in chunks]
    assert offs == sorted(offs) and offs[0] == 0


def test_a_long_line_is_tagged_not_refused(work, capfd, monkeypatch):
    line = "Tỉnh ủy Điện Biên họp bàn phát triển kinh tế. " * 600  # longer than one chunk
    (work / "long.txt").write_text(line + "\n", encoding="utf-8")
    code, out, err = run(["tag", "long.txt", "-o", "out.jsonl"], capfd, monkeypatch)
    assert code == 0, err
    recs = [json.loads(x) for x in (work / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 600
    assert all(line[r["start"] : r["end"]] == r["text"] for r in recs)


def test_stdin_is_streamed_and_tagged(work, capfd, monkeypatch):
    code, out, err = run(["tag", "-"], capfd, monkeypatch, stdin="Tỉnh ủy họp.\nCâu hai.\n".encode())
    assert code == 0, err
    assert [json.loads(x)["text"] for x in out.splitlines()] == ["Tỉnh ủy họp.", "Câu hai."]


# ------------------------------------------------------------------ random input


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300), st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12).map(lambda x: json.dumps(x).encode())))
def test_random_input_never_gives_a_traceback(tmp_path, capfd, monkeypatch, data):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.jsonl").write_bytes(data)
    (tmp_path / "exp.json").write_bytes(data)
    for args in (["tag", "in.jsonl", "-o", "out.jsonl"], ["labelstudio", "import", "exp.json", "--out", "ann", "--dry-run"]):
        code, out, err = run(args, capfd, monkeypatch)
        assert "Traceback" not in err
        assert "[E099]" not in err, err
        if code != 0:
            assert len([ln for ln in err.splitlines() if ln.strip()]) == 1, err
            assert not (tmp_path / "out.jsonl").exists()


def test_a_zip_that_expands_past_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    from dienbien_nlp.annotation import doccano
    from dienbien_nlp.errors import DienbienError

    monkeypatch.setattr(doccano, "MAX_EXPORT_BYTES", 1000)
    z = tmp_path / "big.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.jsonl", "x" * 5000)
    with pytest.raises(DienbienError, match="E042.*expands to 5000 bytes"):
        list(doccano._members(z))


def test_a_corrupt_zip_is_called_a_broken_zip(tmp_path):
    from dienbien_nlp.annotation import doccano
    from dienbien_nlp.errors import DienbienError

    z = tmp_path / "bad.zip"
    z.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 20)
    with pytest.raises(DienbienError, match="E042.*broken zip"):
        list(doccano._members(z))
