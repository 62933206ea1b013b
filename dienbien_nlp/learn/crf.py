"""The statistical entity tagger: a linear-chain CRF (sklearn-crfsuite) over token features.

Features are dicts (the sklearn-crfsuite convention): the word, its shape and
syllable count, VLSP POS, neighbours' words and POS, title cues, gazetteer
membership and the rule components' BIO label. The model is stored in
crfsuite's own file format (no pickle).

Example:
    >>> from dienbien_nlp.learn.crf import word_shape
    >>> word_shape("11-NQ/TW")
    'd-X/X'
"""

from __future__ import annotations

import functools
import re
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..pipeline.sentences import content_sents
from .spans import bio_over_tokens, char_spans_from_bio, token_bounds

SHIPPED_MODEL = "resources/models/entities.crfsuite"


def word_shape(text: str) -> str:
    """Compressed shape: ``X`` upper, ``x`` lower, ``d`` digit runs, others kept."""
    s = "".join("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in text)
    return re.sub(r"(.)\1+", r"\1", s)


@functools.lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    from ..rules.gazetteer import fold_lower, load_gazetteer

    return frozenset(fold_lower(n) for n in load_gazetteer().names())


@functools.lru_cache(maxsize=16384)
def _word_keys(w: str) -> tuple[str, str, bool, bool, bool, int, str, str]:
    """Per-word parts of the features, computed once per distinct word (words repeat in running text)."""
    from ..rules.gazetteer import fold_lower

    sylls = w.split()
    return (
        fold_lower(w),
        word_shape(w),
        all(s[:1].isupper() for s in sylls),
        w.isupper(),
        any(c.isdigit() for c in w),
        min(len(sylls), 4),
        fold_lower(sylls[0]) if sylls else "",
        fold_lower(sylls[-1]) if sylls else "",
    )


def token_features(words: Sequence[str], tags: Sequence[str], rule_bio: Sequence[str]) -> list[dict[str, Any]]:
    """Feature dicts of one sentence's tokens."""
    places = _place_names()
    keys = [_word_keys(w) for w in words]
    feats = []
    n = len(words)
    for i in range(n):
        low, shape, title, upper, digit, nsyl, first, last = keys[i]
        f: dict[str, Any] = {
            "bias": 1.0,
            "w": low,
            "shape": shape,
            "title": title,
            "upper": upper,
            "digit": digit,
            "nsyl": nsyl,
            "pos": tags[i],
            "rule": rule_bio[i],
            "place": low in places,
            "first_syl": first,
            "last_syl": last,
        }
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f[f"{d}:w"] = keys[j][0]
                f[f"{d}:pos"] = tags[j]
                f[f"{d}:title"] = keys[j][2]
                f[f"{d}:rule"] = rule_bio[j]
            else:
                f[f"{d}:edge"] = True
        feats.append(f)
    return feats


def sentence_tokens(doc: Doc) -> list[list[Any]]:
    """Non-space tokens of each content sentence."""
    return [[t for t in s if not t.is_space] for s in content_sents(doc)]


def doc_features(doc: Doc, rule_spans: Sequence[tuple[int, int, str]]) -> tuple[list[list[Any]], list[list[dict[str, Any]]]]:
    """Tokens and feature dicts of every content sentence of ``doc``."""
    sents = sentence_tokens(doc)
    feats = []
    for toks in sents:
        rb = bio_over_tokens(token_bounds(toks), rule_spans, within=True)
        feats.append(token_features([t.text for t in toks], [t.tag_ for t in toks], rb))
    return sents, feats


class CRFEntityTagger:
    """sklearn-crfsuite CRF with the project's features (scikit-learn style parameters).

    Args:
        c1: L1 regularisation.
        c2: L2 regularisation.
        max_iterations: Training iterations.
    """

    def __init__(self, c1: float = 0.05, c2: float = 0.05, max_iterations: int = 200) -> None:
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations

    def fit(self, X: Sequence[Sequence[dict[str, Any]]], y: Sequence[Sequence[str]], model_path: str | None = None) -> CRFEntityTagger:  # noqa: N803
        """Train on feature sequences ``X`` and BIO label sequences ``y``."""
        import sklearn_crfsuite

        if len(X) != len(y) or not X:
            raise ValueError("X and y must be non-empty and of the same length")
        path = model_path or tempfile.mkstemp(suffix=".crfsuite")[1]
        self.crf_ = sklearn_crfsuite.CRF(
            algorithm="lbfgs", c1=self.c1, c2=self.c2, max_iterations=self.max_iterations,
            all_possible_transitions=True, model_filename=path, keep_tempfiles=False,
        )
        self.crf_.fit([list(x) for x in X], [list(t) for t in y])
        self.model_path_ = path
        return self

    def predict(self, X: Sequence[Sequence[dict[str, Any]]]) -> list[list[str]]:  # noqa: N803
        """BIO labels for each feature sequence."""
        return [list(p) for p in self.crf_.predict([list(x) for x in X])]


def model_file(path: str | None = None) -> Path | None:
    """The crfsuite model file at ``path``, or the shipped one; ``None`` when no model is shipped."""
    if path:
        return Path(path)
    ref = resources.files("dienbien_nlp").joinpath(SHIPPED_MODEL)
    return Path(str(ref)) if ref.is_file() else None


def load_tagger(path: str | None = None) -> Any:
    """A tagger from a crfsuite model file (the shipped one by default); ``None`` if absent."""
    import pycrfsuite

    source = model_file(path)
    if source is None:
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(str(source))
    return tagger


def predict_doc_entities(tagger: Any, doc: Doc) -> list[tuple[int, int, str]]:
    """CRF entity spans of ``doc``; the rule entities (span group ``dienbien_rules``, else ``doc.ents``) are features."""
    from ..pipeline.entities import RULES_GROUP, rule_spans

    rules = rule_spans(doc) if RULES_GROUP in doc.spans else [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    sents, feats = doc_features(doc, rules)
    out = []
    for toks, f in zip(sents, feats):
        if not toks:
            continue
        labels = tagger.tag(f) if hasattr(tagger, "tag") else tagger.predict([f])[0]
        out.extend(char_spans_from_bio(toks, labels))
    return out


def train_to_file(X: Sequence[Sequence[dict[str, Any]]], y: Sequence[Sequence[str]], path: str | Path) -> Path:  # noqa: N803
    """Train a CRF on all data and write the crfsuite model file to ``path``."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    CRFEntityTagger().fit(X, y, model_path=str(p))
    return p
