"""The command line as a user meets it: outputs, and one clear error line for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import conllu
import pytest

from .conftest import CORPUS, INTERVIEW_ID, ROOT


def run(*args, stdin=None, cwd=ROOT, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "dienbien_nlp.cli", *args], input=stdin, capture_output=True, cwd=cwd, timeout=timeout
    )


def test_tag_stdin_jsonl():
    r = run("tag", "-", stdin="Xin chào. Tỉnh uỷ Điện Biên họp.\n\nDòng ba".encode())
    assert r.returncode == 0, r.stderr
    recs = [json.loads(x) for x in r.stdout.decode().splitlines()]
    text = "Xin chào. Tỉnh uỷ Điện Biên họp.\n\nDòng ba"
    assert [text[x["start"] : x["end"]] for x in recs] == ["Xin chào.", "Tỉnh uỷ Điện Biên họp.", "Dòng ba"]
    assert all(set(x) >= {"start", "end", "text", "themes", "entities"} for x in recs)


def test_tag_file_offsets_into_input_as_read(tmp_path):
    text = "Ðiện Biên  phát triển.\r\nTP. Hồ Chí Minh\u00a0đẹp.\n"
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode())
    r = run("tag", str(p), "-o", str(tmp_path / "out.jsonl"))
    assert r.returncode == 0, r.stderr
    recs = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    for x in recs:
        assert text[x["start"] : x["end"]] == x["text"]
    assert [x["text"] for x in recs] == ["Ðiện Biên  phát triển.", "TP. Hồ Chí Minh\u00a0đẹp."]


def test_tag_directory_and_jsonl(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("Một. Hai.", encoding="utf-8")
    (tmp_path / "d" / "b.txt").write_text("Ba.", encoding="utf-8")
    r = run("tag", str(tmp_path / "d"))
    assert [json.loads(x)["doc"] for x in r.stdout.decode().splitlines()] == ["a", "a", "b"]
    j = tmp_path / "c.jsonl"
    j.write_text(json.dumps({"id": "x1", "body": "Xin chào."}, ensure_ascii=False) + "\n", encoding="utf-8")
    r = run("tag", str(j), "--text-field", "body", "--n-process", "2")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.decode())["doc"] == "x1"


def space(misc):
    from dienbien_nlp.export.conllu import unescape_spaces

    if misc.get("SpaceAfter") == "No":
        return ""
    return unescape_spaces(misc["SpacesAfter"]) if "SpacesAfter" in misc else " "


def test_tag_conllu_parses_back():
    r = run("tag", str(CORPUS / f"{INTERVIEW_ID}.txt"), "--format", "conllu")
    assert r.returncode == 0, r.stderr
    sents = conllu.parse(r.stdout.decode())
    assert len(sents) > 70
    for s in sents:
        forms = [t["form"] for t in s]
        assert forms and all(t["upos"] and t["xpos"] for t in s)
        rebuilt = "".join(t["form"] + space(t["misc"] or {}) for t in s).strip()
        assert rebuilt == s.metadata["text"]


@pytest.mark.parametrize(
    "make,code",
    [
        (lambda d: d / "missing.txt", "E001"),
        (lambda d: (d / "empty.txt").write_bytes(b"") and None or d / "empty.txt", "E002"),
        (lambda d: (d / "latin1.txt").write_bytes("Tiếng Việt Điện Biên".encode("utf-16-le").replace(b"\x00", b"")) and None or d / "latin1.txt", "E003"),
        (lambda d: (d / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00") and None or d / "bin.txt", "E004"),
        (lambda d: (d / "sub").mkdir() or d / "sub", "E061"),
        (lambda d: (d / "bad.jsonl").write_text("{not json\n") and None or d / "bad.jsonl", "E008"),
    ],
)
def test_tag_bad_input(tmp_path, make, code):
    path = make(tmp_path)
    out = tmp_path / "out.jsonl"
    r = run("tag", str(path), "-o", str(out))
    err = r.stderr.decode()
    assert r.returncode != 0
    assert code in err and str(path.name) in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl")]


def test_big_file_is_streamed(tmp_path):
    line = "Tỉnh ủy Điện Biên lãnh đạo phát triển kinh tế - xã hội. Nhân dân các dân tộc đoàn kết.\n"
    p = tmp_path / "big.txt"
    with p.open("w", encoding="utf-8") as fh:
        for _ in range(2000):
            fh.write(line)
    from dienbien_nlp.tagging import chunk_lines
    from dienbien_nlp.textio import iter_lines

    chunks = list(chunk_lines(iter_lines(p), max_chars=10_000))
    assert len(chunks) > 10
    assert "".join(c for _, c in chunks) == p.read_text(encoding="utf-8")
    assert all(c.endswith("\n") for _, c in chunks)


def test_build_writes_linguistic_layer(tmp_path):
    out = tmp_path / "out"
    r = run("build", "--out", str(out), "--quiet", "--fast", timeout=1800)
    assert r.returncode == 0, r.stderr
    sents = conllu.parse((out / "linguistic" / f"{INTERVIEW_ID}.conllu").read_text(encoding="utf-8"))
    assert len(sents) == 79
    assert sents[5].metadata["speaker"] == "interviewer"


def test_failed_build_keeps_previous_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("old", encoding="utf-8")
    r = run("build", "--corpus", str(tmp_path / "nope"), "--out", str(out), "--quiet")
    assert r.returncode == 1
    assert (out / "keep.txt").read_text(encoding="utf-8") == "old"
    assert "Traceback" not in r.stderr.decode()


def test_help_on_every_command():
    for cmd in ([], ["build"], ["tag"], ["ingest"]):
        r = run(*cmd, "--help")
        assert r.returncode == 0
        assert b"Usage" in r.stdout


def test_evaluate_entities_shows_the_test_split_first():
    from .conftest import SHARED

    vntc = SHARED / "data" / "vntc-politics-sample.jsonl.gz"
    args = ["evaluate", "entities", *(["--vntc", str(vntc)] if vntc.is_file() else [])]
    r = run(*args, timeout=900)
    assert r.returncode == 0, r.stderr.decode()
    out = r.stdout.decode()
    rows = [line for line in out.splitlines() if line.startswith("│ test") or line.startswith("│ dev")]
    assert rows and rows[0].startswith("│ test") and any(x.startswith("│ dev") for x in rows)
    assert "pipeline − rules" in out and "…" not in out  # no figure cut when the output is not a terminal
    assert "CRF trained on the train split" in out
