"""Cleaning Markdown sources: the markup goes, every kept character keeps its raw offset.

Official documents are often published as Markdown (headings ``#``, bold
``**``, escaped punctuation ``57\\-NQ/TW``, list items, tables with ``|``).
:func:`clean_markdown` returns the same :class:`~dienbien_nlp.corpus.cleaning.CleanText`
as :func:`~dienbien_nlp.corpus.cleaning.clean_article` does for plain text: one paragraph
per non-blank line, joined by a blank line, with a map from every character
back to the raw file. The rules, line by line:

* heading markers (``# ``), list markers (``- ``, ``* ``, ``+ ``), block quotes
  (``> ``) and the hard-break spaces at a line's end are dropped; ordered-list
  numbers (``1.``) are kept, since official documents number their items;
* ``**``, ``__`` and ``*`` emphasis delimiters and inline-code backticks are
  dropped; a backslash escape reads as the character it escapes;
  a link ``[text](url)`` keeps its text;
* horizontal rules, code fences and table delimiter rows (``| --- |``) are dropped;
* a table row stays one paragraph, its cells stripped and joined by ``" | "``
  (each separator maps to the raw ``|``), so rows and cells stay units.

Broken markup never fails: an unclosed ``**`` is dropped and reported, a table
row with another number of cells than its header is kept and reported; the
problems are in :attr:`MarkdownClean.warnings`.

Example:
    >>> c = clean_markdown("# NGHỊ QUYẾT\\n\\nSố: 57\\\\-NQ/TW  \\n| TT | Chỉ tiêu |\\n|---|---|\\n| 1 | **GDP** |\\n")
    >>> c.text.split("\\n\\n")
    ['NGHỊ QUYẾT', 'Số: 57-NQ/TW', 'TT | Chỉ tiêu', '1 | GDP']
    >>> raw = "Số: 57\\\\-NQ/TW"
    >>> c2 = clean_markdown(raw)
    >>> s, e = c2.raw_span(4, 12)
    >>> raw[s:e]
    '57\\\\-NQ/TW'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .cleaning import CleanText, normalize_text

_HRULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_TABLE_DELIM = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s*#{1,6}(?:\s+|$)")
_FENCE = re.compile(r"^\s*(?:```|~~~)[\w-]*\s*$")
_LIST = re.compile(r"^\s*[-*+]\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_ESCAPABLE = set("\\`*_{}[]()#+-.!|<>~\"'")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")


@dataclass(frozen=True)
class MarkdownClean(CleanText):
    """A :class:`CleanText` with the problems found in the markup.

    Attributes:
        warnings: ``"line N: problem"`` messages (unclosed emphasis, ragged table rows).
        table_rows: ``(start, end)`` clean spans of the paragraphs that are table rows.
    """

    warnings: tuple[str, ...] = ()
    table_rows: tuple[tuple[int, int], ...] = ()


def _inline(body: str, base: int, lineno: int, warnings: list[str]) -> list[tuple[str, int]]:
    """The characters of one line's content with markup removed, each with its raw offset."""
    links = {m.start(): m for m in _LINK.finditer(body)}
    out: list[tuple[str, int]] = []
    runs: dict[int, int] = {}
    i = 0
    n = len(body)
    skip_to = -1
    link_text_end = -1
    link_end = -1
    while i < n:
        if i == link_text_end:  # skip "](url)"
            i = link_end
            link_text_end = -1
            continue
        c = body[i]
        if i in links and link_text_end < 0:
            m = links[i]
            link_text_end = m.end(1)
            link_end = m.end()
            i += 1
            continue
        if c == "\\" and i + 1 < n and body[i + 1] in _ESCAPABLE:
            out.append((body[i + 1], base + i + 1))
            i += 2
            continue
        if c in "*_" and i > skip_to:
            j = i
            while j < n and body[j] == c:
                j += 1
            run = j - i
            prev = body[i - 1] if i > 0 else " "
            nxt = body[j] if j < n else " "
            # a delimiter touches text on one side; `_` inside a word and a lone `*` between spaces are text
            is_delim = not (prev.isspace() and nxt.isspace())
            if c == "_" and prev.isalnum() and nxt.isalnum():
                is_delim = False
            if is_delim:
                if c == "*":
                    runs[run] = runs.get(run, 0) + 1
                i = j
                continue
            skip_to = j - 1
        if c == "`":
            i += 1
            continue
        out.append((c, base + i))
        i += 1
    if any(n % 2 for n in runs.values()):
        warnings.append(f"line {lineno}: unclosed emphasis '*' (dropped)")
    return out


