"""Dataset rows: the corpus as plain records, the common input of every exporter.

Three kinds of rows, one per Hugging Face config:

* :func:`sentence_rows` — one row per content sentence of a document, with its
  segment and speaker, tokens, VLSP and UD tags, BIO entity tags, entities
  (offsets inside the sentence), themes, CAP topics, the cross-validation fold
  and whether the annotation is ``gold`` or ``predicted``;
* :func:`document_rows` — metadata, segments and the cleaned article text;
* :func:`entity_rows` — one row per entity mention, with its normalised fields.

Rows hold label *names* (strings); the exporters turn them into ClassLabel ids,
BIO files or spaCy ``Doc`` objects (:func:`sentence_doc`). Every function here is
pure: the same inputs give the same rows.

Gold entity spans follow the annotation guidelines, not the tokenizer, so a span
may start or end inside a token (the source text has ``nhiệm kĐại hội``). Such a
span keeps its exact character offsets in ``entities``; its BIO tags cover the
tokens it touches. :func:`misaligned_entities` lists these spans for the build's
report.

Example:
    >>> from dienbien_nlp.export.rows import cap_topics
    >>> cap_topics(["history_tradition", "economy", "party_building", "ideology_propaganda"])
    ['Macroeconomics', 'Government Operations', 'Other']
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab, create_vocab

from ..annotation.records import EntitySpan
from ..corpus.documents import Document
from ..corpus.structure import Segment, segment_at, segment_document
from ..errors import DienbienError, Errors
from ..learn.spans import bio_over_tokens, spans_from_bio
from ..pipeline import extensions as _extensions  # noqa: F401  (registers span._.attrs and span._.themes)
from ..pipeline.sentences import content_sents
from ..schema import cap_of, cap_topic_names, load_schema, theme_ids

#: Columns of the ``sentences`` config, in order.
SENTENCE_COLUMNS = (
    "id", "doc_id", "segment_id", "segment_type", "speaker", "sentence_index", "text", "start", "end",
    "tokens", "pos_tags", "upos", "ner_tags", "entities", "themes", "cap_topics", "fold", "annotation",
    "genre", "split",
)  # fmt: skip

#: Normalised entity fields that hold a list of strings (all others hold one string).
LIST_FIELDS = frozenset({"positions"})

#: Folds of the paragraph-grouped cross-validation (the theme evaluation's seed-0 split).
N_FOLDS = 5
FOLD_SEED = 0

GOLD = "gold"
PREDICTED = "predicted"
SPACE_TAG = "_SP"


def normalised_fields() -> tuple[str, ...]:
    """Names of the normalised entity fields, from the schema (label order, then field order).

    Example:
        >>> normalised_fields()[:3]
        ('positions', 'admin_level', 'code')
    """
    out: dict[str, None] = {}
    for lab in load_schema()["entities"]["labels"]:
        for name in lab.get("fields", {}):
            out.setdefault(name, None)
    return tuple(out)


def entity_columns() -> tuple[str, ...]:
    """Columns of the ``entities`` config, in order (the normalised fields last)."""
    return (
        "id", "doc_id", "sentence_id", "start", "end", "sentence_start", "sentence_end", "label", "text",
        "annotation", "genre", "split", *normalised_fields(),
    )  # fmt: skip


def cap_topics(themes: Iterable[str]) -> list[str]:
    """CAP major-topic names of ``themes``, deduplicated, in the schema's CAP order.

    Themes without a CAP topic (``history_tradition``) map to ``Other``.
    """
    names = {cap_of(t)[1] for t in themes}
    return [n for n in cap_topic_names() if n in names]


def misaligned_entities(sdoc: Doc, entities: Iterable[EntitySpan]) -> list[EntitySpan]:
    """Entity spans whose start or end falls inside a token of ``sdoc``.

    They are kept with their exact offsets in the rows; their BIO tags cover the
    tokens they touch (see :func:`bio_over_tokens`).
    """
    return [e for e in entities if sdoc.char_span(e.start, e.end) is None]


def assign_folds(rows: Sequence[Mapping[str, Any]], n_splits: int = N_FOLDS, seed: int = FOLD_SEED) -> list[int]:
    """Cross-validation fold of every row: paragraph-grouped, multi-label stratified by themes.

    The groups are ``<doc_id>#<segment_id>`` (a segment is one paragraph), as in the
    theme evaluation, so on the gold sentences the folds are the evaluation's seed-0
    folds. Fewer than two paragraphs give fold 0 everywhere.
    """
    from ..learn.themes import grouped_multilabel_folds

    if not rows:
        return []
    groups = [f"{r['doc_id']}#{r['segment_id']}" for r in rows]
    if len(set(groups)) < 2:
        return [0] * len(rows)
    ids = theme_ids()
    y = np.array([[int(t in r["themes"]) for t in ids] for r in rows], dtype=int)
    return [int(f) for f in grouped_multilabel_folds(y, groups, n_splits, seed)]


def _broken(doc_id: str, detail: str) -> DienbienError:
    return DienbienError(Errors.E021.format(path=f"gold annotations of '{doc_id}'", detail=detail))


def sentence_rows(
    doc: Document,
    sdoc: Doc,
    segments: Sequence[Segment],
    gold_entities: Sequence[EntitySpan] | None = None,
    gold_themes: Sequence[Mapping[str, Any]] | None = None,
    split: str = "train",
) -> list[dict[str, Any]]:
    """The ``sentences`` rows of one document (columns: :data:`SENTENCE_COLUMNS`).

    With gold annotations, the sentences are the gold theme sentences and the
    entities the gold spans (``annotation == "gold"``); without, they are the
    pipeline's content sentences, ``doc.ents`` and ``sent._.themes``
    (``annotation == "predicted"``). Tokens, tags and BIO tags always come from
    ``sdoc``; whitespace tokens are left out.

    Args:
        doc: The corpus document.
        sdoc: The pipeline's ``Doc`` of ``doc.text``.
        segments: The document's segments (:func:`~dienbien_nlp.corpus.structure.segment_document`).
        gold_entities: Gold entity spans (:func:`~dienbien_nlp.annotation.records.load_entities`), or ``None``.
        gold_themes: Gold theme sentences (:func:`~dienbien_nlp.annotation.records.load_themes`), or ``None``.
            Give both gold layers or neither.

    Returns:
        One dict per sentence, in text order. ``start``/``end`` are offsets in
        ``doc.text``; entity offsets are inside the sentence.

    Raises:
        ValueError: ``sdoc`` is not a ``Doc`` of ``doc.text``, or only one gold layer is given.
        DienbienError: A gold span does not match the text or lies outside every gold sentence.

    Example:
        >>> rows = sentence_rows(doc, nlp(doc.text), segment_document(doc))  # doctest: +SKIP
        >>> rows[0]["annotation"]  # doctest: +SKIP
        'predicted'
    """
    text = doc.text
    if sdoc.text != text:
        raise ValueError(f"sdoc is not a Doc of the text of '{doc.id}': run the pipeline on doc.text")
    if (gold_entities is None) != (gold_themes is None):
        raise ValueError(f"'{doc.id}': give both gold layers (entities and themes) or neither")
    gold = gold_entities is not None
    order = {t: i for i, t in enumerate(theme_ids())}
    sents: list[tuple[str, int, int, list[str]]]
    ents: list[tuple[int, int, str]]
    if gold:
        sents = [(str(s["id"]), int(s["start"]), int(s["end"]), list(s["themes"])) for s in gold_themes or ()]
        ents = []
        for e in gold_entities or ():
            if text[e.start : e.end] != e.text:
                raise _broken(
                    doc.id, f"entity {e.start}-{e.end} {e.text!r} does not match the text ({text[e.start : e.end]!r})"
                )
            ents.append((e.start, e.end, e.label))
    else:
        sents = []
        for k, sp in enumerate(content_sents(sdoc)):
            th = sorted(set(sp._.themes or ()), key=order.__getitem__)
            sents.append((f"{doc.id}-{k + 1}", sp.start_char, sp.end_char, th))
        ents = [(e.start_char, e.end_char, e.label_) for e in sdoc.ents]
    words = [t for t in sdoc if not t.is_space]
    bounds = [(t.idx, t.idx + len(t.text)) for t in words]
    tok_starts = [b[0] for b in bounds]
    tok_ends = [b[1] for b in bounds]
    ents.sort()
    ent_starts = [x[0] for x in ents]
    used = [False] * len(ents)
    rows: list[dict[str, Any]] = []
    for k, (sid, s, e, themes) in enumerate(sents):
        idx = range(bisect.bisect_right(tok_ends, s), bisect.bisect_left(tok_starts, e))
        # A gold sentence boundary inside a token clips the token to the sentence.
        tok_bounds = [(max(bounds[i][0], s), min(bounds[i][1], e)) for i in idx]
        mine = []
        for j in range(bisect.bisect_left(ent_starts, s), bisect.bisect_left(ent_starts, e)):
            es, ee, label = ents[j]
            if ee <= e:
                used[j] = True
                mine.append((es, ee, label))
        seg = segment_at(segments, s)
        rows.append(
            {
                "id": sid,
                "doc_id": doc.id,
                "segment_id": seg.id if seg else None,
                "segment_type": seg.type if seg else None,
                "speaker": seg.speaker if seg else None,
                "sentence_index": k,
                "text": text[s:e],
                "start": s,
                "end": e,
                "tokens": [text[a:b] for a, b in tok_bounds],
                "pos_tags": [words[i].tag_ for i in idx],
                "upos": [words[i].pos_ for i in idx],
                "ner_tags": bio_over_tokens(tok_bounds, mine),
                "entities": [
                    {"start": es - s, "end": ee - s, "label": lab, "text": text[es:ee]} for es, ee, lab in mine
                ],
                "themes": themes,
                "cap_topics": cap_topics(themes),
                "fold": 0,
                "annotation": GOLD if gold else PREDICTED,
                "genre": doc.meta.genre,
                "split": split,
            }
        )
    lost = [ents[j] for j in range(len(ents)) if not used[j]]
    if lost:
        es, ee, label = lost[0]
        where = f"e.g. {label} {es}-{ee} {text[es:ee]!r}"
        if not gold:
            raise ValueError(f"'{doc.id}': {len(lost)} pipeline entity span(s) cross a sentence boundary, {where}")
        raise _broken(
            doc.id,
            f"{len(lost)} entity span(s) lie outside every gold sentence or cross a sentence boundary, "
            f"{where}; fix the spans or the theme sentences",
        )
    for row, fold in zip(rows, assign_folds(rows), strict=True):
        row["fold"] = fold
    return rows


def _segment_record(seg: Segment) -> dict[str, Any]:
    return {
        "id": seg.id, "type": seg.type, "speaker": seg.speaker, "turn": seg.turn,
        "paragraph": seg.paragraph, "start": seg.start, "end": seg.end,
    }  # fmt: skip


def document_rows(docs: Iterable[Document], splits: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The ``documents`` rows: metadata, segments and the cleaned article text.

    Example:
        >>> document_rows(load_corpus("corpus"))[0]["kind"]  # doctest: +SKIP
        'interview'
    """
    rows = []
    for doc in docs:
        m = doc.meta
        rows.append(
            {
                "id": m.id,
                "title": m.title,
                "published": m.published,
                "publisher": m.publisher,
                "authors": list(m.authors),
                "interviewer": m.interviewer,
                "interviewees": [{"name": p.name, "positions": list(p.positions)} for p in m.interviewees],
                "kind": m.kind,
                "language": m.language,
                "url": m.url,
                "rights": m.rights,
                "source_file": m.source_file,
                "source_sha256": m.sha256,
                "text_sha256": doc.text_sha256,
                "text": doc.text,
                "segments": [_segment_record(s) for s in segment_document(doc)],
                "genre": m.genre,
                "split": (splits or {}).get(m.id, "train"),
                "doc_type": m.doc_type,
                "number": m.number,
                "issuer": m.issuer,
                "signer": m.signer,
                "source": m.source,
            }
        )
    return rows


