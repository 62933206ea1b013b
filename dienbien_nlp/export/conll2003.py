"""CoNLL-2003-style BIO export of sentence rows, with a parser that reads it back.

One token per line with four space-separated columns — token, POS (VLSP), chunk
(always ``O``: no chunking is done) and the BIO entity tag — a blank line after
every sentence, and a ``-DOCSTART- -X- -X- O`` line (followed by a blank line)
before each document. A multi-syllable word is written with ``_`` between its
syllables, as in the VLSP data (``Điện_Biên``); a literal ``_`` or ``\\`` is
escaped with a backslash and any other whitespace as ``\\uXXXX``, so
:func:`parse_conll2003` gives back exactly the tokens written.

Example:
    >>> rows = [{"doc_id": "d", "tokens": ["Điện Biên", "đẹp"], "pos_tags": ["Np", "A"],
    ...          "ner_tags": ["B-LOC", "O"]}]
    >>> print(to_conll2003(rows), end="")
    -DOCSTART- -X- -X- O
    <BLANKLINE>
    Điện_Biên Np O B-LOC
    đẹp A O O
    <BLANKLINE>
    >>> parse_conll2003(to_conll2003(rows))[0][0]["tokens"]
    ['Điện Biên', 'đẹp']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

DOCSTART = "-DOCSTART- -X- -X- O"
CHUNK = "O"


def escape_token(token: str) -> str:
    """A token as one whitespace-free column (``Điện Biên`` → ``Điện_Biên``)."""
    out = []
    for c in token:
        if c == " ":
            out.append("_")
        elif c in "_\\":
            out.append("\\" + c)
        elif c.isspace():
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return "".join(out)


_UNESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\(.)|(_)")


def unescape_token(column: str) -> str:
    """Inverse of :func:`escape_token`."""

    def sub(m: re.Match[str]) -> str:
        if m.group(1):
            return chr(int(m.group(1), 16))
        if m.group(2):
            return m.group(2)
        return " "

    return _UNESCAPE.sub(sub, column)


def to_conll2003(rows: Iterable[Mapping[str, Any]]) -> str:
    """Sentence rows (label names) as CoNLL-2003 text; a new ``-DOCSTART-`` whenever ``doc_id`` changes."""
    lines: list[str] = []
    doc_id: object = object()
    for row in rows:
        if row["doc_id"] != doc_id:
            doc_id = row["doc_id"]
            lines += [DOCSTART, ""]
        for tok, pos, ner in zip(row["tokens"], row["pos_tags"], row["ner_tags"], strict=True):
            lines.append(f"{escape_token(tok)} {pos or '_'} {CHUNK} {ner}")
        lines.append("")
    return "\n".join(lines) + ("\n" if lines else "")


def parse_conll2003(text: str) -> list[list[dict[str, list[str]]]]:
    """Documents of CoNLL-2003 text, each a list of sentences ``{"tokens", "pos_tags", "chunk_tags", "ner_tags"}``.

    Raises:
        ValueError: A line that does not have four columns (naming its line number).
    """
    docs: list[list[dict[str, list[str]]]] = []
    sent: dict[str, list[str]] | None = None

    def close() -> None:
        nonlocal sent
        if sent is not None:
            if not docs:
                docs.append([])
            docs[-1].append(sent)
            sent = None

    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            close()
            continue
        if line.startswith("-DOCSTART-"):
            close()
            docs.append([])
            continue
        cols = line.split(" ")
        if len(cols) != 4:
            raise ValueError(
                f"line {n}: expected 4 space-separated columns (token POS chunk NER), got {len(cols)}: {line!r}"
            )
        if sent is None:
            sent = {"tokens": [], "pos_tags": [], "chunk_tags": [], "ner_tags": []}
        sent["tokens"].append(unescape_token(cols[0]))
        sent["pos_tags"].append(cols[1])
        sent["chunk_tags"].append(cols[2])
        sent["ner_tags"].append(cols[3])
    close()
    return docs
