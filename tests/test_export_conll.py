"""CoNLL exports: CoNLL-U parsed back by ``conllu`` and CoNLL-2003 BIO parsed back by our reader."""

from __future__ import annotations

import conllu
import pytest

from dienbien_nlp.annotation.records import load_entities, load_themes
from dienbien_nlp.corpus.structure import segment_document
from dienbien_nlp.export.conll2003 import DOCSTART, escape_token, parse_conll2003, to_conll2003, unescape_token
from dienbien_nlp.export.conllu import unescape_spaces
from dienbien_nlp.export.conllu_rows import rows_to_conllu
from dienbien_nlp.export.rows import sentence_rows

from .conftest import ROOT

ANNOTATIONS = ROOT / "annotations"


@pytest.fixture(scope="module")
def rows(interview):
    from dienbien_nlp.pipeline import blank

    nlp = blank()
    nlp.add_pipe("dienbien_sentences")
    sdoc = nlp(interview.text)
    ents = load_entities(interview.id, ANNOTATIONS)
    return sentence_rows(interview, sdoc, segment_document(interview), ents, load_themes(interview.id, ANNOTATIONS))


def two_docs(rows):
    other = [dict(r, doc_id="other", id=f"other-{k + 1}") for k, r in enumerate(rows[:3])]
    return rows[:4] + other


# ---------------------------------------------------------------- CoNLL-U


def _text_of(tokenlist) -> str:
    out = []
    for k, tok in enumerate(tokenlist):
        out.append(tok["form"])
        misc = tok["misc"] or {}
        if k == len(tokenlist) - 1:
            break
        if misc.get("SpaceAfter") == "No":
            continue
        out.append(unescape_spaces(misc["SpacesAfter"]) if "SpacesAfter" in misc else " ")
    return "".join(out)


def test_conllu_parses_back_into_the_same_tokens_and_tags(rows):
    sents = conllu.parse(rows_to_conllu(rows))
    assert len(sents) == len(rows)
    for row, sent in zip(rows, sents, strict=True):
        assert sent.metadata["sent_id"] == row["id"]
        assert sent.metadata["text"] == row["text"]
        assert [t["id"] for t in sent] == list(range(1, len(row["tokens"]) + 1))
        assert [t["form"] for t in sent] == row["tokens"]
        assert [t["lemma"] for t in sent] == ["_"] * len(row["tokens"])
        assert [t["upos"] for t in sent] == row["upos"]
        assert [t["xpos"] for t in sent] == row["pos_tags"]
        assert [t["misc"]["NER"] for t in sent] == row["ner_tags"]
        assert _text_of(sent) == row["text"]


def test_conllu_comments_carry_speaker_and_documents(rows):
    sents = conllu.parse(rows_to_conllu(two_docs(rows)))
    assert [s.metadata.get("newdoc id") for s in sents] == [rows[0]["doc_id"], None, None, None, "other", None, None]
    parsed = conllu.parse(rows_to_conllu(rows))
    for row, sent in zip(rows, parsed, strict=True):
        assert sent.metadata.get("speaker") == row["speaker"]
        assert sent.metadata.get("segment_type") == row["segment_type"]
    assert any(s.metadata.get("speaker") == "interviewer" for s in parsed)


def test_conllu_keeps_gold_entities_the_pipeline_lacks(rows):
    # the rows' pipeline has no entity component: every NER tag here is gold
    tags = [t["misc"]["NER"] for s in conllu.parse(rows_to_conllu(rows)) for t in s]
    assert sum(t.startswith("B-") for t in tags) == sum(len(r["entities"]) for r in rows)


# ---------------------------------------------------------------- CoNLL-2003


@pytest.mark.parametrize(
    ("token", "column"),
    [
        ("Điện Biên", "Điện_Biên"),
        ("Hồ Chí Minh", "Hồ_Chí_Minh"),
        ("a_b", "a\\_b"),
        ("a\\b", "a\\\\b"),
        ("TP.\u00a0Huế", "TP.\\u00A0Huế"),
        ("11-NQ/TW", "11-NQ/TW"),
    ],
)
def test_token_escaping_round_trips(token, column):
    assert escape_token(token) == column
    assert unescape_token(column) == token


def test_conll2003_layout(rows):
    text = to_conll2003(two_docs(rows))
    lines = text.split("\n")
    assert lines[0] == DOCSTART and lines[1] == ""
    assert text.count(DOCSTART) == 2
    body = [ln for ln in lines if ln and ln != DOCSTART]
    assert all(len(ln.split(" ")) == 4 and ln.split(" ")[2] == "O" for ln in body)
    assert text.endswith("\n\n")


def test_conll2003_parses_back_into_the_same_tokens_and_tags(rows):
    data = two_docs(rows)
    docs = parse_conll2003(to_conll2003(data))
    assert [len(d) for d in docs] == [4, 3]
    flat = [s for d in docs for s in d]
    for row, sent in zip(data, flat, strict=True):
        assert sent["tokens"] == row["tokens"]
        assert sent["pos_tags"] == row["pos_tags"]
        assert sent["ner_tags"] == row["ner_tags"]
    whole = parse_conll2003(to_conll2003(rows))
    assert [s["tokens"] for s in whole[0]] == [r["tokens"] for r in rows]


def test_conll2003_reader_names_a_bad_line():
    with pytest.raises(ValueError, match="line 3"):
        parse_conll2003(f"{DOCSTART}\n\nĐiện Biên Np O B-LOC\n")