def _field_value(name: str, value: Any) -> Any:
    from .entity_fields import field_value

    return field_value(name, value)


def _resolution_attrs(sentence: str) -> dict[tuple[int, int], dict[str, Any]]:
    from ..docrefs.finders import find_doc_refs

    return {(r.start, r.end): r.as_attrs() for r in find_doc_refs(sentence)}


def entity_rows(rows: Sequence[Mapping[str, Any]], sdoc: Doc | None = None) -> list[dict[str, Any]]:
    """The ``entities`` rows of one document's sentence rows: one per mention.

    Normalised fields (:func:`normalised_fields`) come from the pipeline: the
    ``ent._.attrs`` of the entity of ``sdoc`` with the same offsets and label. A
    gold ``RESOLUTION`` the pipeline did not find is parsed by
    :func:`~dienbien_nlp.docrefs.find_doc_refs` on its sentence. Fields with no
    value are ``None``.

    Args:
        rows: :func:`sentence_rows` of one document.
        sdoc: The pipeline's ``Doc`` of that document, or ``None`` for no pipeline fields.
    """
    from .entity_fields import with_merger

    fields = normalised_fields()
    predicted: dict[tuple[int, int, str], Mapping[str, Any]] = {}
    if sdoc is not None:
        for ent in sdoc.ents:
            attrs = ent._.attrs
            if attrs:
                predicted[(ent.start_char, ent.end_char, ent.label_)] = attrs
    out: list[dict[str, Any]] = []
    count: dict[str, int] = {}
    for row in rows:
        refs: dict[tuple[int, int], dict[str, Any]] | None = None
        for ent in row["entities"]:
            start, end = row["start"] + ent["start"], row["start"] + ent["end"]
            attrs = predicted.get((start, end, ent["label"]))
            if attrs is None and ent["label"] == "RESOLUTION":
                refs = _resolution_attrs(row["text"]) if refs is None else refs
                attrs = refs.get((ent["start"], ent["end"]))
            attrs = with_merger(ent["label"], attrs)
            n = count[row["doc_id"]] = count.get(row["doc_id"], 0) + 1
            out.append(
                {
                    "id": f"{row['doc_id']}-e{n}",
                    "doc_id": row["doc_id"],
                    "sentence_id": row["id"],
                    "start": start,
                    "end": end,
                    "sentence_start": ent["start"],
                    "sentence_end": ent["end"],
                    "label": ent["label"],
                    "text": ent["text"],
                    "annotation": row["annotation"],
                    "genre": row["genre"],
                    "split": row["split"],
                    **{f: _field_value(f, attrs.get(f)) for f in fields},
                }
            )
    return out


