"""Scoring the claim extractor against the claim gold, per split and genre.

The gold is ``annotations/claims/<doc_id>.json`` (the corpus's own documents) and
``annotations/news/claims/<doc_id>.json`` (VNTC articles, standoff: their texts come
from the VNTC sample and are hash-checked). Every document is run through the full
pipeline (``dienbien_nlp.load()``) and compared with
:func:`dienbien_nlp.claims.gold.compare_claims`; scores are pooled per split, per
genre and per split and genre, with the issue's bars checked on ``test``.

Example:
    >>> res = evaluate_claims("corpus", "annotations", splits=("dev",))  # doctest: +SKIP
    >>> res["by_split"]["dev"]["value_kind"]["f1"]  # doctest: +SKIP
    0.9
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..annotation.goldstats import splits as read_splits
from ..annotation.records import read_record
from ..corpus.documents import get_document, sha256_text
from ..errors import DienbienError, Errors
from .gold import FIELDS, compare_claims, pooled

#: The bars of the issue, checked on the ``test`` split.
BARS = {"value_kind_f1": 0.85, "complete_f1": 0.70, "number_accuracy": 0.98}
SPAN_FIELDS = ("value", "unit", "indicator", "place")


@dataclass
class ClaimDoc:
    """A document with claim gold: its text, genre, split and gold claims (spans with text)."""

    doc_id: str
    text: str
    genre: str
    split: str
    claims: list[dict[str, Any]]


def attach_claim_texts(record: dict[str, Any], text: str, where: str | Path = "<record>") -> dict[str, Any]:
    """A standoff claim record with the ``text`` of each span filled in (E052 when the text's hash differs)."""
    if sha256_text(text) != record.get("text_sha256"):
        raise DienbienError(Errors.E052.format(path=where, detail=f"{record.get('doc_id')}: the text's sha256 differs from the record's"))
    claims = []
    for c in record.get("claims") or []:
        c = dict(c)
        for f in SPAN_FIELDS:
            if isinstance(c.get(f), dict):
                c[f] = {**c[f], "text": text[c[f]["start"] : c[f]["end"]]}
        claims.append(c)
    return {**record, "claims": claims}


def load_claim_gold(
    corpus_dir: str | Path = "corpus", annotations_dir: str | Path = "annotations", vntc: str | Path | None = None
) -> tuple[list[ClaimDoc], str | None]:
    """Every document with claim gold, and why the news are missing (``None`` when they are in)."""
    from ..corpus.news import news_texts

    info = read_splits(annotations_dir)
    out: list[ClaimDoc] = []
    base = Path(annotations_dir)
    for path in sorted((base / "claims").glob("*.json")):
        rec = read_record(path)
        doc = get_document(rec["doc_id"], corpus_dir)
        meta = info.get(doc.id, {"genre": doc.meta.genre, "split": "train"})
        rec = attach_claim_texts(rec, doc.text, path)
        out.append(ClaimDoc(doc.id, doc.text, meta["genre"], meta["split"], rec["claims"]))
    missing = None
    news_files = sorted((base / "news" / "claims").glob("*.json"))
    if news_files:
        try:
            texts = news_texts(annotations_dir, vntc)
        except DienbienError as err:
            texts, missing = {}, str(err)
        for path in news_files:
            rec = read_record(path)
            if rec["doc_id"] not in texts:
                continue
            text = texts[rec["doc_id"]]
            meta = info.get(rec["doc_id"], {"genre": "news", "split": "train"})
            out.append(ClaimDoc(rec["doc_id"], text, meta["genre"], meta["split"], attach_claim_texts(rec, text, path)["claims"]))
    return out, missing


def round_documents(annotations_dir: str | Path, n: int) -> list[str]:
    """The documents of selection round ``n`` of ``claims-selection.json`` (round 1: those of no later round)."""
    path = Path(annotations_dir) / "claims-selection.json"
    try:
        sel = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise DienbienError(Errors.E021.format(path=path, detail=err)) from None
    rounds = {r["round"]: r["documents"] for r in sel.get("rounds", [])}
    later = {d for docs in rounds.values() for d in docs}
    rounds[1] = [d for d in sel["documents"] if d not in later]
    if n not in rounds:
        raise DienbienError(Errors.E090.format(path=path, splits=f"round {n} (rounds: {', '.join(map(str, sorted(rounds)))})"))
    return rounds[n]


def _bar(res: dict[str, Any] | None) -> dict[str, Any] | None:
    if not res:
        return None
    figures = {
        "value_kind_f1": res["value_kind"]["f1"],
        "complete_f1": res["complete"]["f1"],
        "number_accuracy": res["number_accuracy"],
    }
    return {
        name: {"value": v, "bar": BARS[name], "met": v is not None and v >= BARS[name]} for name, v in figures.items()
    }


def evaluate_claims(
    corpus_dir: str | Path = "corpus",
    annotations_dir: str | Path = "annotations",
    vntc: str | Path | None = None,
    *,
    splits: Iterable[str] | None = None,
    extract: Callable[[str], list[dict[str, Any]]] | None = None,
    documents: Iterable[str] | None = None,
    learned_filter: bool = True,
) -> dict[str, Any]:
    """Scores of the extractor on the claim gold: in all, per split, per genre and per split and genre.

    Args:
        splits: Only these splits (default: all).
        documents: Only these documents (e.g. one selection round, :func:`round_documents`).
        learned_filter: Keep the learned claim filter on (``False``: the rules alone).
        extract: ``text -> claims`` to score instead of the full pipeline.

    Returns:
        ``{"setup", "all", "by_split", "by_genre", "by_split_genre", "documents", "bar"}``; each score is
        :func:`~dienbien_nlp.claims.gold.pooled` (P/R/F1 of every field of ``FIELDS``, counts and
        ``number_accuracy``); ``bar`` checks the issue's bars on ``test`` (``None`` without it).
    """
    docs, missing = load_claim_gold(corpus_dir, annotations_dir, vntc)
    wanted = set(splits) if splits else None
    docs = [d for d in docs if wanted is None or d.split in wanted]
    if documents is not None:
        only = set(documents)
        docs = [d for d in docs if d.doc_id in only]
    if not docs:
        raise DienbienError(Errors.E090.format(path=Path(annotations_dir) / "claims", splits=", ".join(sorted(wanted or ())) or "any"))
    if extract is None:
        from ..pipeline.assemble import load

        nlp = load()
        if not learned_filter:
            nlp.replace_pipe("dienbien_claims", "dienbien_claims", config={"learned_filter": False})

        def extract(text: str) -> list[dict[str, Any]]:
            return list(nlp(text)._.claims or [])

    per: list[tuple[ClaimDoc, dict[str, Any]]] = []
    for d in docs:
        per.append((d, compare_claims(d.claims, extract(d.text), d.doc_id)))

    def pool(keep: Callable[[ClaimDoc], bool]) -> dict[str, Any]:
        rows = [r for d, r in per if keep(d)]
        return {"documents": len(rows), **pooled(rows)}

    split_names = sorted({d.split for d, _ in per})
    genres = sorted({d.genre for d, _ in per})
    by_split_genre = {
        f"{s}/{g}": pool(lambda d, s=s, g=g: d.split == s and d.genre == g)
        for s in split_names
        for g in genres
        if any(d.split == s and d.genre == g for d, _ in per)
    }
    by_split = {s: pool(lambda d, s=s: d.split == s) for s in split_names}
    return {
        "setup": {
            "fields": list(FIELDS),
            "documents": {d.doc_id: {"genre": d.genre, "split": d.split, "gold_claims": len(d.claims)} for d, _ in per},
            "news": "included" if missing is None else f"left out: {missing}",
        },
        "all": pool(lambda d: True),
        "by_split": by_split,
        "by_genre": {g: pool(lambda d, g=g: d.genre == g) for g in genres},
        "by_split_genre": by_split_genre,
        "documents": {d.doc_id: r for d, r in per},
        "bar": _bar(by_split.get("test")),
    }


def describe(res: dict[str, Any]) -> list[list[str]]:
    """Table rows ``[group, documents, gold, pred, F1 per field …, number accuracy]`` of :func:`evaluate_claims`."""
    rows = []
    groups = [("all", res["all"])] + [(f"split {k}", v) for k, v in res["by_split"].items()]
    groups += [(f"genre {k}", v) for k, v in res["by_genre"].items()] + list(res["by_split_genre"].items())
    for name, r in groups:
        acc = r["number_accuracy"]
        empty = r["counts"]["gold"] == 0 and r["counts"]["pred"] == 0  # nothing to find and nothing found
        rows.append(
            [name, str(r["documents"]), str(r["counts"]["gold"]), str(r["counts"]["pred"])]
            + ["-" if empty else f"{r[f]['f1']:.3f}" for f in FIELDS]
            + ["-" if acc is None else f"{acc:.3f}"]
        )
    return rows


def validate_claim_files(
    root: str | Path = "annotations", corpus_dir: str | Path = "corpus", vntc: str | Path | None = None
) -> tuple[int, list[str]]:
    """Check every claim gold and pass file: header, text hash, fields, span texts; ``(files, problems)``.

    News records are standoff: they must hold no span text, and are checked against the
    article's text when the VNTC sample is found (else only what needs no text).
    """
    from ..corpus.news import news_texts
    from .gold import validate_claims

    base = Path(root)
    problems: list[str] = []
    own = sorted(base.glob("claims/*.json")) + sorted(base.glob("passes/claims/*/*.json"))
    news = sorted(base.glob("news/claims/*.json")) + sorted(base.glob("news/passes/claims/*/*.json"))
    texts: dict[str, str] | None = None
    if news:
        try:
            texts = news_texts(root, vntc)
        except DienbienError:
            texts = None
    for path in own + news:
        try:
            rec = read_record(path)
        except DienbienError as err:
            problems.append(str(err))
            continue
        doc_id = rec.get("doc_id")
        if not isinstance(doc_id, str) or not isinstance(rec.get("claims"), list):
            problems.append(f"{path}: record 'header': needs 'doc_id' and a 'claims' list")
            continue
        text: str | None = None
        if path in own:
            try:
                text = get_document(doc_id, corpus_dir).text
            except DienbienError as err:
                problems.append(f"{path}: record 'header': {err}")
                continue
        else:
            if any(isinstance(c, dict) and isinstance(c.get(f), dict) and "text" in c[f] for c in rec["claims"] for f in SPAN_FIELDS):
                problems.append(f"{path}: a news standoff record must not hold text")
                continue
            text = texts.get(doc_id) if texts is not None else None
        if text is not None and rec.get("text_sha256") != sha256_text(text):
            problems.append(f"{path}: record 'header': text_sha256 does not match the document text")
            continue
        problems += [f"{path}: {p}" for p in validate_claims(rec, text)]
    return len(own) + len(news), problems


def train_shipped_claim_filter(
    corpus_dir: str | Path, annotations_dir: str | Path, out: str | Path, vntc: str | Path | None = None
) -> tuple[Path, dict[str, Any]]:
    """Train the learned claim filter on the ``train`` and ``dev`` claim gold and write it to ``out``.

    The ``test`` documents are left out, so that ``evaluate claims`` on ``test`` stays a figure on unseen
    text; train and dev figures of the pipeline are in-sample for the filter (and for the rules).
    The sentences are the pipeline's own, as at run time.
    """
    from ..learn.claim_filter import train_claim_filter
    from ..pipeline.assemble import load

    docs, _missing = load_claim_gold(corpus_dir, annotations_dir, vntc)
    docs = [d for d in docs if d.split in ("train", "dev")]
    nlp = load(entities=False, themes=False, claims=False)
    data = []
    for d, sdoc in zip(docs, nlp.pipe(d.text for d in docs)):
        data.append((d.text, d.claims, [(s.start_char, s.end_char) for s in sdoc.sents]))
    flt = train_claim_filter(data)
    flt.meta["trained_on"] = "the train and dev claim gold"
    return flt.save(out), flt.meta
