from __future__ import annotations

import unicodedata

import pytest

from dienbien_nlp.corpus.cleaning import (
    clean_article,
    fix_eth,
    is_furniture,
    normalize_nfc,
    normalize_spaces,
    normalize_text,
)


@pytest.mark.parametrize(
    "func,given,expected",
    [
        (normalize_nfc, unicodedata.normalize("NFD", "Điện Biên"), "Điện Biên"),
        (fix_eth, "Ðảng", "Đảng"),
        (normalize_spaces, "a\u00a0b", "a b"),
        (normalize_text, unicodedata.normalize("NFD", "Ðiện\u00a0Biên"), "Điện Biên"),
        (normalize_text, "Tỉnh uỷ", "Tỉnh uỷ"),  # tone-mark spelling is the author's, kept
    ],
)
def test_cleaning_functions(func, given, expected):
    assert func(given) == expected


@pytest.mark.parametrize(
    "line,furniture",
    [
        ("Logo báo điện tử Đảng Cộng sản Việt Nam", True),
        ("zalo-icon", True),
        ("viber-icon", True),
        ("facebook-icon", True),
        ("00:00 / 00:00", True),
        ("12:05 / 45:10", True),
        ("có thể bạn quan tâm", True),
        ("Ý KIẾN BÌNH LUẬN", True),
        ("Tin liên quan", True),
        ("Điện Biên hôm nay", False),
        ("PV: Xin cảm ơn!", False),
        ("Thứ Sáu, 28/06/2024 14:00 (GMT+0)", False),
    ],
)
def test_furniture(line, furniture):
    assert is_furniture(line) is furniture


def test_every_kept_character_maps_back(interview):
    clean = interview.clean
    raw = interview.raw
    for i, ch in enumerate(clean.text):
        if ch == "\n":
            continue
        r = raw[clean.raw_offset(i)]
        assert normalize_text(r) == ch, (i, ch, r)


def test_furniture_dropped_from_interview(interview):
    text = interview.text
    for junk in ("zalo-icon", "viber-icon", "00:00 / 00:00", "có thể bạn quan tâm", "Ý KIẾN BÌNH LUẬN", "Logo báo"):
        assert junk in interview.raw
        assert junk not in text


def test_clean_and_raw_spans_round_trip():
    raw = "Logo X\n\n  Tiêu đề  \nzalo-icon\nĐoạn\u00a0một.\n"
    c = clean_article(raw)
    assert c.text == "Tiêu đề\n\nĐoạn một."
    s, e = c.raw_span(9, 18)
    assert raw[s:e] == "Đoạn\u00a0một."
    assert c.clean_span(s, e) == (9, 18)
    assert c.clean_span(raw.index("zalo"), raw.index("zalo") + 4) is None


def test_nfd_raw_maps_to_cluster_start():
    raw = unicodedata.normalize("NFD", "Hoà")
    c = clean_article(raw)
    assert c.text == "Hoà"
    assert c.raw_span(0, 3) == (0, len(raw))
