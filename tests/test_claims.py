"""Indicator claims: the number parser, the extractor component and its evaluation.

Every sentence here is invented for the test; none is copied from the gold.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dienbien_nlp.claims import extract_claims, parse_number
from dienbien_nlp.claims.gold import KINDS, QUALIFIERS, UNIT_NORMS, validate_claims


@pytest.fixture(scope="module")
def nlp():
    """The full pipeline with the claim rules alone: these tests are about the rules (the learned filter
    is tested in test_claim_filter.py)."""
    import dienbien_nlp

    nlp = dienbien_nlp.load()
    nlp.replace_pipe("dienbien_claims", "dienbien_claims", config={"learned_filter": False})
    return nlp


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("1.640", 1640.0),
        ("8,30", 8.3),
        ("47.693", 47693.0),
        ("1.234.567,89", 1234567.89),
        ("0,05", 0.05),
        ("412/530", 412.0),
        ("07", 7.0),
        ("2.5", 2.5),  # a dot before other than three digits: foreign writing of a decimal
        ("hai", 2.0),
        ("đôi", 2.0),
        ("1,2,3", None),
        ("1.23.4", None),
        ("12/", None),
        ("", None),
        ("9" * 5000, None),
        ("mười hai", 12.0),
        ("hai mươi lăm", 25.0),
        ("ba trăm linh năm", 305.0),
        ("năm", None),  # alone: a year, not five
        ("hai ba", None),
        ("1,234,567", 1234567.0),  # several commas can only group thousands
        ("abc", None),
    ],
)
def test_parse_number(written, number):
    assert parse_number(written) == number


def _claims(nlp, text):
    doc = nlp(text)
    claims = doc._.claims
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    for c in claims:
        assert validate_claims({"claims": [c]}, text) == []
        home = [(a, b) for a, b in sents if a <= c["value"]["start"] and c["value"]["end"] <= b]
        assert home, c
        for f in ("value", "unit", "indicator", "place"):
            if c[f] is not None:
                assert text[c[f]["start"] : c[f]["end"]] == c[f]["text"]
                assert home[0][0] <= c[f]["start"] and c[f]["end"] <= home[0][1], (f, c)
    return {c["value"]["text"]: c for c in claims}


def _same(a, b):
    return math.isclose(a, b, rel_tol=1e-12)


def test_level_and_multiple_with_scale_word(nlp):
    text = "Năm 2022, sản lượng cà phê của tỉnh đạt 152,3 nghìn tấn, tăng 2,5 lần so với năm 2015."
    c = _claims(nlp, text)
    assert set(c) == {"152,3", "2,5"}
    assert _same(c["152,3"]["number"], 152300) and c["152,3"]["unit"]["text"] == "nghìn tấn"
    assert (c["152,3"]["unit_norm"], c["152,3"]["kind"], c["152,3"]["time"]) == ("tonne", "achieved", "2022")
    assert "sản lượng cà phê" in c["152,3"]["indicator"]["text"]
    assert (c["2,5"]["unit_norm"], c["2,5"]["kind"], c["2,5"]["base_time"]) == ("times", "change", "2015")


def test_from_to_pair_gives_two_levels_with_their_years(nlp):
    c = _claims(nlp, "Tỷ lệ hộ nghèo của huyện giảm từ 31,2% năm 2016 xuống còn 18,05% năm 2021.")
    assert (c["31,2"]["kind"], c["31,2"]["time"], c["31,2"]["unit_norm"]) == ("achieved", "2016", "percent")
    assert (c["18,05"]["kind"], c["18,05"]["time"]) == ("achieved", "2021")
    assert c["18,05"]["indicator"]["text"].startswith("Tỷ lệ hộ nghèo")


def test_change_rate_and_money(nlp):
    c = _claims(nlp, "Giai đoạn 2016 - 2020, kim ngạch xuất khẩu tăng 7,4%/năm, đạt 2.350 tỷ đồng.")
    assert (c["7,4"]["kind"], c["7,4"]["unit_norm"], c["7,4"]["time"]) == ("change", "percent_per_year", "2016/2020")
    assert _same(c["2.350"]["number"], 2.35e12) and c["2.350"]["unit_norm"] == "vnd"


@pytest.mark.parametrize(
    ("text", "value", "kind", "qualifier", "time"),
    [
        ("Phấn đấu đến năm 2030, thu nhập bình quân đầu người đạt trên 6.500 USD/người/năm.", "6.500", "target", "gt", "2030"),
        ("Dự kiến năm 2026, tổng vốn đầu tư khoảng 9.200 tỷ đồng.", "9.200", "forecast", "approx", "2026"),
        ("Mục tiêu có ít nhất 40 xã đạt chuẩn nông thôn mới.", "40", "target", "ge", None),
        ("Tỷ lệ trẻ em suy dinh dưỡng dưới 12%.", "12", "achieved", "lt", None),
        ("Chi phí tối đa 3 triệu đồng mỗi hộ.", "3", "achieved", "le", None),
        ("Nhà máy cần tuyển 40 công nhân kỹ thuật.", "40", "target", "eq", None),
        ("Tỉnh kiến nghị Trung ương hỗ trợ 200 tỷ đồng.", "200", "target", "eq", None),
        ("Theo tính toán, mỗi năm khu kinh tế có thêm 3.000 lao động.", "3.000", "forecast", "eq", None),
    ],
)
def test_kind_qualifier_and_time_from_cues(nlp, text, value, kind, qualifier, time):
    c = _claims(nlp, text)[value]
    assert (c["kind"], c["qualifier"], c["time"]) == (kind, qualifier, time)


def test_range_gives_lower_and_upper_claims(nlp):
    c = _claims(nlp, "Mỗi năm tỉnh đào tạo nghề cho 15 - 20 nghìn lao động nông thôn.")
    assert (c["15"]["qualifier"], c["20"]["qualifier"]) == ("ge", "le")
    assert _same(c["15"]["number"], 15000) and _same(c["20"]["number"], 20000)
    assert c["15"]["indicator"] == c["20"]["indicator"] and "lao động" in c["15"]["indicator"]["text"]


def test_shared_base_count(nlp):
    c = _claims(nlp, "Toàn huyện có 412/530 thôn, bản có đường bê tông.")
    assert c["412/530"]["number"] == 412 and c["412/530"]["unit_norm"] == "count"


def test_number_words(nlp):
    c = _claims(nlp, "Xã chỉ có hai trạm y tế. Doanh thu năm nay tăng gấp đôi.")
    assert c["hai"]["number"] == 2 and c["hai"]["unit_norm"] == "count"
    assert (c["đôi"]["number"], c["đôi"]["unit_norm"], c["đôi"]["kind"]) == (2, "times", "change")


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Nghị quyết số 24-NQ/TW ngày 12/3/2023 của Bộ Chính trị.",
        "Điều 5 quy định trách nhiệm của các sở, ngành.",
        "Tỉnh tổ chức lễ kỷ niệm 70 năm ngày giải phóng.",
        "Đoạn Quốc lộ 6 qua thị trấn bị sạt lở.",
        "Đại hội đại biểu lần thứ 3 đã thành công tốt đẹp.",
        "Mạng 5G đã được thử nghiệm.",
        "Cuộc họp bắt đầu lúc 14:30 tại hội trường.",
        "Liên hệ: 15 Hàng Bài, ĐT: (024) 3825 1234.",
        "Học sinh từ 15 tuổi trở lên được tham gia.",
        "1. Tăng cường công tác lãnh đạo.",
        "Sau 3 tháng thực hiện, phong trào lan rộng.",
        "Hai tỉnh Hòa Bình và Sơn La ký kết hợp tác.",
        "Giá trị ghi là 1.2.3 tỷ đồng.",
        # dates written with hyphens, and the numbers listed after a date word
        "Ngày 5-8, đoàn công tác của tỉnh làm việc với huyện.",
        "Sáng 12-3, hội nghị khai mạc tại thành phố.",
        "Công nhân sẽ làm việc trở lại hôm nay (1-4).",
        "Mưa lớn kéo dài trong các tháng 5, 6 và 7-2005.",
        "Ngôi chùa được xây từ thế kỷ 8 và 9.",
        "Vé tàu mùng 6 Tết đã hết.",
        # addresses, phones, names and identifiers
        "Hội thảo tổ chức ở khách sạn Sông Hồng, 360 Kim Mã, Hà Nội.",
        "Văn phòng đại diện: ĐT: 04-9720137.",
        "Ngày mai sẽ khởi công cầu Bình Lợi 2.",
        "Cơn bão số 7 đã đi vào đất liền.",
        "Bộ vừa ban hành Quyết định số 683 về tiêu chí xã khó khăn.",
        "Ông Lý sống ở xóm 6, xã Trung Thành.",
        "Thành phố duyệt quy hoạch chi tiết tỷ lệ 1/500 cho khu đô thị.",
        # a question, a related-article link, a vague count, a count that only introduces its list
        "Liệu tỉnh có đạt 10 triệu lượt khách không?",
        "Thêm 3 người mắc cúm gia cầm(15/01/2004)",
        "Mỗi nhà có dăm bảy người làm thuê.",
        "Lũ làm hư hại đê của 3 huyện Giao Thủy, Hải Hậu và Nghĩa Hưng.",
        "Từ 11 đến 14/1, đội kiểm tra làm việc tại bến xe.",
        "Đoạn từ lộ 19 đến lộ 20 bị ngập sâu.",
        "Khách xếp hàng chờ tại Phòng Công chứng số 2 từ sáng.",
        "Em đang học cấp 3 ở thị xã.",
        "Lễ khởi công cầu Bình Lợi 2 Thành phố giao cho sở giao thông.",
        "Dân vào tận mỏ của Công ty cơ khí 7 (CKC7) để khai thác.",
        "Chợ hoa họp từ 20-30 tháng Chạp hằng năm.",
        "Tình trạng ùn tắc có thể kéo dài 2-3 ngày tới.",
        "Thành phố mở rộng các trung tâm số 1, 2, 4, 5 để đón học viên.",
        "Đội cứu hộ ứng trực 24/24 giờ trong mùa mưa bão.",
        "Cả nước dấy lên phong trào “ba sẵn sàng” trong những năm ấy.",
        "Đây là một tỷ lệ rất cao so với cả nước.",
        "Hai vợ chồng anh làm nghề chài lưới.",
        "Cây trồng hai bên đường đã lớn.",
        "Lúa chín nên cả làng ra đồng.",
        "Tòa thành được xây dưới thời nhà Minh (1368-1644).",
        "Bức tường có từ thời nhà Tần (221-206 trước Công nguyên).",
        "Ông Lộc thường trú tại 185/58 đường Lê Lợi, quận 10.",
        "Văn phòng công ty: Số 10, phố Dịch Vọng, quận Cầu Giấy.",
        # a span of dates whose last date has the year, a day after a time of day, a house number before a
        # street name, a number plate, a ward number in brackets after a name, a campus number
        "Từ 3-9 đến 15-9-2006, các trường nhận hồ sơ.",
        "Mưa kéo dài từ đêm 14 đến trưa 15-10.",
        "Trụ sở đặt tại 125/7 Trần Hưng Đạo, quận 1.",
        "Chiếc xe mang biển số 30K 4521 bị tạm giữ.",
        "Học sinh được chia về trường Lê Lợi (7) và trường Kim Đồng (9).",
        "Lớp học mở tại cơ sở 3 của trường.",
        # the first day of a span whose last day stands with its month, a day and month written downwards,
        # a phone number with dots, the round of an application, the time a rule is broken, a count of what
        # was named before
        "Đoàn làm việc tại tỉnh từ 4 đến 17-11.",
        "Hạn chót nộp đơn là 28-2.",
        "Mọi thắc mắc xin gọi văn phòng: 08.8123456.",
        "Thí sinh nộp hồ sơ nguyện vọng 2 hoặc NV 3 qua bưu điện.",
        "Tái phạm lần 2 thì bị đình chỉ.",
        "Để sửa 3 cây cầu này, xã đã huy động dân.",
    ],
)
def test_numbers_that_are_no_claims(nlp, text):
    assert _claims(nlp, text) == {}


@pytest.mark.parametrize(
    ("text", "value", "number", "unit_norm"),
    [
        ("Xã có mười hai thôn đạt chuẩn văn hóa.", "mười hai", 12, "count"),
        ("Đoàn có hai mươi lăm thành viên.", "hai mươi lăm", 25, "count"),
        ("Huyện xây mới ba trăm phòng học.", "ba trăm", 300, "count"),
        ("Giá mỗi lô đất chỉ 4 triệu rưỡi đồng.", "4", 4.5e6, "vnd"),
        ("Lương công nhân từ 700.000 - 1 triệu đồng/tháng.", "700.000", 7e5, "vnd"),
        ("Lương kỹ sư từ 20 - 25 triệu đồng/tháng.", "20", 2e7, "vnd"),
        ("Học phí năm đầu là 9.000 bảng Anh.", "9.000", 9000, "other"),
        ("Tỷ lệ che phủ rừng đạt 42 phần trăm.", "42", 42, "percent"),
        ("Tỉnh hỗ trợ 10 triệu đồng mỗi hộ, trong đó 6 triệu để làm nhà.", "6", 6e6, "vnd"),
        ("Trong năm, chị đã bốn lần đi khám bệnh.", "bốn", 4, "count"),
        ("Giá đất ở đây cao gấp 3 lần so với năm 2010.", "3", 3, "times"),
        ("Học phí đại học từ 11.000 AUD mỗi năm.", "11.000", 11000, "other"),
        ("Trong tổng số 500 hộ có 40 hộ nghèo.", "500", 500, "count"),
        ("Trạm biến áp có công suất 220kV.", "220", 220, "other"),
        ("Mỗi mẻ bánh được luộc trong 36 tiếng.", "36", 36, "other"),  # hours: a duration that is measured
    ],
)
def test_numbers_units_and_scales_as_written(nlp, text, value, number, unit_norm):
    c = _claims(nlp, text)[value]
    assert _same(c["number"], number) and c["unit_norm"] == unit_norm


def test_counts_kept_beside_the_non_claims(nlp):
    c = _claims(nlp, "Khoảng 5-8 người bị thương. Huyện Đông Anh có 510 người nghiện.")
    assert {"5", "8", "510"} <= set(c)
    c = _claims(nlp, "Ban tổ chức trao thưởng cho 12 nhóm sinh viên Campuchia, Lào và Việt Nam.")
    assert "12" in c


def test_indicator_of_a_measure_is_the_goods_after_it(nlp):
    c = _claims(nlp, "Mỗi ngày các chủ vựa mua đến 20 tấn quặng của dân.")
    assert c["20"]["indicator"]["text"].startswith("quặng")
    c = _claims(nlp, "Bão làm 48.000 ha lúa bị ngập, 6.000 ha nuôi trồng thủy sản bị vỡ.")
    assert c["6.000"]["indicator"] is not None and "nuôi trồng thủy sản" in c["6.000"]["indicator"]["text"]


def test_indicator_skips_relative_times_and_level_words(nlp):
    c = _claims(nlp, "Tỷ lệ người lớn biết chữ giảm từ 92% xuống 90%.")
    assert c["92"]["indicator"]["text"].startswith("Tỷ lệ người lớn biết chữ")
    assert c["90"]["indicator"] == c["92"]["indicator"]
    c = _claims(nlp, "Giá tour Bali (499 USD) đã thu hút nhiều khách.")
    assert c["499"]["indicator"] is not None and "tour Bali" in c["499"]["indicator"]["text"]


def test_target_table_rows_take_the_horizon_and_cells(nlp):
    text = (
        "TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì\n"
        "I | Đến năm 2035\n"
        "1 | Tỷ lệ đô thị hoá | % | ≥ 45 | Bộ Xây dựng\n"
        "2 | Số bệnh viện tuyến tỉnh đạt chuẩn | Bệnh viện | 3 - 4 | Bộ Y tế\n"
        "II | Đến năm 2045\n"
        "3 | Xếp hạng chỉ số hạnh phúc | Thứ bậc | ≤ 20 | Bộ Văn hóa\n"
    )
    c = _claims(nlp, text)
    assert set(c) == {"45", "3", "4", "20"}
    assert all(x["kind"] == "target" for x in c.values())
    assert (c["45"]["qualifier"], c["45"]["unit_norm"], c["45"]["time"]) == ("ge", "percent", "2035")
    assert c["45"]["indicator"]["text"] == "Tỷ lệ đô thị hoá" and c["45"]["unit"]["text"] == "%"
    assert (c["3"]["qualifier"], c["4"]["qualifier"], c["4"]["unit_norm"]) == ("ge", "le", "count")
    assert (c["20"]["unit_norm"], c["20"]["qualifier"], c["20"]["time"]) == ("rank", "le", "2045")


def test_section_heading_makes_targets_with_its_horizon(nlp):
    text = "I- TÌNH HÌNH\nNăm 2024, độ che phủ rừng đạt 41%.\nII- MỤC TIÊU\n1. Đến năm 2030\n- Độ che phủ rừng đạt 45%.\n"
    c = _claims(nlp, text)
    assert (c["41"]["kind"], c["41"]["time"]) == ("achieved", "2024")
    assert (c["45"]["kind"], c["45"]["time"]) == ("target", "2030")


def test_place_from_the_sentence_locations(nlp):
    c = _claims(nlp, "Năm 2023, tỉnh Hà Giang có 1.250 hộ thoát nghèo.")
    assert c["1.250"]["place"] is not None and c["1.250"]["place"]["text"] == "Hà Giang"


def test_claims_are_off_when_asked():
    import dienbien_nlp

    nlp = dienbien_nlp.load(claims=False, themes=False, entities=False)
    assert "dienbien_claims" not in nlp.pipe_names


def test_component_is_registered_as_entry_point():
    from importlib.metadata import entry_points

    names = {e.name for e in entry_points(group="spacy_factories")}
    assert "dienbien_claims" in names


_WORDS = ["đạt", "tăng", "giảm", "năm", "2020", "-", "2025", "%", "tỷ", "đồng", "lần", "so với", "khoảng", "trên",
          "1.640", "10,7", "362/463", "≥", "|", "\n", ".", ",", ";", ":", "(", ")", "hai", "gấp", "đôi", "Hà Nội",
          "phấn đấu", "dự kiến", "Đến năm 2030", "I", "1.", "9" * 40, "12/3", "người", "/", "1", "0,5",
          "mười", "mươi", "lăm", "trăm", "rưỡi", "triệu", "chục", "dăm", "bảy", "ngày", "5-8", "(1-4)", "số", "thế kỷ",
          "?", "Kim Mã", "(15/01/2004)", "phần trăm", "1,234,567", "1/500", "ĐT:", "04-9720137"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40))
def test_any_text_gives_valid_claims_inside_their_sentence(words):
    text = " ".join(words)
    sents = []
    start = 0
    for k, ch in enumerate(text + "\n"):
        if ch == "\n":
            if k > start:
                sents.append((start, k))
            start = k + 1
    for c in extract_claims(text, sents, []):
        assert validate_claims({"claims": [c]}, text) == []
        assert c["kind"] in KINDS and c["qualifier"] in QUALIFIERS and c["unit_norm"] in UNIT_NORMS
        assert math.isfinite(c["number"])
        a, b = next((a, b) for a, b in sents if a <= c["value"]["start"] < b)
        for f in ("value", "unit", "indicator", "place"):
            if c[f] is not None:
                assert a <= c[f]["start"] < c[f]["end"] <= b


def test_tag_records_carry_claims_with_offsets_into_the_input(nlp):
    from dienbien_nlp.tagging import sentence_records

    text = "Xin chào.\nNăm 2021, tỉnh trồng mới 1.200 ha rừng."
    doc = nlp(text)
    recs = sentence_records(doc, offset=100)
    claims = [c for r in recs for c in r["claims"]]
    assert len(claims) == 1
    c = claims[0]
    assert text[c["value"]["start"] - 100 : c["value"]["end"] - 100] == "1.200"
    assert (c["number"], c["unit_norm"], c["time"]) == (1200.0, "hectare", "2021")


# ---------------------------------------------------------------------------------------------------------------
# evaluation


def _gold_extract(docs):
    by_text = {d.text: d.claims for d in docs}
    return lambda text: by_text[text]


def test_evaluation_scores_the_gold_itself_perfectly():
    from dienbien_nlp.claims.evaluate import evaluate_claims, load_claim_gold

    from .conftest import ROOT

    docs, _ = load_claim_gold(ROOT / "corpus", ROOT / "annotations")
    res = evaluate_claims(ROOT / "corpus", ROOT / "annotations", splits=("train",), extract=_gold_extract(docs))
    assert set(res["by_split"]) == {"train"}
    r = res["by_split"]["train"]
    assert r["counts"]["gold"] > 0 and r["complete"]["f1"] == 1.0 and r["number_accuracy"] == 1.0
    assert res["bar"] is None  # no test split asked for


def test_evaluation_counts_misses_and_wrong_numbers():
    from dienbien_nlp.claims.evaluate import evaluate_claims, load_claim_gold

    from .conftest import ROOT

    docs, _ = load_claim_gold(ROOT / "corpus", ROOT / "annotations")
    gold = _gold_extract(docs)

    def half_wrong(text):
        out = []
        for k, c in enumerate(gold(text)):
            if k % 2 == 0:
                out.append({**c, "number": c["number"] * 10 + 1, "kind": "forecast" if c["kind"] != "forecast" else "target"})
        return out

    res = evaluate_claims(ROOT / "corpus", ROOT / "annotations", splits=("train",), extract=half_wrong)
    r = res["by_split"]["train"]
    assert r["value"]["precision"] == 1.0 and 0.4 < r["value"]["recall"] < 0.6
    assert r["value_kind"]["tp"] == 0 and r["number_accuracy"] == 0.0 and r["complete"]["f1"] == 0.0
    genre_sum = sum(v["counts"]["gold"] for v in res["by_genre"].values())
    assert genre_sum == r["counts"]["gold"]


def test_evaluate_claims_cli_unknown_split_is_one_error_line():
    from .test_cli import run

    proc = run("evaluate", "claims", "--split", "nosuch")
    assert proc.returncode != 0
    err = proc.stderr.decode()
    assert err.strip().startswith("error: [E090]") and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert proc.stdout == b""


def test_evaluation_of_one_selection_round_reads_only_its_documents():
    import json

    from dienbien_nlp.claims.evaluate import evaluate_claims, load_claim_gold, round_documents

    from .conftest import ROOT

    sel = json.loads((ROOT / "annotations" / "claims-selection.json").read_text("utf-8"))
    later = [d for r in sel["rounds"] for d in r["documents"]]
    assert round_documents(ROOT / "annotations", 2) == sel["rounds"][0]["documents"]
    first = round_documents(ROOT / "annotations", 1)
    assert first and not set(first) & set(later) and set(first) | set(later) == set(sel["documents"])
    docs, _ = load_claim_gold(ROOT / "corpus", ROOT / "annotations")
    res = evaluate_claims(ROOT / "corpus", ROOT / "annotations", documents=first, extract=_gold_extract(docs))
    assert set(res["documents"]) == {d.doc_id for d in docs if d.doc_id in first}


def test_evaluate_claims_cli_unknown_round_is_one_error_line():
    from .test_cli import run

    proc = run("evaluate", "claims", "--round", "99")
    err = proc.stderr.decode()
    assert proc.returncode != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "round 99" in err and proc.stdout == b""


def test_a_rate_per_round_base_is_the_count_with_its_base_as_unit_not_a_fraction():
    import dienbien_nlp

    text = "Tỷ lệ tử vong trẻ sơ sinh giảm từ 249/1 vạn trẻ đẻ ra sống xuống còn 85/1 vạn. Đã có 362/463 trường đạt chuẩn."
    got = [(c["value"]["text"], c["number"], c["unit"] and c["unit"]["text"], c["unit_norm"]) for c in dienbien_nlp.claims(text)]
    assert ("249", 249.0, "/1 vạn trẻ đẻ ra sống", "per_10k_people") in got
    assert ("85", 85.0, "/1 vạn", "per_10k_people") in got
    assert ("362/463", 362.0, None, "count") in got  # a share of a whole stays one value


def test_a_fall_from_a_range_with_no_end_level_is_a_change_and_a_from_to_pair_two_levels():
    import dienbien_nlp

    def kinds(text: str) -> list[tuple[str, str]]:
        return [(c["value"]["text"], c["kind"]) for c in dienbien_nlp.claims(text)]

    assert kinds("Hằng năm, số người mắc sốt rét giảm từ 10-15%.") == [("10", "change"), ("15", "change")]
    assert kinds("Tỷ lệ hộ nghèo giảm từ 70% năm 1990 xuống còn 8% năm 2004.") == [("70", "achieved"), ("8", "achieved")]
    assert kinds("Sản lượng tăng từ 10 lên 20 nghìn tấn.")[0] == ("10", "achieved")
