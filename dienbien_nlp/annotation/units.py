"""Sentence units: the sentences that theme labels attach to, as character spans.

One definition serves annotation tasks, gold theme records and the dataset:
the pipeline's sentences, trimmed of surrounding whitespace, with whitespace-only
sentences dropped. Ids are ``<doc_id>-<n>``, counted from 1 in text order.

Example:
    >>> units = sentence_units({"d": "Một câu.\\n\\nCâu hai."})
    >>> [(u["id"], u["text"]) for u in units["d"]]
    [('d-1', 'Một câu.'), ('d-2', 'Câu hai.')]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the whitespace at either edge (``start == end`` when only whitespace)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_units(texts: Mapping[str, str], nlp: Any = None) -> dict[str, list[dict[str, Any]]]:
    """The sentence units of each text, keyed by document id."""
    if nlp is None:
        from ..pipeline.assemble import load

        nlp = load(entities=False, themes=False)
    out: dict[str, list[dict[str, Any]]] = {}
    ids = list(texts)
    for doc_id, doc in zip(ids, nlp.pipe(texts[i] for i in ids)):
        units = []
        for sent in doc.sents:
            s, e = trimmed(doc.text, sent.start_char, sent.end_char)
            if s < e:
                units.append({"id": f"{doc_id}-{len(units) + 1}", "start": s, "end": e, "text": doc.text[s:e]})
        out[doc_id] = units
    return out
