"""Theme baselines, their evaluation protocol, saving/loading, and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from dienbien_nlp.errors import DienbienError
from dienbien_nlp.schema import cap_of, theme_ids, themes
from dienbien_nlp.theme_io import load_model, save_model
from dienbien_nlp.themes import (
    CLASSIFIERS,
    LexiconThemes,
    ThemeClassifier,
    cross_validate,
    grouped_multilabel_folds,
)

from .conftest import ROOT

X = [
    "Tăng_trưởng GRDP đạt 8 %", "Thu_ngân_sách tăng mạnh", "Kinh_tế phát_triển nhanh",
    "Xây_dựng Đảng trong_sạch", "Kỷ_luật đảng_viên vi_phạm", "Kiểm_tra giám_sát tổ_chức đảng",
    "Cao_tốc và sân_bay", "Quốc_lộ được nâng_cấp", "Hạ_tầng giao_thông đồng_bộ",
    "Xin cảm_ơn", "Lam_Anh thực_hiện", "Trường học đạt chuẩn",
]
Y = [["economy"]] * 3 + [["party_building"]] * 3 + [["infrastructure_transport"]] * 3 + [[], [], ["education_workforce"]]
GROUPS = [0, 0, 1, 2, 2, 3, 4, 4, 5, 6, 6, 7]


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


@pytest.mark.parametrize("kind", sorted(CLASSIFIERS))
def test_estimator_contract(kind):
    clf = ThemeClassifier(kind, random_state=0)
    assert clf.get_params() == {"kind": kind, "random_state": 0}
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


def test_save_load_round_trip(tmp_path):
    clf = ThemeClassifier("tfidf_lex_lr").fit(X, Y)
    p = save_model(clf, tmp_path / "m.skops")
    again = load_model(p)
    assert again.predict_themes(X) == clf.predict_themes(X)


def test_untrusted_types_are_refused(tmp_path):
    import skops.io as sio

    from dienbien_nlp.cleaning import CleanText  # any type outside the allow-list

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
