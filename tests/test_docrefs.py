"""References to party and state documents (RESOLUTION): spans, fields, Unicode, properties."""

from __future__ import annotations

import csv
import json
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dienbien_nlp.docrefs import DOC_TYPES, DocRef, find_doc_refs, parse_date, parse_symbol

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "dienbien_nlp" / "resources"


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def spans(text: str) -> list[str]:
    return [r.text for r in find_doc_refs(text)]


def only_ref(text: str, span: str) -> DocRef:
    """The reference whose span is ``span``, checking its offsets are exact."""
    matches = [r for r in find_doc_refs(text) if r.text == span]
    assert matches, f"{span!r} not found in {spans(text)!r}"
    ref = matches[0]
    assert ref.start == text.index(span)
    assert ref.end == ref.start + len(span)
    assert text[ref.start : ref.end] == span
    return ref


# --- numbered documents: span = type word + number + symbol; date and issuer outside -------------

NUMBERED = [
    # (sentence, span, expected fields)
    (
        "Thực hiện Nghị quyết số 11-NQ/TW, ngày 10/02/2022 của Bộ Chính trị về phương hướng phát triển "
        "kinh tế - xã hội, bảo đảm quốc phòng, an ninh vùng trung du và miền núi Bắc Bộ.",
        "Nghị quyết số 11-NQ/TW",
        dict(
            doc_type="nghi_quyet",
            number="11",
            symbol="NQ/TW",
            canonical_id="11-NQ/TW",
            year=None,
            issuer_code="TW",
            issuer="Bộ Chính trị",
            date="2022-02-10",
        ),
    ),
    (
        "Tỉnh ủy Điện Biên đã ban hành Chương trình hành động số 03-CTrHĐ/TU ngày 15/6/2022 để thực hiện.",
        "Chương trình hành động số 03-CTrHĐ/TU",
        dict(
            doc_type="chuong_trinh_hanh_dong",
            number="03",
            symbol="CTrHĐ/TU",
            canonical_id="03-CTrHĐ/TU",
            issuer_code="TU",
            issuer="Tỉnh ủy",
            date="2022-06-15",
        ),
    ),
    (
        "UBND tỉnh Nghệ An ban hành Kế hoạch số 188/KH-UBND ngày 15/3/2024 về triển khai Luật Đất đai.",
        "Kế hoạch số 188/KH-UBND",
        dict(
            doc_type="ke_hoach",
            number="188",
            symbol="KH-UBND",
            canonical_id="188/KH-UBND",
            issuer_code="UBND",
            issuer="Ủy ban nhân dân",
            date="2024-03-15",
        ),
    ),
    (
        "Chính phủ ban hành Nghị định 170/2025/NĐ-CP quy định chi tiết về tuyển dụng, sử dụng công chức.",
        "Nghị định 170/2025/NĐ-CP",
        dict(
            doc_type="nghi_dinh",
            number="170",
            symbol="NĐ-CP",
            canonical_id="170/2025/NĐ-CP",
            year="2025",
            issuer_code="CP",
            issuer="Chính phủ",
            date=None,
        ),
    ),
    (
        "Luật số 31/2024/QH15 được Quốc hội khóa XV thông qua tại Kỳ họp thứ 5.",
        "Luật số 31/2024/QH15",
        dict(
            doc_type="luat",
            number="31",
            symbol="QH15",
            canonical_id="31/2024/QH15",
            year="2024",
            issuer_code="QH",
            issuer="Quốc hội khóa XV",
        ),
    ),
    (
        "Quyết định số 1234/QĐ-TTg ngày 10 tháng 2 năm 2022 của Thủ tướng Chính phủ phê duyệt Chiến lược.",
        "Quyết định số 1234/QĐ-TTg",
        dict(
            doc_type="quyet_dinh",
            number="1234",
            symbol="QĐ-TTg",
            canonical_id="1234/QĐ-TTg",
            issuer_code="TTg",
            issuer="Thủ tướng Chính phủ",
            date="2022-02-10",
        ),
    ),
    (
        "Kết luận 155-KL/TW của Bộ Chính trị yêu cầu các cấp ủy tiếp tục thực hiện.",
        "Kết luận 155-KL/TW",
        dict(doc_type="ket_luan", number="155", symbol="KL/TW", canonical_id="155-KL/TW", issuer="Bộ Chính trị"),
    ),
    (
        "Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng Hồ Chí Minh.",
        "Chỉ thị 05-CT/TW",
        dict(doc_type="chi_thi", number="05", canonical_id="05-CT/TW", date="2016-05-15", issuer="Bộ Chính trị"),
    ),
    (
        "Theo văn bản số 4755/VPCP-CN của Văn phòng Chính phủ, các bộ cần khẩn trương báo cáo.",
        "văn bản số 4755/VPCP-CN",
        dict(
            doc_type="cong_van",
            number="4755",
            symbol="VPCP-CN",
            canonical_id="4755/VPCP-CN",
            issuer_code="VPCP",
            issuer="Văn phòng Chính phủ",
        ),
    ),
    (
        "Quán triệt nghị quyết số 18-NQ/TW ngày 25-10-2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương "
        "Đảng khóa XII về tinh gọn bộ máy.",
        "nghị quyết số 18-NQ/TW",
        dict(
            doc_type="nghi_quyet",
            number="18",
            canonical_id="18-NQ/TW",
            date="2017-10-25",
            issuer="Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII",
        ),
    ),
    (
        "Thành ủy Hà Nội ban hành Chương trình số 03-CTr/ThU ngày 17/3/2021 về phát triển văn hóa Thủ đô.",
        "Chương trình số 03-CTr/ThU",
        dict(
            doc_type="chuong_trinh_hanh_dong",
            canonical_id="03-CTr/ThU",
            issuer_code="ThU",
            issuer="Thành ủy",
            date="2021-03-17",
        ),
    ),
    (
        "Kết luận số 126-KL/TW ngày 14/02/2025 của Bộ Chính trị, Ban Bí thư về một số nội dung, nhiệm vụ.",
        "Kết luận số 126-KL/TW",
        dict(doc_type="ket_luan", canonical_id="126-KL/TW", issuer="Bộ Chính trị", date="2025-02-14"),
    ),
    (
        "Thông tư số 01/2023/TT-BNV hướng dẫn chế độ làm việc.",
        "Thông tư số 01/2023/TT-BNV",
        dict(doc_type="thong_tu", number="01", year="2023", symbol="TT-BNV", issuer_code="BNV", issuer="Bộ Nội vụ"),
    ),
    (
        "Thông tư liên tịch số 01/2015/TTLT-BTC-BNV vẫn được áp dụng.",
        "Thông tư liên tịch số 01/2015/TTLT-BTC-BNV",
        dict(doc_type="thong_tu", issuer_code="BTC-BNV", issuer="Bộ Tài chính, Bộ Nội vụ", year="2015"),
    ),
    (
        "Pháp lệnh số 02/2022/UBTVQH15 về xử lý vi phạm hành chính đối với hành vi cản trở hoạt động tố tụng.",
        "Pháp lệnh số 02/2022/UBTVQH15",
        dict(doc_type="other", issuer_code="UBTVQH", issuer="Ủy ban Thường vụ Quốc hội khóa XV", year="2022"),
    ),
    (
        "HĐND tỉnh Thanh Hóa thông qua Nghị quyết số 35/2021/NQ-HĐND của HĐND tỉnh Thanh Hóa khóa XVIII.",
        "Nghị quyết số 35/2021/NQ-HĐND",
        dict(doc_type="nghi_quyet", symbol="NQ-HĐND", issuer_code="HĐND", issuer="HĐND tỉnh Thanh Hóa khóa XVIII"),
    ),
    (
        "Hướng dẫn số 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng về thể thức văn bản.",
        "Hướng dẫn số 36-HD/VPTW",
        dict(doc_type="other", issuer_code="VPTW", issuer="Văn phòng Trung ương Đảng", date="2018-04-03"),
    ),
    (
        "Quy định số 08-QĐi/TW của Ban Chấp hành Trung ương về trách nhiệm nêu gương.",
        "Quy định số 08-QĐi/TW",
        dict(doc_type="quy_dinh", symbol="QĐi/TW", issuer="Ban Chấp hành Trung ương"),
    ),
    (
        # the type word wins over the older QĐ abbreviation
        "Quy định số 205-QĐ/TW ngày 23/9/2019 của Bộ Chính trị về kiểm soát quyền lực.",
        "Quy định số 205-QĐ/TW",
        dict(doc_type="quy_dinh", canonical_id="205-QĐ/TW", date="2019-09-23"),
    ),
    (
        "Nghị quyết chuyên đề số 09-NQ/TU ngày 12/5/2021 của Ban Chấp hành Đảng bộ tỉnh khóa XIV về du lịch.",
        "Nghị quyết chuyên đề số 09-NQ/TU",
        dict(doc_type="nghi_quyet", issuer="Ban Chấp hành Đảng bộ tỉnh khóa XIV", date="2021-05-12"),
    ),
    (
        "Nghị quyết số 12-NQ/ĐU của Đảng ủy xã Mường Phăng giao chỉ tiêu cho từng chi bộ.",
        "Nghị quyết số 12-NQ/ĐU",
        dict(issuer_code="ĐU", issuer="Đảng ủy xã Mường Phăng"),
    ),
    (
        "Kế hoạch số 45-KH/HU của Ban Thường vụ Huyện ủy Tuần Giáo ban hành ngày 20/4/2023.",
        "Kế hoạch số 45-KH/HU",
        dict(issuer_code="HU", issuer="Ban Thường vụ Huyện ủy Tuần Giáo", date="2023-04-20"),
    ),
    (
        "Quyết định số 15/2024/QĐ-UBND của Ủy ban nhân dân Thành phố Hồ Chí Minh về giá đất.",
        "Quyết định số 15/2024/QĐ-UBND",
        dict(issuer="Ủy ban nhân dân Thành phố Hồ Chí Minh", year="2024"),
    ),
    (
        "Công văn số 1234/UBND-KT do UBND huyện Điện Biên Đông ban hành.",
        "Công văn số 1234/UBND-KT",
        dict(doc_type="cong_van", issuer_code="UBND", issuer="UBND huyện Điện Biên Đông"),
    ),
    (
        "Căn cứ Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh;",
        "Nghị quyết số 202/2025/QH15",
        dict(doc_type="nghi_quyet", issuer_code="QH", issuer="Quốc hội", date="2025-06-12"),
    ),
    (
        "Quyết định số 759/QĐ-TTg ngày 14/4/2025 của Thủ tướng Chính phủ phê duyệt Đề án sắp xếp.",
        "Quyết định số 759/QĐ-TTg",
        dict(issuer="Thủ tướng Chính phủ", date="2025-04-14"),
    ),
    (
        # issuer before date
        "Nghị quyết số 43-NQ/TW của Bộ Chính trị ngày 24/01/2019 về xây dựng và phát triển tỉnh Thừa Thiên Huế.",
        "Nghị quyết số 43-NQ/TW",
        dict(issuer="Bộ Chính trị", date="2019-01-24"),
    ),
    (
        # the date in parentheses, an invalid date is not a date
        "Nghị quyết số 26-NQ/TW (ngày 05/8/2008) của Hội nghị Trung ương 7 khóa X về nông nghiệp.",
        "Nghị quyết số 26-NQ/TW",
        dict(date="2008-08-05", issuer="Hội nghị Trung ương 7 khóa X"),
    ),
    (
        "Nghị quyết số 37-NQ/TW ngày 31/02/2018 (ngày sai) của Bộ Chính trị.",
        "Nghị quyết số 37-NQ/TW",
        dict(date=None),
    ),
    (
        "NGHỊ QUYẾT SỐ 11-NQ/TW CỦA BỘ CHÍNH TRỊ",
        "NGHỊ QUYẾT SỐ 11-NQ/TW",
        dict(doc_type="nghi_quyet", canonical_id="11-NQ/TW"),
    ),
    (
        "Chỉ thị số 05–CT/TW (gạch nối dài) và Kết luận số 21 - KL/TW (có dấu cách).",
        "Chỉ thị số 05–CT/TW",
        dict(canonical_id="05-CT/TW", symbol="CT/TW"),
    ),
    (
        "Kết luận số 21 - KL/TW ngày 25/10/2021 của Hội nghị Trung ương 4 khóa XIII.",
        "Kết luận số 21 - KL/TW",
        dict(canonical_id="21-KL/TW", date="2021-10-25", issuer="Hội nghị Trung ương 4 khóa XIII"),
    ),
    (
        # a full stop inside a symbol does not end it; the sentence's full stop does
        "Ban hành theo Nghị quyết số 45-NQ/T.Ư. Sau đó tỉnh triển khai.",
        "Nghị quyết số 45-NQ/T.Ư",
        dict(symbol="NQ/T.Ư", canonical_id="45-NQ/T.Ư", issuer_code="TW", issuer="Trung ương"),
    ),
    (
        "Quyết định số 2468/QĐ-UBND.VX của Chủ tịch UBND tỉnh Quảng Ninh.",
        "Quyết định số 2468/QĐ-UBND.VX",
        dict(symbol="QĐ-UBND.VX", issuer="Chủ tịch UBND tỉnh Quảng Ninh"),
    ),
    (
        "Công điện số 86/CĐ-TTg của Thủ tướng Chính phủ về ứng phó bão số 3.",
        "Công điện số 86/CĐ-TTg",
        dict(doc_type="other", issuer_code="TTg"),
    ),
    (
        "Thông tri 10-TT/TW của Ban Bí thư.",
        "Thông tri 10-TT/TW",
        dict(doc_type="other", issuer="Ban Bí thư"),
    ),
    (
        "Nghị định 43-CP năm 1993 được thay thế.",  # old symbol: number-ISSUER
        "Nghị định 43-CP",
        dict(doc_type="nghi_dinh", symbol="CP", canonical_id="43-CP", issuer="Chính phủ"),
    ),
    (
        "Kế hoạch số 12-KH/BCĐ của Ban Chỉ đạo 35 tỉnh Lai Châu về bảo vệ nền tảng tư tưởng của Đảng.",
        "Kế hoạch số 12-KH/BCĐ",
        dict(issuer_code="BCĐ", issuer="Ban Chỉ đạo 35 tỉnh Lai Châu"),
    ),
    (
        "Đề án số 01-ĐA/TU của Tỉnh ủy Lào Cai và Nghị quyết số 10-NQ/TU của Ban Thường vụ Tỉnh ủy Sơn La.",
        "Đề án số 01-ĐA/TU",
        dict(doc_type="de_an", issuer="Tỉnh ủy Lào Cai"),
    ),
    (
        "Báo cáo số 120/BC-UBND ngày 2/7/2024 của UBND thành phố Đà Nẵng; Tờ trình số 15/TTr-SNV.",
        "Báo cáo số 120/BC-UBND",
        dict(doc_type="other", issuer="UBND thành phố Đà Nẵng", date="2024-07-02"),
    ),
]


