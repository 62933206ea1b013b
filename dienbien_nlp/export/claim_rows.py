"""Rows of the ``claims`` config: one indicator claim per row, from the claim gold or the extractor.

A document with claim gold (``annotations/claims/<doc_id>.json``) gives its
adjudicated claims (``annotation == "gold"``); any other document gives what the
pipeline's claim extractor put on ``doc._.claims`` (``annotation == "predicted"``).
News claim gold (``annotations/news/claims/``) is not exported: the news texts may
not be redistributed, and a claim's texts are its point.

Example:
    >>> claim = {"value": {"start": 4, "end": 6, "text": "12"}, "number": 12, "qualifier": "eq", "unit": None,
    ...          "unit_norm": "percent", "indicator": None, "kind": "achieved", "time": "2020", "base_time": None,
    ...          "place": None}
    >>> row = claim_rows("d", [claim], [{"id": "d-1", "start": 0, "end": 10}], annotation="gold",
    ...                  genre="news", split="test")[0]
    >>> row["id"], row["sentence_id"], row["sentence_start"], row["number"]
    ('d-c1', 'd-1', 4, 12.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .rows import GOLD, PREDICTED

#: The spans of a claim, each exported as ``<name>_start``, ``<name>_end`` and ``<name>_text``.
SPANS = ("value", "unit", "indicator", "place")
CLAIM_COLUMNS = (
    "id", "doc_id", "sentence_id", "sentence_start", "sentence_end",
    "value_start", "value_end", "value_text", "number", "qualifier",
    "unit_start", "unit_end", "unit_text", "unit_norm",
    "indicator_start", "indicator_end", "indicator_text",
    "kind", "time", "base_time",
    "place_start", "place_end", "place_text",
    "annotation", "genre", "split",
)  # fmt: skip


def claim_gold_path(doc_id: str, annotations_dir: str | Path) -> Path:
    """The claim gold file of a corpus document."""
    return Path(annotations_dir) / "claims" / f"{doc_id}.json"


def document_claims(
    doc_id: str, text: str, annotations_dir: str | Path, sdoc: Any | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """``(claims, annotation)`` of a document: its gold when it has some, else the pipeline's ``doc._.claims``.

    ``annotation`` is ``gold``, ``predicted``, or ``None`` when there are neither.

    Raises:
        DienbienError: E052 when the gold file belongs to another text.
    """
    from ..annotation.records import read_record
    from ..claims.evaluate import attach_claim_texts

    path = claim_gold_path(doc_id, annotations_dir)
    if path.exists():
        return list(attach_claim_texts(read_record(path), text, path)["claims"]), GOLD
    if sdoc is not None and sdoc.has_extension("claims") and sdoc._.claims is not None:
        return list(sdoc._.claims), PREDICTED
    return [], None


def claim_rows(
    doc_id: str,
    claims: Iterable[Mapping[str, Any]],
    sentences: Sequence[Mapping[str, Any]],
    *,
    annotation: str,
    genre: str,
    split: str,
) -> list[dict[str, Any]]:
    """The ``claims`` rows of one document, in text order.

    Args:
        doc_id: The document id.
        claims: Claim records (spans as ``{"start", "end", "text"}`` document offsets).
        sentences: The document's ``sentences`` rows (``id``, ``start``, ``end``): the sentence holding
            a claim's value gives ``sentence_id`` and the value's offsets inside it.
        annotation: ``gold`` or ``predicted``.
        genre, split: The document's genre and split.
    """
    sents = sorted(sentences, key=lambda r: r["start"])
    rows = []
    for k, c in enumerate(sorted(claims, key=lambda c: (c["value"]["start"], c["value"]["end"])), 1):
        v = c["value"]
        home = next((s for s in sents if s["start"] <= v["start"] < s["end"]), None)
        row: dict[str, Any] = {
            "id": f"{doc_id}-c{k}",
            "doc_id": doc_id,
            "sentence_id": home["id"] if home else None,
            "sentence_start": v["start"] - home["start"] if home else None,
            "sentence_end": v["end"] - home["start"] if home else None,
        }
        for name in SPANS:
            sp = c.get(name)
            row[f"{name}_start"] = sp["start"] if sp else None
            row[f"{name}_end"] = sp["end"] if sp else None
            row[f"{name}_text"] = sp.get("text") if sp else None
        row.update(
            number=float(c["number"]) if c.get("number") is not None else None,
            qualifier=c.get("qualifier"),
            unit_norm=c.get("unit_norm"),
            kind=c.get("kind"),
            time=c.get("time"),
            base_time=c.get("base_time"),
            annotation=annotation,
            genre=genre,
            split=split,
        )
        rows.append({col: row[col] for col in CLAIM_COLUMNS})
    return rows


def corpus_claim_rows(
    docs: Iterable[Any],
    sdocs: Mapping[str, Any],
    sentences: Sequence[Mapping[str, Any]],
    annotations_dir: str | Path,
) -> list[dict[str, Any]]:
    """The ``claims`` rows of every document (gold where there is claim gold, else predicted).

    Args:
        docs: The corpus documents.
        sdocs: The pipeline's ``Doc`` per document id (a ``(Doc, ...)`` tuple is fine), for predicted claims.
        sentences: The ``sentences`` rows of all documents (they give sentence ids, genre and split).
        annotations_dir: The gold annotations folder.
    """
    by_doc: dict[str, list[Mapping[str, Any]]] = {}
    for r in sentences:
        by_doc.setdefault(r["doc_id"], []).append(r)
    rows: list[dict[str, Any]] = []
    for doc in docs:
        sdoc = sdocs.get(doc.id)
        if isinstance(sdoc, tuple):
            sdoc = sdoc[0]
        claims, annotation = document_claims(doc.id, doc.text, annotations_dir, sdoc)
        sents = by_doc.get(doc.id, [])
        if annotation is None or not sents:
            continue
        rows += claim_rows(
            doc.id, claims, sents, annotation=annotation, genre=sents[0]["genre"], split=sents[0]["split"]
        )
    return rows
