"""Hugging Face export: features from the schema, offline loading, gold round trip, determinism, the card."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from dienbien_nlp.annotation.records import load_entities, load_themes
from dienbien_nlp.claims.gold import KINDS, QUALIFIERS, UNIT_NORMS
from dienbien_nlp.corpus.structure import segment_document
from dienbien_nlp.export.card import NOT_COMPUTED, dataset_card, field_docs
from dienbien_nlp.export.claim_rows import CLAIM_COLUMNS, claim_rows, corpus_claim_rows
from dienbien_nlp.export.hf import (
    CONFIGS,
    UPOS_TAGS,
    check_rows,
    data_file,
    features,
    rows_to_gold,
    split_front_matter,
    vlsp_tags,
    write_hf,
)
from dienbien_nlp.export.rows import (
    SENTENCE_COLUMNS,
    document_rows,
    entity_columns,
    entity_rows,
    misaligned_entities,
    news_rows,
    sentence_rows,
)
from dienbien_nlp.pipeline.tokenizer import vlsp_to_upos
from dienbien_nlp.schema import bio_labels, cap_topic_names, entity_labels, theme_ids

from .conftest import ROOT

ANNOTATIONS = ROOT / "annotations"


@pytest.fixture(scope="module")
def configs(interview):
    from dienbien_nlp.pipeline import blank

    nlp = blank()
    nlp.add_pipe("dienbien_sentences")
    sdoc = nlp(interview.text)
    ents = load_entities(interview.id, ANNOTATIONS)
    rows = sentence_rows(interview, sdoc, segment_document(interview), ents, load_themes(interview.id, ANNOTATIONS))
    return {
        "sentences": rows,
        "documents": document_rows([interview]),
        "entities": entity_rows(rows, sdoc),
        "claims": corpus_claim_rows([interview], {}, rows, ANNOTATIONS),
        "news": news_rows(ANNOTATIONS),
        "_misaligned": len(misaligned_entities(sdoc, ents)),
    }


@pytest.fixture(scope="module")
def agreement():
    return json.loads((ANNOTATIONS / "agreement.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def card(configs, agreement):
    return dataset_card(
        configs["documents"],
        configs["sentences"],
        configs["entities"],
        agreement=agreement,
        misaligned=configs["_misaligned"],
        claims=configs["claims"],
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory, configs, card):
    out = tmp_path_factory.mktemp("hf")
    write_hf(out, {c: configs[c] for c in CONFIGS if c in configs}, card)
    return out


@pytest.fixture()
def offline(monkeypatch, tmp_path):
    """Offline as a user sets it (env vars), also for the already imported libraries, and no sockets."""
    import socket

    import datasets.config
    import huggingface_hub.constants

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)

    def no_network(*args, **kwargs):
        raise AssertionError("network access while loading offline")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    return tmp_path / "cache"


# ---------------------------------------------------------------- features


def test_feature_columns_are_the_row_columns():
    assert tuple(features("sentences")) == SENTENCE_COLUMNS
    assert tuple(features("entities")) == entity_columns()


def test_class_label_names_are_generated():
    f = features("sentences")
    assert f["ner_tags"].feature.names == list(bio_labels())
    assert f["themes"].feature.names == list(theme_ids())
    assert f["cap_topics"].feature.names == list(cap_topic_names())
    assert f["entities"].feature["label"].names == list(entity_labels())
    assert f["pos_tags"].feature.names == list(vlsp_tags()) == list(vlsp_to_upos())
    assert f["upos"].feature.names == list(UPOS_TAGS) and len(UPOS_TAGS) == 17
    assert set(vlsp_to_upos().values()) <= set(UPOS_TAGS)
    assert features("entities")["label"].names == list(entity_labels())


def test_unknown_config_is_refused():
    with pytest.raises(ValueError, match="unknown config"):
        features("tokens")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("pos_tags", ["NOPE"], "pos_tags: 'NOPE'"),
        ("themes", ["not_a_theme"], "themes: 'not_a_theme'"),
        ("entities", [{"start": 0, "end": 1, "label": "MISC", "text": "x"}], "entities: 'MISC'"),
    ],
)
def test_check_rows_names_unknown_labels(configs, column, value, message):
    row = dict(configs["sentences"][0], **{column: value})
    with pytest.raises(ValueError, match=message):
        check_rows("sentences", [row])


def test_check_rows_names_missing_columns(configs):
    row = {k: v for k, v in configs["sentences"][0].items() if k != "fold"}
    with pytest.raises(ValueError, match=r"missing columns \['fold'\]"):
        check_rows("sentences", [row])


# ---------------------------------------------------------------- the folder


def test_folder_layout_and_card_yaml(folder):
    meta, body = split_front_matter((folder / "README.md").read_text("utf-8"))
    assert [c["config_name"] for c in meta["configs"]] == list(CONFIGS)
    default = [c for c in meta["configs"] if c.get("default")]
    assert [c["config_name"] for c in default] == ["sentences"]
    for c in meta["configs"]:
        (entry,) = c["data_files"]
        assert (folder / entry["path"]).is_file() and entry["path"] == data_file(c["config_name"])
    from datasets import Features

    infos = {i["config_name"]: i for i in meta["dataset_info"]}
    for name in CONFIGS:
        assert Features._from_yaml_list(infos[name]["features"]) == features(name)
    assert meta["license"] == "other" and meta["language"] == ["vi"]
    assert body.lstrip().startswith("# ")


def test_load_dataset_offline_keeps_class_label_names(folder, offline, configs):
    import datasets

    ds = datasets.load_dataset(str(folder), cache_dir=str(offline))
    assert list(ds) == ["train"]
    train = ds["train"]
    assert train.num_rows == len(configs["sentences"])
    assert train.features == features("sentences")
    assert train.features["ner_tags"].feature.names == list(bio_labels())
    first = train[0]
    assert train.features["pos_tags"].feature.int2str(first["pos_tags"]) == configs["sentences"][0]["pos_tags"]

    ents = datasets.load_dataset(str(folder), "entities", cache_dir=str(offline))["train"]
    assert ents.features["label"].names == list(entity_labels())
    assert ents.num_rows == len(configs["entities"])
    assert [ents.features["label"].int2str(x) for x in ents["label"]] == [e["label"] for e in configs["entities"]]

    docs = datasets.load_dataset(str(folder), "documents", cache_dir=str(offline))["train"]
    assert docs[0]["text"] == configs["documents"][0]["text"]


def test_hf_rows_turn_back_into_the_gold_records(folder, offline, interview):
    import datasets

    train = datasets.load_dataset(str(folder), cache_dir=str(offline))["train"]
    entities, sentences = rows_to_gold(list(train))
    gold_entities = sorted(load_entities(interview.id, ANNOTATIONS), key=lambda s: (s.start, s.end))
    assert entities == {interview.id: gold_entities}
    assert sentences == {interview.id: load_themes(interview.id, ANNOTATIONS)}
    # every span's text is the document text at its offsets
    text = interview.text
    assert all(text[s.start : s.end] == s.text for s in entities[interview.id])


def test_rows_to_gold_also_reads_rows_as_written(configs, interview):
    entities, sentences = rows_to_gold(configs["sentences"])
    assert sentences[interview.id] == load_themes(interview.id, ANNOTATIONS)
    assert len(entities[interview.id]) == len(load_entities(interview.id, ANNOTATIONS))


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_writes_are_byte_identical(tmp_path, configs, card, folder):
    again = tmp_path / "again"
    write_hf(again, {c: configs[c] for c in CONFIGS}, card)
    assert _files(again) == _files(folder)


def test_a_write_in_another_process_is_byte_identical(tmp_path, configs, card, folder):
    rows = tmp_path / "rows.json"
    rows.write_text(
        json.dumps({"configs": {c: configs[c] for c in CONFIGS}, "card": card}, ensure_ascii=False), "utf-8"
    )
    out = tmp_path / "other"
    code = (
        "import json, sys\nfrom dienbien_nlp.export.hf import write_hf\n"
        "data = json.load(open(sys.argv[1], encoding='utf-8'))\nwrite_hf(sys.argv[2], data['configs'], data['card'])\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(rows), str(out)], check=True, env=env, cwd=ROOT)
    assert _files(out) == _files(folder)


def test_body_only_card_gets_front_matter(tmp_path, configs):
    write_hf(tmp_path, {"sentences": configs["sentences"][:3]}, "# Card\n")
    meta, body = split_front_matter((tmp_path / "README.md").read_text("utf-8"))
    assert meta["configs"][0]["config_name"] == "sentences" and meta["configs"][0]["default"] is True
    assert body.strip() == "# Card"


def test_unknown_config_name_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown config"):
        write_hf(tmp_path, {"tokens": []}, "")


# ---------------------------------------------------------------- the card


def test_card_documents_every_field_and_label(card):
    for config in CONFIGS:
        docs = field_docs(config)
        assert set(docs) == set(features(config))
        for col in features(config):
            assert f"| `{col}` |" in card
    for name in (*entity_labels(), *theme_ids(), *cap_topic_names(), *vlsp_tags(), *UPOS_TAGS):
        assert f"`{name}`" in card or name in card


def test_card_figures_come_from_the_data(card, configs, agreement):
    sentences, entities = configs["sentences"], configs["entities"]
    by_label = Counter(e["label"] for e in entities)
    for label, n in by_label.items():
        assert f"| `{label}` | {n} | 0 |" in card
    themes = Counter(t for r in sentences for t in r["themes"])
    for theme, n in themes.items():
        assert f"| `{theme}` |" in card and f"| {n} | 0 |" in card
    n_tokens = sum(len(r["tokens"]) for r in sentences)
    assert f"{len(sentences)} sentences, {n_tokens} tokens, {len(entities)} entity mentions" in card
    speakers = Counter(r["speaker"] for r in sentences if r["speaker"])
    for speaker, n in speakers.items():
        assert f"| {speaker} | {n} |" in card
    assert f"{agreement['entities']['micro']['f1']:.3f}" in card
    assert f"{agreement['themes']['mean_kappa']:.3f}" in card
    assert f"{configs['_misaligned']} gold entity span(s)" in card


def test_card_says_when_baselines_are_missing(card):
    assert card.count(NOT_COMPUTED) == 4  # entities, themes, unseen news, claims


def test_card_renders_baselines(configs):
    entity_results = {
        "rules": {"micro": {"precision": 0.81234, "recall": 0.5, "f1": 0.62}, "per_label": {"PER": {"f1": 0.9}}}
    }
    theme_results = {
        "classifiers": {
            "tfidf_lr": {
                "micro_f1": {"mean": 0.4567, "ci_low": 0.4, "ci_high": 0.5},
                "macro_f1": {"mean": 0.3, "ci_low": 0.2, "ci_high": 0.35},
                "per_theme": {"economy": {"f1": 0.777}},
            }
        }
    }
    card = dataset_card(
        configs["documents"],
        configs["sentences"],
        configs["entities"],
        entity_results=entity_results,
        theme_results=theme_results,
    )
    assert "| `rules` | 0.812 | 0.500 | 0.620 |" in card
    assert "| `tfidf_lr` | 0.457 [0.400, 0.500] | 0.300 [0.200, 0.350] |" in card
    assert "| `economy` | 0.777 |" in card
    assert NOT_COMPUTED in card.split("### Entities on the dev and test documents")[1].split("### Themes")[0]


def test_card_renders_scores_by_split_first(configs):
    micro = lambda f: {"micro": {"precision": f, "recall": f, "f1": f}}  # noqa: E731
    systems = {"underthesea": micro(0.3), "rules": micro(0.8), "crf": micro(0.75), "pipeline": micro(0.79)}
    heldout = {
        "source": "the dev and test documents",
        "news": "included",
        "entities": {
            "test": {
                "documents": 15, "entities": 484, "systems": systems,
                "by_genre": {"news": {"documents": 14, "entities": 300, "systems": systems}},
                "pipeline_minus_rules": {"mean": -0.01, "ci_low": -0.02, "ci_high": 0.003},
            }
        },
    }
    card = dataset_card(configs["documents"], configs["sentences"], configs["entities"], heldout_results=heldout)
    section = card.split("### Entities on the dev and test documents")[1].split("## Intended uses")[0]
    assert "| test | all | 15 | 484 | 0.300 | 0.800 | 0.750 | 0.790 | 0.790 | 0.790 | -0.010 [-0.020, +0.003] |" in section
    assert "| test | news | 14 | 300 |" in section
    assert card.index("### Entities on the dev and test documents") < card.index("### Entities on the corpus documents (in-sample)")
    assert NOT_COMPUTED not in section.split("###")[0]


def test_card_has_licence_rights_limitations_and_citation(card, interview):
    assert "CC BY 4.0" in card
    assert interview.meta.rights in card
    assert "a single interview" in card
    assert "Trần Quốc Cường" in card.split("## Limitations and biases")[1]
    assert "@misc{dienbien_nlp_dataset," in card and f"@article{{{interview.id}," in card
    front, _ = split_front_matter(card)
    assert yaml.safe_dump(front)  # valid YAML


# ---------------------------------------------------------------- the claims config


def test_claims_config_loads_with_class_label_names(folder, offline, configs, interview):
    import datasets

    gold = json.loads((ANNOTATIONS / "claims" / f"{interview.id}.json").read_text("utf-8"))["claims"]
    ds = datasets.load_dataset(str(folder), "claims", cache_dir=str(offline))["train"]
    assert tuple(ds.features) == CLAIM_COLUMNS and ds.features == features("claims")
    assert ds.features["kind"].names == list(KINDS)
    assert ds.features["unit_norm"].names == list(UNIT_NORMS)
    assert ds.features["qualifier"].names == list(QUALIFIERS)
    assert ds.features["number"].dtype == "float64"
    assert ds.num_rows == len(gold) == len(configs["claims"]) > 0
    by_value = {(c["value"]["start"], c["value"]["end"]): c for c in gold}
    sentences = {r["id"]: r for r in configs["sentences"]}
    for row in ds:
        c = by_value[(row["value_start"], row["value_end"])]
        assert row["annotation"] == "gold"
        assert ds.features["kind"].int2str(row["kind"]) == c["kind"]
        assert ds.features["unit_norm"].int2str(row["unit_norm"]) == c["unit_norm"]
        assert ds.features["qualifier"].int2str(row["qualifier"]) == c["qualifier"]
        assert row["number"] == float(c["number"]) and (row["time"], row["base_time"]) == (c["time"], c["base_time"])
        assert row["value_text"] == interview.text[row["value_start"] : row["value_end"]] == c["value"]["text"]
        for span in ("unit", "indicator", "place"):
            if c[span] is None:
                assert row[f"{span}_start"] is None and row[f"{span}_text"] is None
            else:
                assert row[f"{span}_text"] == interview.text[row[f"{span}_start"] : row[f"{span}_end"]]
        sent = sentences[row["sentence_id"]]
        assert sent["text"][row["sentence_start"] : row["sentence_end"]] == row["value_text"]


def test_claim_rows_come_from_the_extractor_without_claim_gold(tmp_path, configs, interview):
    import dienbien_nlp

    nlp = dienbien_nlp.load(entities=False, themes=False)
    text = "Tỷ lệ hộ nghèo năm 2023 còn 12,5%."
    doc = nlp(text)
    assert doc._.claims, "the extractor finds the rate"
    rows = claim_rows("x", doc._.claims, [{"id": "x-1", "start": 0, "end": len(text)}], annotation="predicted",
                      genre="news", split="test")
    check_rows("claims", rows)
    assert [(r["value_text"], r["number"], r["annotation"]) for r in rows][0] == ("12,5", 12.5, "predicted")
    # a document without claim gold: its rows are the pipeline's
    sdoc = nlp(interview.text)
    rows = corpus_claim_rows([interview], {interview.id: (sdoc, None)}, configs["sentences"], tmp_path)
    assert rows and {r["annotation"] for r in rows} == {"predicted"}
    assert len(rows) == len(sdoc._.claims)


def test_card_says_where_the_claims_come_from(card, configs):
    n = len(configs["claims"])
    assert f"{n} gold claims from 1 document(s), 0 predicted claims from 0 document(s)" in card
    assert f"| claims | {n} | `{data_file('claims')}` | indicator claim |" in card


def test_card_renders_the_claim_scores_by_split_with_test_first_and_in_sample_marked(configs):
    def split(n, f):
        prf = {"precision": f, "recall": f, "f1": f, "tp": 1}
        return {"documents": n, "counts": {"gold": 10 * n, "pred": 9 * n}, "value": prf, "value_kind": prf, "complete": prf, "number_accuracy": 1.0}

    res = {"setup": {"news": "included"}, "by_split": {"train": split(3, 0.9), "dev": split(2, 0.95), "test": split(4, 0.6)}}
    card = dataset_card(configs["documents"], configs["sentences"], configs["entities"], claim_results=res)
    section = card.split("### Indicator claims")[1].split("## Intended uses")[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert [r.split("|")[1].strip() for r in rows] == ["`test`", "`dev`", "`train`"]
    assert "| `test` | 4 | 40 | 36 | 0.600 | 0.600 | 0.600 | 1.000 | unseen" in rows[0]
    assert "in-sample" in rows[1] and "in-sample" in rows[2]
    empty = dataset_card(configs["documents"], configs["sentences"], configs["entities"])
    assert NOT_COMPUTED in empty.split("### Indicator claims")[1]