def _table_cells(body: str, base: int) -> list[tuple[int, int]]:
    """Raw (start, end) of each cell's content in a table row, split on unescaped pipes."""
    s = body.strip()
    lead = len(body) - len(body.lstrip())
    pipes = [lead + k for k, ch in enumerate(s) if ch == "|" and (k == 0 or s[k - 1] != "\\")]
    bounds = []
    edges = pipes[:]
    if not edges or edges[0] != lead:
        edges.insert(0, lead - 1)
    if edges[-1] != lead + len(s) - 1:
        edges.append(lead + len(s))
    for a, b in zip(edges, edges[1:]):
        bounds.append((a + 1, b))
    return [(base + a, base + b) for a, b in bounds]


def _normalise(chars: list[tuple[str, int]]) -> tuple[str, list[int], list[int]]:
    """Normalise cluster by cluster (NFC, ``Ð`` → ``Đ``, odd spaces), keeping raw offsets."""
    text: list[str] = []
    offs: list[int] = []
    ends: list[int] = []
    i = 0
    n = len(chars)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(chars[j][0]):
            j += 1
        piece = normalize_text("".join(c for c, _ in chars[i:j]))
        text.append(piece)
        offs.extend([chars[i][1]] * len(piece))
        ends.extend([chars[j - 1][1] + 1] * len(piece))
        i = j
    return "".join(text), offs, ends


def _strip(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    a, b = 0, len(chars)
    while a < b and chars[a][0].isspace():
        a += 1
    while b > a and chars[b - 1][0].isspace():
        b -= 1
    return chars[a:b]


def clean_markdown(raw: str) -> MarkdownClean:
    """The text of a Markdown file with its markup removed and a map back to raw offsets."""
    parts: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    warnings: list[str] = []
    rows: list[tuple[int, int]] = []
    header_cells: int | None = None
    pos = 0
    last_end = 0
    length = 0
    for lineno, line in enumerate(raw.splitlines(keepends=True), 1):
        body = line.splitlines()[0] if line else line
        here = pos
        pos += len(line)
        if not body.strip() or _HRULE.match(body) or _FENCE.match(body):
            header_cells = None
            continue
        if _TABLE_DELIM.match(body) and "|" in body:
            continue
        chars: list[tuple[str, int]]
        is_row = body.lstrip().startswith("|")
        if is_row:
            cells = _table_cells(body, here)
            if header_cells is None:
                header_cells = len(cells)
            elif len(cells) != header_cells:
                warnings.append(f"line {lineno}: table row has {len(cells)} cells, its header {header_cells}")
            chars = []
            for k, (a, b) in enumerate(cells):
                cell = _strip(_inline(raw[a:b], a, lineno, warnings))
                if k:
                    chars.extend([(" ", a - 1), ("|", a - 1), (" ", a - 1)])
                chars.extend(cell)
            while len(chars) >= 3 and [c for c, _ in chars[-3:]] == [" ", "|", " "]:
                chars = chars[:-3]  # empty trailing cells
            if len(chars) >= 2 and [c for c, _ in chars[-2:]] == [" ", "|"]:
                chars = chars[:-2]
        else:
            header_cells = None
            start = 0
            for pat in (_QUOTE, _HEADING, _LIST):
                m = pat.match(body, start)
                if m:
                    start = m.end()
            chars = _strip(_inline(body[start:], here + start, lineno, warnings))
        if not chars:
            continue
        text, offs, cluster_ends = _normalise(chars)
        if parts:
            parts.append("\n\n")
            offsets.extend([last_end, last_end])
            ends.extend([last_end, last_end])
            length += 2
        if is_row:
            rows.append((length, length + len(text)))
        parts.append(text)
        offsets.extend(offs)
        ends.extend(cluster_ends)
        length += len(text)
        last_end = cluster_ends[-1]
    offsets.append(last_end)
    return MarkdownClean("".join(parts), tuple(offsets), tuple(ends), tuple(warnings), tuple(rows))
