"""Sentence-level policy themes: baseline classifiers, grouped cross-validation, saving with skops.

All classifiers are one-vs-rest multi-label estimators over *segmented* sentence
text: words joined by spaces, syllables of a multi-syllable word joined by
``_`` (``"Điện_Biên phát_triển"``), as :func:`segment` makes from the
project's tokenizer. They follow the scikit-learn contract.

* ``dummy_majority`` / ``dummy_prior``: sklearn's ``DummyClassifier`` (most frequent; stratified by the prior).
* ``lexicon``: :class:`LexiconThemes`, keyword hints from the schema; needs no training data.
* ``tfidf_lr`` / ``tfidf_svc`` / ``tfidf_cnb``: TF-IDF over words (uni- and bigrams) plus character
  n-grams, with LogisticRegression, LinearSVC or ComplementNB.
* ``tfidf_lex_lr``: the same features plus the lexicon's hint counts (features that carry over to unseen text).
* ``tfidf_lex_hints_lr``: ``tfidf_lex_lr`` that also learns from the taxonomy itself: every keyword hint and
  every theme's Vietnamese name is one extra training example of its theme (:func:`hint_examples`). The
  prior then covers every theme, including themes the training sentences never show.
* ``tfidf_lex_hints_ctx_lr``: ``tfidf_lex_hints_lr`` that also reads the sentence's document: a theme's
  score is ``a * s + b * m + c``, ``s`` the sentence's own score and ``m`` the mean of ``sigmoid(s)`` over
  the document's sentences, shrunk towards 0 by :data:`CONTEXT_PRIOR` pseudo-sentences
  (:func:`~dienbien_nlp.learn.linear.context_scores`), so that in a short document one sentence does not
  lend its themes to the rest. ``a``, ``b``, ``c`` are learned by a logistic regression on out-of-fold
  scores of the training sentences (folds by document), ``c`` then shifted by the threshold that gives
  those scores the best micro-F1. A news article about
  floods makes each of its sentences likelier to be about the environment. ``fit`` and ``predict`` take
  each sentence's document id (``docs``); without it every sentence is its own document.

Example:
    >>> from dienbien_nlp.learn.themes import LexiconThemes
    >>> clf = LexiconThemes().fit(["x"], [["economy"]])
    >>> clf.predict_themes(["Tăng_trưởng GRDP đạt 8 %"])
    [['economy']]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

from ..schema import theme_ids, themes

# ---------------------------------------------------------------- text helpers
# Defined in theme_text (no scikit-learn there); saved models made earlier name them here.
from .theme_text import _hint_regex, desegment, fold, segment, word_tokens  # noqa: E402,F401

# ---------------------------------------------------------------- estimators


class LexiconThemes(BaseEstimator, ClassifierMixin):
    """Keyword-lexicon baseline: a theme is predicted when one of its schema hints occurs.

    Args:
        min_hits: Hints that must occur for a theme to be predicted.
    """

    def __init__(self, min_hits: int = 1) -> None:
        self.min_hits = min_hits

    def fit(self, X: Sequence[str], y: Any = None) -> LexiconThemes:  # noqa: N803
        """No learning: stores the theme order (``classes_``) and the compiled hints."""
        self.classes_ = np.array(theme_ids())
        self.hints_ = [list(t["hints"]) for t in themes()]
        return self

    def hit_counts(self, X: Sequence[str]) -> np.ndarray:  # noqa: N803
        """Number of hint matches per theme, shape ``(n, n_themes)``."""
        patterns = [_hint_regex(tuple(h)) for h in self.hints_]
        out = np.zeros((len(X), len(patterns)))
        for i, x in enumerate(X):
            s = desegment(x)
            for j, pat in enumerate(patterns):
                out[i, j] = len(pat.findall(s))
        return out

    def predict(self, X: Sequence[str]) -> np.ndarray:  # noqa: N803
        """Binary indicator matrix, columns in ``classes_`` order."""
        return (self.hit_counts(X) >= self.min_hits).astype(int)

    def predict_themes(self, X: Sequence[str]) -> list[list[str]]:  # noqa: N803
        """Theme ids per sentence."""
        return [[str(c) for c, v in zip(self.classes_, row) if v] for row in self.predict(X)]


class LexiconFeatures(BaseEstimator, TransformerMixin):
    """The lexicon's hint counts as features (log-scaled), for learned models."""

    def fit(self, X: Sequence[str], y: Any = None) -> LexiconFeatures:  # noqa: N803
        self.lexicon_ = LexiconThemes().fit(X)
        return self

    def transform(self, X: Sequence[str]) -> np.ndarray:  # noqa: N803
        return np.log1p(self.lexicon_.hit_counts(X))


