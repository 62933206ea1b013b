"""The fast CRF POS tagger and the v2 tokenizer that uses it."""

from __future__ import annotations

import pickle
from pathlib import Path

from underthesea import word_tokenize

from dienbien_nlp.pipeline.postag import fast_pos_tag
from dienbien_nlp.pipeline.tokenizer import FastUndertheseaTokenizer, vlsp_to_upos

LINES = [
    "Tỉnh ủy Điện Biên họp bàn việc triển khai Nghị quyết số 11-NQ/TW của Bộ Chính trị.",
    "Ðồng chí Trần Quốc Cường, Bí thư Tỉnh uỷ, phát biểu tại hội nghị?",
    "GRDP tăng 8,2% so với năm 2023 (theo Cục Thống kê).",
]


def test_words_are_underthesea_words_and_tags_are_in_the_table():
    for line in LINES:
        tagged = fast_pos_tag(line)
        assert [w for w, _ in tagged] == word_tokenize(line)
        assert {t for _, t in tagged} <= set(vlsp_to_upos())


def test_repeated_calls_give_the_same_tags():
    # underthesea's own pos_tag(model="v2.0") breaks on its second call; this one must not
    first = [fast_pos_tag(line) for line in LINES]
    assert [fast_pos_tag(line) for line in LINES] == first


def test_pipeline_uses_the_fast_tagger(nlp):
    assert isinstance(nlp.tokenizer, FastUndertheseaTokenizer)
    doc = nlp(LINES[0])
    assert [(t.text, t.tag_) for t in doc if not t.is_space] == fast_pos_tag(LINES[0])


def test_fast_tokenizer_survives_pickling(nlp):
    again = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert type(again) is FastUndertheseaTokenizer
    assert [t.tag_ for t in again(LINES[1])] == [t.tag_ for t in nlp.tokenizer(LINES[1])]


def test_every_tag_the_fast_model_can_emit_is_in_the_table():
    from dienbien_nlp.pipeline.postag import _fast_model, _strip_bio
    from dienbien_nlp.pipeline.tokenizer import upos_of

    labels = {_strip_bio(lab) for lab in _fast_model().estimator.labels()}
    assert labels
    from dienbien_nlp.pipeline.tokenizer import vlsp_to_upos

    assert labels <= set(vlsp_to_upos()) and all(upos_of(t) for t in labels)
    from dienbien_nlp.export.hf import vlsp_tags

    assert labels <= set(vlsp_tags())


def test_crf_models_read_without_joblib_predict_as_underthesea_loads_them(tmp_path):
    import importlib
    from pathlib import Path

    import joblib
    from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

    from dienbien_nlp.pipeline import postag

    ws = importlib.import_module("underthesea.pipeline.word_tokenize")
    pos = importlib.import_module("underthesea.pipeline.pos_tag")
    folders = [
        Path(ws.__file__).parent / "models" / postag.WORD_MODEL,
        Path(pos.__file__).parent / "models" / postag.FAST_POS_MODEL,
    ]
    syllables = [[w] for w in "Tỉnh ủy Điện Biên họp bàn việc triển khai Nghị quyết số 11-NQ/TW .".split()]
    for folder in folders:
        for name, kind in (("features.bin", list), ("dictionary.bin", set)):
            assert postag._read_pickle(folder / name, kind) == joblib.load(folder / name)
        theirs = FastCRFSequenceTagger()
        theirs.load(str(folder))
        assert postag.load_crf(folder).predict(syllables) == theirs.predict(syllables)
    # a file that is not one plain list is left to joblib
    odd = tmp_path / "features.bin"
    odd.write_bytes(pickle.dumps({"a": 1}))
    assert postag._read_pickle(odd, list) == {"a": 1}
    # the POS model gives word_tokenize its model too (unless it has one already)
    postag._fast_model()
    assert isinstance(ws.word_tokenize_model, (postag.CRFSequenceTagger, FastCRFSequenceTagger))


def test_text_normalizer_tables_read_without_joblib_are_underthesea_own():
    """The normalisation tables put in place of underthesea's text_normalizer equal what joblib reads from its file."""
    import sys

    import joblib

    from dienbien_nlp.pipeline.postag import _word_tokenize_module

    _word_tokenize_module()
    mod = sys.modules["underthesea.pipeline.text_normalize.text_normalizer"]
    data = joblib.load(Path(mod.__file__).parent / mod.rule_file)
    assert mod.character_map == data["character"] and mod.token_map == data["token"]
    assert mod.text_normalizer.token_map is mod.token_map
    from underthesea.pipeline.text_normalize import token_normalize

    assert token_normalize("hoà") == "hòa"


def test_word_segment_gives_underthesea_words_on_every_line_of_the_corpus():
    from dienbien_nlp.pipeline.postag import word_segment

    root = Path(__file__).resolve().parents[1] / "corpus"
    lines = [x for p in sorted(root.glob("*")) if p.suffix in (".txt", ".md") for x in p.read_text("utf-8").splitlines()]
    lines += [
        "",
        "   ",
        "==> v.v... 3x4 °C -- >> 20-50.000",
        "http://example.vn/a?b=1 thư a.b@c.vn, ĐT 0912.345.678 lúc 10:30 ngày 02/9/2024",
        "Thủ tướng Ðiện Biên hoà uỷ quý Qúy THUỶ",  # old tone placement, Ð (U+00D0)
        "Hoa\u0300 Bi\u0300nh",  # NFD marks
        "☺ ½ ² ﬁ … “trích dẫn” – gạch",
    ]
    assert len(lines) > 500
    assert [word_segment(x) for x in lines] == [word_tokenize(x) for x in lines]
