"""Rule families for the weak classes of the entity gold: lower-case organs and numbered villages, junctions,
international bodies, press names, an organ's place before a person's name, short document references."""

from __future__ import annotations

import pytest

from dienbien_nlp.docrefs.finders import find_doc_refs
from dienbien_nlp.rules import rule_entities


def _ents(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.label) for c in rule_entities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lãnh đạo tỉnh ủy, UBND tỉnh đã họp.", [("tỉnh ủy", "ORG"), ("UBND tỉnh", "ORG")]),
        ("Huyện ủy, huyện ủy Mường Nhé họp.", [("Huyện ủy", "ORG"), ("huyện ủy Mường Nhé", "ORG")]),
        ("Công an tỉnh và công an huyện Tuần Giáo phối hợp.", [("Công an tỉnh", "ORG"), ("công an huyện Tuần Giáo", "ORG")]),
        ("Ông ở thôn 4, còn bà ở xóm 5 và tổ dân phố 7.", [("thôn 4", "LOC"), ("xóm 5", "LOC"), ("tổ dân phố 7", "LOC")]),
        ("Xe đi về hướng ngã ba Vũng Tàu.", [("ngã ba Vũng Tàu", "LOC")]),
        ("Tại ngã tư Hà Nội - Hải Phòng.", [("ngã tư Hà Nội - Hải Phòng", "LOC")]),
        ("Ban Nội chính trung ương và Ban Kinh tế Trung ương họp.", [("Ban Nội chính trung ương", "ORG"), ("Ban Kinh tế Trung ương", "ORG")]),
        ("Theo phác đồ của Tổ chức Y tế thế giới (WHO).", [("Tổ chức Y tế thế giới", "ORG"), ("WHO", "ORG")]),
        ("Được Quỹ toàn cầu cấp ngân sách.", [("Quỹ toàn cầu", "ORG")]),
        ("Gồm Hội đồng hoà bình thế giới, Liên đoàn Phụ nữ Dân chủ Quốc tế.", [("Hội đồng hoà bình thế giới", "ORG"), ("Liên đoàn Phụ nữ Dân chủ Quốc tế", "ORG")]),
        ("Trao đổi với Tuổi Trẻ, theo AFP và Reuters.", [("Tuổi Trẻ", "ORG"), ("AFP", "ORG"), ("Reuters", "ORG")]),
        ("QH đã thông qua luật; VN và HN.", [("QH", "ORG"), ("VN", "LOC"), ("HN", "LOC")]),
        (
            "Bí thư Tỉnh ủy Điện Biên Trần Quốc Cường phát biểu.",
            [("Tỉnh ủy Điện Biên", "ORG"), ("Trần Quốc Cường", "PER")],
        ),
        (
            "Chủ tịch UBND tỉnh Lai Châu Giàng Páo Mỷ phát biểu.",
            [("UBND tỉnh Lai Châu", "ORG"), ("Giàng Páo Mỷ", "PER")],
        ),
    ],
)
def test_weak_classes(text: str, expected: list[tuple[str, str]]) -> None:
    assert _ents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tổ chức hội thảo quốc tế về biến đổi khí hậu.",  # a verb at the start of the sentence
        "Liên hiệp cũng sẽ tổ chức Hội thảo quốc tế về xóa đói.",  # a clause, and Hội thảo is no Hội
        "Phát triển nông thôn bền vững.",  # thôn in a common word
        "Ngã ba đường tàu.",
        "Ông có một thẻ Thanh niên.",
    ],
)
def test_no_entity_from_the_new_rules(text: str) -> None:
    assert [e for e in _ents(text) if e[1] in ("ORG", "LOC")] == []


def test_junction_with_its_own_name_marks_the_name() -> None:
    """ngã ba Lộ Tẻ: an unknown name is the junction's own, marked without the type word (if at all)."""
    assert all(not t.startswith("ngã ba") for t, _ in _ents("Có mặt tại ngã ba Lộ Tẻ hôm qua."))