def hint_examples() -> tuple[list[str], list[list[str]]]:
    """The taxonomy as training data: each schema hint and each theme's ``name_vi``, labelled with its theme.

    Hints are phrases of plain syllables; the character n-grams and the lexicon
    counts see them just as they see segmented sentences.
    """
    texts: list[str] = []
    labels: list[list[str]] = []
    for t in themes():
        for phrase in dict.fromkeys([*t["hints"], t["name_vi"]]):
            texts.append(phrase)
            labels.append([t["id"]])
    return texts, labels


class ThemeClassifier(BaseEstimator, ClassifierMixin):
    """A multi-label theme classifier over segmented sentences, by name.

    Args:
        kind: One of :data:`CLASSIFIERS`.
        random_state: Seed for the estimators that use one.
        labels: The taxonomy's theme ids (default: the schema's); a taxonomy of its own may hold themes the
            schema does not know. The lexicon knows only the schema's themes: it predicts those of them the
            taxonomy shares, and its hint examples are kept for those only.
    """

    def __init__(self, kind: str = "tfidf_lr", random_state: int = 0, labels: Sequence[str] | None = None) -> None:
        self.kind = kind
        self.random_state = random_state
        self.labels = labels

    def fit(self, X: Sequence[str], y: Sequence[Sequence[str]], docs: Sequence[Any] | None = None) -> ThemeClassifier:  # noqa: N803
        """Learn from segmented sentences ``X`` and their theme lists ``y`` (``docs``: each sentence's document id,
        read by the kinds in :data:`CONTEXT_KINDS`; ``None``: each sentence is its own document)."""
        if self.kind not in CLASSIFIERS:
            raise ValueError(f"unknown classifier kind {self.kind!r}; expected one of {sorted(CLASSIFIERS)}")
        if len(X) != len(y) or not len(X):
            raise ValueError("X and y must be non-empty and of the same length")
        X, y = list(X), [list(t) for t in y]  # noqa: N806
        classes = list(self.labels) if self.labels is not None else list(theme_ids())
        unknown = sorted({t for ts in y for t in ts} - set(classes))
        if unknown:
            raise ValueError(f"themes {unknown} are not in the taxonomy {classes}")
        if docs is not None and len(docs) != len(X):
            raise ValueError("docs must give one document id per sentence")
        n_gold = len(X)
        if self.kind in HINT_AUGMENTED:
            known = set(classes)
            for hx, hy in zip(*hint_examples()):
                if all(t in known for t in hy):
                    X.append(hx)
                    y.append(hy)
        self.binarizer_ = MultiLabelBinarizer(classes=classes)
        Y = self.binarizer_.fit_transform(y)  # noqa: N806
        self.classes_ = np.array(self.binarizer_.classes_)
        self.model_ = CLASSIFIERS[self.kind](self.random_state)
        if self.kind == "lexicon":
            self.model_.fit(X, Y)
            schema = list(self.model_.classes_)
            # the lexicon's column of each taxonomy theme (-1: a theme the schema's lexicon does not know)
            self.lexicon_columns_ = np.array([schema.index(c) if c in schema else -1 for c in classes])
            self.active_ = np.ones(len(self.classes_), dtype=bool)
            return self
        # Themes never seen (or always seen) in training cannot be learned: predict them as absent.
        self.active_ = (Y.sum(axis=0) > 0) & (Y.sum(axis=0) < len(Y))
        if not self.active_.any():
            self.active_[:] = False
            self.constant_ = (Y.mean(axis=0) >= 0.5).astype(int)
            return self
        self.model_.fit(list(X), Y[:, self.active_])
        self.constant_ = (Y.mean(axis=0) >= 0.5).astype(int)
        _drop_stop_words(self.model_)
        if self.kind in CONTEXT_KINDS:
            self.context_ = self._fit_context(X, Y, n_gold, docs)
        return self

    def _fit_context(self, X: list[str], Y: np.ndarray, n_gold: int, docs: Sequence[Any] | None) -> tuple[float, float, float, float]:  # noqa: N803
        """The context weights ``(a, b, c, k)``, learned on out-of-fold scores of the first ``n_gold`` rows.

        The folds keep each document whole; the rows after ``n_gold`` (hint examples) train every fold
        and are never scored. ``k`` is :data:`CONTEXT_PRIOR`. Too few documents for two folds: no context
        (``(1, 0, 0, 0)``).
        """
        from sklearn.model_selection import GroupKFold

        from .linear import NO_CONTEXT, context_scores, document_index

        inv = document_index(docs, n_gold)
        n_docs = len(np.unique(inv))
        if n_docs < 2:
            return NO_CONTEXT
        cols = np.flatnonzero(self.active_)
        Yg = Y[:n_gold][:, cols]  # noqa: N806
        oof = np.zeros(Yg.shape)
        extra = np.arange(n_gold, len(X))
        for fit_rows, score_rows in GroupKFold(n_splits=min(5, n_docs)).split(np.zeros(n_gold), groups=inv):
            rows = np.r_[fit_rows, extra]
            Yf = Y[rows][:, cols]  # noqa: N806
            varies = (Yf.sum(axis=0) > 0) & (Yf.sum(axis=0) < len(rows))
            oof[score_rows] = np.where(Yf[0] > 0, 10.0, -10.0)  # a theme constant in the fold: its constant
            if varies.any():
                model = CLASSIFIERS[self.kind](self.random_state).fit([X[i] for i in rows], Yf[:, varies])
                s = model.decision_function([X[i] for i in score_rows])
                oof[np.ix_(score_rows, np.flatnonzero(varies))] = np.asarray(s).reshape(len(score_rows), -1)
        k = float(CONTEXT_PRIOR)
        mean = context_scores(oof, inv, (0.0, 1.0, 0.0, k))
        stack = LogisticRegression(C=1.0, max_iter=1000).fit(np.c_[oof.ravel(), mean.ravel()], Yg.ravel())
        a, b = (float(v) for v in stack.coef_[0])
        c = float(stack.intercept_[0])
        # the threshold of the best out-of-fold micro-F1 (ties: the one nearest 0)
        best = max(np.linspace(-2.0, 2.0, 41), key=lambda t: (_scores(Yg, (context_scores(oof, inv, (a, b, c, k)) > t).astype(int))[0], -abs(t)))
        return (a, b, c - float(best), k)

    def predict(self, X: Sequence[str], docs: Sequence[Any] | None = None) -> np.ndarray:  # noqa: N803
        """Binary indicator matrix, columns in ``classes_`` (schema) order.

        ``docs``: each sentence's document id, the context of the kinds in :data:`CONTEXT_KINDS`
        (``None``: each sentence is its own document); the other kinds ignore it.
        """
        if self.kind == "lexicon":
            lex = self.model_.predict(X)
            cols = getattr(self, "lexicon_columns_", None)
            if cols is None:  # a model saved before taxonomies: the schema's columns
                return lex
            out = np.zeros((len(X), len(cols)), dtype=int)
            out[:, cols >= 0] = lex[:, cols[cols >= 0]]
            return out
        out = np.tile(self.constant_, (len(X), 1))
        if self.active_.any() and self.kind in CONTEXT_KINDS and len(X):
            from .linear import context_scores

            s = np.asarray(self.model_.decision_function(list(X))).reshape(len(X), -1)
            out[:, self.active_] = (context_scores(s, docs, self.context_) > 0).astype(int)
        elif self.active_.any():
            pred = self.model_.predict(list(X))
            out[:, self.active_] = np.asarray(pred).reshape(len(X), -1)
        return out

    def predict_themes(self, X: Sequence[str], docs: Sequence[Any] | None = None) -> list[list[str]]:  # noqa: N803
        """Theme ids per sentence (``docs`` as in :meth:`predict`)."""
        return [[str(c) for c, v in zip(self.classes_, row) if v] for row in self.predict(X, docs)]