@pytest.mark.parametrize(("text", "span", "fields"), NUMBERED, ids=[row[1] for row in NUMBERED])
def test_numbered_span_and_fields(text: str, span: str, fields: dict[str, str | None]) -> None:
    ref = only_ref(text, span)
    attrs = ref.as_attrs()
    for name, value in fields.items():
        assert attrs[name] == value, name


@pytest.mark.parametrize(("text", "span", "fields"), NUMBERED, ids=[row[1] for row in NUMBERED])
def test_issuer_and_date_are_outside_the_span(text: str, span: str, fields: dict[str, str | None]) -> None:
    ref = only_ref(text, span)
    if ref.issuer_span is not None:
        start, end = ref.issuer_span
        assert start >= ref.end
        assert unicodedata.normalize("NFC", text[start:end]) == ref.issuer
    if ref.date is not None:
        assert "ngày" not in ref.text


def test_issuer_span_exact() -> None:
    text = "Nghị quyết số 11-NQ/TW, ngày 10/02/2022 của Bộ Chính trị về phát triển vùng"
    [ref] = find_doc_refs(text)
    assert ref.text == "Nghị quyết số 11-NQ/TW"
    assert ref.issuer_span == (text.index("Bộ Chính trị"), text.index("Bộ Chính trị") + len("Bộ Chính trị"))
    assert ref.date == "2022-02-10"


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("Kế hoạch số 20-KH/TU của Tỉnh ủy Nghệ An ban hành ngày 5/5/2023", "Tỉnh ủy Nghệ An"),
        ("Quyết định số 88/QĐ-UBND của UBND tỉnh Điện Biên về việc giao chỉ tiêu", "UBND tỉnh Điện Biên"),
        (
            "Nghị quyết số 05-NQ/TU của Ban Thường vụ Thành ủy Hải Phòng giao nhiệm vụ",
            "Ban Thường vụ Thành ủy Hải Phòng",
        ),
        ("Kế hoạch số 35/KH-BGDĐT của Bộ Giáo dục và Đào tạo hướng dẫn", "Bộ Giáo dục và Đào tạo"),
        ("Quyết định số 2222/QĐ-BVHTTDL của Bộ Văn hóa, Thể thao và Du lịch.", "Bộ Văn hóa, Thể thao và Du lịch"),
        (
            "Thông tư số 16/2019/TT-BLĐTBXH của Bộ Lao động - Thương binh và Xã hội",
            "Bộ Lao động - Thương binh và Xã hội",
        ),
        ("Chỉ thị số 10-CT/TW của Ban Bí thư Trung ương Đảng khóa XIII về", "Ban Bí thư Trung ương Đảng khóa XIII"),
        ("Nghị quyết số 27-NQ/TW của Đảng về xây dựng Nhà nước pháp quyền", "Đảng"),
        ("Quyết định số 35/QĐ-TTg của Thủ tướng Chính phủ, Phó Thủ tướng ký", "Thủ tướng Chính phủ"),
        ("Kết luận số 14-KL/TW của Bộ Chính trị và Chỉ thị số 09-CT/TW của Ban Bí thư", "Bộ Chính trị"),
        ("Nghị quyết số 23/2024/NQ-HĐND do HĐND thành phố Cần Thơ khóa X ban hành", "HĐND thành phố Cần Thơ khóa X"),
        (
            "Kế hoạch số 99/KH-UBND của Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu.",
            "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu",
        ),
    ],
)
def test_issuer_phrase_boundaries(text: str, issuer: str) -> None:
    ref = find_doc_refs(text)[0]
    assert ref.issuer == issuer
    assert ref.issuer_span is not None
    assert text[ref.issuer_span[0] : ref.issuer_span[1]] == issuer


