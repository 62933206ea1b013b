from __future__ import annotations

import pickle
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dienbien_nlp.pipeline.sentences import has_line_break
from dienbien_nlp.pipeline.tokenizer import UndertheseaTokenizer, align_words, upos_of

SYLLABLES = [
    "Tỉnh", "uỷ", "ủy", "Điện", "Biên", "Ðiện", "hoá", "hóa", "Thuỵ", "thụy", "khoẻ", "Đảng", "bộ", "nghị", "quyết",
    "số", "11-NQ/TW", "Nhân", "dân", "xây", "dựng", "TP.", "Hồ", "Chí", "Minh", "UBND", "T.Ư", "phát", "triển",
    "1.640", "11,6%", "“Lào”", "(PV):", "năm", "2024", "Mường", "Thanh", "quốc", "phòng", "an", "ninh", "...",
]
SEPARATORS = [" ", " ", " ", "  ", "   ", "\n", "\n\n", " \n ", ". ", ", ", "; ", "! ", "? ", "\t", "\u00a0", "\r\n"]


@st.composite
def vietnamese_like(draw):
    parts = draw(st.lists(st.tuples(st.sampled_from(SYLLABLES), st.sampled_from(SEPARATORS)), min_size=0, max_size=40))
    text = "".join(w + s for w, s in parts)
    if draw(st.booleans()):
        text = draw(st.sampled_from(["", " ", "\n", "  \n"])) + text
    form = draw(st.sampled_from(["NFC", "NFD", None]))
    return unicodedata.normalize(form, text) if form else text


def check_invariants(doc, text):
    assert doc.text == text
    for t in doc:
        assert t.text == text[t.idx : t.idx + len(t)]
        if not t.is_space:
            assert not has_line_break(t.text), repr(t.text)
            assert t.text.strip() == t.text
    for sent in doc.sents:
        if sent.text.strip():
            assert not has_line_break(sent.text.strip()), repr(sent.text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vietnamese_like())
def test_lossless_on_vietnamese_like_text(nlp, text):
    check_invariants(nlp(text), text)


def test_lossless_on_interview(interview_doc, interview):
    check_invariants(interview_doc, interview.text)


def test_lossless_on_raw_interview(nlp, interview):
    check_invariants(nlp(interview.raw), interview.raw)


@pytest.mark.parametrize(
    "line,words,expected",
    [
        ("Tỉnh uỷ  Điện Biên", ["Tỉnh", "ủy", "Điện Biên"], [(0, 4, 0), (5, 7, 1), (9, 18, 2)]),
        ("Ðiện Biên", ["Điện Biên"], [(0, 9, 0)]),
        (unicodedata.normalize("NFD", "hoá đơn"), ["hóa đơn"], [(0, len(unicodedata.normalize("NFD", "hoá đơn")), 0)]),
        ("a  b", ["a", "x", "b"], [(0, 1, 0), (3, 4, 2)]),  # an invented word is merged, never dropped
        ("abc", ["ab"], [(0, 3, 0)]),  # characters the segmenter lost stay in the text
    ],
)
def test_align_words(line, words, expected):
    assert align_words(line, words) == expected


def test_tone_mark_spelling_is_kept(nlp):
    doc = nlp("Tỉnh uỷ hoá")
    assert [t.text for t in doc][:2] == ["Tỉnh", "uỷ"]


def test_multi_syllable_words_are_one_token(nlp):
    doc = nlp("Bộ Chính trị họp tại Hà Nội.")
    assert "Hà Nội" in [t.text for t in doc]


@pytest.mark.parametrize("tag,upos", [("N", "NOUN"), ("Np", "PROPN"), ("V", "VERB"), ("CH", "PUNCT"), ("E", "ADP"), ("M", "NUM"), ("??", "X")])
def test_upos_mapping(tag, upos):
    assert upos_of(tag) == upos


def test_tags_and_pos_set(nlp):
    doc = nlp("Đảng bộ tỉnh Điện Biên lãnh đạo Nhân dân.")
    assert all(t.tag_ for t in doc)
    assert {t.pos_ for t in doc} >= {"PROPN", "PUNCT"}


def test_tokenizer_replaceable_seam(nlp):
    tok = UndertheseaTokenizer(nlp.vocab, tagger=lambda line: [(w, "X") for w in line.split()])
    doc = tok("một  hai\nba")
    assert [t.text for t in doc] == ["một", " ", "hai", "\n", "ba"]


def test_serialisation_round_trip(nlp):
    data = nlp.tokenizer.to_bytes()
    assert nlp.tokenizer.from_bytes(data) is nlp.tokenizer
    again = pickle.loads(pickle.dumps(nlp))
    assert [t.text for t in again("Tỉnh ủy Điện Biên")] == ["Tỉnh", "ủy", "Điện Biên"]


def test_to_disk_round_trip(nlp, tmp_path):
    import spacy

    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert [t.text for t in loaded("Tỉnh ủy Điện Biên")] == ["Tỉnh", "ủy", "Điện Biên"]


def test_pipe_with_two_processes(nlp):
    texts = ["Tỉnh uỷ Điện Biên họp.", "Xin chào.\nTạm biệt.", "Quốc hội thông qua Luật Đất đai năm 2024."] * 4
    single = [[t.text for t in d] for d in nlp.pipe(texts)]
    multi = [[t.text for t in d] for d in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert single == multi


def test_no_pyvi_needed():
    import importlib.util

    import dienbien_nlp

    assert importlib.util.find_spec("pyvi") is None or True  # the pipeline must not import it
    nlp = dienbien_nlp.load()
    nlp("xin chào")
    import sys

    assert "pyvi" not in sys.modules
