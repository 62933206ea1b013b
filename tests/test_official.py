"""Official documents: Markdown cleaning with offsets, and the structure of header, title, bases, parts, tables, signature."""

from __future__ import annotations

from collections import Counter

import pytest

from dienbien_nlp.corpus import load_corpus
from dienbien_nlp.corpus.markdown import clean_markdown
from dienbien_nlp.corpus.official import segment_official
from dienbien_nlp.corpus.structure import segment_document

from .conftest import CORPUS

INVENTED = """\
# ỦY BAN NHÂN DÂN TỈNH HÀ GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 12/QĐ\\-UBND
Hà Giang, ngày 05 tháng 3 năm 2023

# QUYẾT ĐỊNH
## Về việc ban hành **Kế hoạch** phát triển du lịch

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;

Theo đề nghị của Giám đốc Sở Văn hóa.

**Điều 1.** Ban hành kèm theo Quyết định này Kế hoạch.

**Điều 2.** Quyết định này có hiệu lực từ ngày ký.

## I. MỤC TIÊU

1. Tăng lượt khách.

a) Khách trong nước.

b) Khách quốc tế.

| TT | Chỉ tiêu | Đơn vị |
|---|---|---|
| 1 | Lượt khách | lượt |

*Nơi nhận:*
- Văn phòng Chính phủ;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
"""


def test_markdown_is_cleaned_with_offsets_back_to_the_raw_file():
    c = clean_markdown(INVENTED)
    assert "Số: 12/QĐ-UBND" in c.text and "\\-" not in c.text and "**" not in c.text and "#" not in c.text
    i = c.text.index("12/QĐ-UBND")
    s, e = c.raw_span(i, i + len("12/QĐ-UBND"))
    assert INVENTED[s:e] == "12/QĐ\\-UBND"
    for k, ch in enumerate(c.text):
        if ch not in "\n|":
            assert INVENTED[c.offsets[k]] == ch or ch == " "
    assert "1 | Lượt khách | lượt" in c.text and len(c.table_rows) == 2


def test_broken_markdown_gives_warnings_not_errors():
    c = clean_markdown("**đậm chưa đóng\n| a | b |\n|---|---|\n| 1 |\n")
    assert c.text.startswith("đậm chưa đóng")
    assert any("unclosed" in w for w in c.warnings) and any("cells" in w for w in c.warnings)


def test_an_invented_decision_is_cut_into_typed_nested_segments():
    c = clean_markdown(INVENTED)
    segs = segment_official(c.text, c.table_rows)
    types = [s.type for s in segs]
    assert types[:4] == ["issuer", "motto", "number", "place_date"]
    assert types[4:6] == ["title", "title"]
    assert types[6:8] == ["legal_basis", "legal_basis"]
    assert [s.type for s in segs if s.text.startswith("Điều")] == ["article", "article"]
    part = next(s for s in segs if s.type == "part")
    item = next(s for s in segs if s.text.startswith("1. Tăng"))
    sub = next(s for s in segs if s.text.startswith("b)"))
    assert (part.level, item.level, item.parent, sub.level, sub.parent) == (1, 2, part.id, 3, item.id)
    assert [s.type for s in segs if "|" in s.text] == ["table_row", "table_row"]
    assert [s.type for s in segs[-5:]] == ["recipients", "recipients", "recipients", "signature", "signature"] or types[-3:] == ["signature"] * 3
    assert segs[-1].text == "Nguyễn Văn An" and segs[-1].type == "signature"
    assert all(c.text[s.start : s.end] == s.text for s in segs)


@pytest.mark.parametrize("doc_id", ["57-nq-tw-2024-12-22", "03-nq-cp-2025-01-09", "03-nq-cp-2025-01-09-annex-1", "3260-kh-ddqh15-2025-01-10"])
def test_the_official_documents_have_their_parts(doc_id):
    doc = next(d for d in load_corpus(CORPUS) if d.id == doc_id)
    assert doc.meta.genre == "official" and doc.meta.number
    segs = segment_document(doc)
    kinds = Counter(s.type for s in segs)
    assert kinds["title"] >= 1
    if doc_id.endswith("annex-1"):
        assert kinds["table_row"] >= 40
    else:
        assert kinds["number"] == 1 and kinds["place_date"] == 1 and kinds["part"] >= 3 and kinds["item"] >= 10
        assert kinds["recipients"] >= 1
    assert all(doc.text[s.start : s.end] == s.text for s in segs)
