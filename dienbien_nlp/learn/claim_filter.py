"""The learned claim filter: is a number the claim extractor found a claim, judged from the words around it.

The rules of :mod:`dienbien_nlp.claims` were written reading the ``train`` and ``dev`` claim gold, and
on news they had not read they find most claims but also many numbers that are none (a price in a
quote, a count of people in a story, a room number). The filter is a logistic regression over the
value's context: up to four words on each side in its sentence (by position, as bigrams and as
bags), the characters next to it, its shape and length, whether it looks like a year, stands in
brackets or opens the sentence, and whether the word before is capitalised. It learns from every
number written with digits in the gold documents, and from the gold values, labelled claim or not; it
never sees the rules' output, so it does not learn to copy them. At run time a claim of the rules is
kept when the filter's probability is above the model's threshold, the threshold that gave the best
out-of-fold F1 over documents in training.

A model is a JSON file (``resources/models/claim_filter.json``): weights by feature name, the
intercept and the threshold. Loading reads JSON only and checks every entry (E067 otherwise); no code
runs from a model file, and tagging imports neither scikit-learn nor scipy (training does).

Example:
    >>> f = value_features("Năm 2023 đạt 285 nghìn tấn.", 13, 16, (0, 27))
    >>> f["l1=đạt"], f["r1=nghìn"], f["shape=9"]
    (1.0, 1.0, 1.0)
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DienbienError, Errors
from ..textio import atomic_write_text

FORMAT = "dienbien-nlp claim filter"
VERSION = 1
SHIPPED = "resources/models/claim_filter.json"

#: A word or one mark of punctuation.
_WORD = re.compile(r"[^\W_]+|[^\w\s]")
#: A number written with digits and separators (the training candidates).
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DIGITS = re.compile(r"\d+")


def value_features(text: str, start: int, end: int, sentence: tuple[int, int]) -> dict[str, float]:
    """The features of the value ``text[start:end]`` in ``sentence`` (``(start, end)`` character offsets)."""
    s0, s1 = sentence
    left = _WORD.findall(text[max(s0, start - 60) : start].lower())[-4:]
    right = _WORD.findall(text[end : min(s1, end + 60)].lower())[:4]
    f: dict[str, float] = {}
    for i, w in enumerate(reversed(left), 1):
        f[f"l{i}={w}"] = 1.0
        f[f"lb={w}"] = 1.0
    for i, w in enumerate(right, 1):
        f[f"r{i}={w}"] = 1.0
        f[f"rb={w}"] = 1.0
    if len(left) >= 2:
        f[f"l21={left[-2]}_{left[-1]}"] = 1.0
    if len(right) >= 2:
        f[f"r12={right[0]}_{right[1]}"] = 1.0
    before = _WORD.findall(text[max(s0, start - 30) : start])
    if before and before[-1][:1].isupper():
        f["l1cap"] = 1.0
    value = text[start:end]
    f[f"shape={_DIGITS.sub('9', value)}"] = 1.0
    f[f"len={min(len(value), 8)}"] = 1.0
    if _YEAR.fullmatch(value):
        f["yearlike"] = 1.0
    f[f"next_ch={text[end : end + 1]}"] = 1.0
    f[f"prev_ch={text[start - 1 : start] if start else ''}"] = 1.0
    if start - s0 < 3:
        f["sent_start"] = 1.0
    if text.rfind("(", s0, start) > text.rfind(")", s0, start):
        f["in_paren"] = 1.0
    return f


def _sentence_of(sentences: Sequence[tuple[int, int]], pos: int, n: int) -> tuple[int, int]:
    return next(((a, b) for a, b in sentences if a <= pos < b), (0, n))


class ClaimFilter:
    """A fitted filter: ``weights`` by feature name, ``intercept`` and ``threshold`` (see the module)."""

    def __init__(self, weights: Mapping[str, float], intercept: float, threshold: float, meta: Mapping[str, Any] | None = None) -> None:
        self.weights = dict(weights)
        self.intercept = float(intercept)
        self.threshold = float(threshold)
        self.meta = dict(meta or {})

    def probability(self, text: str, start: int, end: int, sentence: tuple[int, int]) -> float:
        """The probability that the value ``text[start:end]`` is a claim."""
        w = self.weights
        z = self.intercept + sum(w.get(k, 0.0) * v for k, v in value_features(text, start, end, sentence).items())
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def keep(self, text: str, claims: Sequence[dict[str, Any]], sentences: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
        """The claims whose value the filter takes for a claim, renumbered ``c1``, ``c2``, … in order."""
        out = []
        for c in claims:
            v = c["value"]
            if self.probability(text, v["start"], v["end"], _sentence_of(sentences, v["start"], len(text))) > self.threshold:
                out.append(c)
        return [{**c, "id": f"c{k}"} for k, c in enumerate(out, 1)]

    def to_json(self) -> str:
        """The model file's text."""
        body = {"format": FORMAT, "version": VERSION, "intercept": self.intercept, "threshold": self.threshold,
                "meta": self.meta, "weights": dict(sorted(self.weights.items()))}  # fmt: skip
        return json.dumps(body, ensure_ascii=False, indent=0, sort_keys=False) + "\n"

    def save(self, path: str | Path) -> Path:
        """Write the model file (atomically); returns the path."""
        atomic_write_text(Path(path), self.to_json())
        return Path(path)

    @classmethod
    def from_json(cls, data: str, where: Any = "<claim filter>") -> ClaimFilter:
        """A filter from a model file's text; anything unexpected is refused with E067."""

        def bad(detail: str) -> DienbienError:
            return DienbienError(Errors.E067.format(path=where, detail=detail))

        try:
            body = json.loads(data)
        except ValueError as err:
            raise bad(f"not JSON: {err}") from None
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise bad("no claim filter format marker")
        if body.get("version") != VERSION:
            raise bad(f"version {body.get('version')!r}, expected {VERSION}")
        if set(body) != {"format", "version", "intercept", "threshold", "meta", "weights"}:
            raise bad(f"unexpected entries {sorted(set(body) ^ {'format', 'version', 'intercept', 'threshold', 'meta', 'weights'})}")
        num = (int, float)
        if not all(isinstance(body[k], num) and not isinstance(body[k], bool) and math.isfinite(body[k]) for k in ("intercept", "threshold")):
            raise bad("intercept and threshold must be finite numbers")
        if not 0.0 <= body["threshold"] < 1.0:
            raise bad("the threshold must lie in [0, 1)")
        weights = body["weights"]
        if not isinstance(weights, dict) or not all(
            isinstance(k, str) and isinstance(v, num) and not isinstance(v, bool) and math.isfinite(v) for k, v in weights.items()
        ):
            raise bad("weights must map feature names to finite numbers")
        if not isinstance(body["meta"], dict):
            raise bad("meta must be an object")
        return cls(weights, body["intercept"], body["threshold"], body["meta"])

    @classmethod
    def load(cls, path: str | Path) -> ClaimFilter:
        """Read a model file."""
        p = Path(path)
        try:
            data = p.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise DienbienError(Errors.E065.format(path=p, detail=err)) from None
        return cls.from_json(data, p)