def _drop_stop_words(model: Any) -> None:
    """Remove what the vectorizers keep only for introspection and that differs run to run.

    ``stop_words_`` (older scikit-learn: the n-grams cut by ``max_features``, a set saved
    in hash order) and ``_stop_words_id`` (the memory address of ``stop_words``, a cache
    that is rebuilt when missing). Without them the same model gives the same bytes.
    """
    for step in getattr(model, "steps", []):
        for _name, part in getattr(step[1], "transformer_list", []):
            for attr in ("stop_words_", "_stop_words_id"):
                if hasattr(part, attr):
                    delattr(part, attr)


def _features(lexicon: bool = False) -> FeatureUnion:
    parts: list[tuple[str, Any]] = [
        ("words", TfidfVectorizer(analyzer=word_tokens, ngram_range=(1, 1), sublinear_tf=True)),
        ("bigrams", TfidfVectorizer(tokenizer=word_tokens, preprocessor=None, lowercase=False, token_pattern=None, ngram_range=(2, 2), sublinear_tf=True, max_features=5000)),
        # max_features keeps the saved model small (the most frequent n-grams are kept)
        ("chars", TfidfVectorizer(analyzer="char_wb", preprocessor=desegment, ngram_range=(2, 5), sublinear_tf=True, max_features=8000)),
    ]
    if lexicon:
        parts.append(("lexicon", LexiconFeatures()))
    return FeatureUnion(parts)


