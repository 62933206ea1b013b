"""A safe, fast-loading file format for linear theme models: arrays plus JSON, no pickle.

The learned theme classifiers ``tfidf_lr``, ``tfidf_svc``, ``tfidf_lex_lr``,
``tfidf_lex_hints_lr`` and ``tfidf_lex_hints_ctx_lr`` are linear: TF-IDF features over words,
word bigrams and character n-grams (and, for the ``lex`` kinds, the log-scaled counts of the
schema's keyword hints), then one linear decision function per theme. ``tfidf_lex_hints_ctx_lr``
adds the sentence's document as context: a theme's final score is ``a * s + b * m + c``, where
``s`` is the sentence's own score and ``m`` the sum over the document's ``n`` sentences of
``sigmoid(s)`` divided by ``n + k`` (:func:`context_scores`; ``k`` shrinks the mean of a short
document towards 0); the other kinds have ``(a, b, c, k) = (1, 0, 0, 0)``. Such a model is fully
described by its vocabularies, its IDF weights, its hint lists, its coefficients and those four
context weights. This module writes exactly that:

* ``model.json`` — format name and version, kind, theme ids, vocabularies (terms
  in column order) and hint lists;
* ``<name>.npy`` — the arrays (``float64`` IDF weights, coefficients,
  intercepts and context weights; ``bool`` active themes; ``int8`` constant
  predictions), read with ``numpy.load(allow_pickle=False)``.

Version 1 files (written before the context weights) have no ``context.npy`` and are read
as ``(1, 0, 0, 0)``.

Loading builds nothing but strings, lists and numeric arrays, imports neither
scikit-learn nor skops, and takes milliseconds. Anything unexpected in the file
(another entry, another key, a wrong type, dtype or shape) is refused with E064
before a prediction can be made. The predictions equal those of the scikit-learn
model the file was made from (``tests/test_linear_themes.py``); skops stays the
format for every other estimator.

Example:
    >>> from dienbien_nlp.learn.linear import char_wb_ngrams
    >>> char_wb_ngrams("ab", 2, 3)
    [' a', 'ab', 'b ', ' ab', 'ab ']
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DienbienError, Errors
from ..textio import atomic_write_bytes
from .theme_text import desegment, fold, word_tokens

FORMAT = "dienbien-nlp linear theme model"
VERSION = 2
META = "model.json"
#: The vectorizers, in the column order of the feature matrix.
VECTORIZERS = ("words", "bigrams", "chars")
#: Kinds whose fitted model can be written in this format.
LINEAR_KINDS = ("tfidf_lr", "tfidf_svc", "tfidf_lex_lr", "tfidf_lex_hints_lr", "tfidf_lex_hints_ctx_lr")
#: Kinds whose scores read the sentence's document (:func:`context_scores`); the others have no context.
CONTEXT_KINDS = ("tfidf_lex_hints_ctx_lr",)
#: The context weights ``(a, b, c, k)`` of a model without context.
NO_CONTEXT = (1.0, 0.0, 0.0, 0.0)
_META_KEYS = {"format", "version", "kind", "classes", "vocabulary", "hints", "estimator"}
_ARRAYS = {
    "words_idf": np.float64,
    "bigrams_idf": np.float64,
    "chars_idf": np.float64,
    "coef": np.float64,
    "intercept": np.float64,
    "active": np.bool_,
    "constant": np.int8,
    "context": np.float64,
}
#: Sentences scored together (larger batches only cost memory: the work per sentence is the same).
BATCH = 256
#: Upper bounds that keep a hostile file from asking for huge allocations.
_MAX_TERMS = 2_000_000
_MAX_BYTES = 512 * 1024 * 1024
_WORD_RUN = re.compile(r"\w+")
_IS_WORD = re.compile(r"\w").match
_SPACE_RUN = re.compile(r"\s+")
#: A character for which ``str.isalnum()`` holds (``\w`` is those and ``_``).
_has_alnum = re.compile(r"[^\W_]").search
_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's own, for char_wb n-grams


def char_wb_ngrams(text: str, min_n: int = 2, max_n: int = 5) -> list[str]:
    """Character n-grams inside word boundaries, padded with a space (scikit-learn's ``char_wb``)."""
    text = _WHITE_SPACES.sub(" ", text)
    out: list[str] = []
    append = out.append
    for w in text.split():
        w = " " + w + " "
        w_len = len(w)
        for n in range(min_n, max_n + 1):
            offset = 0
            append(w[offset : offset + n])
            while offset + n < w_len:
                offset += 1
                append(w[offset : offset + n])
            if offset == 0:  # a short word counts once
                break
    return out


def document_index(docs: Sequence[Any] | None, n: int) -> np.ndarray:
    """Each sentence's document as ``0, 1, ...`` in order of first appearance; ``None``: every sentence is its own."""
    if docs is None:
        return np.arange(n)
    if len(docs) != n:
        raise ValueError(f"docs has {len(docs)} entries for {n} sentences")
    index: dict[Any, int] = {}
    return np.fromiter((index.setdefault(d, len(index)) for d in docs), dtype=np.int64, count=n)


def context_scores(scores: np.ndarray, docs: Sequence[Any] | None, context: Sequence[float]) -> np.ndarray:
    """Scores with the document as context: ``a * s + b * m + c``, with ``(a, b, c, k) = context``.

    ``s`` are the sentences' own scores, shape ``(n, themes)``; ``m`` is the sum of ``sigmoid(s)`` over
    the ``n`` sentences of the same document divided by ``n + k`` (``docs``: one id per sentence; ``None``:
    each sentence alone, so ``m = sigmoid(s) / (1 + k)``): the mean, shrunk towards 0 in a short document,
    where one sentence would otherwise lend its themes to the rest. With ``(1, 0, 0, 0)`` the scores are
    returned unchanged. A theme is predicted where the result is > 0.

    Example:
        >>> import numpy as np
        >>> context_scores(np.array([[2.0], [-1.0], [-1.0]]), ["a", "a", "b"], (1.0, 2.0, 0.0, 0.0)).round(2).ravel().tolist()
        [3.15, 0.15, -0.46]
    """
    a, b, c, k = (float(v) for v in context)
    scores = np.asarray(scores, dtype=np.float64)
    if b == 0.0:
        return scores if (a, c) == (1.0, 0.0) else a * scores + c
    prob = 1.0 / (1.0 + np.exp(-np.clip(scores, -50.0, 50.0)))
    inv = document_index(docs, len(scores))
    sums = np.zeros((int(inv.max()) + 1 if len(inv) else 0, scores.shape[1]))
    np.add.at(sums, inv, prob)
    mean = sums[inv] / (np.bincount(inv)[inv, None] + k)
    return a * scores + b * mean + c


# ---------------------------------------------------------------- export from scikit-learn


def _fail(where: Any, detail: str) -> DienbienError:
    return DienbienError(Errors.E064.format(path=where, detail=detail))


def _check_vectorizer(name: str, vec: Any) -> None:
    expected: dict[str, dict[str, Any]] = {
        "words": {"analyzer": word_tokens, "ngram_range": (1, 1)},
        "bigrams": {"analyzer": "word", "tokenizer": word_tokens, "preprocessor": None, "lowercase": False,
                    "ngram_range": (2, 2), "stop_words": None, "strip_accents": None},
        "chars": {"analyzer": "char_wb", "preprocessor": desegment, "ngram_range": (2, 5)},
    }[name]
    common = {"binary": False, "norm": "l2", "sublinear_tf": True, "use_idf": True, "dtype": np.float64, "input": "content"}
    params = vec.get_params()
    for key, value in {**common, **expected}.items():
        if params.get(key) != value:
            raise ValueError(f"{name}: {key}={params.get(key)!r} differs from the recipe this format describes ({value!r})")


def export_model(model: Any) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The JSON metadata and arrays of a fitted linear :class:`~dienbien_nlp.learn.themes.ThemeClassifier`.

    Raises:
        ValueError: when the model is not one of :data:`LINEAR_KINDS` built by the project's recipe.
    """
    kind = getattr(model, "kind", None)
    if kind not in LINEAR_KINDS:
        raise ValueError(f"only {', '.join(LINEAR_KINDS)} models can be stored as arrays, not {kind!r}")
    classes = [str(c) for c in model.classes_]
    active = np.asarray(model.active_, dtype=bool)
    constant = np.asarray(model.constant_, dtype=np.int8)
    vocabulary: dict[str, list[str]] = {}
    context = np.asarray(getattr(model, "context_", NO_CONTEXT) if kind in CONTEXT_KINDS else NO_CONTEXT, dtype=np.float64)
    arrays: dict[str, np.ndarray] = {"active": active, "constant": constant, "context": context}
    hints: list[list[str]] | None = None
    if not active.any():
        for name in VECTORIZERS:
            vocabulary[name] = []
            arrays[f"{name}_idf"] = np.zeros(0)
        arrays["coef"] = np.zeros((0, 0))
        arrays["intercept"] = np.zeros(0)
        estimator = "none"
    else:
        steps = model.model_.named_steps
        parts = dict(steps["features"].transformer_list)
        if list(parts) not in (list(VECTORIZERS), [*VECTORIZERS, "lexicon"]):
            raise ValueError(f"unexpected feature blocks {list(parts)}")
        if steps["features"].transformer_weights is not None:
            raise ValueError("weighted feature blocks are not supported")
        for name in VECTORIZERS:
            vec = parts[name]
            _check_vectorizer(name, vec)
            terms = [""] * len(vec.vocabulary_)
            for term, col in vec.vocabulary_.items():
                terms[col] = term
            vocabulary[name] = terms
            arrays[f"{name}_idf"] = np.asarray(vec.idf_, dtype=np.float64)
        if "lexicon" in parts:
            hints = [list(h) for h in parts["lexicon"].lexicon_.hints_]
        ests = steps["clf"].estimators_
        names = {type(e).__name__ for e in ests}
        if not names <= {"LogisticRegression", "LinearSVC"} or len(names) != 1:
            raise ValueError(f"unexpected estimators {sorted(names)}")
        estimator = names.pop()
        arrays["coef"] = np.vstack([np.asarray(e.coef_, dtype=np.float64).reshape(1, -1) for e in ests])
        arrays["intercept"] = np.asarray([float(np.ravel(e.intercept_)[0]) for e in ests], dtype=np.float64)
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "kind": kind,
        "classes": classes,
        "vocabulary": vocabulary,
        "hints": hints,
        "estimator": estimator,
    }
    LinearThemeModel(meta, arrays, "<export>")  # the same checks as a load
    return meta, arrays


def save_linear(model: Any, path: str | Path) -> Path:
    """Write a fitted linear theme model as arrays + JSON (atomically; the same model gives the same bytes)."""
    meta, arrays = export_model(model)
    files = {META: json.dumps(meta, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")}
    for name, arr in arrays.items():
        buf = io.BytesIO()
        np.save(buf, np.ascontiguousarray(arr, dtype=_ARRAYS[name]), allow_pickle=False)
        files[f"{name}.npy"] = buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name], compresslevel=9)
    p = Path(path)
    atomic_write_bytes(p, out.getvalue())
    return p


# ---------------------------------------------------------------- loading


def is_linear_file(data: bytes) -> bool:
    """True when ``data`` is a zip archive holding this format's ``model.json`` entry."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return META in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def load_linear(data: bytes, where: Any) -> LinearThemeModel:
    """Read a linear theme model from the bytes of its file.

    Raises:
        DienbienError: E064 naming ``where`` for anything that is not exactly this format.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise _fail(where, f"not a zip archive ({err})") from None
    with zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        expected = {META, *(f"{n}.npy" for n in _ARRAYS)}
        if "context.npy" not in names:  # version 1: no context weights
            expected.discard("context.npy")
        if len(names) != len(set(names)) or set(names) != expected:
            extra = sorted(set(names) - expected) or sorted(expected - set(names))
            raise _fail(where, f"unexpected or missing entries {extra}")
        if sum(i.file_size for i in infos) > _MAX_BYTES:
            raise _fail(where, "entries too large")
        try:
            meta = json.loads(zf.read(META).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, zipfile.BadZipFile, OSError) as err:
            raise _fail(where, f"{META} is not valid JSON ({err})") from None
        arrays: dict[str, np.ndarray] = {}
        for name in _ARRAYS:
            if f"{name}.npy" not in expected:
                continue
            try:
                arrays[name] = np.load(io.BytesIO(zf.read(f"{name}.npy")), allow_pickle=False)
            except (ValueError, OSError, EOFError, zipfile.BadZipFile) as err:
                raise _fail(where, f"{name}.npy is not a plain numeric array ({err})") from None
    return LinearThemeModel(meta, arrays, where)


def _str_list(value: Any, what: str, where: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value) or len(value) > _MAX_TERMS:
        raise _fail(where, f"{what} must be a list of strings")
    return value


class LinearThemeModel:
    """A linear theme classifier read from arrays + JSON; predicts like the scikit-learn model it came from.

    Args:
        meta: The parsed ``model.json``.
        arrays: The arrays by name (see :data:`_ARRAYS`).
        where: The file, for error messages.

    Raises:
        DienbienError: E064 when anything in ``meta`` or ``arrays`` is not exactly as this format writes it.
    """

    def __init__(self, meta: Any, arrays: dict[str, np.ndarray], where: Any = "<model>") -> None:
        if not isinstance(meta, dict) or set(meta) != _META_KEYS:
            keys = sorted(meta) if isinstance(meta, dict) else type(meta).__name__
            raise _fail(where, f"{META} must have exactly the keys {sorted(_META_KEYS)}, not {keys}")
        if meta["format"] != FORMAT or meta["version"] not in (1, VERSION) or isinstance(meta["version"], bool):
            raise _fail(where, f"format {meta['format']!r} version {meta['version']!r}; expected {FORMAT!r} version {VERSION}")
        if ("context" in arrays) != (meta["version"] >= 2):
            raise _fail(where, f"version {meta['version']} {'needs' if meta['version'] >= 2 else 'has no'} context weights")
        if "context" not in arrays:
            arrays = {**arrays, "context": np.asarray(NO_CONTEXT, dtype=np.float64)}
        if meta["kind"] not in LINEAR_KINDS:
            raise _fail(where, f"unknown kind {meta['kind']!r}")
        if meta["estimator"] not in ("LogisticRegression", "LinearSVC", "none"):
            raise _fail(where, f"unknown estimator {meta['estimator']!r}")
        self.kind: str = meta["kind"]
        self.classes_ = _str_list(meta["classes"], "classes", where)
        vocab = meta["vocabulary"]
        if not isinstance(vocab, dict) or set(vocab) != set(VECTORIZERS):
            raise _fail(where, f"vocabulary must have exactly the blocks {list(VECTORIZERS)}")
        self.vocabulary_: dict[str, dict[str, int]] = {}
        for name in VECTORIZERS:
            terms = _str_list(vocab[name], f"vocabulary.{name}", where)
            index = {t: i for i, t in enumerate(terms)}
            if len(index) != len(terms):
                raise _fail(where, f"vocabulary.{name} repeats a term")
            self.vocabulary_[name] = index
        hints = meta["hints"]
        if hints is not None:
            if not isinstance(hints, list) or len(hints) != len(self.classes_):
                raise _fail(where, "hints must be one list per theme")
            hints = [_str_list(h, "hints", where) for h in hints]
        self.hints_: list[list[str]] | None = hints
        for name, dtype in _ARRAYS.items():
            arr = arrays.get(name)
            if not isinstance(arr, np.ndarray) or arr.dtype != dtype:
                raise _fail(where, f"{name} must be a {np.dtype(dtype).name} array")
        n_classes = len(self.classes_)
        sizes = [len(self.vocabulary_[n]) for n in VECTORIZERS]
        for name, size in zip(VECTORIZERS, sizes):
            if arrays[f"{name}_idf"].shape != (size,):
                raise _fail(where, f"{name}_idf has shape {arrays[f'{name}_idf'].shape}, expected ({size},)")
        active, constant = arrays["active"], arrays["constant"]
        if active.shape != (n_classes,) or constant.shape != (n_classes,) or not np.isin(constant, (0, 1)).all():
            raise _fail(where, "active and constant must hold one 0/1 value per theme")
        n_active = int(active.sum())
        n_features = sum(sizes) + (n_classes if hints is not None else 0)
        expected_coef = (n_active, n_features) if n_active else (0, 0)
        if arrays["coef"].shape != expected_coef or arrays["intercept"].shape != (n_active,):
            raise _fail(where, f"coef {arrays['coef'].shape} / intercept {arrays['intercept'].shape} do not fit "
                               f"{n_active} active themes and {n_features} features")
        if not (np.isfinite(arrays["coef"]).all() and np.isfinite(arrays["intercept"]).all()):
            raise _fail(where, "coefficients must be finite")
        context = arrays["context"]
        if context.shape != (4,) or not np.isfinite(context).all() or context[3] < 0:
            raise _fail(where, f"context must hold 4 finite weights, the last >= 0, not {context.tolist()}")
        if self.kind not in CONTEXT_KINDS and tuple(context.tolist()) != NO_CONTEXT:
            raise _fail(where, f"a {self.kind} model has no context weights; expected {list(NO_CONTEXT)}")
        for name in VECTORIZERS:
            if not np.isfinite(arrays[f"{name}_idf"]).all():
                raise _fail(where, f"{name}_idf must be finite")
        self.active_ = active
        self.constant_ = constant.astype(int)
        self.idf_ = {name: arrays[f"{name}_idf"] for name in VECTORIZERS}
        self.offsets_ = dict(zip(VECTORIZERS, np.cumsum([0, *sizes[:-1]]).tolist()))
        self.lexicon_offset_ = sum(sizes)
        # (features × active themes), so that one row per feature is gathered when scoring
        self.coef_t_ = np.ascontiguousarray(arrays["coef"].T)
        self.intercept_ = arrays["intercept"]
        self.context_ = tuple(float(v) for v in context)
        self._idf_all = np.concatenate([self.idf_[n] for n in VECTORIZERS])
        self._patterns: list[tuple[re.Pattern[str], frozenset[str] | None]] | None = None
        self._char_cache: dict[str, tuple[int, ...]] = {}
        self._hint_runs: dict[str, list[tuple[int, tuple[str, ...]]]] | None = None

    # -- features

    def _hint_patterns(self) -> list[tuple[re.Pattern[str], frozenset[str] | None]]:
        """Each theme's hint pattern with the word runs its matches must start with (``None``: no shortcut).

        A match starts where no word character precedes it, so when every hint starts with
        a word character, the sentence's run of word characters there equals the hint's first
        run; a sentence without any of those runs cannot match and is not scanned.
        """
        if self._patterns is None:
            from .theme_text import _hint_regex, fold

            self._patterns = []
            for hints in self.hints_ or []:
                firsts = [_WORD_RUN.match(fold(h)) for h in hints]
                runs = frozenset(m.group() for m in firsts if m) if all(firsts) else None
                self._patterns.append((_hint_regex(tuple(hints)), runs))
        return self._patterns

    def _hint_index(self) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
        """First word run → the themes with hints starting with it, and those hints, longest first.

        Covers the themes whose hints all start with a word character (the others are matched
        by their pattern). A theme's pattern matches, at the start of a word run, its longest
        hint that the text starts with there and that no word character follows; so looking up
        each word run of a sentence finds the same matches as the pattern does.
        """
        if self._hint_runs is None:
            from .theme_text import fold

            index: dict[str, dict[int, list[str]]] = {}
            for j, (hints, (_, runs)) in enumerate(zip(self.hints_ or [], self._hint_patterns())):
                if runs is None:
                    continue
                for h in {fold(h) for h in hints}:
                    index.setdefault(_WORD_RUN.match(h).group(), {}).setdefault(j, []).append(h)  # type: ignore[union-attr]
            self._hint_runs = {
                run: [(j, tuple(sorted(hs, key=len, reverse=True))) for j, hs in sorted(by_theme.items())]
                for run, by_theme in index.items()
            }
        return self._hint_runs

    def _hint_counts(self, plain: str) -> dict[int, int]:
        """Matches of each theme's hints in one folded sentence, as :meth:`_hint_patterns`' patterns count them."""
        index = self._hint_index()
        counts: dict[int, int] = {}
        ends: dict[int, int] = {}  # per theme, where its last match ended: matches do not overlap
        n = len(plain)
        for m in _WORD_RUN.finditer(plain):
            themes = index.get(m.group())
            if themes is None:
                continue
            p = m.start()
            for j, hints in themes:
                if p < ends.get(j, 0):
                    continue
                for h in hints:
                    e = p + len(h)
                    if plain.startswith(h, p) and (e == n or not _IS_WORD(plain[e])):
                        counts[j] = counts.get(j, 0) + 1
                        ends[j] = e
                        break
        for j, (pat, runs) in enumerate(self._hint_patterns()):
            if runs is None:
                found = len(pat.findall(plain))
                if found:
                    counts[j] = found
        return counts

    def _syllable_columns(self, syllable: str) -> tuple[int, ...]:
        """Columns of the char n-grams of one whitespace-free piece of text that are in the vocabulary."""
        cols = self._char_cache.get(syllable)
        if cols is None:
            index, offset = self.vocabulary_["chars"], self.offsets_["chars"]
            cols = tuple(offset + index[g] for g in char_wb_ngrams(syllable, 2, 5) if g in index)
            if len(self._char_cache) > 50_000:  # syllables repeat; a bound keeps odd input from growing it
                self._char_cache.clear()
            self._char_cache[syllable] = cols
        return cols

    def _columns(self, folded: str, plain: str) -> tuple[list[int], list[int], list[int]]:
        """Columns of one segmented sentence's words, bigrams and char n-grams, one entry per occurrence.

        ``folded`` is the sentence folded (:func:`~dienbien_nlp.learn.theme_text.fold`), ``plain``
        its :func:`desegment`.
        """
        words_index, bigrams_index = self.vocabulary_["words"], self.vocabulary_["bigrams"]
        off_b = self.offsets_["bigrams"]
        words = [w for w in folded.split() if _has_alnum(w)]  # word_tokens() of the sentence
        w_cols = [words_index[w] for w in words if w in words_index]
        b_cols = [off_b + bigrams_index[b] for b in map(" ".join, zip(words, words[1:])) if b in bigrams_index]
        c_cols: list[int] = []
        for syllable in plain.split():
            c_cols.extend(self._syllable_columns(syllable))
        return w_cols, b_cols, c_cols

    def features(self, X: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # noqa: N803
        """The feature matrix of segmented sentences as ``(rows, columns, values)`` of its non-zero cells.

        Per block: sublinear term frequency (``1 + log(count)``) times IDF, L2-normalised, as
        scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``; then the log-scaled hint counts.
        """
        keys: list[int] = []  # row * n_columns + column, one per occurrence
        blocks: list[int] = []
        n_cols = self.lexicon_offset_
        folds = [fold(x) for x in X]
        # desegment() without folding twice: "_" and " " are alike to the fold, which ends by one space between words
        plains = [_SPACE_RUN.sub(" ", f.replace("_", " ")).strip() for f in folds]
        for i, (folded, plain) in enumerate(zip(folds, plains)):
            base = i * n_cols
            for b, cols in enumerate(self._columns(folded, plain)):
                keys.extend([base + c for c in cols])
                blocks.extend([i * 3 + b] * len(cols))
        if keys:
            key_arr = np.asarray(keys, dtype=np.int64)
            uniq, first, counts = np.unique(key_arr, return_index=True, return_counts=True)
            rows, cols = np.divmod(uniq, n_cols)
            idf = self._idf_all[cols]
            weights = (1.0 + np.log(counts)) * idf
            group = np.asarray(blocks, dtype=np.int64)[first]
            norms = np.sqrt(np.bincount(group, weights=weights * weights, minlength=len(X) * 3))
            vals = weights / norms[group]
        else:
            rows = cols = np.zeros(0, dtype=np.int64)
            vals = np.zeros(0)
        if self.hints_ is not None:
            lex_rows: list[int] = []
            lex_cols: list[int] = []
            lex_vals: list[float] = []
            for i, plain in enumerate(plains):
                for j, n in sorted(self._hint_counts(plain).items()):
                    lex_rows.append(i)
                    lex_cols.append(self.lexicon_offset_ + j)
                    lex_vals.append(math.log1p(n))
            rows = np.concatenate([rows, np.asarray(lex_rows, dtype=np.int64)])
            cols = np.concatenate([cols, np.asarray(lex_cols, dtype=np.int64)])
            vals = np.concatenate([vals, np.asarray(lex_vals, dtype=np.float64)])
        return rows, cols, vals

    # -- prediction

    def decision_function(self, X: Sequence[str]) -> np.ndarray:  # noqa: N803
        """Scores of the active themes, shape ``(n, n_active)``; a theme is predicted where its score is > 0.

        Sentences are scored :data:`BATCH` at a time, which bounds the memory a large batch needs.
        """
        parts = [self._scores(X[i : i + BATCH]) for i in range(0, len(X), BATCH)]
        return np.vstack(parts) if parts else np.zeros((0, self.coef_t_.shape[1])) + self.intercept_

    def _scores(self, X: Sequence[str]) -> np.ndarray:  # noqa: N803
        scores = np.zeros((len(X), self.coef_t_.shape[1]))
        rows, cols, vals = self.features(X)
        if len(cols):
            order = np.argsort(rows, kind="stable")
            rows, cols, vals = rows[order], cols[order], vals[order]
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            weighted = self.coef_t_.take(cols, axis=0)
            weighted *= vals[:, None]  # in place: one (non-zeros × themes) array, not two
            scores[rows[starts]] = np.add.reduceat(weighted, starts, axis=0)
        return scores + self.intercept_

    def predict(self, X: Sequence[str], docs: Sequence[Any] | None = None) -> np.ndarray:  # noqa: N803
        """Binary indicator matrix, columns in ``classes_`` order (as :meth:`ThemeClassifier.predict`).

        ``docs``: each sentence's document id, the context of the kinds in :data:`CONTEXT_KINDS`
        (``None``: each sentence is its own document); the other kinds ignore it.
        """
        out = np.tile(self.constant_, (len(X), 1))
        if self.active_.any() and len(X):
            out[:, self.active_] = (context_scores(self.decision_function(X), docs, self.context_) > 0).astype(int)
        return out

    def predict_themes(self, X: Sequence[str], docs: Sequence[Any] | None = None) -> list[list[str]]:  # noqa: N803
        """Theme ids per sentence (``docs`` as in :meth:`predict`)."""
        return [[c for c, v in zip(self.classes_, row) if v] for row in self.predict(X, docs)]
