from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from dienbien_nlp.corpus import Metadata, get_document, ingest, load_corpus
from dienbien_nlp.errors import DienbienError

from .conftest import CORPUS, INTERVIEW_ID, SHARED

SHA = "eee3f64c92edaa152ff261f609b59936aef0501ce6024026bb3a96dbdb89739b"


def test_raw_text_is_byte_for_byte():
    data = (CORPUS / f"{INTERVIEW_ID}.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SHA
    source = SHARED / "corpus-source" / f"{INTERVIEW_ID}.txt"
    if source.exists():
        assert source.read_bytes() == data


def test_interview_metadata(interview):
    m = interview.meta
    assert m.title == "Xây dựng Điện Biên trở thành tỉnh phát triển nhanh và bền vững"
    assert m.published == "2024-06-28T14:00:00+00:00"
    assert m.publisher == "Báo điện tử Đảng Cộng sản Việt Nam (ĐCSVN)"
    assert m.interviewer == "Lam Anh"
    assert m.interviewees[0].name == "Trần Quốc Cường"
    assert "Bí thư Tỉnh ủy Điện Biên" in m.interviewees[0].positions
    assert "Ủy viên Trung ương Đảng" in m.interviewees[0].positions
    assert (m.kind, m.language) == ("interview", "vi")
    assert m.rights
    assert m.sha256 == SHA


def test_adding_a_document_is_two_files(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "note.txt").write_text("Tỉnh ủy Hà Giang họp.\n", encoding="utf-8")
    meta = {"id": "note", "source_file": "note.txt", "text_file": "note.txt",
            "sha256": hashlib.sha256((corpus / "note.txt").read_bytes()).hexdigest(), "kind": "news"}
    (corpus / "note.json").write_text(json.dumps(meta), encoding="utf-8")
    before = [d.id for d in load_corpus(CORPUS)]
    assert [d.id for d in load_corpus(corpus)] == sorted([*before, "note"])


def test_changed_raw_text_is_caught(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    p = corpus / f"{INTERVIEW_ID}.txt"
    p.write_bytes(p.read_bytes() + b"x")
    with pytest.raises(DienbienError, match="E013"):
        get_document(INTERVIEW_ID, corpus)


def test_ingest_txt(tmp_path):
    src = tmp_path / "Bài báo.txt"
    src.write_text("Nghệ An phát triển\n\nNội dung bài.\n", encoding="utf-8")
    doc = ingest(src, tmp_path / "c", kind="news", published="2025-01-02T00:00:00+07:00")
    assert doc.id == "bai-bao"
    assert (tmp_path / "c" / "bai-bao.txt").read_bytes() == src.read_bytes()
    assert doc.meta.title == "Nghệ An phát triển"
    with pytest.raises(DienbienError, match="E011"):
        ingest(src, tmp_path / "c")


def test_ingest_html(tmp_path):
    html = (
        "<html><head><title>Hà Tĩnh chuyển đổi số</title>"
        '<meta property="article:published_time" content="2025-03-03T08:30:00"></head>'
        "<body><nav>Trang chủ | Thời sự</nav><article><h1>Hà Tĩnh chuyển đổi số</h1>"
        + "".join(f"<p>Đoạn {i}: Tỉnh ủy Hà Tĩnh lãnh đạo chuyển đổi số toàn diện, đưa dịch vụ công trực tuyến đến người dân.</p>" for i in range(6))
        + "</article><footer>Bản quyền</footer></body></html>"
    )
    src = tmp_path / "page.html"
    src.write_text(html, encoding="utf-8")
    doc = ingest(src, tmp_path / "c")
    assert (tmp_path / "c" / "page.html").read_bytes() == src.read_bytes()
    assert "Tỉnh ủy Hà Tĩnh" in doc.raw
    assert "Trang chủ" not in doc.raw
    assert doc.meta.title == "Hà Tĩnh chuyển đổi số"


@pytest.mark.parametrize(
    "data,code",
    [(b"", "E002"), (b"\xff\xfe\x00a\x00b", "E004"), (b"Ti\xeanh", "E003"), (b"   \n", "E002")],
)
def test_ingest_bad_input(tmp_path, data, code):
    src = tmp_path / "bad.txt"
    src.write_bytes(data)
    with pytest.raises(DienbienError, match=code):
        ingest(src, tmp_path / "c")
    assert not (tmp_path / "c").exists() or not any((tmp_path / "c").iterdir())


@pytest.mark.parametrize(
    "record,problem",
    [
        ({"id": "x"}, "source_file"),
        ({"id": "Bad Id", "source_file": "a", "text_file": "a", "sha256": "0"}, "lower-case"),
        ({"id": "x", "source_file": "a", "text_file": "a", "sha256": "0", "kind": "poem"}, "kind"),
        ({"id": "x", "source_file": "a", "text_file": "a", "sha256": "0", "published": "hôm qua"}, "ISO"),
        ({"id": "x", "source_file": "a", "text_file": "a", "sha256": "0", "colour": "red"}, "unknown"),
    ],
)
def test_metadata_validation(record, problem):
    with pytest.raises(DienbienError, match=problem):
        Metadata.from_dict(record, "x.json")
