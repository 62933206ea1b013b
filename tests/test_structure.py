"""The interview's exact structure, and the general rules on other interviews."""

from __future__ import annotations

import pytest

from dienbien_nlp.corpus.structure import match_speaker_label, segment_document, segment_text

INTERVIEWEE = "Trần Quốc Cường"


@pytest.fixture(scope="module")
def segments(interview):
    return segment_document(interview)


def test_segment_types_in_order(segments):
    assert [s.type for s in segments] == [
        "title", "dateline", "lead", "caption", "lead",
        "question", "answer", "answer", "answer", "answer", "answer", "answer", "answer", "caption", "answer",
        "question", "answer", "answer", "answer", "answer", "caption",
        "question", "answer", "answer", "answer", "answer", "answer", "answer", "caption",
        "question", "answer", "answer", "answer", "answer", "caption", "answer",
        "question", "byline",
    ]


def test_offsets_are_exact(segments, interview):
    for s in segments:
        assert interview.text[s.start : s.end] == s.text


def test_title_dateline_byline(segments):
    assert segments[0].text == "Xây dựng Điện Biên trở thành tỉnh phát triển nhanh và bền vững"
    assert segments[1].text == "Thứ Sáu, 28/06/2024 14:00 (GMT+0)"
    assert segments[-1].text.startswith("Lam Anh (thực hiện)")


def test_questions(segments, interview):
    questions = [s for s in segments if s.type == "question"]
    assert len(questions) == 5
    assert all(s.speaker == "interviewer" for s in questions)
    labels = [interview.text[s.start : s.label_end] for s in questions]
    assert labels == ["Phóng viên (PV): ", "PV: ", "PV: ", "PV: ", "PV "]
    assert questions[0].text.endswith("trong thời gian qua?")
    assert questions[-1].text == "PV Xin trân trọng cảm ơn đồng chí Bí thư!"  # the closing thanks


def test_answers_are_turns_over_paragraphs(segments):
    answers = [s for s in segments if s.type == "answer"]
    assert {s.speaker for s in answers} == {INTERVIEWEE}
    turns: dict[int, list] = {}
    for s in answers:
        turns.setdefault(s.turn, []).append(s)
    assert [len(v) for v in turns.values()] == [8, 4, 6, 5]
    for paras in turns.values():
        assert paras[0].label_end > paras[0].start  # the first paragraph carries the label
        assert all(p.label_end == p.start for p in paras[1:])
    assert turns[min(turns)][1].text.startswith("Đầu thế kỷ XX")


def test_captions(segments):
    captions = [s.text for s in segments if s.type == "caption"]
    assert captions == [
        "Đồng chí Trần Quốc Cường, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Điện Biên",
        "Điện Biên hôm nay  từ đô thị đến nông thôn đã có nhiều đổi thay, khởi sắc.",
        "Sau 20 năm chia tách, Đảng bộ, chính quyền, lực lượng vũ trang và Nhân dân các dân tộc trên địa bàn tỉnh Điện Biên đã đạt được nhiều thành tựu, kết quả quan trọng.",
        "Đoàn kết thống nhất là yếu tố có tính chất quyến định đối với sự phát triển của tỉnh Điện Biên.",
        "Điện Biên xác định tập trung nguồn lực đẩy nhanh tiến độ thực hiện các dự án trọng điểm, tạo điểm nhấn và đột phá trong phát triển kinh tế và tăng thu ngân sách là một trong những nhiệm vụ trọng tập giúp tỉnh phát triển nhanh và bền vững.",
    ]


@pytest.mark.parametrize(
    "paragraph,expected",
    [
        ("Phóng viên (PV): Thưa ông?", "interviewer"),
        ("PV: Xin hỏi?", "interviewer"),
        ("P.V: Xin hỏi?", "interviewer"),
        ("PV Xin cảm ơn ông!", "interviewer"),
        ("Phóng viên: Thưa bà?", "interviewer"),
        ("Ông Nguyễn Văn Hùng: Chúng tôi đã làm.", "Nguyễn Văn Hùng"),
        ("Bà Lê Thị Hoa, Chủ tịch UBND huyện: Trước hết...", "Lê Thị Hoa"),
        ("Thượng tướng Lê Văn A, Thứ trưởng Bộ Quốc phòng: Quân đội...", "Lê Văn A"),
        ("Đồng chí Trần Quốc Cường, Bí thư Tỉnh ủy Điện Biên: Cách đây", "Trần Quốc Cường"),
        ("Thứ nhất: Tiếp tục lãnh đạo", None),
        ("Giai đoạn 1976 - 2003: Đảng bộ", None),
        ("Điện Biên: tỉnh miền núi", None),
        ("Kết quả như sau: tăng trưởng", None),
    ],
)
def test_speaker_labels(paragraph, expected):
    got = match_speaker_label(paragraph)
    assert (got[0] if got else None) == expected


def test_other_interview_structure():
    text = (
        "Hà Tĩnh đẩy mạnh chuyển đổi số\n\n"
        "Thứ Hai, 03/03/2025 08:30 (GMT+7)\n\n"
        "(TTXVN) - Chuyển đổi số là nhiệm vụ trọng tâm của tỉnh trong năm 2025.\n\n"
        "PV: Thưa ông, tỉnh đã đạt được kết quả gì?\n\n"
        "Ông Nguyễn Văn Bình: Tỉnh đã số hóa toàn bộ hồ sơ hành chính.\n\n"
        "Đến nay, 100% xã có kết nối mạng. Người dân dùng dịch vụ công trực tuyến.\n\n"
        "Cán bộ tỉnh Hà Tĩnh tại hội nghị chuyển đổi số\n\n"
        "PV: Xin cảm ơn ông!\n\n"
        "Minh Anh (thực hiện)"
    )
    segs = segment_text(text)
    assert [(s.type, s.speaker) for s in segs] == [
        ("title", None), ("dateline", None), ("lead", None),
        ("question", "interviewer"), ("answer", "Nguyễn Văn Bình"), ("answer", "Nguyễn Văn Bình"),
        ("caption", None), ("question", "interviewer"), ("byline", None),
    ]
    assert segs[4].turn == segs[5].turn
