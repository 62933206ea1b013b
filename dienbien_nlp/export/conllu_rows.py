r"""CoNLL-U of sentence rows (gold or predicted), written by :mod:`dienbien_nlp.export.conllu`.

The rows' own tokens, tags and BIO tags are written, so gold entities are in
``MISC`` ``NER=`` even where the pipeline predicts none. Comments: ``newdoc id``
before a document's first sentence, then ``sent_id``, ``text``, ``themes`` (comma-separated
theme ids) when the sentence has any, and ``speaker`` and ``segment_type`` when known
(``dienbien-nlp tag --format conllu`` writes the same, with ``start_char`` for the last two). ``SpaceAfter=No`` (or ``SpacesAfter=``) restores
the sentence text exactly.

Example:
    >>> row = {"id": "d-1", "doc_id": "d", "text": "Điện Biên đẹp.", "tokens": ["Điện Biên", "đẹp", "."],
    ...        "pos_tags": ["Np", "A", "CH"], "upos": ["PROPN", "ADJ", "PUNCT"],
    ...        "ner_tags": ["B-LOC", "O", "O"], "themes": [], "speaker": None, "segment_type": "title"}
    >>> rows_to_conllu([row]).splitlines()[4].split("\t")
    ['1', 'Điện Biên', '_', 'PROPN', 'Np', '_', '_', '_', '_', 'NER=B-LOC']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from spacy.vocab import Vocab

from .conllu import sentence_to_conllu
from .rows import sentence_doc, vietnamese_vocab


def rows_to_conllu(rows: Iterable[Mapping[str, Any]], vocab: Vocab | None = None) -> str:
    """Sentence rows as CoNLL-U (one block per row, in row order)."""
    vocab = vocab or vietnamese_vocab()
    parts: list[str] = []
    doc_id: object = object()
    for row in rows:
        doc = sentence_doc(row, vocab)
        comments = {"themes": ",".join(row["themes"])} if row.get("themes") else {}
        comments.update({key: row[key] for key in ("speaker", "segment_type") if row.get(key)})
        block = sentence_to_conllu(doc[:], row["id"], comments)
        if row["doc_id"] != doc_id:
            doc_id = row["doc_id"]
            block = f"# newdoc id = {doc_id}\n{block}"
        parts.append(block)
    return "".join(parts)
