"""Theme baselines, their evaluation protocol, saving/loading, and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from dienbien_nlp.errors import DienbienError
from dienbien_nlp.learn.model_io import load_model, save_model
from dienbien_nlp.learn.themes import (
    CLASSIFIERS,
    LexiconThemes,
    ThemeClassifier,
    bar_check,
    cross_validate,
    grouped_multilabel_folds,
    hint_examples,
    holdout_evaluate,
)
from dienbien_nlp.schema import cap_of, theme_ids, themes

from .conftest import ROOT

X = [
    "Tăng_trưởng GRDP đạt 8 %", "Thu_ngân_sách tăng mạnh", "Kinh_tế phát_triển nhanh",
    "Xây_dựng Đảng trong_sạch", "Kỷ_luật đảng_viên vi_phạm", "Kiểm_tra giám_sát tổ_chức đảng",
    "Cao_tốc và sân_bay", "Quốc_lộ được nâng_cấp", "Hạ_tầng giao_thông đồng_bộ",
    "Xin cảm_ơn", "Lam_Anh thực_hiện", "Trường học đạt chuẩn",
]
Y = [["economy"]] * 3 + [["party_building"]] * 3 + [["infrastructure_transport"]] * 3 + [[], [], ["education_workforce"]]
GROUPS = [0, 0, 1, 2, 2, 3, 4, 4, 5, 6, 6, 7]
#: A document per theme block (the context of the kinds that read the document).
DOCS = ["e"] * 3 + ["p"] * 3 + ["i"] * 3 + ["o"] * 3


def test_every_theme_has_cap_and_hints():
    assert len(theme_ids()) == 20
    for t in themes():
        assert t["hints"] and t["definition_en"] and t["definition_vi"]
    assert cap_of("party_building") == (20, "Government Operations")
    assert cap_of("history_tradition") == (None, "Other")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Tăng_trưởng GRDP bình_quân đạt 9 %", ["economy"]),
        ("Cao_tốc Hà_Nội - Hải_Phòng được mở_rộng", ["infrastructure_transport"]),
        ("Xin trân_trọng cảm_ơn đồng_chí", []),
        ("Tỉnh uỷ chỉ_đạo phòng_chống tham_nhũng", ["party_building"]),
    ],
)
def test_lexicon_needs_no_training(text, expected):
    assert LexiconThemes().fit([]).predict_themes([text]) == [expected]


@pytest.mark.parametrize(
    "text,absent",
    [
        # a hint is a whole word: syllables inside other words do not count
        ("Đáp_ứng yêu_cầu nhiệm_vụ", "infrastructure_transport"),  # cầu in yêu cầu
        ("Sản_lượng lương_thực đạt 285 nghìn tấn", "labor_employment"),  # lương in lương thực
        ("Xử_lý kỷ_luật đảng_viên", "law_justice"),  # luật in kỷ luật
        ("Du_học tại Nhật_Bản", "foreign_relations"),
    ],
)
def test_lexicon_hints_are_whole_words(text, absent):
    assert absent not in LexiconThemes().fit([]).predict_themes([text])[0]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Vụ cháy gây thiệt_hại lớn , cơ_quan công_an đang điều_tra", "law_justice"),
        ("Ngập_lụt kéo_dài sau mưa_lũ", "environment_disaster"),
        ("Học_bổng du_học cho sinh_viên", "education_workforce"),
        ("Thị_trường bất_động_sản trầm_lắng", "urban_development"),
    ],
)
def test_lexicon_covers_news_vocabulary(text, expected):
    assert expected in LexiconThemes().fit([]).predict_themes([text])[0]


def test_hint_examples_cover_every_theme():
    texts, labels = hint_examples()
    assert len(texts) == len(labels)
    assert {t for ls in labels for t in ls} == set(theme_ids())


def test_hint_prior_lets_a_model_predict_themes_absent_from_training():
    # the training data never shows energy or health; the taxonomy's hints do
    plain = ThemeClassifier("tfidf_lex_lr").fit(X, Y)
    hinted = ThemeClassifier("tfidf_lex_hints_lr").fit(X, Y)
    new = ["Đầu_tư lưới_điện nông_thôn và thủy_điện nhỏ", "Bệnh_viện tỉnh có thêm bác_sĩ"]
    assert plain.predict_themes(new) == [[], []]
    got = hinted.predict_themes(new)
    assert "energy" in got[0] and "health" in got[1]
    # and it still fits its training sentences
    assert hinted.predict_themes(X[:3]) == [["economy"]] * 3


@pytest.mark.parametrize("kind", sorted(CLASSIFIERS))
def test_estimator_contract(kind):
    clf = ThemeClassifier(kind, random_state=0)
    assert clf.get_params() == {"kind": kind, "random_state": 0, "labels": None}
    assert clf.fit(X, Y) is clf
    pred = clf.predict(X)
    assert pred.shape == (len(X), len(theme_ids()))
    assert set(np.unique(pred)) <= {0, 1}


def test_learned_model_fits_training_data():
    clf = ThemeClassifier("tfidf_lr").fit(X, Y)
    got = clf.predict_themes(X)
    assert sum(set(g) == set(y) for g, y in zip(got, Y)) >= 10


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown classifier"):
        ThemeClassifier("magic").fit(X, Y)


def test_folds_never_split_a_paragraph():
    from sklearn.preprocessing import MultiLabelBinarizer

    Ym = MultiLabelBinarizer(classes=list(theme_ids())).fit_transform(Y)
    for seed in range(3):
        folds = grouped_multilabel_folds(Ym, GROUPS, 3, seed)
        for g in set(GROUPS):
            assert len({f for f, gg in zip(folds, GROUPS) if gg == g}) == 1


def test_cross_validate_shapes_and_ci():
    res = cross_validate(X, Y, GROUPS, kinds=("dummy_majority", "lexicon", "tfidf_lr"), n_splits=3, seeds=(0, 1), n_boot=50)
    cls = res["classifiers"]
    for name, r in cls.items():
        for key in ("micro_f1", "macro_f1"):
            assert r[key]["ci_low"] <= r[key]["mean"] + 1e-9 <= r[key]["ci_high"] + 2e-9 or name == "dummy_majority"
        assert set(r["per_theme"]) == set(theme_ids())
    assert cls["dummy_majority"]["micro_f1"]["mean"] == 0.0
    assert cls["lexicon"]["micro_f1"]["mean"] > 0.5


def test_cross_validate_compares_learned_with_trivial_baselines_paired():
    res = cross_validate(X, Y, GROUPS, kinds=("dummy_majority", "lexicon", "tfidf_lr"), n_splits=3, seeds=(0,), n_boot=50)
    cls = res["classifiers"]
    assert set(cls["tfidf_lr"]["vs"]) == {"dummy_majority", "lexicon"}
    assert "vs" not in cls["lexicon"]
    d = cls["tfidf_lr"]["vs"]["lexicon"]
    assert d["mean"] == pytest.approx(cls["tfidf_lr"]["micro_f1"]["mean"] - cls["lexicon"]["micro_f1"]["mean"])
    assert d["ci_low"] <= d["ci_high"]


def _fake(learned, lexicon, diff):
    ci = lambda m, lo, hi: {"mean": m, "ci_low": lo, "ci_high": hi}  # noqa: E731
    return {
        "classifiers": {
            "lexicon": {"micro_f1": ci(*lexicon)},
            "tfidf_lr": {"micro_f1": ci(*learned), "vs": {"lexicon": ci(*diff)}},
        }
    }


@pytest.mark.parametrize(
    "learned,lexicon,diff,paired,disjoint",
    [
        ((0.80, 0.75, 0.85), (0.70, 0.65, 0.74), (0.10, 0.04, 0.16), True, True),
        ((0.80, 0.75, 0.85), (0.76, 0.70, 0.82), (0.04, 0.01, 0.07), True, False),
        ((0.80, 0.75, 0.85), (0.77, 0.70, 0.82), (0.03, -0.02, 0.08), False, False),
    ],
)
def test_bar_check_reads_both_intervals(learned, lexicon, diff, paired, disjoint):
    bar = bar_check(_fake(learned, lexicon, diff), "tfidf_lr")
    assert bar["classifier"] == "tfidf_lr"
    assert bar["paired"] is paired and bar["disjoint"] is disjoint
    assert bar["baselines"]["lexicon"]["difference"]["mean"] == diff[0]


def test_holdout_evaluate_scores_the_test_set_only():
    test_x = ["Kinh_tế tăng_trưởng 7 %", "Quốc_lộ 12 được mở_rộng", "Xin cảm_ơn"]
    test_y = [["economy"], ["infrastructure_transport"], []]
    res = holdout_evaluate(X, Y, test_x, test_y, kinds=("dummy_majority", "lexicon", "tfidf_lex_hints_lr"), seeds=(0,), n_boot=30)
    assert res["setup"]["test_sentences"] == 3 and res["setup"]["train_sentences"] == len(X)
    assert res["classifiers"]["lexicon"]["micro_f1"]["mean"] == 1.0
    assert res["classifiers"]["lexicon"]["per_theme"]["economy"]["support"] == 1
    assert "lexicon" in res["classifiers"]["tfidf_lex_hints_lr"]["vs"]


@pytest.mark.parametrize("kind", ["tfidf_lex_lr", "tfidf_lex_hints_lr"])
def test_save_load_round_trip(tmp_path, kind):
    clf = ThemeClassifier(kind).fit(X, Y)
    p = save_model(clf, tmp_path / "m.skops")
    again = load_model(p)
    assert again.predict_themes(X) == clf.predict_themes(X)


def test_saved_model_bytes_are_reproducible(tmp_path):
    # separate processes: object addresses and hash order differ between them
    code = (
        "import sys, json; from dienbien_nlp.learn.themes import ThemeClassifier; from dienbien_nlp.learn.model_io import save_model; "
        "X, Y = json.loads(sys.argv[2]); save_model(ThemeClassifier('tfidf_lex_hints_lr').fit(X, Y), sys.argv[1])"
    )
    paths = [tmp_path / "a.skops", tmp_path / "b.skops"]
    for p in paths:
        r = subprocess.run([sys.executable, "-c", code, str(p), json.dumps([X, Y])], capture_output=True, cwd=ROOT, timeout=300)
        assert r.returncode == 0, r.stderr
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert load_model(paths[1]).predict_themes(X) == load_model(paths[0]).predict_themes(X)


def test_untrusted_types_are_refused(tmp_path):
    import skops.io as sio

    from dienbien_nlp.corpus.cleaning import CleanText  # any type outside the allow-list

    p = tmp_path / "evil.skops"
    sio.dump({"x": CleanText("a", (0, 1))}, p)
    with pytest.raises(DienbienError, match="E030"):
        load_model(p)


def test_not_a_model_is_refused(tmp_path):
    p = tmp_path / "m.skops"
    p.write_bytes(b"not a zip")
    with pytest.raises(DienbienError, match="E031"):
        load_model(p)


def test_shipped_model_loads_and_predicts(nlp):
    doc = nlp("Tăng trưởng GRDP của tỉnh đạt 9%. Xin cảm ơn!")
    sents = [s for s in doc.sents if not s.text.isspace()]
    assert "economy" in sents[0]._.themes
    assert set(doc.cats) == set(theme_ids())
    assert 0 < doc.cats["economy"] <= 1


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "dienbien_nlp.cli", *args], input=stdin, capture_output=True, cwd=ROOT, timeout=600)


def test_train_on_user_data_and_predict(tmp_path):
    data = tmp_path / "train.jsonl"
    recs = [{"text": t.replace("_", " "), "themes": y} for t, y in zip(X, Y)]
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    model = tmp_path / "m.skops"
    r = run("themes", "train", "--data", str(data), "-o", str(model), "--kind", "tfidf_lr")
    assert r.returncode == 0, r.stderr
    r = run("themes", "predict", "-", "--model", str(model), stdin="Kinh tế tăng trưởng nhanh.".encode())
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["themes"] == ["economy"]


def test_evaluate_on_a_held_out_file(tmp_path):
    def write(name, texts, labels):
        path = tmp_path / name
        recs = [{"text": t.replace("_", " "), "themes": y} for t, y in zip(texts, labels)]
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
        return path

    train = write("train.jsonl", X, Y)
    test = write("test.jsonl", ["Kinh tế tăng trưởng 7%.", "Quốc lộ 12 được mở rộng.", "Xin cảm ơn."], [["economy"], ["infrastructure_transport"], []])
    out = tmp_path / "eval.json"
    r = run("themes", "evaluate", "--data", str(train), "--test", str(test), "--seeds", "1", "--json", "-o", str(out))
    assert r.returncode == 0, r.stderr
    printed = json.loads(r.stdout)
    assert {"lexicon", "tfidf_lex_hints_lr"} <= set(printed)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["setup"]["test"] == str(test) and saved["setup"]["test_sentences"] == 3
    assert saved["bar"]["classifier"] == saved["best_learned"]
    assert printed["lexicon"]["micro_f1"]["mean"] == 1.0


@pytest.mark.parametrize(
    "content,code",
    [("{broken\n", "E008"), ('{"text": "a", "themes": ["nope"]}\n', "E020"), ('{"themes": []}\n', "E020")],
)
def test_train_bad_data(tmp_path, content, code):
    data = tmp_path / "bad.jsonl"
    data.write_text(content, encoding="utf-8")
    r = run("themes", "train", "--data", str(data), "-o", str(tmp_path / "m.skops"))
    assert r.returncode == 1
    assert code in r.stderr.decode() and "Traceback" not in r.stderr.decode()
    assert not (tmp_path / "m.skops").exists()


def test_evaluate_bad_test_file(tmp_path):
    test = tmp_path / "test.jsonl"
    test.write_text('{"text": "a", "themes": ["nope"]}\n', encoding="utf-8")
    r = run("themes", "evaluate", "--test", str(test), "-o", str(tmp_path / "eval.json"))
    err = r.stderr.decode()
    assert r.returncode == 1 and "E020" in err and str(test) in err and "Traceback" not in err
    assert not (tmp_path / "eval.json").exists()



TAXONOMY = ["housing", "migration", "economy"]
TX = ["Nhà_ở xã_hội cho công_nhân", "Di_cư lao_động ra thành_phố", "Tăng_trưởng kinh_tế đạt 8 %"] * 4
TY = [["housing"], ["migration"], ["economy"]] * 4


@pytest.mark.parametrize("kind", ["lexicon", "tfidf_lr", "tfidf_lex_hints_lr"])
def test_a_taxonomy_of_its_own(kind):
    clf = ThemeClassifier(kind, labels=TAXONOMY).fit(TX, TY)
    assert list(clf.classes_) == TAXONOMY
    pred = clf.predict(TX)
    assert pred.shape == (len(TX), 3)
    if kind != "lexicon":
        assert clf.predict_themes(TX[:3]) == TY[:3]
    else:  # the schema's lexicon knows only the shared theme
        assert pred[:, :2].sum() == 0 and clf.predict_themes(["Tăng_trưởng GRDP"]) == [["economy"]]


def test_themes_outside_the_taxonomy_are_refused():
    with pytest.raises(ValueError, match="not in the taxonomy"):
        ThemeClassifier("tfidf_lr", labels=["housing"]).fit(TX, TY)


def test_train_evaluate_and_predict_with_a_taxonomy_file(tmp_path):
    import json

    from dienbien_nlp.errors import DienbienError
    from dienbien_nlp.learn.model_io import load_model
    from dienbien_nlp.learn.theme_tasks import evaluate_themes, jsonl_training_data, load_taxonomy, train_themes

    tax = tmp_path / "tax.json"
    tax.write_text(json.dumps(TAXONOMY), encoding="utf-8")
    data = tmp_path / "d.jsonl"
    texts = ["Nhà ở xã hội cho công nhân.", "Di cư lao động ra thành phố.", "Tăng trưởng kinh tế đạt 8%."]
    data.write_text("".join(json.dumps({"text": t, "themes": y}, ensure_ascii=False) + "\n" for t, y in zip(texts * 4, TY)), encoding="utf-8")
    with pytest.raises(DienbienError, match="unknown themes"):
        jsonl_training_data(data)  # without the taxonomy, housing is unknown (E020)
    assert load_taxonomy(tax) == tuple(TAXONOMY)
    info = train_themes(tmp_path / "m.skops", kind="tfidf_lr", data=data, taxonomy=tax)
    assert info["themes"] == TAXONOMY
    model = load_model(tmp_path / "m.skops")
    assert model.predict_themes(jsonl_training_data(data, taxonomy=tuple(TAXONOMY))[0][:2]) == [["housing"], ["migration"]]
    res = evaluate_themes(data=data, test=data, taxonomy=tax, seeds=(0,), n_boot=20)
    assert set(res["classifiers"]["tfidf_lr"]["per_theme"]) == set(TAXONOMY)
    assert res["setup"]["taxonomy"] == TAXONOMY


def test_the_context_kind_learns_from_the_document():
    from dienbien_nlp.learn.themes import CONTEXT_KINDS

    assert "tfidf_lex_hints_ctx_lr" in CONTEXT_KINDS
    clf = ThemeClassifier("tfidf_lex_hints_ctx_lr").fit(X, Y, docs=DOCS)
    a, b, _c, k = clf.context_
    assert a > 0 and b > 0 and k == 5  # themes cluster by document here, so the document's mean score counts
    plain = ThemeClassifier("tfidf_lex_hints_ctx_lr").fit(X, Y)
    # without documents each sentence is its own, and the predictions do not depend on how the batch is cut
    assert plain.predict_themes(X) == [plain.predict_themes([x])[0] for x in X]
    # a sentence with no theme word of its own gets the theme of a document about it, not of one that is not
    s = clf.model_.decision_function(["Năm nay"])
    assert s.shape[0] == 1
    about = clf.predict(["Tăng_trưởng GRDP đạt 8 %", "Thu_ngân_sách tăng mạnh", "Năm nay"], docs=[0, 0, 0])
    alone = clf.predict(["Năm nay"], docs=[0])
    col = list(clf.classes_).index("economy")
    assert about[2, col] >= alone[0, col]
    with pytest.raises(ValueError, match="docs"):
        ThemeClassifier("tfidf_lex_hints_ctx_lr").fit(X, Y, docs=DOCS[:3])


def test_the_pipeline_gives_each_document_its_own_context(tmp_path):
    from dienbien_nlp import load
    from dienbien_nlp.learn.linear import save_linear

    model = save_linear(ThemeClassifier("tfidf_lex_hints_ctx_lr").fit(X, Y, docs=DOCS), tmp_path / "ctx.linear.zip")
    nlp = load(entities=False, themes=True, theme_model=str(model), claims=False)
    texts = ["Tăng trưởng GRDP đạt 8%. Thu ngân sách tăng mạnh. Năm nay như vậy.", "Năm nay như vậy.", "Xây dựng Đảng trong sạch. Năm nay như vậy."]
    batch = [[s._.themes for s in d.sents] for d in nlp.pipe(texts)]
    alone = [[s._.themes for s in nlp(t).sents] for t in texts]
    assert batch == alone  # one call for the batch, and no document lends its context to another
    assert batch[0][0] == ["economy"]


def test_a_short_document_does_not_lend_its_themes_to_a_greeting():
    from dienbien_nlp.learn.linear import context_scores

    clf = ThemeClassifier("tfidf_lex_hints_ctx_lr").fit(X, Y, docs=DOCS)
    texts = ["Tăng_trưởng GRDP đạt 8 %", "Xin chào ."]
    s = np.asarray(clf.model_.decision_function(texts))
    col = list(clf.classes_[clf.active_]).index("economy")
    a, b, c, k = clf.context_
    assert clf.predict_themes(texts, docs=[0, 0])[1] == []
    # without the prior the greeting would get more of the first sentence's score
    assert context_scores(s, [0, 0], (a, b, c, k))[1, col] < context_scores(s, [0, 0], (a, b, c, 0.0))[1, col]