def vietnamese_vocab() -> Vocab:
    """A fresh ``Vocab`` with spaCy's Vietnamese lexical attributes (``is_space``, ``like_num``, …)."""
    from spacy.lang.vi import Vietnamese

    return create_vocab("vi", Vietnamese.Defaults)


def sentence_doc(row: Mapping[str, Any], vocab: Vocab | None = None) -> Doc:
    """A sentence row as a spaCy ``Doc`` of one sentence: its text, tokens, tags, entities and ``cats``.

    Whitespace between tokens other than one space becomes whitespace tokens
    (tag ``_SP``), so that ``doc.text == row["text"]``. Entities are the spans of
    ``ner_tags`` (the covering tokens of a misaligned gold span); ``cats`` has every
    schema theme, 1.0 when the sentence carries it, else 0.0.

    Example:
        >>> row = {"text": "Hà Nội  đẹp", "tokens": ["Hà Nội", "đẹp"], "pos_tags": ["Np", "A"],
        ...        "upos": ["PROPN", "ADJ"], "ner_tags": ["B-LOC", "O"], "themes": []}
        >>> doc = sentence_doc(row)
        >>> [t.text for t in doc], [(e.text, e.label_) for e in doc.ents]
        (['Hà Nội', ' ', 'đẹp'], [('Hà Nội', 'LOC')])
    """
    text = row["text"]
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    pos: list[str] = []
    word_index: list[int] = []

    def gap(ws: str) -> None:
        if not ws:
            return
        if ws.strip():
            raise ValueError(f"row {row.get('id')!r}: tokens do not cover the text (unexpected {ws!r})")
        if words and not spaces[-1] and ws[0] == " ":
            spaces[-1] = True
            ws = ws[1:]
        if ws:
            words.append(ws)
            spaces.append(False)
            tags.append(SPACE_TAG)
            pos.append("SPACE")

    at = 0
    for tok, tag, upos in zip(row["tokens"], row["pos_tags"], row["upos"], strict=True):
        i = text.find(tok, at)
        if i < 0:
            raise ValueError(f"row {row.get('id')!r}: token {tok!r} is not in the text after offset {at}")
        gap(text[at:i])
        word_index.append(len(words))
        words.append(tok)
        spaces.append(False)
        tags.append(tag)
        pos.append(upos)
        at = i + len(tok)
    gap(text[at:])
    starts = [k == 0 for k in range(len(words))]  # one row, one sentence
    doc = Doc(vocab or vietnamese_vocab(), words=words, spaces=spaces, tags=tags, pos=pos, sent_starts=starts)
    doc.ents = [
        Span(doc, word_index[s], word_index[e - 1] + 1, label=label) for s, e, label in spans_from_bio(row["ner_tags"])
    ]
    doc.cats = {t: 1.0 if t in row["themes"] else 0.0 for t in theme_ids()}
    return doc