def test_issuer_stops_before_next_reference() -> None:
    text = "Kết luận số 14-KL/TW của Bộ Chính trị và Chỉ thị số 09-CT/TW của Ban Bí thư"
    first, second = find_doc_refs(text)
    assert first.issuer == "Bộ Chính trị"
    assert second.text == "Chỉ thị số 09-CT/TW"
    assert second.issuer == "Ban Bí thư"


def test_issuer_from_code_table_without_phrase() -> None:
    [ref] = find_doc_refs("Triển khai Kết luận số 21-KL/TW trong toàn Đảng bộ.")
    assert ref.issuer == "Trung ương"
    assert ref.issuer_span is None


# --- bare symbols and bare numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Theo số 11-NQ/TW, tỉnh đã xây dựng kế hoạch.", [("11-NQ/TW", "nghi_quyet")]),
        ("Số: 1234/QĐ-UBND ngày 12/12/2023", [("1234/QĐ-UBND", "quyet_dinh")]),
        (
            "Nghị quyết số 18-NQ/TW, 19-NQ/TW và 20-NQ/TW ngày 25/10/2017",
            [("Nghị quyết số 18-NQ/TW", "nghi_quyet"), ("19-NQ/TW", "nghi_quyet"), ("20-NQ/TW", "nghi_quyet")],
        ),
        ("căn cứ 31/2024/QH15 và 15/2023/TT-BTC", [("31/2024/QH15", "other"), ("15/2023/TT-BTC", "thong_tu")]),
        ("theo 08-QĐi/TW", [("08-QĐi/TW", "quy_dinh")]),
        ("theo 4755/VPCP-CN", [("4755/VPCP-CN", "cong_van")]),
    ],
)
def test_bare_symbols(text: str, expected: list[tuple[str, str]]) -> None:
    refs = find_doc_refs(text)
    assert [(r.text, r.doc_type) for r in refs] == expected
    for r in refs:
        assert text[r.start : r.end] == r.text


