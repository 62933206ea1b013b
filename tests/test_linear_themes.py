"""Linear theme models as arrays + JSON: same predictions as scikit-learn, exact refusals, no scikit-learn needed."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from dienbien_nlp.errors import DienbienError
from dienbien_nlp.learn.linear import CONTEXT_KINDS, LINEAR_KINDS, LinearThemeModel, char_wb_ngrams, context_scores, save_linear
from dienbien_nlp.learn.model_io import SHIPPED_MODEL, load_model
from dienbien_nlp.learn.themes import ThemeClassifier

from .conftest import ROOT
from .test_themes import DOCS, X, Y

# unseen sentences: words, bigrams and n-grams the training data has and has not
NEW = [
    "Tăng_trưởng kinh_tế và thu_ngân_sách", "Đảng_viên vi_phạm kỷ_luật bị xử_lý", "Nâng_cấp quốc_lộ 12 lên Điện_Biên",
    "Trường học vùng cao", "", "   ", "GRDP", "Hoà_bình , khoẻ_mạnh ; THUỴ", "Ðiện_Biên",
]


@pytest.mark.parametrize("kind", LINEAR_KINDS)
def test_linear_file_predicts_like_the_scikit_learn_model(tmp_path, kind):
    clf = ThemeClassifier(kind).fit(X, Y, docs=DOCS)
    p = save_linear(clf, tmp_path / "m.linear.zip")
    lin = load_model(p)
    assert isinstance(lin, LinearThemeModel)
    assert lin.predict_themes(X + NEW) == clf.predict_themes(X + NEW)
    docs = DOCS + [100] * 3 + [101] * (len(NEW) - 3)
    assert lin.predict_themes(X + NEW, docs=docs) == clf.predict_themes(X + NEW, docs=docs)
    np.testing.assert_allclose(lin.decision_function(X + NEW), clf.model_.decision_function(X + NEW), atol=1e-9)
    assert lin.context_ == (getattr(clf, "context_", (1.0, 0.0, 0.0, 0.0)))
    assert (lin.context_ != (1.0, 0.0, 0.0, 0.0)) == (kind in CONTEXT_KINDS)


def test_context_scores_read_the_document_and_nothing_else():
    s = np.array([[3.0, -3.0], [-0.5, -3.0], [-0.5, -3.0], [3.0, -3.0]])
    # without context weight the scores are unchanged, whatever the documents
    assert context_scores(s, [0, 0, 1, 1], (1.0, 0.0, 0.0, 0.0)) is s
    z = context_scores(s, ["a", "a", "b", "c"], (1.0, 3.0, -1.0, 0.0))
    # sentence 1 shares its document with a confident sentence: its first theme passes 0; sentence 2 is alone
    assert z[1, 0] > 0 > z[2, 0]
    # a document's context is its own: the same sentences in another order of documents score the same
    z2 = context_scores(s[[2, 0, 1, 3]], ["b", "a", "a", "c"], (1.0, 3.0, -1.0, 0.0))
    np.testing.assert_allclose(z2, z[[2, 0, 1, 3]])
    # no docs: each sentence is its own document
    np.testing.assert_allclose(context_scores(s, None, (1.0, 3.0, -1.0, 0.0)), context_scores(s, [0, 1, 2, 3], (1.0, 3.0, -1.0, 0.0)))
    with pytest.raises(ValueError, match="docs"):
        context_scores(s, [0, 0], (1.0, 3.0, -1.0, 0.0))
    # k pseudo-sentences shrink the mean of a short document: sentence 1 no longer passes 0
    assert context_scores(s, ["a", "a", "b", "c"], (1.0, 3.0, -1.0, 2.0))[1, 0] < 0
    long = np.r_[s[:1], np.tile(s[1:2], (9, 1))]
    lone = context_scores(long, None, (1.0, 3.0, -1.0, 2.0))
    np.testing.assert_allclose(lone, long - 1.0 + 3.0 / (1.0 + np.exp(-long)) / 3.0)


def test_a_version_1_file_without_context_is_still_read(tmp_path):
    clf = ThemeClassifier("tfidf_lex_hints_lr").fit(X, Y)
    good = save_linear(clf, tmp_path / "good.zip")

    def to_v1(f):
        f.pop("context.npy")
        _meta(f, version=1)

    old = load_model(_rewrite(good, tmp_path / "v1.zip", to_v1))
    assert old.context_ == (1.0, 0.0, 0.0, 0.0)
    assert old.predict_themes(X + NEW) == clf.predict_themes(X + NEW)


def test_shipped_linear_model_is_the_shipped_skops_model():
    skops_model = load_model(ROOT / "dienbien_nlp" / SHIPPED_MODEL)
    shipped = load_model()
    assert isinstance(shipped, LinearThemeModel)
    texts = X + NEW + ["Tỉnh_uỷ Điện_Biên lãnh_đạo phát_triển du_lịch , giảm nghèo bền_vững và xây_dựng nông_thôn mới"]
    assert shipped.predict_themes(texts) == skops_model.predict_themes(texts)
    np.testing.assert_allclose(shipped.decision_function(texts), skops_model.model_.decision_function(texts), atol=1e-9)


def test_same_model_same_bytes(tmp_path):
    clf = ThemeClassifier("tfidf_lex_hints_lr").fit(X, Y)
    a, b = save_linear(clf, tmp_path / "a.zip"), save_linear(clf, tmp_path / "b.zip")
    assert a.read_bytes() == b.read_bytes()


def test_only_linear_kinds_are_exported(tmp_path):
    with pytest.raises(ValueError, match="only"):
        save_linear(ThemeClassifier("tfidf_cnb").fit(X, Y), tmp_path / "m.zip")
    assert not (tmp_path / "m.zip").exists()


def test_tagging_with_the_shipped_model_needs_no_scikit_learn(tmp_path):
    code = (
        "import sys, dienbien_nlp; doc = dienbien_nlp.load()('Tăng trưởng GRDP của tỉnh đạt 9%.'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'skops', 'scipy')))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def _rewrite(src, dst, change):
    files = {}
    with zipfile.ZipFile(src) as zf:
        for name in zf.namelist():
            files[name] = zf.read(name)
    change(files)
    with zipfile.ZipFile(dst, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return dst


def _npy(arr, allow_pickle=False):
    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=allow_pickle)
    return buf.getvalue()


def _meta(files, **change):
    meta = json.loads(files["model.json"])
    meta.update(change)
    files["model.json"] = json.dumps(meta).encode()


TAMPERED = {
    "extra entry": lambda f: f.update({"run.py": b"print('hi')"}),
    "missing entry": lambda f: f.pop("coef.npy"),
    "pickled array": lambda f: f.update({"coef.npy": _npy(np.array([{"a": 1}], dtype=object), allow_pickle=True)}),
    "wrong dtype": lambda f: f.update({"intercept.npy": _npy(np.zeros(20, dtype=np.float32))}),
    "wrong shape": lambda f: f.update({"coef.npy": _npy(np.zeros((3, 3)))}),
    "not finite": lambda f: f.update({"intercept.npy": _npy(np.full(20, np.nan))}),
    "extra key": lambda f: _meta(f, code="import os"),
    "other format": lambda f: _meta(f, format="something else"),
    "other version": lambda f: _meta(f, version=3),
    "version 1 with context": lambda f: _meta(f, version=1),
    "version 2 without context": lambda f: f.pop("context.npy"),
    "context on a kind without": lambda f: f.update({"context.npy": _npy(np.array([1.0, 2.0, 0.0]))}),
    "context wrong shape": lambda f: f.update({"context.npy": _npy(np.array([1.0, 0.0, 0.0]))}),
    "context negative prior": lambda f: f.update({"context.npy": _npy(np.array([1.0, 0.0, 0.0, -1.0]))}),
    "unknown kind": lambda f: _meta(f, kind="tfidf_cnb"),
    "vocabulary not strings": lambda f: _meta(f, vocabulary={"words": [1], "bigrams": [], "chars": []}),
    "broken json": lambda f: f.update({"model.json": b"{"}),
}


@pytest.mark.parametrize("change", TAMPERED.values(), ids=TAMPERED.keys())
def test_anything_unexpected_is_refused(tmp_path, change):
    good = save_linear(ThemeClassifier("tfidf_lex_hints_lr").fit(X, Y), tmp_path / "good.zip")
    bad = _rewrite(good, tmp_path / "bad.zip", change)
    with pytest.raises(DienbienError, match=r"^\[E064\] .*bad\.zip: refusing to load"):
        load_model(bad)


def test_tampered_model_is_one_error_line_from_the_cli(tmp_path):
    good = save_linear(ThemeClassifier("tfidf_lex_hints_lr").fit(X, Y), tmp_path / "good.zip")
    bad = _rewrite(good, tmp_path / "bad.zip", TAMPERED["extra key"])
    text = tmp_path / "t.txt"
    text.write_text("Tăng trưởng GRDP.\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "dienbien_nlp.cli", "themes", "predict", str(text), "--model", str(bad)],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr.startswith("error: [E064]") and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ab", [" a", "ab", "b ", " ab", "ab ", " ab "]),
        ("a", [" a", "a ", " a "]),
        ("", []),
        ("a  b", [" a", "a ", " a ", " b", "b ", " b "]),
    ],
)
def test_char_ngrams_are_scikit_learns(text, expected):
    from sklearn.feature_extraction.text import TfidfVectorizer

    assert char_wb_ngrams(text, 2, 5) == expected
    assert char_wb_ngrams(text, 2, 5) == TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))._char_wb_ngrams(text)


def _pattern_counts(model, plain):
    return {j: n for j, (pat, _) in enumerate(model._hint_patterns()) if (n := len(pat.findall(plain)))}


@pytest.fixture(scope="module")
def shipped_linear():
    return load_model()


def test_hint_counts_by_word_lookup_equal_the_hint_patterns(shipped_linear):
    from dienbien_nlp.learn.theme_text import fold

    words = sorted({w for hints in shipped_linear.hints_ for h in hints for w in fold(h).split()})
    assert words
    rng = np.random.default_rng(7)
    glue = [" ", " ", " ", ", ", "-", ". ", " (", ") ", "x"]  # "x" glues two words into one that no hint starts
    for _ in range(400):
        k = int(rng.integers(1, 14))
        parts = [words[int(i)] for i in rng.integers(0, len(words), k)]
        plain = "".join(p + glue[int(rng.integers(0, len(glue)))] for p in parts).strip()
        assert shipped_linear._hint_counts(plain) == _pattern_counts(shipped_linear, plain), plain
    # every hint alone, and each followed by a word character (no match)
    for hints in shipped_linear.hints_:
        for h in hints:
            for plain in (fold(h), fold(h) + "a", "a" + fold(h), f"{fold(h)} và {fold(h)}"):
                assert shipped_linear._hint_counts(plain) == _pattern_counts(shipped_linear, plain), plain