def news_rows(annotations_dir: str | Any = "annotations") -> list[dict[str, Any]]:
    """The ``news`` config: one row per gold sentence of the news standoff, offsets and labels only, no text.

    ``dienbien-nlp attach-texts`` fills in the texts for a user who has the VNTC sample.
    """
    from pathlib import Path

    from ..annotation.goldstats import splits
    from ..annotation.records import read_record
    from ..corpus.news import selection

    base = Path(annotations_dir) / "news"
    info = splits(annotations_dir)
    rows: list[dict[str, Any]] = []
    for art in selection(annotations_dir):
        ep, tp = base / "entities" / f"{art['doc_id']}.json", base / "themes" / f"{art['doc_id']}.json"
        if not (ep.exists() and tp.exists()):
            continue
        ents = sorted((e["start"], e["end"], e["label"]) for e in read_record(ep)["entities"])
        for s in read_record(tp)["sentences"]:
            rows.append(
                {
                    "id": s["id"],
                    "doc_id": art["doc_id"],
                    "vntc_id": art["vntc_id"],
                    "text_sha256": art["text_sha256"],
                    "genre": "news",
                    "split": info.get(art["doc_id"], {}).get("split", "train"),
                    "start": s["start"],
                    "end": s["end"],
                    "entities": [{"start": a, "end": b, "label": lab} for a, b, lab in ents if s["start"] <= a and b <= s["end"]],
                    "themes": list(s["themes"]),
                }
            )
    return rows