def test_bare_symbol_date_applies() -> None:
    refs = find_doc_refs("Nghị quyết số 18-NQ/TW và 19-NQ/TW ngày 25/10/2017 của Hội nghị Trung ương 6 khóa XII")
    assert [r.date for r in refs] == [None, "2017-10-25"]
    assert refs[1].issuer == "Hội nghị Trung ương 6 khóa XII"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nghị quyết 57 của Bộ Chính trị là “khoán 10” trong khoa học.", ["Nghị quyết 57"]),
        ("Quyết định 217 và 218 của Bộ Chính trị về giám sát xã hội.", ["Quyết định 217"]),
        ("Thực hiện Đề án 06 của Chính phủ về dữ liệu dân cư.", ["Đề án 06"]),
        ("Nghị định 100 đã làm giảm tai nạn giao thông.", ["Nghị định 100"]),
        ("Chỉ thị 05, Kết luận 01 và Quy định 178.", ["Chỉ thị 05", "Kết luận 01", "Quy định 178"]),
        ("Triển khai nghị quyết số 18 của Trung ương.", ["nghị quyết số 18"]),
        # counted nouns, years, decimals, ranges, lower-case verbs: not references
        ("Kế hoạch 5 năm 2021-2025 của tỉnh.", []),
        ("Kế hoạch 2025 của ngành giáo dục.", []),
        ("Thủ tướng chỉ thị 5 nhiệm vụ trọng tâm.", []),
        ("Hội đồng quyết định 3 nội dung quan trọng.", []),
        ("Quy định 3 trường hợp được miễn.", []),
        ("Nghị quyết 1,5 tỷ đồng cho dự án.", []),
        ("Chương trình 135 giai đoạn III.", []),
    ],
)
def test_number_only_references(text: str, expected: list[str]) -> None:
    refs = find_doc_refs(text)
    assert [r.text for r in refs] == expected
    for r in refs:
        assert r.symbol is None and r.canonical_id is None and r.number is not None


# --- congress and plenum resolutions ------------------------------------------------------------------