@pytest.mark.parametrize(
    ("text", "span", "year"),
    [
        ("Tỉnh thực hiện Nghị định 24/2006 của Chính phủ.", "Nghị định 24/2006", "2006"),
        ("theo nghị định 81, tức là thu 1 tháng lương", "nghị định 81", None),
        ("điều chỉnh quyết định 58 về cấp phép xây dựng", "quyết định 58", None),
    ],
)
def test_short_document_references(text: str, span: str, year: str | None) -> None:
    refs = find_doc_refs(text)
    assert [r.text for r in refs] == [span]
    assert refs[0].as_attrs().get("year") == year


@pytest.mark.parametrize("text", ["kế hoạch 5 năm", "quyết định 2 năm", "chỉ thị 3 điểm", "ngày 24/2006", "thông báo 3 lần"])
def test_counts_are_no_document_references(text: str) -> None:
    assert find_doc_refs(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Khu vực bán gia cầm tại chợ Long Biên vắng tanh.", [("chợ Long Biên", "LOC")]),
        ("Đường lên mỏ Hòa Lộc, từ trạm cân Dầu Giây đến bến Miền Đông.", [("mỏ Hòa Lộc", "LOC"), ("trạm cân Dầu Giây", "LOC"), ("bến Miền Đông", "LOC")]),
        ("Chợ Tết năm nay đông.", []),
        ("Tư lệnh Quân khu II Ma Thanh Toàn dự.", [("Quân khu II", "ORG"), ("Ma Thanh Toàn", "PER")]),
        ("Quốc khánh nước CHXHCN Việt Nam.", [("CHXHCN Việt Nam", "LOC")]),
        ("Tôi có được nhận hồ sơ? (NGUYỄN THÀNH VINH)", [("NGUYỄN THÀNH VINH", "PER")]),
        ("Đại diện công ty Gold-Card phỏng vấn; tờ Straits Times đăng bài.", [("Gold-Card", "ORG"), ("Straits Times", "ORG")]),
        ("Hãng Toyota và công ty cổ phần Vinamilk.", [("Toyota", "ORG"), ("Vinamilk", "ORG")]),
        ("Các công ty Nhật Bản đầu tư.", [("Nhật Bản", "LOC")]),
    ],
)
def test_facilities_units_and_companies(text: str, expected: list[tuple[str, str]]) -> None:
    assert _ents(text) == expected


def test_a_defined_abbreviation_takes_its_names_label_everywhere() -> None:
    from dienbien_nlp.pipeline.entities import propagate_mentions

    t = "Công ty khoáng sản 5 (CTKS5) khai thác. Giám đốc CTKS5 nói."
    ents = [(0, 20, "ORG", None), (22, 27, "LOC", None), (49, 54, "LOC", None)]
    assert [(t[s:e], lab) for s, e, lab, _ in propagate_mentions(t, ents)] == [
        ("Công ty khoáng sản 5", "ORG"), ("CTKS5", "ORG"), ("CTKS5", "ORG")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chỉ tiêu: CĐSP Quảng Nam: 300, ĐHDL Thăng Long 900.", [("CĐSP Quảng Nam", "ORG"), ("ĐHDL Thăng Long", "ORG")]),
        ("Thí sinh của CĐ Giao thông và ĐHSP Huế.", [("CĐ Giao thông", "ORG"), ("ĐHSP Huế", "ORG")]),
        ("Ông học tại ĐHQG TP.HCM rồi về Cao đẳng Y tế Hà Nam.", [("ĐHQG TP.HCM", "ORG"), ("Cao đẳng Y tế Hà Nam", "ORG")]),
        ("Trường CĐ Nghề Cơ giới Ninh Bình tuyển sinh.", [("Trường CĐ Nghề Cơ giới Ninh Bình", "ORG")]),
        ("Hôm qua, thẩm phán Lê Hòa đã tuyên án, nghị sĩ Đỗ Minh phản đối.", [("Lê Hòa", "PER"), ("Đỗ Minh", "PER")]),
    ],
)
def test_abbreviated_schools_and_court_titles(text: str, expected: list[tuple[str, str]]) -> None:
    assert _ents(text) == expected


@pytest.mark.parametrize("text", ["Sinh viên hệ CĐ và ĐH đều được xét.", "Điểm chuẩn khối CĐ năm nay."])
def test_a_school_abbreviation_alone_is_no_organisation(text: str) -> None:
    assert [e for e in _ents(text) if e[1] == "ORG"] == []
