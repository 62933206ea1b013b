"""The dataset card's field documentation: prose for every column of every config, and readable types.

Example:
    >>> field_docs("claims")["number"].startswith("The value read as a number")
    True
"""

from __future__ import annotations

from typing import Any

from datasets import ClassLabel, Features, List, Value

from ..schema import load_schema
from .hf import features

#: Prose for every column of every config (normalised entity fields come from the schema).
FIELD_DOCS: dict[str, dict[str, str]] = {
    "sentences": {
        "id": "Sentence id, `<doc_id>-<n>` (1-based, in text order).",
        "doc_id": "Id of the document (see the `documents` config).",
        "segment_id": "Id of the article segment (paragraph) that holds the sentence, `s01`, `s02`, …",
        "segment_type": "Type of that segment: title, dateline, lead, caption, question, answer or byline.",
        "speaker": "Who speaks: `interviewer`, the interviewee's name, or null outside questions and answers.",
        "sentence_index": "0-based position of the sentence in its document.",
        "text": "The sentence, exactly as in the cleaned document text.",
        "start": "Character offset (Python `str` index) of the sentence in the document text.",
        "end": "Character offset just after the sentence; `text == document.text[start:end]`.",
        "tokens": "Words from underthesea, aligned to the text; a multi-syllable word keeps its inner spaces; "
        "whitespace is not a token.",
        "pos_tags": "VLSP part-of-speech tag of each token (underthesea).",
        "upos": "Universal Dependencies UPOS of each token, mapped from the VLSP tag.",
        "ner_tags": "BIO entity tag of each token. A span that starts or ends inside a token is tagged on the "
        "tokens it touches; `entities` keeps its exact offsets.",
        "entities": "Entity mentions with character offsets inside the sentence: `start`, `end`, `label`, `text`.",
        "themes": "Policy themes of the sentence (zero or more).",
        "cap_topics": "CAP major topics of those themes, deduplicated (`Other` for a theme with no CAP topic).",
        "fold": "Cross-validation fold: paragraph-grouped, multi-label stratified by theme.",
        "annotation": "`gold` for the adjudicated gold (two passes by automated annotators), `predicted` for "
        "pipeline output on documents without gold.",
        "genre": "Genre of the document: `interview`, `official` (party and state documents) or `news`.",
        "split": "Document split: `train`, `dev` or `test` (`annotations/splits.json`); `test` documents were annotated before any rule or model was changed for them.",
    },
    "documents": {
        "id": "Document id.",
        "title": "Title of the article.",
        "published": "Publication date and time (ISO 8601).",
        "publisher": "Publisher.",
        "authors": "Authors as the byline gives them.",
        "interviewer": "The interviewer, for interviews.",
        "interviewees": "Interviewees with the positions the text gives them.",
        "kind": "Kind of text: interview, news, speech, report, legal, official or other.",
        "language": "ISO 639-1 language code.",
        "url": "Source URL, where known.",
        "rights": "The rights note of the source text.",
        "source_file": "Name of the raw source file in the corpus.",
        "source_sha256": "sha256 of the raw source file, byte for byte.",
        "text_sha256": "sha256 of the cleaned text (gold annotations are keyed by it).",
        "text": "The cleaned article text that every offset refers to (page furniture removed).",
        "segments": "Typed article segments (paragraphs): id, type, speaker, turn, paragraph, start, end.",
        "genre": "Genre of the document: `interview`, `official` (party and state documents) or `news`.",
        "split": "Document split: `train`, `dev` or `test` (`annotations/splits.json`); `test` documents were annotated before any rule or model was changed for them.",
        "doc_type": "Official documents: the document type as printed (Nghị quyết, Kế hoạch, Phụ lục).",
        "number": "Official documents: number and symbol (57-NQ/TW).",
        "issuer": "Official documents: the issuing body.",
        "signer": "Official documents: the signer, where printed.",
        "source": "Where the file was taken from.",
    },
    "entities": {
        "id": "Mention id, `<doc_id>-e<n>` in text order.",
        "doc_id": "Id of the document.",
        "sentence_id": "Id of the sentence that holds the mention (see `sentences`).",
        "start": "Character offset of the mention in the document text.",
        "end": "Character offset just after the mention in the document text.",
        "sentence_start": "Character offset of the mention inside its sentence.",
        "sentence_end": "Character offset just after the mention inside its sentence.",
        "label": "Entity label.",
        "text": "The mention as written.",
        "annotation": "`gold` or `predicted`, as for the sentence.",
        "genre": "Genre of the document: `interview`, `official` (party and state documents) or `news`.",
        "split": "Document split: `train`, `dev` or `test` (`annotations/splits.json`); `test` documents were annotated before any rule or model was changed for them.",
    },
    "claims": {
        "id": "Claim id, `<doc_id>-c<n>` in text order.",
        "doc_id": "Id of the document.",
        "sentence_id": "Id of the sentence that holds the claim's value (see `sentences`).",
        "sentence_start": "Character offset of the value inside its sentence.",
        "sentence_end": "Character offset just after the value inside its sentence.",
        "value_start": "Character offset of the value (the number as written) in the document text.",
        "value_end": "Character offset just after the value.",
        "value_text": "The value as written (`1.640`, `61,15`, `hai`).",
        "number": "The value read as a number, scale words folded in (`1.640 tỷ đồng` is 1.64e12).",
        "qualifier": "How the number bounds the quantity: `eq`, `approx`, `gt`, `ge`, `lt` or `le`.",
        "unit_start": "Character offset of the unit as written (null when the text writes none).",
        "unit_end": "Character offset just after the unit.",
        "unit_text": "The unit as written (`%`, `tỷ đồng`, `ha`).",
        "unit_norm": "The normalised unit.",
        "indicator_start": "Character offset of the indicator: what the number measures (null when not stated).",
        "indicator_end": "Character offset just after the indicator.",
        "indicator_text": "The indicator as written (`Tổng sản lượng lương thực`, `tỷ lệ hộ nghèo`).",
        "kind": "`achieved` (a level reached), `change` (growth or fall), `target` or `forecast`.",
        "time": "When the value holds, as the text gives it: a year (`2023`) or a period (`2016/2020`).",
        "base_time": "For a change, the time it is measured from (null otherwise).",
        "place_start": "Character offset of the place the claim is about (null when not stated in the sentence).",
        "place_end": "Character offset just after the place.",
        "place_text": "The place as written.",
        "annotation": "`gold` for the adjudicated claim gold, `predicted` for the claim extractor's output on documents "
        "without claim gold.",
        "genre": "Genre of the document: `interview`, `official` (party and state documents) or `news`.",
        "split": "Document split: `train`, `dev` or `test` (`annotations/splits.json`).",
    },
    "news": {
        "id": "Sentence id, `<doc_id>-<n>`.",
        "doc_id": "Id of the news article in this dataset.",
        "vntc_id": "The article's id in the VNTC corpus (its file path there).",
        "text_sha256": "sha256 of the article's cleaned text (`dienbien_nlp.corpus.cleaning.clean_article`); "
        "`dienbien-nlp attach-texts` refuses a text with another hash.",
        "genre": "Genre of the document: `interview`, `official` (party and state documents) or `news`.",
        "split": "Document split: `train`, `dev` or `test` (`annotations/splits.json`); `test` documents were annotated before any rule or model was changed for them.",
        "start": "Character offset of the sentence in the cleaned article text (no text is distributed).",
        "end": "Character offset just after the sentence.",
        "entities": "Gold entity mentions inside the sentence: `start`, `end` (offsets in the article text) and `label`.",
        "themes": "Gold policy themes of the sentence.",
    },
}