CONGRESS = [
    (
        "Quán triệt Nghị quyết Đại hội lần thứ XIII của Đảng đến toàn thể đảng viên.",
        ["Nghị quyết Đại hội lần thứ XIII của Đảng"],
    ),
    (
        "Cụ thể hóa Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIV, nhiệm kỳ 2020 - 2025.",
        ["Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIV"],
    ),
    ("Nghị quyết Đại hội XIII đã xác định ba đột phá chiến lược.", ["Nghị quyết Đại hội XIII"]),
    ("Việc thực hiện Nghị quyết Trung ương 4 khóa XII về xây dựng Đảng.", ["Nghị quyết Trung ương 4 khóa XII"]),
    (
        "Tổng kết Nghị quyết Hội nghị Trung ương 8 khóa XIII về bảo vệ Tổ quốc.",
        ["Nghị quyết Hội nghị Trung ương 8 khóa XIII"],
    ),
    ("Đưa Nghị quyết Đại hội Đảng bộ tỉnh vào cuộc sống.", ["Nghị quyết Đại hội Đảng bộ tỉnh"]),
    (
        "Đưa Nghị quyết Đại hội Đảng bộ tỉnh Điện Biên lần thứ XIV vào cuộc sống.",
        ["Nghị quyết Đại hội Đảng bộ tỉnh Điện Biên lần thứ XIV"],
    ),
    (
        "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng xác định tầm nhìn 2045.",
        ["Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"],
    ),
    (
        "Thành ủy triển khai Nghị quyết Đại hội Đảng bộ thành phố Hà Nội lần thứ XVII.",
        ["Nghị quyết Đại hội Đảng bộ thành phố Hà Nội lần thứ XVII"],
    ),
    (
        "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Nghệ An lần thứ XIX nhiệm kỳ 2020-2025 đề ra 10 chỉ tiêu.",
        ["Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Nghệ An lần thứ XIX nhiệm kỳ 2020-2025"],
    ),
    (
        "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII về xây dựng, chỉnh đốn Đảng.",
        ["Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII"],
    ),
    ("Nghị quyết Trung ương 8 (khóa XIII) về Chiến lược bảo vệ Tổ quốc.", ["Nghị quyết Trung ương 8"]),
    ("Nghị quyết Hội nghị Tỉnh ủy lần thứ 10 bàn về kinh tế.", ["Nghị quyết Hội nghị Tỉnh ủy lần thứ 10"]),
    ("Kết luận Hội nghị Trung ương 10 khóa XIII.", ["Kết luận Hội nghị Trung ương 10 khóa XIII"]),
    # lower-case type words need an ordinal
    (
        "Học tập nghị quyết Đại hội XIII và nghị quyết Trung ương 4 khóa XI.",
        ["nghị quyết Đại hội XIII", "nghị quyết Trung ương 4 khóa XI"],
    ),
    ("Tuyên truyền nghị quyết Đại hội Đảng bộ tỉnh.", []),
    # generic, plural or bare mentions
    ("Các cấp ủy quán triệt các Nghị quyết Đại hội Đảng bộ.", []),
    ("Triển khai Nghị quyết Đại hội Đảng bộ các cấp nhiệm kỳ 2025 - 2030.", []),
    ("Ban hành Nghị quyết Đại hội với 3 khâu đột phá.", []),
    ("Nhiều Nghị quyết Trung ương đã đi vào cuộc sống.", []),
]


@pytest.mark.parametrize(("text", "expected"), CONGRESS, ids=[row[0][:40] for row in CONGRESS])
def test_congress_and_plenum_resolutions(text: str, expected: list[str]) -> None:
    refs = find_doc_refs(text)
    assert [r.text for r in refs] == expected
    for r in refs:
        assert r.start == text.index(r.text)
        assert r.doc_type in ("nghi_quyet", "ket_luan")
        assert r.number is None and r.symbol is None


# --- named laws -----------------------------------------------------------------------------------------

LAWS = [
    ("Luật Đất đai năm 2024 có hiệu lực từ ngày 01/8/2024.", ["Luật Đất đai năm 2024"], ["2024"]),
    ("Luật Đất đai 2024 mở ra nhiều cơ hội.", ["Luật Đất đai 2024"], ["2024"]),
    ("Luật Đầu tư công và Bộ luật Hình sự được sửa đổi.", ["Luật Đầu tư công", "Bộ luật Hình sự"], [None, None]),
    (
        "Dự thảo Luật Tổ chức chính quyền địa phương (sửa đổi) được trình Quốc hội.",
        ["Luật Tổ chức chính quyền địa phương"],
        [None],
    ),
    (
        "Luật Đất đai, Luật Nhà ở và Luật Kinh doanh bất động sản.",
        ["Luật Đất đai", "Luật Nhà ở", "Luật Kinh doanh bất động sản"],
        [None, None, None],
    ),
    ("Luật Phòng, chống tham nhũng năm 2018 quy định rõ.", ["Luật Phòng, chống tham nhũng năm 2018"], ["2018"]),
    ("Luật Cán bộ, công chức và Luật Viên chức.", ["Luật Cán bộ, công chức", "Luật Viên chức"], [None, None]),
    ("Luật Thi đua, khen thưởng năm 2022.", ["Luật Thi đua, khen thưởng năm 2022"], ["2022"]),
    ("Luật Bảo vệ và phát triển rừng đã hết hiệu lực.", ["Luật Bảo vệ và phát triển rừng"], [None]),
    (
        "Luật Đầu tư theo phương thức đối tác công tư được ban hành.",
        ["Luật Đầu tư theo phương thức đối tác công tư"],
        [None],
    ),
    (
        "Luật Sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư.",
        ["Luật Sửa đổi, bổ sung một số điều của Luật Quy hoạch", "Luật Đầu tư"],
        [None, None],
    ),
    ("Luật Đất đai và các văn bản hướng dẫn thi hành.", ["Luật Đất đai"], [None]),
    (
        "Luật Đất đai sửa đổi, Luật Đất đai hiện hành và Luật Đất đai mới.",
        ["Luật Đất đai", "Luật Đất đai", "Luật Đất đai"],
        [None, None, None],
    ),
    ("Luật Thủ đô năm 2024 tạo cơ chế đặc thù cho Hà Nội.", ["Luật Thủ đô năm 2024"], ["2024"]),
    ("Bộ luật Hình sự năm 2015 (sửa đổi, bổ sung năm 2017).", ["Bộ luật Hình sự năm 2015"], ["2015"]),
    ("Hiến pháp năm 2013 khẳng định vai trò lãnh đạo của Đảng.", ["Hiến pháp năm 2013"], ["2013"]),
    (
        "Pháp lệnh Ưu đãi người có công với cách mạng năm 2020.",
        ["Pháp lệnh Ưu đãi người có công với cách mạng năm 2020"],
        ["2020"],
    ),
    ("Luật Ngân sách nhà nước số 83/2015/QH13 quy định.", ["Luật Ngân sách nhà nước số 83/2015/QH13"], ["2015"]),
    # not law titles
    ("Luật sư Nguyễn Văn An tham gia bào chữa.", [], []),
    ("Luật này có hiệu lực; luật Đất đai; pháp luật; Luật quy định rõ.", [], []),
    ("Sinh viên Đại học Luật Hà Nội.", [], []),
    ("Hiến pháp là đạo luật gốc.", [], []),
]


