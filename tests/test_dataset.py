"""Dataset rows: sentence, document and entity rows from the corpus and the gold."""

from __future__ import annotations

import numpy as np
import pytest

from dienbien_nlp.annotation.records import EntitySpan, load_entities, load_themes
from dienbien_nlp.corpus import Document, Metadata
from dienbien_nlp.corpus.structure import segment_document
from dienbien_nlp.errors import DienbienError
from dienbien_nlp.export.conllu import bio_tags
from dienbien_nlp.export.rows import (
    GOLD,
    PREDICTED,
    SENTENCE_COLUMNS,
    cap_topics,
    document_rows,
    entity_columns,
    entity_rows,
    misaligned_entities,
    normalised_fields,
    sentence_doc,
    sentence_rows,
)
from dienbien_nlp.learn.spans import bio_over_tokens, spans_from_bio
from dienbien_nlp.schema import theme_ids

from .conftest import ROOT

ANNOTATIONS = ROOT / "annotations"


@pytest.fixture(scope="module")
def tok_nlp():
    """Tokenizer, tags and sentences only: the parts of the pipeline the rows are built from."""
    from dienbien_nlp.pipeline import blank

    nlp = blank()
    nlp.add_pipe("dienbien_sentences")
    return nlp


@pytest.fixture(scope="module")
def gold(tok_nlp, interview):
    sdoc = tok_nlp(interview.text)
    ents = load_entities(interview.id, ANNOTATIONS)
    themes = load_themes(interview.id, ANNOTATIONS)
    rows = sentence_rows(interview, sdoc, segment_document(interview), ents, themes)
    return {"sdoc": sdoc, "entities": ents, "themes": themes, "rows": rows}


def small_doc(text: str, doc_id: str = "small") -> Document:
    meta = Metadata(id=doc_id, source_file=f"{doc_id}.txt", text_file=f"{doc_id}.txt", sha256="0" * 64, language="vi")
    return Document(meta, text)


# ---------------------------------------------------------------- helpers, as tables


@pytest.mark.parametrize(
    ("themes", "expected"),
    [
        ([], []),
        (["economy"], ["Macroeconomics"]),
        (["history_tradition"], ["Other"]),
        (["party_building", "ideology_propaganda", "state_administration"], ["Government Operations"]),
        (["history_tradition", "health", "economy"], ["Macroeconomics", "Health", "Other"]),
    ],
)
def test_cap_topics(themes, expected):
    assert cap_topics(themes) == expected


@pytest.mark.parametrize(
    ("bounds", "entities", "expected"),
    [
        ([(0, 3), (4, 8), (9, 12)], [], ["O", "O", "O"]),
        ([(0, 3), (4, 8), (9, 12)], [(4, 12, "LOC")], ["O", "B-LOC", "I-LOC"]),
        # misaligned: starts inside the second token, ends inside the third
        ([(0, 3), (4, 8), (9, 12)], [(6, 10, "ORG")], ["O", "B-ORG", "I-ORG"]),
        # two spans expanding onto one token: the first is kept
        ([(0, 3), (4, 8)], [(0, 5, "PER"), (6, 8, "LOC")], ["B-PER", "I-PER"]),
        ([(0, 3), (4, 8)], [(0, 3, "PER"), (4, 8, "PER")], ["B-PER", "B-PER"]),
    ],
)
def test_bio_over_tokens(bounds, entities, expected):
    assert bio_over_tokens(bounds, entities) == expected


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["O", "O"], []),
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
        (["I-ORG", "I-ORG"], [(0, 2, "ORG")]),
        (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),
    ],
)
def test_spans_from_bio(tags, spans):
    assert spans_from_bio(tags) == spans


def test_normalised_fields_come_from_the_schema():
    from dienbien_nlp.schema import load_schema

    declared = {k for lab in load_schema()["entities"]["labels"] for k in lab.get("fields", {})}
    assert set(normalised_fields()) == declared
    assert entity_columns()[-len(normalised_fields()) :] == normalised_fields()


