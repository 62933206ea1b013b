"""The learned entity tagger: scikit-learn estimator contract, model files, merge policies, document consistency."""

from __future__ import annotations

import os
import pickle
import tempfile

import pytest
from sklearn.base import clone

from dienbien_nlp.learn.crf import CRFEntityTagger, defined_abbreviations, load_tagger, save_tagger
from dienbien_nlp.pipeline.entities import learned_first, learned_only, propagate_mentions, rules_first

X = [[{"w": "tỉnh"}, {"w": "hà", "title": True}, {"w": "giang", "title": True}, {"w": "họp"}]] * 4
Y = [["O", "B-LOC", "I-LOC", "O"]] * 4


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


def _leftovers() -> set[str]:
    return {n for n in os.listdir(tempfile.gettempdir()) if n.startswith(("dienbien-crf-", "model")) or n.endswith(".crfsuite")}


def test_fit_returns_self_keeps_the_model_in_memory_and_leaves_no_file_or_descriptor():
    before_files, before_fds = _leftovers(), _open_fds()
    est = CRFEntityTagger(max_iterations=30)
    assert est.fit(X, Y) is est
    assert isinstance(est.model_, bytes) and est.model_
    assert est.predict(X[:1]) == [Y[0]]
    assert _leftovers() == before_files
    assert _open_fds() == before_fds


def test_params_follow_the_scikit_learn_contract():
    est = CRFEntityTagger(c1=0.1, c2=0.2, max_iterations=7)
    assert est.get_params() == {"c1": 0.1, "c2": 0.2, "max_iterations": 7, "all_possible_transitions": True, "rule_dropout": False}
    assert est.set_params(c2=0.5) is est and est.c2 == 0.5
    twin = clone(est)
    assert twin.get_params() == est.get_params() and not hasattr(twin, "model_")


@pytest.mark.parametrize("bad", [([], []), (X, Y[:2]), ([[{"w": "a"}]], [["O", "O"]])])
def test_fit_refuses_mismatched_data(bad):
    with pytest.raises(ValueError):
        CRFEntityTagger(max_iterations=5).fit(*bad)


def test_predict_before_fit_says_so():
    with pytest.raises(AttributeError, match="not fitted"):
        CRFEntityTagger().predict(X)


def test_pickle_and_model_file_round_trip(tmp_path):
    est = CRFEntityTagger(max_iterations=30).fit(X, Y)
    again = pickle.loads(pickle.dumps(est))
    assert again.predict(X) == est.predict(X)
    path = save_tagger(est, tmp_path / "m.crfsuite")
    assert path.read_bytes() == est.model_
    loaded = load_tagger(str(path))
    assert loaded.predict(X) == est.predict(X) and loaded.tag(X[0]) == Y[0]


R = [(0, 9, "LOC", {"admin_level": "province"}), (20, 30, "ORG", None)]
L = [(0, 9, "LOC", None), (18, 30, "ORG", None), (40, 45, "PER", None)]


@pytest.mark.parametrize(
    "policy, expected",
    [
        (rules_first, [(0, 9, "LOC"), (20, 30, "ORG"), (40, 45, "PER")]),
        (learned_first, [(0, 9, "LOC"), (18, 30, "ORG"), (40, 45, "PER")]),
        (learned_only, [(0, 9, "LOC"), (18, 30, "ORG"), (40, 45, "PER")]),
    ],
)
def test_merge_policies(policy, expected):
    out = policy(R, L)
    assert [e[:3] for e in out] == expected
    assert out[0][3] == {"admin_level": "province"}  # a learned span equal to a rule entity keeps its fields


def test_merge_policies_are_registered():
    from spacy.util import registry

    for name in ("dienbien.rules_first.v1", "dienbien.learned_first.v1", "dienbien.learned_only.v1"):
        assert callable(registry.misc.get(name)())
    assert callable(registry.misc.get("dienbien.propagate_mentions.v1")(min_words=2))


def _surfaces(text, ents):
    return [(text[s:e], lab) for s, e, lab, _ in ents]