@pytest.mark.parametrize(("text", "expected", "years"), LAWS, ids=[row[0][:40] for row in LAWS])
def test_named_laws(text: str, expected: list[str], years: list[str | None]) -> None:
    refs = find_doc_refs(text)
    assert [r.text for r in refs] == expected
    assert [r.year for r in refs] == years
    for r in refs:
        assert text[r.start : r.end] == r.text


def test_law_with_symbol_gets_number_fields() -> None:
    [ref] = find_doc_refs("Luật Tổ chức Chính phủ số 63/2025/QH15 có hiệu lực.")
    assert ref.text == "Luật Tổ chức Chính phủ số 63/2025/QH15"
    assert (ref.doc_type, ref.number, ref.canonical_id, ref.issuer_code) == ("luat", "63", "63/2025/QH15", "QH")
    assert ref.issuer == "Quốc hội khóa XV"


def test_law_issuer_and_date_outside() -> None:
    text = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025 của Quốc hội;"
    [ref] = find_doc_refs(text)
    assert ref.text == "Luật Tổ chức chính quyền địa phương"
    assert ref.date == "2025-02-19"
    assert ref.issuer == "Quốc hội"


# --- negatives ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ban Thường vụ Tỉnh ủy đã ban hành 18 nghị quyết chuyên đề, 04 chương trình hành động và hơn 100 kế hoạch.",
        "Cụ thể hóa các chỉ thị, nghị quyết, kết luận của Đảng.",
        "Các nghị quyết của Trung ương được triển khai kịp thời.",
        "Nghị quyết",
        "nghị quyết",
        "Nghị quyết phải đi vào cuộc sống.",
        "Một nghị quyết đúng, hợp lòng dân.",
        "Tỉnh có 3 Nghị quyết chuyên đề và 5 Kế hoạch.",
        "năm 2024, COVID-19, 2021-2025, tỷ lệ 3/4, F0/F1, iPhone 15/16, 12/KH, số 12/2024, V-League, 1/3/2024",
        "Ngày 10/02/2022, Bộ Chính trị ra nghị quyết về vùng trung du.",
        "Văn bản chỉ đạo của tỉnh; kế hoạch số hóa; quyết định số phận.",
    ],
)
def test_generic_and_counted_mentions_are_not_references(text: str) -> None:
    assert find_doc_refs(text) == []


def test_several_references_in_order() -> None:
    text = (
        "Để thực hiện Nghị quyết Đại hội XIII, Nghị quyết số 11-NQ/TW của Bộ Chính trị và Luật Đất đai năm 2024, "
        "UBND tỉnh Sơn La ban hành Kế hoạch số 188/KH-UBND ngày 15/8/2024; các nghị quyết khác sẽ được rà soát."
    )
    assert spans(text) == [
        "Nghị quyết Đại hội XIII",
        "Nghị quyết số 11-NQ/TW",
        "Luật Đất đai năm 2024",
        "Kế hoạch số 188/KH-UBND",
    ]


# --- parse_symbol / parse_date ------------------------------------------------------------------------------

SYMBOLS = [
    (
        "11-NQ/TW",
        dict(
            number="11",
            year=None,
            symbol="NQ/TW",
            canonical_id="11-NQ/TW",
            doc_type="nghi_quyet",
            issuer_code="TW",
            issuer="Trung ương",
        ),
    ),
    (
        "03-CTrHĐ/TU",
        dict(
            number="03",
            symbol="CTrHĐ/TU",
            canonical_id="03-CTrHĐ/TU",
            doc_type="chuong_trinh_hanh_dong",
            issuer_code="TU",
            issuer="Tỉnh ủy",
        ),
    ),
    (
        "188/KH-UBND",
        dict(
            number="188",
            year=None,
            symbol="KH-UBND",
            canonical_id="188/KH-UBND",
            doc_type="ke_hoach",
            issuer_code="UBND",
            issuer="Ủy ban nhân dân",
        ),
    ),
    (
        "170/2025/NĐ-CP",
        dict(
            number="170",
            year="2025",
            symbol="NĐ-CP",
            canonical_id="170/2025/NĐ-CP",
            doc_type="nghi_dinh",
            issuer_code="CP",
            issuer="Chính phủ",
        ),
    ),
    (
        "31/2024/QH15",
        dict(
            number="31",
            year="2024",
            symbol="QH15",
            canonical_id="31/2024/QH15",
            doc_type=None,
            issuer_code="QH",
            issuer="Quốc hội khóa XV",
        ),
    ),
    (
        "4755/VPCP-CN",
        dict(
            number="4755",
            symbol="VPCP-CN",
            canonical_id="4755/VPCP-CN",
            doc_type="cong_van",
            issuer_code="VPCP",
            issuer="Văn phòng Chính phủ",
        ),
    ),
    ("155-KL/TW", dict(number="155", symbol="KL/TW", canonical_id="155-KL/TW", doc_type="ket_luan", issuer_code="TW")),
    ("08-QĐi/TW", dict(doc_type="quy_dinh")),
    ("1234/QĐ-TTg", dict(doc_type="quyet_dinh", issuer_code="TTg", issuer="Thủ tướng Chính phủ")),
    ("01/2023/TT-BTC", dict(doc_type="thong_tu", year="2023", issuer="Bộ Tài chính")),
    ("10-TT/TW", dict(doc_type="other")),  # Thông tri in party symbols
    ("12/2024/NQ-HĐND", dict(doc_type="nghi_quyet", issuer_code="HĐND", issuer="Hội đồng nhân dân")),
    ("1211/2016/UBTVQH13", dict(issuer_code="UBTVQH", issuer="Ủy ban Thường vụ Quốc hội khóa XIII")),
    ("56/NQ-UBTVQH15", dict(doc_type="nghi_quyet", issuer_code="UBTVQH")),
    ("Số: 05-CT/TW", dict(canonical_id="05-CT/TW", doc_type="chi_thi")),
    ("số 11 - NQ/TW", dict(canonical_id="11-NQ/TW")),
    ("170/2025/NÐ-CP", dict(symbol="NĐ-CP", canonical_id="170/2025/NĐ-CP")),  # U+00D0
    ("45-NQ/TƯ", dict(issuer_code="TW", symbol="NQ/TƯ")),
    ("123/QĐ-UBND.KT", dict(symbol="QĐ-UBND.KT", issuer_code="UBND")),
]