# ---------------------------------------------------------------- gold rows of the interview


def test_gold_rows_have_exactly_the_issue_columns(gold):
    assert gold["rows"]
    for row in gold["rows"]:
        assert tuple(row) == SENTENCE_COLUMNS
        assert row["annotation"] == GOLD


def test_gold_rows_are_the_gold_sentences(gold, interview):
    rows = gold["rows"]
    assert [(r["id"], r["start"], r["end"], r["themes"]) for r in rows] == [
        (s["id"], s["start"], s["end"], s["themes"]) for s in gold["themes"]
    ]
    for k, row in enumerate(rows):
        assert row["sentence_index"] == k
        assert row["text"] == interview.text[row["start"] : row["end"]]


def test_tokens_tags_and_offsets_line_up(gold):
    for row in gold["rows"]:
        n = len(row["tokens"])
        assert n and len(row["pos_tags"]) == len(row["upos"]) == len(row["ner_tags"]) == n
        assert all(t.strip() == t and t for t in row["tokens"]), "no whitespace tokens, no padding"
        at = 0
        for tok in row["tokens"]:
            i = row["text"].index(tok, at)
            assert not row["text"][at:i].strip()
            at = i + len(tok)
        for e in row["entities"]:
            assert row["text"][e["start"] : e["end"]] == e["text"]
        assert "_SP" not in row["pos_tags"]


def test_every_gold_entity_is_in_exactly_one_row(gold):
    got = [
        EntitySpan(r["start"] + e["start"], r["start"] + e["end"], e["label"], e["text"])
        for r in gold["rows"]
        for e in r["entities"]
    ]
    assert sorted(got, key=_key) == sorted(gold["entities"], key=_key)


def _key(span: EntitySpan) -> tuple[int, int, str]:
    return span.start, span.end, span.label


def test_misaligned_gold_spans_are_reported_and_expanded(gold, interview):
    bad = misaligned_entities(gold["sdoc"], gold["entities"])
    assert bad, "the interview has spans inside tokens (e.g. 'nhiệm kĐại hội')"
    for span in bad:
        row = next(r for r in gold["rows"] if r["start"] <= span.start < r["end"])
        ent = next(e for e in row["entities"] if e["start"] == span.start - row["start"])
        assert (ent["end"], ent["text"]) == (span.end - row["start"], span.text), "exact offsets kept"
        covered = [
            i
            for i, tok_start in enumerate(_token_starts(row))
            if tok_start < span.end - row["start"] and tok_start + len(row["tokens"][i]) > span.start - row["start"]
        ]
        assert [row["ner_tags"][i] for i in covered] == [f"B-{span.label}"] + [f"I-{span.label}"] * (len(covered) - 1)


def _token_starts(row):
    out, at = [], 0
    for tok in row["tokens"]:
        at = row["text"].index(tok, at)
        out.append(at)
        at += len(tok)
    return out


def test_cap_topics_column_follows_themes(gold):
    for row in gold["rows"]:
        assert row["cap_topics"] == cap_topics(row["themes"])


def test_fold_is_the_theme_evaluations_split(gold, interview):
    from sklearn.preprocessing import MultiLabelBinarizer

    from dienbien_nlp.learn.themes import grouped_multilabel_folds

    segs = segment_document(interview)
    groups = [
        f"{interview.id}#{next((g.paragraph for g in segs if g.start <= s['start'] < g.end), -1)}"
        for s in gold["themes"]
    ]
    y = MultiLabelBinarizer(classes=list(theme_ids())).fit_transform([s["themes"] for s in gold["themes"]])
    expected = grouped_multilabel_folds(y, groups, 5, 0)
    assert [r["fold"] for r in gold["rows"]] == [int(f) for f in expected]
    # no paragraph is split across folds
    by_segment: dict[str, set[int]] = {}
    for r in gold["rows"]:
        by_segment.setdefault(r["segment_id"], set()).add(r["fold"])
    assert all(len(f) == 1 for f in by_segment.values())
    assert set(np.unique(expected)) == set(range(5))