def _lex_lr(seed: int) -> Pipeline:
    lr = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000, random_state=seed)
    return Pipeline([("features", _features(lexicon=True)), ("clf", OneVsRestClassifier(lr))])


def _ovr(est: Any) -> Callable[[int], Any]:
    return lambda seed: Pipeline([("features", _features()), ("clf", OneVsRestClassifier(est(seed)))])


CLASSIFIERS: dict[str, Callable[[int], Any]] = {
    "dummy_majority": lambda seed: DummyClassifier(strategy="most_frequent"),
    "dummy_prior": lambda seed: DummyClassifier(strategy="stratified", random_state=seed),
    "lexicon": lambda seed: LexiconThemes(),
    "tfidf_lr": _ovr(lambda seed: LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000, random_state=seed)),
    "tfidf_svc": _ovr(lambda seed: LinearSVC(C=1.0, class_weight="balanced", random_state=seed)),
    "tfidf_cnb": _ovr(lambda seed: ComplementNB(alpha=0.3)),
    "tfidf_lex_lr": _lex_lr,
    "tfidf_lex_hints_lr": _lex_lr,
    "tfidf_lex_hints_ctx_lr": _lex_lr,
}
TRIVIAL = ("dummy_majority", "dummy_prior", "lexicon")
LEARNED = ("tfidf_lr", "tfidf_svc", "tfidf_cnb", "tfidf_lex_lr", "tfidf_lex_hints_lr", "tfidf_lex_hints_ctx_lr")
#: Kinds that add :func:`hint_examples` to their training data.
HINT_AUGMENTED = ("tfidf_lex_hints_lr", "tfidf_lex_hints_ctx_lr")
#: Kinds that read each sentence's document (``docs`` of ``fit`` and ``predict``).
CONTEXT_KINDS = ("tfidf_lex_hints_ctx_lr",)
#: Pseudo-sentences without the theme that the document mean of the context kinds counts (chosen on dev:
#: micro-F1 0.634, 0.632, 0.632, 0.629, 0.638, 0.627 for 0, 1, 2, 3, 5, 10).
CONTEXT_PRIOR = 5


