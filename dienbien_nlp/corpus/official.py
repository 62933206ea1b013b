"""The structure of Vietnamese official documents: header, title, legal bases, numbered parts, tables, signature.

Party and state documents (nghị quyết, kế hoạch, quyết định, chỉ thị, their annexes)
follow one layout, set by the rules on administrative documents. Each paragraph of
the cleaned text becomes a :class:`~dienbien_nlp.corpus.structure.Segment` of one of
:data:`OFFICIAL_TYPES`, with its nesting level and parent:

* the header block: ``issuer`` (the body, in capitals), ``motto`` (the national
  name and ``Độc lập - Tự do - Hạnh phúc``), ``number`` (``Số: 03/NQ-CP``),
  ``place_date`` (``Hà Nội, ngày 09 tháng 01 năm 2025``);
* ``title``: the document type in capitals (``NGHỊ QUYẾT``) and the lines that
  name its subject, up to the first sentence of the body;
* ``legal_basis``: ``Căn cứ …`` and ``Theo đề nghị của …``;
* ``part`` (``I.``, ``II-``, ``PHẦN``, ``Chương``), ``article`` (``Điều 3.``),
  ``item`` (``1.``, ``1.2.``, ``a)``, ``-``) with their level (1 = part or article,
  deeper numbers deeper), and ``body`` for the text under them;
* ``table_row``: a row of a table (the Markdown cleaner records which paragraphs are rows);
* ``recipients``: ``Nơi nhận:`` and its list; ``signature``: ``TM.``/``KT.``/``T/M``
  lines, the position, ``[đã ký]`` and the signer's name.

The rules use no string of any one document.

Example:
    >>> segs = segment_official("CHÍNH PHỦ\\n\\nSố: 01/NQ-CP\\n\\nNGHỊ QUYẾT\\n\\nVề việc A\\n\\nCăn cứ Luật B;\\n\\nI. MỤC TIÊU\\n\\n1. Làm C.\\n\\na) Làm D.")
    >>> [(s.type, s.level) for s in segs]
    [('issuer', None), ('number', None), ('title', None), ('title', None), ('legal_basis', None), ('part', 1), ('item', 2), ('item', 3)]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from .structure import Segment, _paragraphs

OFFICIAL_TYPES = (
    "issuer", "motto", "number", "place_date", "title", "legal_basis", "part", "article", "item", "body",
    "table_row", "recipients", "signature",
)  # fmt: skip

_UPPER = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂƠƯẠ-Ỹ"
NATIONAL = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc", re.IGNORECASE)
NUMBER = re.compile(r"^Số\s*:?\s*\S*[/-]\S*")
PLACE_DATE = re.compile(r"^[^,\n]{2,40},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\s*$")
#: Headings of official documents that are not document types of their own.
HEADING_WORDS = ("Phụ lục", "Danh mục", "Quyết nghị")
LEGAL_BASIS = re.compile(r"^(?:Căn\s+cứ|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Trên\s+cơ\s+sở)\b")
PART = re.compile(r"^(?:(?:PHẦN|Phần|CHƯƠNG|Chương)\s+[IVXLC\d]+\b|[IVXLC]+\s*[.\-–]\s*\S)")
ARTICLE = re.compile(r"^Điều\s+\d+\s*[.:]")
NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\s*[.)]\s*\S|^(\d+(?:\.\d+)+)\s+\S")
LETTERED = re.compile(r"^[a-zđ]\s*\)\s*\S")
DASH = re.compile(r"^[-–+•]\s+\S")
RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?", re.IGNORECASE)
SIGN = re.compile(r"^(?:TM|T/M|KT|Q|TL|TUQ)\s*[./]\s*\S|^\[?\s*(?:đã\s+ký|Đã\s+ký)\s*\]?$")


@functools.lru_cache(maxsize=1)
def _doc_type() -> re.Pattern[str]:
    """A heading that names the document's type in capitals: the type words of ``resources/doc_types.tsv``."""
    from ..tables import read_tsv

    words = {row["type_word"] for row in read_tsv("doc_types.tsv")} | set(HEADING_WORDS)
    alt = "|".join(r"\s+".join(map(re.escape, w.upper().split())) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"^(?:{alt})\b")


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _name_line(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and not w.isupper() for w in words) and not text.endswith((".", ";", ":"))


def segment_official(text: str, table_rows: Sequence[tuple[int, int]] = ()) -> list[Segment]:
    """Cut the cleaned text of an official document into typed, nested segments (see the module docstring)."""
    paras = _paragraphs(text)
    rows = {s for s, _ in table_rows}
    out: list[Segment] = []
    stack: list[tuple[int, str, bool]] = []  # (level, segment id, lettered) of the open parts and items
    has_parts = False
    state = "header"  # header → title → body → closing
    for i, (s, e) in enumerate(paras):
        t = text[s:e]
        sid = f"s{len(out) + 1:02d}"
        level: int | None = None
        kind = ""
        if s in rows:
            kind = "table_row"
        elif RECIPIENTS.match(t):
            kind, state = "recipients", "recipients"
        elif SIGN.match(t) or (state in ("signature", "recipients") and (_caps(t) or _name_line(t)) and (state == "signature" or not t.endswith((";", ",", ".")))):
            kind, state = "signature", "signature"
        elif state == "recipients":
            kind = "recipients"
        elif state == "header" and NATIONAL.search(t):
            kind = "motto" if NATIONAL.match(t.strip()) else "issuer"
        elif state == "header" and NUMBER.match(t):
            kind = "number"
        elif state in ("header", "title") and PLACE_DATE.match(t):
            kind = "place_date"
        elif state in ("header", "title") and _doc_type().match(t.strip("*# ")):
            kind, state = "title", "title"
        elif state == "header" and _caps(t):
            kind = "issuer"
        elif state == "title" and not LEGAL_BASIS.match(t) and not PART.match(t) and not ARTICLE.match(t) and (
            _caps(t) or (len(t) < 300 and not t.rstrip().endswith((".", ";")))
        ):
            kind = "title"
        elif LEGAL_BASIS.match(t):
            kind, state = "legal_basis", "body"
        else:
            state = "body"
            if PART.match(t) or ARTICLE.match(t):
                kind, level, has_parts = ("part" if PART.match(t) else "article"), 1, True
            elif m := NUMBERED.match(t):
                depth = (m.group(1) or m.group(2)).count(".") + 1
                kind, level = "item", (2 if has_parts else 1) + depth - 1
            elif LETTERED.match(t):
                # a) b) … sit under the open numbered item; the next letter is a sibling of the last
                kind = "item"
                level = 1 if not stack else stack[-1][0] if stack[-1][2] else stack[-1][0] + 1
            elif DASH.match(t) and stack:
                kind, level = "item", stack[-1][0] + 1
            else:
                kind = "body"
        parent = None
        if level is not None:
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            stack.append((level, sid, bool(LETTERED.match(t))))
        elif kind in ("body", "table_row") and stack:
            parent = stack[-1][1]
        out.append(Segment(sid, kind, s, e, t, None, None, s, i, level, parent))
    return out