def test_speakers_come_from_the_segments(gold):
    speakers = {r["speaker"] for r in gold["rows"]}
    assert "interviewer" in speakers and "Trần Quốc Cường" in speakers
    assert all(r["speaker"] is None for r in gold["rows"] if r["segment_type"] in ("title", "dateline", "byline"))


def test_sentence_doc_rebuilds_text_tokens_and_entities(gold):
    for row in gold["rows"]:
        doc = sentence_doc(row)
        assert doc.text == row["text"]
        words = [t for t in doc if not t.is_space]
        assert [t.text for t in words] == row["tokens"]
        assert [t.tag_ for t in words] == row["pos_tags"]
        assert [t.pos_ for t in words] == row["upos"]
        assert [bio_tags(doc)[t.i] for t in words] == row["ner_tags"]
        assert doc.cats == {t: float(t in row["themes"]) for t in theme_ids()}


# ---------------------------------------------------------------- predicted rows and entity rows


@pytest.fixture()
def predicted(tok_nlp):
    text = "Đồng chí Trần Quốc Cường làm việc tại Điện Biên.\n\nThực hiện Nghị quyết số 11-NQ/TW của Bộ Chính trị."
    doc = small_doc(text)
    sdoc = tok_nlp(text)
    from spacy.tokens import Span

    per = sdoc.char_span(text.index("Trần"), text.index("Trần") + len("Trần Quốc Cường"), label="PER")
    loc = sdoc.char_span(text.index("Điện Biên"), text.index("Điện Biên") + len("Điện Biên"), label="LOC")
    assert per is not None and loc is not None
    sdoc.ents = [per, loc]
    ents = list(sdoc.ents)
    ents[0]._.attrs = {"positions": ["Bí thư Tỉnh ủy Điện Biên"]}
    ents[1]._.attrs = {"admin_level": "province", "code": "11", "era": "pre2025", "unused": "x"}
    from dienbien_nlp.export.conllu import content_sents

    sents = content_sents(sdoc)
    sents[0]._.themes = ["history_tradition", "economy"]
    assert isinstance(sents[0], Span)
    return doc, sdoc


def test_predicted_rows_use_the_pipeline(predicted):
    doc, sdoc = predicted
    rows = sentence_rows(doc, sdoc, segment_document(doc))
    assert [r["annotation"] for r in rows] == [PREDICTED, PREDICTED]
    assert [r["id"] for r in rows] == ["small-1", "small-2"]
    assert rows[0]["themes"] == ["economy", "history_tradition"], "schema order"
    assert rows[0]["cap_topics"] == ["Macroeconomics", "Other"]
    assert rows[1]["themes"] == []
    assert [(e["label"], e["text"]) for e in rows[0]["entities"]] == [("PER", "Trần Quốc Cường"), ("LOC", "Điện Biên")]
    assert all(r["fold"] in range(5) for r in rows)


def test_entity_rows_copy_the_pipeline_fields(predicted):
    doc, sdoc = predicted
    rows = sentence_rows(doc, sdoc, segment_document(doc))
    ents = entity_rows(rows, sdoc)
    assert [tuple(e) for e in ents] == [entity_columns()] * len(ents)
    per, loc = ents
    assert per["positions"] == ["Bí thư Tỉnh ủy Điện Biên"] and per["code"] is None
    assert (loc["admin_level"], loc["code"], loc["era"]) == ("province", "11", "pre2025")
    assert doc.text[loc["start"] : loc["end"]] == loc["text"]
    assert rows[0]["text"][loc["sentence_start"] : loc["sentence_end"]] == loc["text"]
    assert [e["id"] for e in ents] == ["small-e1", "small-e2"]


