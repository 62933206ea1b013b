from __future__ import annotations

import pytest

from dienbien_nlp.export.conllu import content_sents


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Xin chào. Tạm biệt.", ["Xin chào.", "Tạm biệt."]),
        ("TP. Hồ Chí Minh đẹp. T.Ư họp.", ["TP. Hồ Chí Minh đẹp.", "T.Ư họp."]),
        ("Dòng một\nDòng hai", ["Dòng một", "Dòng hai"]),
        ("đến năm 2045...; tăng cường bảo vệ.", ["đến năm 2045...; tăng cường bảo vệ."]),
        ("Ông nói: “Đoàn kết là sức mạnh.” Sau đó đi.", ["Ông nói: “Đoàn kết là sức mạnh.”", "Sau đó đi."]),
        ("Có không? Có!", ["Có không?", "Có!"]),
        ("Tăng 1.640 tỷ đồng, đạt 11,6%.", ["Tăng 1.640 tỷ đồng, đạt 11,6%."]),
        ("   \n\n  Một.  \n", ["Một."]),
    ],
)
def test_sentence_table(nlp, text, expected):
    assert [s.text for s in content_sents(nlp(text))] == expected


def test_interview_sentence_count(interview_doc):
    sents = content_sents(interview_doc)
    assert len(sents) == 79
    assert sents[0].text == "Xây dựng Điện Biên trở thành tỉnh phát triển nhanh và bền vững"
    assert sents[-1].text.startswith("Lam Anh (thực hiện)")


def test_a_full_stop_between_digits_is_a_thousands_separator(nlp):
    # the tokenizer cuts "20-50.000" into "20-50", ".", "000": the full stop is no sentence end
    for text in ("Giá từ 20-50.000 đồng một kg.", "Chiếm 1/2.000 hộ dân."):
        assert [s.text for s in nlp(text).sents] == [text]
    # with a space after it, it ends the sentence as before
    assert [s.text for s in nlp("Hết năm 2020. 2021 là năm mới.").sents] == ["Hết năm 2020.", "2021 là năm mới."]


@pytest.mark.parametrize(
    "text",
    [
        "Xin chào.  Tạm biệt.\n\n  \nDòng ba   \n",
        "   \n\t\n",
        "  Một câu.\u2028Hai câu !  ",
        "",
        "TP. Hồ Chí Minh.\r\n\r\nHết",
    ],
)
def test_content_sents_are_the_sentences_trimmed_of_whitespace_tokens(nlp, text):
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "dienbien_sentences":
            doc = proc(doc)
    want = []
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if words:
            want.append((words[0].i, words[-1].i + 1))
    assert [(s.start, s.end) for s in content_sents(doc)] == want