@pytest.mark.parametrize(
    "text, ents, expected",
    [
        # a bracket-defined abbreviation: there and at every later mention
        ("Tập đoàn Điện lực Việt Nam (EVN) họp. Sau đó EVN tăng giá.", [(0, 26, "ORG", None)],
         [("Tập đoàn Điện lực Việt Nam", "ORG"), ("EVN", "ORG"), ("EVN", "ORG")]),
        # a person's name found once is found again
        ("Ông Lê Văn Tám nói. Lê Văn Tám cười.", [(4, 14, "PER", None)], [("Lê Văn Tám", "PER"), ("Lê Văn Tám", "PER")]),
        # a long name replaces its parts found alone at another mention
        ("Ủy ban Thường vụ Quốc hội họp. Ủy ban Thường vụ Quốc hội kết luận.", [(0, 25, "ORG", None), (48, 56, "ORG", None)],
         [("Ủy ban Thường vụ Quốc hội", "ORG"), ("Ủy ban Thường vụ Quốc hội", "ORG")]),
        # not inside a word, not over a longer entity, not a short common name
        ("Lê Văn Tám và Lê Văn Támm; Quốc hội họp, Quốc hội.", [(0, 10, "PER", None), (27, 35, "ORG", None)],
         [("Lê Văn Tám", "PER"), ("Quốc hội", "ORG")]),
    ],
)
def test_propagate_mentions(text, ents, expected):
    assert _surfaces(text, propagate_mentions(text, ents)) == expected


@pytest.mark.parametrize(
    "text, ents, expected",
    [
        ("Bộ Y tế (BYT) và Tổ chức Y tế thế giới (WHO).", [(0, 7, "ORG"), (18, 39, "ORG")], {"BYT": "ORG", "WHO": "ORG"}),
        ("Hà Nội (thủ đô) đẹp.", [(0, 6, "LOC")], {}),
        ("Hà Nội đẹp (HN).", [(0, 6, "LOC")], {}),
    ],
)
def test_defined_abbreviations(text, ents, expected):
    assert defined_abbreviations(text, ents) == expected


def test_candidates_are_features_and_pieces_are_syllables():
    import dienbien_nlp
    from dienbien_nlp.learn.crf import doc_features

    nlp = dienbien_nlp.load(themes=False, claims=False)
    doc = nlp("Bí thư Tỉnh ủy Hà Giang Nguyễn Văn Sơn phát biểu.")
    assert doc._.rule_candidates  # the rule component leaves every candidate for the tagger
    assert not any(isinstance(k, str) and k.startswith("dienbien") for k in doc.user_data)  # no side channel
    sents, feats = doc_features(doc, [(e.start_char, e.end_char, e.label_) for e in doc.spans["dienbien_rules"]])
    words = [p.text for p in sents[0]]
    assert " " not in "".join(words) and "Giang" in words
    i = words.index("Tỉnh")
    assert feats[0][i]["rule"] == "B-ORG" and feats[0][i].get("c:ORG") == 1.0


def test_set_params_refuses_unknown_names():
    with pytest.raises(ValueError, match="invalid parameter"):
        CRFEntityTagger().set_params(c3=1.0)


def test_features_do_not_depend_on_the_hash_seed():
    # set iteration order changes with PYTHONHASHSEED; a trained model must not
    import os
    import subprocess
    import sys

    code = (
        "import json, dienbien_nlp\n"
        "from dienbien_nlp.learn.crf import doc_features\n"
        "nlp = dienbien_nlp.load(themes=False, claims=False)\n"
        "doc = nlp('Tập đoàn Điện lực Việt Nam (EVN) họp. EVN và Tập đoàn Điện lực Việt Nam ký với UBND tỉnh Lai Châu.')\n"
        "rules = [(e.start_char, e.end_char, e.label_) for e in doc.spans['dienbien_rules']]\n"
        "rules += [(0, 26, 'LOC')]\n"
        "print(json.dumps(doc_features(doc, rules)[1], ensure_ascii=False))\n"
    )
    env = dict(os.environ)
    outs = set()
    for seed in ("1", "2", "3"):
        env["PYTHONHASHSEED"] = seed
        outs.add(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout)
    assert len(outs) == 1


def test_a_gzipped_model_file_reads_back_and_has_the_same_bytes_each_time(tmp_path):
    from dienbien_nlp.learn.crf import model_bytes

    X = [[{"w": "hà"}, {"w": "nội"}, {"w": "đẹp"}]] * 3  # noqa: N806
    y = [["B-LOC", "I-LOC", "O"]] * 3
    tagger = CRFEntityTagger(max_iterations=20).fit(X, y)
    a, b = save_tagger(tagger, tmp_path / "a.crfsuite.gz"), save_tagger(tagger, tmp_path / "b.crfsuite.gz")
    assert a.read_bytes() == b.read_bytes() and a.read_bytes()[:2] == b"\x1f\x8b"
    assert model_bytes(a) == tagger.model_
    assert load_tagger(str(a)).predict(X[:1]) == [["B-LOC", "I-LOC", "O"]]


