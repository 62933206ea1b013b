"""spaCy export: sentence DocBins with gold entities and theme cats, a config that trains offline."""

from __future__ import annotations

import subprocess
import sys

import pytest
from spacy.tokens import DocBin

from dienbien_nlp.annotation.records import load_entities, load_themes
from dienbien_nlp.corpus.structure import segment_document
from dienbien_nlp.export.docbin import (
    CODE_PY,
    docbin_bytes,
    sentence_docs,
    split_rows,
    training_config,
    write_docbin,
    write_spacy,
)
from dienbien_nlp.export.rows import GOLD, PREDICTED, misaligned_entities, sentence_rows, vietnamese_vocab
from dienbien_nlp.schema import theme_ids

from .conftest import ROOT

ANNOTATIONS = ROOT / "annotations"


@pytest.fixture(scope="module")
def gold(interview):
    from dienbien_nlp.pipeline import blank

    nlp = blank()
    nlp.add_pipe("dienbien_sentences")
    sdoc = nlp(interview.text)
    ents = load_entities(interview.id, ANNOTATIONS)
    rows = sentence_rows(interview, sdoc, segment_document(interview), ents, load_themes(interview.id, ANNOTATIONS))
    return {"rows": rows, "sdoc": sdoc, "entities": ents}


@pytest.fixture(scope="module")
def spacy_dir(tmp_path_factory, gold):
    out = tmp_path_factory.mktemp("spacy")
    write_spacy(out, gold["rows"])
    return out


def test_split_by_fold_zero_is_dev_and_only_gold(gold):
    rows = gold["rows"] + [dict(gold["rows"][0], id="p-1", annotation=PREDICTED)]
    train, dev = split_rows(rows)
    assert {r["fold"] for r in dev} == {0}
    assert 0 not in {r["fold"] for r in train}
    assert len(train) + len(dev) == len(gold["rows"])
    assert all(r["annotation"] == GOLD for r in train + dev)
    _, dev_with = split_rows(rows, include_predicted=True)
    assert len(dev_with) == len(dev) + (gold["rows"][0]["fold"] == 0)


def test_docbin_round_trip_keeps_text_entities_and_cats(gold, tmp_path):
    docs = sentence_docs(gold["rows"])
    path = write_docbin(tmp_path / "all.spacy", docs)
    back = list(DocBin().from_disk(path).get_docs(vietnamese_vocab()))
    assert len(back) == len(gold["rows"])
    for row, doc in zip(gold["rows"], back, strict=True):
        assert doc.text == row["text"]
        assert doc.cats == {t: float(t in row["themes"]) for t in theme_ids()}
        words = [t for t in doc if not t.is_space]
        assert [t.text for t in words] == row["tokens"]
        assert [t.tag_ for t in words] == row["pos_tags"]
        exact = {(e["start"], e["end"], e["label"]) for e in row["entities"]}
        got = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        assert len(got) == len(exact)
        for s, e, label in exact:
            expanded = doc.char_span(s, e, label=label, alignment_mode="expand")
            assert (expanded.start_char, expanded.end_char, label) in got


def test_misaligned_gold_is_expanded_to_tokens(gold):
    bad = misaligned_entities(gold["sdoc"], gold["entities"])
    assert bad
    docs = {r["id"]: d for r, d in zip(gold["rows"], sentence_docs(gold["rows"]), strict=True)}
    for span in bad:
        row = next(r for r in gold["rows"] if r["start"] <= span.start < r["end"])
        ents = docs[row["id"]].ents
        covering = [
            e for e in ents if e.start_char <= span.start - row["start"] and e.end_char >= span.end - row["start"]
        ]
        assert [e.label_ for e in covering] == [span.label]
        assert span.text in covering[0].text


def test_docbins_are_byte_identical_on_rewrite(gold, spacy_dir, tmp_path):
    write_spacy(tmp_path, gold["rows"])
    for name in ("train.spacy", "dev.spacy", "config.cfg", "code.py"):
        assert (tmp_path / name).read_bytes() == (spacy_dir / name).read_bytes()
    assert docbin_bytes(sentence_docs(gold["rows"][:5])) == docbin_bytes(sentence_docs(gold["rows"][:5]))


def test_training_config_is_offline_and_uses_the_project_tokenizer():
    from thinc.api import Config

    cfg = Config().from_str(training_config(), interpolate=False)
    from dienbien_nlp.pipeline import TOKENIZER_CONFIG

    assert cfg["nlp"]["tokenizer"] == TOKENIZER_CONFIG["nlp"]["tokenizer"]  # the tokenizer load() uses
    assert cfg["nlp"]["pipeline"] == ["tok2vec", "ner", "textcat_multilabel"]
    assert cfg["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"] is False
    assert cfg["components"]["ner"]["model"]["tok2vec"]["@architectures"] == "spacy.Tok2VecListener.v1"
    assert cfg["components"]["textcat_multilabel"]["model"]["tok2vec"]["@architectures"] == "spacy.Tok2VecListener.v1"
    assert cfg["paths"]["vectors"] is None and cfg["paths"]["init_tok2vec"] is None
    assert "import dienbien_nlp" in CODE_PY


def test_spacy_train_runs_a_few_steps_offline(spacy_dir, tmp_path):
    out = tmp_path / "model"
    cmd = [
        sys.executable, "-m", "spacy", "train", "config.cfg",
        "--paths.train", "train.spacy", "--paths.dev", "dev.spacy",
        "--training.max_steps", "5", "--training.eval_frequency", "5",
        "--code", "code.py", "--output", str(out),
    ]  # fmt: skip
    env = {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    import os

    r = subprocess.run(cmd, cwd=spacy_dir, capture_output=True, text=True, env={**os.environ, **env}, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert (out / "model-last" / "config.cfg").is_file()

    import spacy

    import dienbien_nlp  # noqa: F401  (registers the tokenizer for loading)

    nlp = spacy.load(out / "model-last")
    doc = nlp("Tỉnh ủy Điện Biên họp bàn về phát triển kinh tế.")
    assert set(doc.cats) == set(theme_ids())
    assert nlp.pipe_names == ["tok2vec", "ner", "textcat_multilabel"]


def test_docbin_docs_have_sentences_and_entity_fields(gold, tmp_path):
    from dienbien_nlp.export.rows import entity_rows
    from dienbien_nlp.pipeline import blank

    rows = [dict(r, fold=0) for r in gold["rows"]]
    ents = entity_rows(rows, None)
    resolution = next(e for e in ents if e["label"] == "RESOLUTION" and e["canonical_id"])
    write_spacy(tmp_path, rows, entity_rows=ents)
    docs = list(DocBin().from_disk(tmp_path / "dev.spacy").get_docs(blank().vocab))
    assert docs and all(len(list(doc.sents)) == 1 for doc in docs)  # no E030: one sentence a row
    found = [
        e._.attrs for doc, row in zip(docs, rows, strict=True) for e in doc.ents
        if row["id"] == resolution["sentence_id"] and e.label_ == "RESOLUTION"
    ]
    assert any(a and a.get("canonical_id") == resolution["canonical_id"] for a in found)