def type_name(feature: Any) -> str:
    """A readable type of a ``datasets`` feature (``list of ClassLabel (13 names)``)."""
    if isinstance(feature, Value):
        return feature.dtype
    if isinstance(feature, ClassLabel):
        return f"ClassLabel ({feature.num_classes} names)"
    if isinstance(feature, List):
        return f"list of {type_name(feature.feature)}"
    if isinstance(feature, dict):
        return "struct {" + ", ".join(f"{k}: {type_name(v)}" for k, v in feature.items()) + "}"
    return type(feature).__name__


def field_docs(config: str) -> dict[str, str]:
    """Description of every column of ``config`` (raises ``KeyError`` for an undocumented column)."""
    docs = dict(FIELD_DOCS[config])
    if config == "entities":
        for lab in load_schema()["entities"]["labels"]:
            for name, text in lab.get("fields", {}).items():
                docs.setdefault(name, f"Normalised field of {lab['id']}: {text} (null when not found).")
    feats = features(config)
    return {col: docs[col] for col in feats}


def class_labels(feats: Features) -> list[tuple[str, ClassLabel]]:
    out: list[tuple[str, ClassLabel]] = []

    def walk(name: str, f: Any) -> None:
        if isinstance(f, ClassLabel):
            out.append((name, f))
        elif isinstance(f, List):
            walk(name, f.feature)
        elif isinstance(f, dict):
            for k, v in f.items():
                walk(f"{name}.{k}", v)

    for col, f in feats.items():
        walk(col, f)
    return out