# ---------------------------------------------------------------- evaluation


def grouped_multilabel_folds(Y: np.ndarray, groups: Sequence[Any], n_splits: int, seed: int) -> np.ndarray:  # noqa: N803
    """Fold index of every row: multi-label stratified over groups, no group split across folds.

    Each group (paragraph) is one unit, labelled with the union of its rows'
    labels, and the groups are dealt into folds by iterative stratification.
    """
    from iterstrat.ml_stratifiers import MultilabelStratifiedKFold

    keys = list(dict.fromkeys(groups))
    gY = np.array([Y[[g == k for g in groups]].max(axis=0) for k in keys])  # noqa: N806
    n_splits = min(n_splits, len(keys))
    folds = np.zeros(len(groups), dtype=int)
    splitter = MultilabelStratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    for f, (_, test) in enumerate(splitter.split(np.zeros(len(keys)), gY)):
        test_keys = {keys[i] for i in test}
        for i, g in enumerate(groups):
            if g in test_keys:
                folds[i] = f
    return folds


def _scores(Y: np.ndarray, P: np.ndarray) -> tuple[float, float, np.ndarray]:  # noqa: N803
    tp = (Y & P).sum(axis=0)
    fp = ((1 - Y) & P).sum(axis=0)
    fn = (Y & (1 - P)).sum(axis=0)
    micro = 2 * tp.sum() / (2 * tp.sum() + fp.sum() + fn.sum()) if (tp.sum() + fp.sum() + fn.sum()) else 0.0
    denom = 2 * tp + fp + fn
    per_f1 = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
    present = Y.sum(axis=0) > 0
    macro = float(per_f1[present].mean()) if present.any() else 0.0
    return float(micro), macro, per_f1