def test_gold_entities_get_fields_from_matching_predictions_or_the_resolution_parser(predicted):
    doc, sdoc = predicted
    text = doc.text
    res_start = text.index("Nghị quyết")
    gold_ents = [
        EntitySpan(text.index("Trần"), text.index("Trần") + 15, "PER", "Trần Quốc Cường"),
        EntitySpan(
            text.index("Điện Biên") + 1,
            text.index("Điện Biên") + 9,
            "LOC",
            text[text.index("Điện Biên") + 1 : text.index("Điện Biên") + 9],
        ),
        EntitySpan(res_start, res_start + len("Nghị quyết số 11-NQ/TW"), "RESOLUTION", "Nghị quyết số 11-NQ/TW"),
    ]
    sents = [
        {"id": f"small-{k + 1}", "start": s.start_char, "end": s.end_char, "themes": []}
        for k, s in enumerate(sdoc.sents)
        if not s.text.isspace()
    ]
    rows = sentence_rows(doc, sdoc, segment_document(doc), gold_ents, sents)
    ents = entity_rows(rows, sdoc)
    per, loc, res = ents
    assert per["positions"] == ["Bí thư Tỉnh ủy Điện Biên"], "same offsets and label as a prediction"
    assert loc["admin_level"] is None, "no prediction with these offsets"
    assert (res["doc_type"], res["canonical_id"], res["issuer_code"]) == ("nghi_quyet", "11-NQ/TW", "TW")
    assert res["issuer"] == "Bộ Chính trị"
    assert all(e["annotation"] == GOLD for e in ents)


def test_entity_rows_without_a_pipeline_doc_have_null_fields(gold):
    ents = entity_rows(gold["rows"])
    assert len(ents) == len(gold["entities"])
    assert all(e["positions"] is None and e["code"] is None for e in ents)


# ---------------------------------------------------------------- errors


def test_one_gold_layer_alone_is_refused(tok_nlp):
    doc = small_doc("Hà Nội đẹp.")
    with pytest.raises(ValueError, match="both gold layers"):
        sentence_rows(doc, tok_nlp(doc.text), segment_document(doc), [], None)


def test_a_doc_of_another_text_is_refused(tok_nlp):
    doc = small_doc("Hà Nội đẹp.")
    with pytest.raises(ValueError, match="doc.text"):
        sentence_rows(doc, tok_nlp("Khác."), segment_document(doc))


@pytest.mark.parametrize(
    ("entity", "message"),
    [
        (EntitySpan(0, 6, "LOC", "Hà Nộ"), "does not match the text"),
        (EntitySpan(7, 15, "LOC", "đẹp. Huế"), "outside every gold sentence"),
    ],
)
def test_broken_gold_is_an_error_naming_the_problem(tok_nlp, entity, message):
    doc = small_doc("Hà Nội đẹp. Huế đẹp.")
    sents = [
        {"id": "small-1", "start": 0, "end": 11, "themes": []},
        {"id": "small-2", "start": 12, "end": 20, "themes": []},
    ]
    with pytest.raises(DienbienError, match=message):
        sentence_rows(doc, tok_nlp(doc.text), segment_document(doc), [entity], sents)


# ---------------------------------------------------------------- documents


def test_document_rows_hold_metadata_segments_and_text(interview):
    (row,) = document_rows([interview])
    assert row["id"] == interview.id and row["text"] == interview.text
    assert row["text_sha256"] == interview.text_sha256 and row["source_sha256"] == interview.meta.sha256
    assert row["interviewees"][0]["name"] == "Trần Quốc Cường"
    assert [s["id"] for s in row["segments"]] == [s.id for s in segment_document(interview)]
    assert row["rights"]


def test_a_pipeline_entity_across_sentences_is_refused(tok_nlp):
    doc = small_doc("Hà Nội đẹp. Huế đẹp.")
    sdoc = tok_nlp(doc.text)
    sdoc.ents = [sdoc.char_span(7, 15, label="LOC", alignment_mode="expand")]
    with pytest.raises(ValueError, match="cross a sentence boundary"):
        sentence_rows(doc, sdoc, segment_document(doc))
