"""The whole gold as one list of documents: the corpus's own documents and the news standoff.

Each :class:`GoldDoc` carries its text, genre, split and both gold layers, so that
evaluations can train on ``train`` and report ``dev`` and ``test`` per genre. News
articles are included when the VNTC sample is found (their texts are read from it and
hash-checked); without it they are left out and :func:`load_gold` says so in
``missing``.

Example:
    >>> from dienbien_nlp.annotation.gold import load_gold
    >>> docs, missing = load_gold("corpus", "annotations")  # doctest: +SKIP
    >>> sorted({d.split for d in docs})  # doctest: +SKIP
    ['dev', 'test', 'train']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus.documents import load_corpus
from ..errors import DienbienError
from .goldstats import splits
from .records import entity_path, read_record, theme_path

SPLITS = ("train", "dev", "test")


@dataclass
class GoldDoc:
    """One gold document: text, genre, split, entity spans ``(start, end, label)`` and theme sentences."""

    doc_id: str
    text: str
    genre: str
    split: str
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)


def load_gold(
    corpus_dir: str | Path = "corpus",
    annotations_dir: str | Path = "annotations",
    vntc: str | Path | None = None,
    *,
    news: bool = True,
) -> tuple[list[GoldDoc], str | None]:
    """Every document with both gold layers, and why the news are missing (``None`` when they are in)."""
    from ..corpus.news import attach_texts, news_texts

    info = splits(annotations_dir)
    out: list[GoldDoc] = []
    for doc in load_corpus(corpus_dir):
        ep, tp = entity_path(doc.id, annotations_dir), theme_path(doc.id, annotations_dir)
        if not (ep.exists() and tp.exists()):
            continue
        meta = info.get(doc.id, {"genre": doc.meta.genre, "split": "train"})
        ents = [(e["start"], e["end"], e["label"]) for e in read_record(ep)["entities"]]
        out.append(GoldDoc(doc.id, doc.text, meta["genre"], meta["split"], ents, list(read_record(tp)["sentences"])))
    missing = None
    base = Path(annotations_dir) / "news"
    if news and (base / "entities").is_dir():
        try:
            texts = news_texts(annotations_dir, vntc)
        except DienbienError as err:
            texts, missing = {}, str(err)
        for doc_id, text in sorted(texts.items()):
            ep, tp = base / "entities" / f"{doc_id}.json", base / "themes" / f"{doc_id}.json"
            if not (ep.exists() and tp.exists()):
                continue
            erec = attach_texts(read_record(ep), text, ep)
            trec = attach_texts(read_record(tp), text, tp)
            meta = info.get(doc_id, {"genre": "news", "split": "train"})
            ents = [(e["start"], e["end"], e["label"]) for e in erec["entities"]]
            out.append(GoldDoc(doc_id, text, meta["genre"], meta["split"], ents, trec["sentences"]))
    return out, missing