@pytest.mark.parametrize(("symbol", "expected"), SYMBOLS, ids=[row[0] for row in SYMBOLS])
def test_parse_symbol(symbol: str, expected: dict[str, str | None]) -> None:
    parsed = parse_symbol(symbol)
    for name, value in expected.items():
        assert parsed[name] == value, name
    assert parse_symbol(nfd(symbol)) == parsed


@pytest.mark.parametrize(
    "text", ["", "NQ/TW", "11", "10/02/2022", "Nghị quyết 11", "11-NQ/TW và 12-NQ/TW", "2021-2025"]
)
def test_parse_symbol_rejects(text: str) -> None:
    assert parse_symbol(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 10/02/2022", "2022-02-10"),
        ("ngày 10-2-2022", "2022-02-10"),
        ("ngày 10 tháng 2 năm 2022", "2022-02-10"),
        ("10/02/2022", "2022-02-10"),
        ("Ngày 5.9.1945", "1945-09-05"),
        ("ngày 01 tháng 02, năm 2025", "2025-02-01"),
        ("ngày 29/02/2024", "2024-02-29"),
        ("ngày 31/02/2022", None),
        ("ngày 29/02/2023", None),
        ("ngày 10/13/2022", None),
        ("ngày 10/02-2022", None),
        ("ngày 10", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected
    assert parse_date(nfd(text)) == expected


# --- Unicode -------------------------------------------------------------------------------------------------

ALL_SENTENCES = [row[0] for row in NUMBERED] + [row[0] for row in CONGRESS] + [row[0] for row in LAWS]


@pytest.mark.parametrize("text", ALL_SENTENCES, ids=[s[:40] for s in ALL_SENTENCES])
def test_nfd_input_gives_same_references_with_exact_offsets(text: str) -> None:
    decomposed = nfd(text)
    nfc_refs = find_doc_refs(text)
    nfd_refs = find_doc_refs(decomposed)
    assert [r.as_attrs() for r in nfd_refs] == [r.as_attrs() for r in nfc_refs]
    for a, b in zip(nfc_refs, nfd_refs, strict=True):
        assert decomposed[b.start : b.end] == b.text
        assert unicodedata.normalize("NFC", b.text) == a.text
        if b.issuer_span is not None:
            assert a.issuer_span is not None
            assert unicodedata.normalize("NFC", decomposed[b.issuer_span[0] : b.issuer_span[1]]) == a.issuer


def test_nfd_offsets_are_in_the_given_string() -> None:
    text = nfd("Thực hiện Nghị quyết số 11-NQ/TW của Bộ Chính trị")
    [ref] = find_doc_refs(text)
    assert ref.start == len(nfd("Thực hiện "))
    assert ref.end == ref.start + len(nfd("Nghị quyết số 11-NQ/TW"))
    assert ref.issuer == "Bộ Chính trị"  # normalised field
    assert text[ref.issuer_span[0] : ref.issuer_span[1]] == nfd("Bộ Chính trị")


def test_eth_and_old_style_tone_marks() -> None:
    text = "Nghị định 170/2025/NÐ-CP của Chính phủ; Nghị quyết Hội nghị Trung ương 8 khoá XIII; Tỉnh uỷ"
    refs = find_doc_refs(text)
    assert [r.text for r in refs] == ["Nghị định 170/2025/NÐ-CP", "Nghị quyết Hội nghị Trung ương 8 khoá XIII"]
    assert refs[0].symbol == "NĐ-CP" and refs[0].canonical_id == "170/2025/NĐ-CP"
    [ref] = find_doc_refs("Kế hoạch số 12-KH/TU của Ban Thường vụ Tỉnh uỷ Thanh Hoá về")
    assert ref.issuer == "Ban Thường vụ Tỉnh uỷ Thanh Hoá"  # as the text gives it
    assert find_doc_refs("Quán triệt Nghị quyết Đại hội Ðảng bộ tỉnh lần thứ XIV")[0].text.endswith("XIV")


def test_non_breaking_and_zero_width_spaces() -> None:
    text = "Theo Nghị\u00a0quyết số\u00a011-NQ/TW\u200b của Ban Thường vụ Tỉnh ủy Nghệ An."
    [ref] = find_doc_refs(text)
    assert ref.text == "Nghị\u00a0quyết số\u00a011-NQ/TW"
    assert ref.canonical_id == "11-NQ/TW"
    assert ref.issuer == "Ban Thường vụ Tỉnh ủy Nghệ An"


def test_combining_marks_stay_inside_the_span() -> None:
    text = nfd("Luật Đất đai năm 2024 và Luật Thủ đô")
    refs = find_doc_refs(text)
    assert [unicodedata.normalize("NFC", r.text) for r in refs] == ["Luật Đất đai năm 2024", "Luật Thủ đô"]
    assert refs[1].end == len(text)


# --- DocRef, resources -----------------------------------------------------------------------------------------


def test_as_attrs_is_json_ready_and_complete() -> None:
    [ref] = find_doc_refs("Nghị định 170/2025/NĐ-CP ngày 30/6/2025 của Chính phủ")
    attrs = ref.as_attrs()
    assert set(attrs) == {"doc_type", "number", "symbol", "canonical_id", "year", "issuer_code", "issuer", "date"}
    assert json.loads(json.dumps(attrs, ensure_ascii=False)) == attrs
    assert attrs["date"] == "2025-06-30"
    with pytest.raises(AttributeError):
        ref.start = 0  # type: ignore[misc]


def _tsv(name: str) -> list[dict[str, str]]:
    with (RESOURCES / name).open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_doc_types_table() -> None:
    rows = _tsv("doc_types.tsv")
    assert rows and set(rows[0]) == {"doc_type", "type_word", "abbrev"}
    assert {r["doc_type"] for r in rows} == set(DOC_TYPES)
    words = [r["type_word"] for r in rows]
    assert len(words) == len(set(words))
    for word in (
        "Nghị quyết",
        "Kết luận",
        "Chỉ thị",
        "Quy định",
        "Quyết định",
        "Chương trình hành động",
        "Kế hoạch",
        "Luật",
        "Nghị định",
        "Thông tư",
        "Công văn",
        "Đề án",
        "Văn bản",
        "Thông báo",
        "Hướng dẫn",
        "Pháp lệnh",
        "Hiến pháp",
    ):
        assert word in words
    for row in rows:
        assert unicodedata.is_normalized("NFC", row["type_word"] + row["abbrev"])


def test_issuer_codes_table() -> None:
    rows = _tsv("issuer_codes.tsv")
    assert rows and set(rows[0]) == {"code", "issuer"}
    codes = {r["code"]: r["issuer"] for r in rows}
    assert len(codes) == len(rows)
    assert codes["TW"] == "Trung ương" and codes["TU"] == "Tỉnh ủy" and codes["ThU"] == "Thành ủy"
    assert codes["TTg"] == "Thủ tướng Chính phủ" and codes["UBTVQH"] == "Ủy ban Thường vụ Quốc hội"
    for row in rows:
        assert unicodedata.is_normalized("NFC", row["code"] + row["issuer"])


def test_doc_types_are_valid() -> None:
    for text in ALL_SENTENCES:
        for ref in find_doc_refs(text):
            assert ref.doc_type in DOC_TYPES


# --- properties ------------------------------------------------------------------------------------------------

FRAGMENTS = [
    "Nghị quyết", "nghị quyết", "Kết luận", "Chỉ thị", "Quy định", "Quyết định", "Luật", "Bộ luật", "Hiến pháp",
    "Đất đai", "Đầu tư công", "Phòng, chống", "số", "Số:", "11-NQ/TW", "03-CTrHĐ/TU", "188/KH-UBND",
    "170/2025/NĐ-CP", "31/2024/QH15", "4755/VPCP-CN", "T.Ư.", "57", "2024", "năm", "ngày", "10/02/2022",
    "10 tháng 2 năm 2022", "của", "do", "Bộ Chính trị", "Tỉnh ủy", "uỷ", "UBND tỉnh", "Nghệ An", "khóa XIII",
    "Đại hội", "Đảng bộ", "tỉnh", "lần thứ", "XIV", "Hội nghị", "Trung ương", "4", "và", "các", ",", ".", "(",
    ")", "-", "–", "/", ";", "\u00a0", "\u200b", "\u0301", "\u0323", "Ð", "\n", "18 nghị quyết chuyên đề",
]  # fmt: skip

vietnamese_like = st.lists(st.sampled_from(FRAGMENTS), max_size=30).map(" ".join)
any_text = st.one_of(
    st.text(max_size=200),
    vietnamese_like,
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=30).map("".join),
)


def _check_invariants(text: str) -> list[DocRef]:
    refs = find_doc_refs(text)
    previous_end = 0
    for r in refs:
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start : r.end] == r.text
        assert r.start >= previous_end
        previous_end = r.end
        assert r.doc_type in DOC_TYPES
        if r.issuer_span is not None:
            assert r.end <= r.issuer_span[0] < r.issuer_span[1] <= len(text)
        json.dumps(r.as_attrs())
    return refs


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_spans_are_exact_and_disjoint_on_arbitrary_text(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=200, deadline=None)
@given(vietnamese_like)
def test_nfc_and_nfd_agree(text: str) -> None:
    composed = unicodedata.normalize("NFC", text)
    a = _check_invariants(composed)
    b = _check_invariants(nfd(composed))
    assert [r.as_attrs() for r in a] == [r.as_attrs() for r in b]
    assert [r.text for r in a] == [unicodedata.normalize("NFC", r.text) for r in b]


@pytest.mark.parametrize(
    "text",
    [
        "1-A" + "-A" * 5000 + "!",
        "11-NQ/" + "T" * 20000 + "ă",
        "Nghị quyết Đại hội Đảng bộ tỉnh " + "Hà " * 5000 + "lần",
        "Luật " + "Đất " * 10000,
        "của " + "Ban " * 10000,
        "Nghị quyết số " * 3000,
    ],
)
def test_no_pathological_slowness(text: str) -> None:
    t0 = time.perf_counter()
    _check_invariants(text)
    assert time.perf_counter() - t0 < 5