def cross_validate(
    X: Sequence[str],  # noqa: N803
    y: Sequence[Sequence[str]],
    groups: Sequence[Any],
    kinds: Sequence[str] = (*TRIVIAL, *LEARNED),
    *,
    n_splits: int = 5,
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    n_boot: int = 1000,
    labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Repeated, paragraph-grouped, multi-label stratified k-fold CV of each classifier.

    Returns, per classifier: ``micro_f1`` and ``macro_f1`` (``mean`` over seeds and a
    bootstrap 95% ``ci_low``/``ci_high`` over sentences), and ``per_theme``
    precision/recall/F1 (mean over seeds, with bootstrap CI of F1). Each learned
    classifier also gets ``vs``: its micro-F1 minus each trivial baseline's, with a
    *paired* bootstrap 95% CI (the same resampled sentences score both).
    """
    labels = list(labels or theme_ids())
    Y = MultiLabelBinarizer(classes=labels).fit_transform(y)  # noqa: N806
    X = list(X)  # noqa: N806
    fold_sets = [grouped_multilabel_folds(Y, groups, n_splits, s) for s in seeds]
    preds: dict[str, list[np.ndarray]] = {}
    for kind in kinds:
        preds[kind] = []
        for seed, folds in zip(seeds, fold_sets):
            P = np.zeros_like(Y)  # noqa: N806
            for f in np.unique(folds):
                tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
                model = ThemeClassifier(kind, random_state=seed, labels=labels).fit([X[i] for i in tr], [y[i] for i in tr])
                P[te] = model.predict([X[i] for i in te])
            preds[kind].append(P)
    setup = {"sentences": len(X), "paragraphs": len(set(groups)), "folds": n_splits, "seeds": list(seeds), "bootstrap": n_boot}
    return {"classifiers": summarise(Y, preds, n_boot, labels=labels), "setup": setup}


def holdout_evaluate(
    X_train: Sequence[str],  # noqa: N803
    y_train: Sequence[Sequence[str]],
    X_test: Sequence[str],  # noqa: N803
    y_test: Sequence[Sequence[str]],
    kinds: Sequence[str] = (*TRIVIAL, *LEARNED),
    *,
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    n_boot: int = 1000,
    labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Fit each classifier on the training data, score it on a held-out test set.

    Same result shape as :func:`cross_validate`; the seeds only matter to the
    classifiers that use randomness.
    """
    Y = MultiLabelBinarizer(classes=list(labels or theme_ids())).fit_transform(y_test)  # noqa: N806
    preds = {
        kind: [ThemeClassifier(kind, random_state=seed, labels=labels).fit(list(X_train), list(y_train)).predict(list(X_test)) for seed in seeds]
        for kind in kinds
    }
    setup = {"train_sentences": len(X_train), "test_sentences": len(X_test), "seeds": list(seeds), "bootstrap": n_boot}
    return {"classifiers": summarise(Y, preds, n_boot, labels=labels), "setup": setup}


def summarise(
    Y: np.ndarray,  # noqa: N803
    preds: dict[str, list[np.ndarray]],
    n_boot: int = 1000,
    groups: Sequence[Any] | None = None,
    labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Scores of each classifier's predictions (one matrix per seed) against ``Y``.

    Per classifier: ``micro_f1`` and ``macro_f1`` (``mean`` over seeds and a
    bootstrap 95% ``ci_low``/``ci_high``), ``per_theme`` precision/recall/F1 with the
    CI of F1, and for learned classifiers ``vs``: the micro-F1 difference to each
    trivial baseline with a paired bootstrap CI. The bootstrap resamples sentences,
    or, with ``groups`` (e.g. each sentence's document), whole groups.
    """
    labels = list(labels or theme_ids())
    rng = np.random.default_rng(12345)
    if groups is None:
        boots = [rng.integers(0, len(Y), len(Y)) for _ in range(n_boot)]
    else:
        members: dict[Any, list[int]] = {}
        for i, g in enumerate(groups):
            members.setdefault(g, []).append(i)
        units = [np.array(v) for v in members.values()]
        boots = [np.concatenate([units[j] for j in rng.integers(0, len(units), len(units))]) for _ in range(n_boot)]
    out: dict[str, Any] = {}
    boot_micro: dict[str, np.ndarray] = {}
    for kind, runs in preds.items():
        scores = [_scores(Y, P) for P in runs]
        bm, bM, bper = [], [], []  # noqa: N806
        for idx in boots:
            s = [_scores(Y[idx], P[idx]) for P in runs]
            bm.append(np.mean([a for a, _, _ in s]))
            bM.append(np.mean([b for _, b, _ in s]))
            bper.append(np.mean([c for _, _, c in s], axis=0))
        bper_a = np.array(bper)
        boot_micro[kind] = np.array(bm)
        per = np.mean([c for _, _, c in scores], axis=0)
        tp = np.mean([(Y & P).sum(axis=0) for P in runs], axis=0)
        npred = np.mean([P.sum(axis=0) for P in runs], axis=0)
        ngold = Y.sum(axis=0)
        per_theme = {}
        for j, t in enumerate(labels):
            per_theme[t] = {
                "precision": float(tp[j] / npred[j]) if npred[j] else 0.0,
                "recall": float(tp[j] / ngold[j]) if ngold[j] else 0.0,
                "f1": float(per[j]),
                "f1_ci_low": float(np.percentile(bper_a[:, j], 2.5)),
                "f1_ci_high": float(np.percentile(bper_a[:, j], 97.5)),
                "support": int(ngold[j]),
            }
        out[kind] = {
            "micro_f1": _interval(np.array(bm), np.mean([a for a, _, _ in scores])),
            "macro_f1": _interval(np.array(bM), np.mean([b for _, b, _ in scores])),
            "per_theme": per_theme,
            "learned": kind in LEARNED,
        }
    for kind in preds:
        if kind in LEARNED:
            mean = out[kind]["micro_f1"]["mean"]
            out[kind]["vs"] = {
                base: _interval(boot_micro[kind] - boot_micro[base], mean - out[base]["micro_f1"]["mean"])
                for base in preds
                if base in TRIVIAL
            }
    return out


def _interval(samples: np.ndarray, mean: float) -> dict[str, float]:
    low, high = np.percentile(samples, [2.5, 97.5])
    return {"mean": float(mean), "ci_low": float(low), "ci_high": float(high)}


def bar_check(results: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
    """Does a learned classifier beat every trivial baseline on micro-F1 by more than the CI?

    Two readings are reported, both on the cross-validated micro-F1:
    ``paired``: the paired bootstrap 95% CI of the difference lies above zero;
    ``disjoint``: the classifier's CI lies wholly above the baseline's CI (stricter).
    """
    cls = results["classifiers"]
    kind = kind or best_learned(results)
    rows = {}
    for base, diff in cls[kind].get("vs", {}).items():
        rows[base] = {
            "difference": diff,
            "paired": diff["ci_low"] > 0,
            "disjoint": cls[kind]["micro_f1"]["ci_low"] > cls[base]["micro_f1"]["ci_high"],
        }
    return {
        "classifier": kind,
        "baselines": rows,
        "paired": bool(rows) and all(r["paired"] for r in rows.values()),
        "disjoint": bool(rows) and all(r["disjoint"] for r in rows.values()),
    }


def describe_bar(bar: dict[str, Any]) -> list[str]:
    """The :func:`bar_check` result as plain sentences (for the CLI, the dataset card and the report)."""
    kind = bar["classifier"]
    lines = []
    for base, row in bar["baselines"].items():
        d = row["difference"]
        lines.append(
            f"{kind} minus {base}: micro-F1 {d['mean']:+.3f}, paired bootstrap 95% CI [{d['ci_low']:+.3f}, {d['ci_high']:+.3f}]"
            f" ({'above' if row['paired'] else 'not above'} zero); the two classifiers' own CIs "
            f"{'are disjoint' if row['disjoint'] else 'overlap'}."
        )
    lines.append(
        f"Bar (the best learned classifier beats every trivial baseline by more than the CI): "
        f"{'met' if bar['paired'] else 'not met'} on the paired CI of the difference, "
        f"{'met' if bar['disjoint'] else 'not met'} on disjoint CIs."
    )
    return lines


def best_learned(results: dict[str, Any]) -> str:
    """The learned classifier with the best mean micro-F1 (ties: first in :data:`LEARNED`)."""
    cls = results["classifiers"]
    return max((k for k in LEARNED if k in cls), key=lambda k: cls[k]["micro_f1"]["mean"])


def fit_classifier(
    kind: str, X: Sequence[str], y: Sequence[Sequence[str]], random_state: int = 0, labels: Sequence[str] | None = None,  # noqa: N803
    docs: Sequence[Any] | None = None,
) -> ThemeClassifier:
    """Fit one classifier on all the data (over ``labels``, a taxonomy of its own, when given; ``docs`` as in ``fit``)."""
    return ThemeClassifier(kind, random_state=random_state, labels=list(labels) if labels is not None else None).fit(
        list(X), [list(t) for t in y], docs=list(docs) if docs is not None else None
    )


def clone_classifier(model: ThemeClassifier) -> ThemeClassifier:
    """An unfitted copy (scikit-learn ``clone``)."""
    return clone(model)
