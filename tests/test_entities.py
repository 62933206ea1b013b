"""Entity components: exact spans, token splitting, sentence bounds, CRF plumbing, evaluation."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dienbien_nlp.export.conllu import content_sents
from dienbien_nlp.learn.crf import word_shape
from dienbien_nlp.learn.spans import bio_over_tokens, char_spans_from_bio, token_bounds
from dienbien_nlp.pipeline.entities import rules_first, set_char_entities, split_tokens_at


def test_split_tokens_keeps_text_tags_and_sentences(nlp):
    doc = nlp("nhiệm kĐại hội Đảng bộ tỉnh lần thứ XIV. Xin chào.")
    cut = doc.text.index("Đại")
    text, sents = doc.text, [s.text for s in content_sents(doc)]
    new = split_tokens_at(doc, [cut])
    assert new.text == text
    assert any(t.idx == cut for t in new)
    assert [s.text for s in content_sents(new)] == sents
    assert all(t.tag_ for t in new)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=60), max_size=8))
def test_split_tokens_at_any_offsets(nlp, cuts):
    text = "Tỉnh uỷ  Điện Biên họp.\nÔng Nguyễn Văn A nói:  “Xin chào”."
    doc = split_tokens_at(nlp.make_doc(text), cuts)
    assert doc.text == text
    starts = {t.idx for t in doc} | {t.idx + len(t) for t in doc}
    for c in cuts:
        if 0 < c < len(text) and not text[c - 1].isspace() and not text[c].isspace():
            assert c in starts


def test_char_entities_are_exact(nlp):
    doc = nlp.make_doc("Sau giải phóng Điện Biên Phủ, tỉnh phát triển.")
    s = doc.text.index("Điện Biên Phủ")
    doc = set_char_entities(doc, [(s, s + len("Điện Biên"), "LOC", {"admin_level": "province"})])
    (ent,) = doc.ents
    assert ent.text == "Điện Biên" and ent.label_ == "LOC" and ent._.attrs == {"admin_level": "province"}


def test_rules_first_policy():
    rule = [(0, 10, "ORG", None)]
    other = [(5, 12, "LOC", None), (20, 25, "PER", None)]
    assert rules_first(rule, other) == [(0, 10, "ORG", None), (20, 25, "PER", None)]


def test_bio_round_trip(nlp):
    doc = nlp.make_doc("Tỉnh ủy Điện Biên và Bộ Chính trị")
    toks = [t for t in doc if not t.is_space]
    spans = [(0, len("Tỉnh ủy Điện Biên"), "ORG"), (doc.text.index("Bộ"), len(doc.text), "ORG")]
    assert char_spans_from_bio(toks, bio_over_tokens(token_bounds(toks), spans, within=True)) == spans


@pytest.mark.parametrize("text,shape", [("Điện Biên", "Xx Xx"), ("11-NQ/TW", "d-X/X"), ("UBND", "X")])
def test_word_shape(text, shape):
    assert word_shape(text) == shape


def test_pipeline_entities_stay_in_sentences_and_are_exact(nlp, interview):
    doc = nlp(interview.text)
    sents = content_sents(doc)
    assert len(sents) == 79
    bounds = [(s.start_char, s.end_char) for s in sents]
    for ent in doc.ents:
        assert interview.text[ent.start_char : ent.end_char] == ent.text
        assert any(a <= ent.start_char and ent.end_char <= b for a, b in bounds)


def test_resolution_attrs(nlp):
    doc = nlp("Tỉnh ủy Nghệ An quán triệt Kết luận số 155-KL/TW ngày 05/6/2023 của Bộ Chính trị.")
    res = [e for e in doc.ents if e.label_ == "RESOLUTION"]
    assert [e.text for e in res] == ["Kết luận số 155-KL/TW"]
    attrs = res[0]._.attrs
    assert attrs["doc_type"] == "ket_luan" and attrs["canonical_id"] == "155-KL/TW" and attrs["date"] == "2023-06-05"


def test_tag_output_has_entities_with_attrs():
    import subprocess
    import sys

    from .conftest import ROOT

    text = "Ông Nguyễn Văn Bình, Bí thư Tỉnh ủy Hà Giang, làm việc tại huyện Đồng Văn.\n"
    r = subprocess.run([sys.executable, "-m", "dienbien_nlp.cli", "tag", "-"], input=text.encode(), capture_output=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    (rec,) = [json.loads(x) for x in r.stdout.decode().splitlines()]
    for e in rec["entities"]:
        assert text[e["start"] : e["end"]] == e["text"]
        assert rec["start"] <= e["start"] and e["end"] <= rec["end"]
    labels = {(e["text"], e["label"]) for e in rec["entities"]}
    assert ("Tỉnh ủy Hà Giang", "ORG") in labels
    loc = [e for e in rec["entities"] if e["text"] == "Đồng Văn"]
    assert loc and loc[0]["label"] == "LOC" and loc[0]["attrs"]["admin_level"] == "district"


def test_evaluation_on_a_small_corpus(tmp_path):
    from dienbien_nlp.annotation.records import entity_record, write_record
    from dienbien_nlp.corpus import get_document
    from dienbien_nlp.eval.entities import evaluate_entities

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paras = [
        "Tỉnh ủy Hà Giang họp bàn phát triển kinh tế.",
        "Ông Nguyễn Văn Bình làm việc tại huyện Đồng Văn.",
        "Bộ Chính trị ban hành Nghị quyết số 11-NQ/TW.",
        "Quốc hội thông qua Luật Đất đai năm 2024.",
        "Ủy ban nhân dân tỉnh Nghệ An triển khai Cao tốc Bắc - Nam.",
        "Bà Lê Thị Hoa dự Đại hội Đảng bộ tỉnh lần thứ XX.",
    ]
    raw = "\n\n".join(paras) + "\n"
    (corpus / "t.txt").write_text(raw, encoding="utf-8")
    meta = {"id": "t", "source_file": "t.txt", "text_file": "t.txt", "sha256": hashlib.sha256(raw.encode()).hexdigest(), "kind": "news"}
    (corpus / "t.json").write_text(json.dumps(meta), encoding="utf-8")
    doc = get_document("t", corpus)
    gold_strings = [("Tỉnh ủy Hà Giang", "ORG"), ("Nguyễn Văn Bình", "PER"), ("Đồng Văn", "LOC"), ("Bộ Chính trị", "ORG"),
                    ("Nghị quyết số 11-NQ/TW", "RESOLUTION"), ("Quốc hội", "ORG"), ("Luật Đất đai năm 2024", "RESOLUTION"),
                    ("Lê Thị Hoa", "PER"), ("Đại hội Đảng bộ tỉnh lần thứ XX", "EVENT")]
    spans = [(doc.text.index(s), doc.text.index(s) + len(s), lab) for s, lab in gold_strings]
    ann = tmp_path / "annotations"
    write_record(ann / "entities" / "t.json", entity_record("t", doc.text, spans, "test"))
    res = evaluate_entities(corpus, ann, n_splits=3)
    assert set(res) == {"underthesea", "rules", "crf", "pipeline"}
    for r in res.values():
        assert set(r["micro"]) == {"precision", "recall", "f1"}
        assert set(r["per_label"]) == {"PER", "LOC", "ORG", "RESOLUTION", "PROJECT", "EVENT"}
        assert r["per_label"]["PER"]["support"] == 2
    assert res["rules"]["micro"]["f1"] > 0.7
    assert res["underthesea"]["per_label"]["RESOLUTION"]["f1"] == 0.0


def test_the_cross_validated_pipeline_merges_as_the_loaded_pipeline_does():
    """evaluate_entities' "pipeline" uses the CRF component's merge and document-level pass of dienbien_nlp.load()."""
    import dienbien_nlp
    from dienbien_nlp.eval.entities import pipeline_merge

    crf = dienbien_nlp.load().get_pipe("dienbien_entity_crf")
    merge, consistency = pipeline_merge()
    assert merge is crf.merge
    assert (consistency.func, consistency.keywords) == (crf.consistency.func, crf.consistency.keywords)