@lru_cache(maxsize=1)
def shipped_filter() -> ClaimFilter | None:
    """The filter shipped in the package, read once; ``None`` when the package has none."""
    ref = resources.files("dienbien_nlp").joinpath(SHIPPED)
    if not ref.is_file():
        return None
    return ClaimFilter.from_json(ref.read_text("utf-8"), SHIPPED)


# --- training ---------------------------------------------------------------------------------------


def training_examples(text: str, gold: Iterable[Mapping[str, Any]], sentences: Sequence[tuple[int, int]]) -> tuple[list[dict[str, float]], list[int]]:
    """Features and labels of every number written with digits in ``text`` and of every gold value."""
    values = {(c["value"]["start"], c["value"]["end"]) for c in gold}
    starts = {s for s, _ in values}
    spans = {m.span() for m in _NUMBER.finditer(text) if not (m.start() and text[m.start() - 1].isalnum())}
    spans = {se for se in spans if se[0] not in starts} | values
    X, y = [], []  # noqa: N806
    for s, e in sorted(spans):
        X.append(value_features(text, s, e, _sentence_of(sentences, s, len(text))))
        y.append(int((s, e) in values))
    return X, y


THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(2, 16))


def train_claim_filter(docs: Sequence[tuple[str, Sequence[Mapping[str, Any]], Sequence[tuple[int, int]]]], *, c: float = 1.0, folds: int = 5) -> ClaimFilter:
    """Fit a filter on documents ``(text, gold claims, sentences)``.

    The threshold is the one of :data:`THRESHOLDS` with the best F1 of claim or not over out-of-fold
    probabilities, folds by document (scikit-learn ``GroupKFold``); then the model is refitted on all.
    """
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    X, y, groups = [], [], []  # noqa: N806
    for i, (text, gold, sents) in enumerate(docs):
        xs, ys = training_examples(text, gold, sents)
        X += xs
        y += ys
        groups += [i] * len(ys)
    yv, gv = np.array(y), np.array(groups)
    vec = DictVectorizer()
    M = vec.fit_transform(X)  # noqa: N806
    oof = np.zeros(len(yv))
    for tr, te in GroupKFold(n_splits=min(folds, len(docs))).split(M, yv, gv):
        oof[te] = LogisticRegression(C=c, max_iter=3000).fit(M[tr], yv[tr]).predict_proba(M[te])[:, 1]

    def f1(t: float) -> float:
        pred = oof > t
        tp = int((pred & (yv == 1)).sum())
        return 2 * tp / (int(pred.sum()) + int(yv.sum())) if tp else 0.0

    scores = {t: f1(t) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (scores[t], -abs(t - 0.5)))
    lr = LogisticRegression(C=c, max_iter=3000).fit(M, yv)
    weights = {name: float(w) for name, w in zip(vec.get_feature_names_out(), lr.coef_[0]) if w != 0.0}
    meta = {"documents": len(docs), "examples": len(y), "claims": int(yv.sum()), "C": c,
            "oof_f1_at_threshold": round(scores[best], 4)}  # fmt: skip
    return ClaimFilter(weights, float(lr.intercept_[0]), best, meta)
