"""The pipeline's components as spaCy users expect them: sentences, retokenizing, span groups, meta, scores, saving."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

import dienbien_nlp
from dienbien_nlp.pipeline.entities import RULES_GROUP, rule_spans, split_tokens_at
from dienbien_nlp.pipeline.sentences import content_sents
from dienbien_nlp.schema import entity_labels, theme_ids

TEXT = (
    "Tỉnh uỷ Điện Biên họp.\n\n"
    "PV: Xin cảm ơn!\n"
    "Tỉnh ủy Hà Giang\u00a0và UBND tỉnh Lai Châu ban hành Nghị quyết số 12-NQ/TU.\n"
    "  \n"
    "Tăng trưởng GRDP đạt 8%."
)


def test_no_sentence_is_only_whitespace_and_every_sentence_has_themes(nlp):
    doc = nlp(TEXT)
    sents = list(doc.sents)
    assert sents and all(s.text.strip() for s in sents)
    assert all(isinstance(s._.themes, list) for s in sents)
    assert [s.text.strip() for s in sents] == [s.text for s in content_sents(doc)]
    assert [s._.themes for s in sents] == [s._.themes for s in content_sents(doc)]


def test_readme_example_gives_three_sentences(nlp):
    doc = nlp("Tỉnh uỷ Điện Biên họp.\nPV: Xin cảm ơn!")
    assert [s.text.strip() for s in doc.sents] == ["Tỉnh uỷ Điện Biên họp.", "PV: Xin cảm ơn!"]


def test_entities_keep_every_sentence(interview):
    with_entities = dienbien_nlp.load(themes=False, claims=False)(interview.text)
    without = dienbien_nlp.load(entities=False, themes=False, claims=False)(interview.text)
    assert len(with_entities) >= len(without)  # tokens split at entity edges
    bounds = [(s.start_char, s.end_char) for s in content_sents(with_entities)]
    assert bounds == [(s.start_char, s.end_char) for s in content_sents(without)]


def test_split_is_in_place_and_keeps_span_groups(nlp):
    doc = Doc(nlp.vocab, words=["Tỉnh ủy Điện Biên", "họp", "."], spaces=[True, False, False])
    doc.spans["mine"] = [doc.char_span(len("Tỉnh ủy Điện Biên "), len("Tỉnh ủy Điện Biên họp"), label="X")]
    out = split_tokens_at(doc, [len("Tỉnh ủy ")])
    assert out is doc and doc.text == "Tỉnh ủy Điện Biên họp."
    assert [t.text for t in doc if not t.is_space][:2] == ["Tỉnh ủy", "Điện Biên"]
    assert [(s.text, s.label_) for s in doc.spans["mine"]] == [("họp", "X")]


def test_a_split_starts_no_sentence(nlp):
    text = 'Những người biểu tình hô vang: "Hồ Chí Minh!'
    doc = dienbien_nlp.load(entities=False, themes=False, claims=False)(text)
    split_tokens_at(doc, [text.index("Chí")])
    assert [s.text for s in doc.sents] == [text]


def test_rule_entities_are_a_span_group_not_user_data(nlp):
    doc = nlp(TEXT)
    assert "dienbien_rule_ents" not in doc.user_data
    assert RULES_GROUP in doc.spans
    assert all(span.label_ in entity_labels() for span in doc.spans[RULES_GROUP])
    assert set(rule_spans(doc)) <= {(e.start_char, e.end_char, e.label_) for e in doc.ents}


def test_meta_names_the_pipeline_and_its_labels(nlp):
    meta = nlp.meta
    assert meta["name"] == "dienbien" and meta["version"] == dienbien_nlp.__version__
    assert meta["license"]
    assert list(meta["labels"]["dienbien_entity_rules"]) == list(entity_labels())
    assert list(meta["labels"]["dienbien_themes"]) == list(theme_ids())


def test_evaluate_scores_entities_and_themes(nlp):
    text = "Tỉnh ủy Điện Biên họp."
    reference = nlp(text)  # the pipeline's own output as reference: every score is perfect
    scores = nlp.evaluate([Example(nlp.make_doc(text), reference)])
    assert scores["ents_f"] == 1.0 and scores["ents_p"] == 1.0
    assert set(scores["ents_per_type"]) == {e.label_ for e in reference.ents}
    assert "themes_micro_f" in scores
    wrong = Doc(nlp.vocab, words=["Tỉnh ủy Điện Biên", "họp", "."], spaces=[True, False, False])
    wrong.ents = [wrong.char_span(0, len("Tỉnh ủy Điện Biên"), label="LOC")]
    assert nlp.evaluate([Example(nlp.make_doc(text), wrong)])["ents_f"] < 1.0


def test_merge_policy_is_a_registered_function():
    @registry.misc("test.drop_all.v1")
    def drop_all():
        return lambda rules, learned: []

    nlp = dienbien_nlp.load(themes=False, claims=False)
    nlp.remove_pipe("dienbien_entity_crf")
    nlp.add_pipe("dienbien_entity_crf", config={"merge": {"@misc": "test.drop_all.v1"}})
    doc = nlp("Tỉnh ủy Điện Biên họp.")
    assert doc.spans[RULES_GROUP]  # the rules found something, and the policy dropped it
    assert doc.ents == ()


def test_saved_pipeline_is_self_contained(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "dienbien_entity_crf" / "entities.crfsuite").is_file()
    assert any((tmp_path / "pipe" / "dienbien_themes").iterdir())
    again = spacy.load(tmp_path / "pipe")
    assert again.get_pipe("dienbien_entity_crf").model_path.startswith(str(tmp_path / "pipe"))
    assert again.get_pipe("dienbien_themes").model_path.startswith(str(tmp_path / "pipe"))
    a, b = nlp(TEXT), again(TEXT)
    assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == [
        (e.start_char, e.end_char, e.label_) for e in b.ents
    ]
    assert [s._.themes for s in a.sents] == [s._.themes for s in b.sents]
    assert a.cats == b.cats


def test_each_stage_runs_over_a_whole_batch_before_the_next_stage(nlp, monkeypatch):
    """nlp.pipe passes a batch from stage to stage, and gives what nlp() gives document by document."""
    import importlib

    claims_extract = importlib.import_module("dienbien_nlp.claims.extract")  # dienbien_nlp.claims is the API function
    entities = importlib.import_module("dienbien_nlp.pipeline.entities")
    sentences = importlib.import_module("dienbien_nlp.pipeline.sentences")

    texts = [f"Tỉnh ủy Điện Biên họp lần {i}. Huyện Mường Nhé có {i + 2} xã." for i in range(7)]
    single = [(d.text, [(e.start_char, e.end_char, e.label_) for e in d.ents], d._.claims) for d in map(nlp, texts)]
    calls = []
    for module, func, stage in (
        (sentences, "set_sentence_starts", "S"),
        (entities, "rule_entities_in_doc", "R"),
        (claims_extract, "doc_claims", "C"),
    ):
        original = getattr(module, func)

        def spy(*args, _orig=original, _stage=stage, **kwargs):
            calls.append(_stage)
            return _orig(*args, **kwargs)

        monkeypatch.setattr(module, func, spy)
    docs = list(nlp.pipe(texts, batch_size=3))
    assert "".join(calls) == "SSSRRRCCC" * 2 + "SRC"
    assert [(d.text, [(e.start_char, e.end_char, e.label_) for e in d.ents], d._.claims) for d in docs] == single