def test_no_file_the_package_ships_is_over_5_mb():
    from pathlib import Path

    import dienbien_nlp

    root = Path(dienbien_nlp.__file__).parent
    assert [p for p in root.rglob("*") if p.is_file() and p.stat().st_size > 5_000_000] == []


def test_rule_dropout_strips_exactly_the_rule_features_of_a_real_sentence():
    import dienbien_nlp
    from dienbien_nlp.learn.crf import doc_features, is_rule_feature, without_rule_features

    nlp = dienbien_nlp.load(themes=False, claims=False)
    doc = nlp("Bí thư Tỉnh ủy Hà Giang Nguyễn Văn Sơn (BT) phát biểu tại Hà Giang.")
    feats = doc_features(doc, [(e.start_char, e.end_char, e.label_) for e in doc.spans["dienbien_rules"]])[1][0]
    names = {k for f in feats for k in f}
    assert {"rule", "-1:rule", "c:ORG", "doc:LOC"} <= {k for k in names if is_rule_feature(k)}
    assert not any(is_rule_feature(k) for k in ("w", "-1:w", "word", "pos", "shape", "1:ww", "title", "bias"))
    stripped = without_rule_features(feats)
    assert len(stripped) == len(feats)
    for f, g in zip(feats, stripped):
        assert g == {k: v for k, v in f.items() if not is_rule_feature(k)} and "w" in g and "pos" in g


def test_rule_dropout_makes_the_tagger_learn_the_context_the_rules_stand_for():
    # in training the rule feature is always right, as on the documents the rules were written from
    X, Y = [], []  # noqa: N806
    for name in ("an", "bình", "cao", "dương", "gia", "hải", "kon", "lai", "nam", "phú", "quảng", "sơn"):
        X.append([{"w": "về"}, {"w": "tỉnh"}, {"w": name, "-1:w": "tỉnh", "rule": "B-LOC"}, {"w": "."}])
        Y.append(["O", "O", "B-LOC", "O"])
        X.append([{"w": "ông"}, {"w": name, "-1:w": "ông"}, {"w": "nói"}])
        Y.append(["O", "O", "O"])
    missed = [[{"w": "về"}, {"w": "tỉnh"}, {"w": "mới", "-1:w": "tỉnh"}, {"w": "."}]]  # a name the rules miss
    assert CRFEntityTagger().fit(X, Y).predict(missed) == [["O"] * 4]
    tagger = CRFEntityTagger(rule_dropout=True).fit(X, Y)
    assert tagger.predict(missed) == [["O", "O", "B-LOC", "O"]]
    assert clone(tagger).get_params()["rule_dropout"] is True


def _pieces(text: str):
    import re

    from dienbien_nlp.learn.crf import Piece

    return [Piece(m.start(), m.group(), "N", m.group().lower(), True) for m in re.finditer(r"\S+?(?=[,:]|\s|$)|[,:]", text)]


@pytest.mark.parametrize(
    ("text", "span", "candidates", "expected"),
    [
        # the rules end the name before the quota that follows it: the learned span is cut there
        ("ĐHDL Hải Phòng 1.500, ĐHDL Đông Đô 700", "ĐHDL Hải Phòng 1.500", [("ĐHDL Hải Phòng", "ORG")], "ĐHDL Hải Phòng"),
        ("CĐ Điện lực 450 và 12", "CĐ Điện lực 450", [("CĐ Điện lực", "ORG")], "CĐ Điện lực"),
        # a rule reads the number inside the name: kept
        ("Sư đoàn 316 hành quân", "Sư đoàn 316", [("Sư đoàn 316", "ORG")], "Sư đoàn 316"),
        # the rules say nothing about where the name ends: kept as the tagger found it
        ("Nhà máy Z 176 sản xuất", "Nhà máy Z 176", [], "Nhà máy Z 176"),
        ("Nhà máy Z 176 sản xuất", "Nhà máy Z 176", [("Nhà máy", "ORG")], "Nhà máy Z 176"),
        # no number at its end: nothing to cut
        ("Bộ Y tế họp", "Bộ Y tế", [("Bộ Y", "ORG")], "Bộ Y tế"),
    ],
)
def test_a_learned_name_does_not_run_over_a_number_the_rules_leave_outside(text, span, candidates, expected):
    from dienbien_nlp.learn.crf import trim_numbers_after_names

    s = text.index(span)
    cands = [(text.index(c), text.index(c) + len(c), lab, "test") for c, lab in candidates]
    got = trim_numbers_after_names(_pieces(text), [(s, s + len(span), "ORG")], cands)
    assert [(text[a:b], lab) for a, b, lab in got] == [(expected, "ORG")]
