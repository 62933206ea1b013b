"""The statistical entity tagger: a linear-chain CRF (python-crfsuite) over syllable features.

The tagger reads a sentence as syllables (a multi-syllable underthesea word is cut at its
spaces, and every token is cut where a rule candidate begins or ends), so that it can
start and end a name anywhere a name can. Each syllable's features are a dict (the
sklearn-crfsuite convention): the syllable, its shape, the underthesea word it belongs to
and that word's VLSP POS tag, its neighbours, and the **rule candidates as features, not
as the final word**: every candidate of every rule family that covers it (label, source,
position), the resolved rule entity's BIO tag, and document-level cues (the syllable
stands in a rule entity elsewhere in the document; it is an abbreviation the document
defines in brackets).

:class:`CRFEntityTagger` follows the scikit-learn estimator contract: ``__init__`` only
stores parameters, ``fit`` returns ``self`` with the model in memory (``model_``, the
crfsuite bytes), nothing is left on disk; :func:`save_tagger` writes a model file and
:func:`load_tagger` reads one.

Example:
    >>> from dienbien_nlp.learn.crf import word_shape
    >>> word_shape("11-NQ/TW")
    'd-X/X'
"""

from __future__ import annotations

import bisect
import functools
import gzip
import re
import tempfile
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from spacy.attrs import IDX, IS_SPACE, LENGTH, TAG
from spacy.tokens import Doc

from ..pipeline.sentences import content_sents
from ..text.keys import fold_lower
from .spans import bio_over_tokens, char_spans_from_bio, token_bounds

#: gzip-compressed (crfsuite files compress about 2.6 times); any model path may be plain or gzipped.
SHIPPED_MODEL = "resources/models/entities.crfsuite.gz"

#: An abbreviation as defined in brackets after a name: capitals (with digits, ``&``, ``-``), 2 to 12 characters.
_ABBR = re.compile(r"^[A-ZĐ][A-ZĐ0-9&\-.]{1,11}$")


def word_shape(text: str) -> str:
    """Compressed shape: ``X`` upper, ``x`` lower, ``d`` digit runs, others kept."""
    s = "".join("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in text)
    return re.sub(r"(.)\1+", r"\1", s)


class Piece(NamedTuple):
    """One syllable (or punctuation mark) of a sentence, with the underthesea word it belongs to.

    Attributes:
        idx: Character offset in the document.
        text: The piece as written.
        tag: The VLSP POS tag of its word.
        word: Its word, lower-cased and folded.
        first: Whether it is the word's first piece.
    """

    idx: int
    text: str
    tag: str
    word: str
    first: bool


@functools.lru_cache(maxsize=65536)
def _fold(s: str) -> str:
    """:func:`~dienbien_nlp.text.keys.fold_lower` of a word (words repeat: the result is kept)."""
    return fold_lower(s)


_WS = re.compile(r"\S+")
_HAS_WS = re.compile(r"\s").search


def sentence_pieces(doc: Doc, cuts: Iterable[int] = ()) -> list[list[Piece]]:
    """The pieces of every content sentence: each token cut at its inner spaces and at ``cuts`` (character offsets)."""
    cut = sorted(set(cuts))

    new = tuple.__new__  # a Piece without the Python-level __new__ of a NamedTuple (one per token: it adds up)
    bisect_left, bisect_right = bisect.bisect_left, bisect.bisect_right
    # the tokens' offsets, lengths, space flags and tags in one call, rather than a Token object per attribute read
    rows = doc.to_array([IDX, LENGTH, IS_SPACE, TAG]).tolist() if len(doc) else []
    strings = doc.vocab.strings
    tags: dict[int, str] = {}
    doc_text = doc.text
    out: list[list[Piece]] = []
    for sent in content_sents(doc):
        pieces: list[Piece] = []
        for idx, length, is_space, tag_id in rows[sent.start : sent.end]:
            if is_space:
                continue
            tag = tags.get(tag_id)
            if tag is None:
                tag = tags[tag_id] = strings[tag_id] if tag_id else ""
            end = idx + length
            text = doc_text[idx:end]
            if not _HAS_WS(text):
                if bisect_right(cut, idx) == bisect_left(cut, end):  # one piece: the token as it is
                    pieces.append(new(Piece, (idx, text, tag, _fold(text), True)))
                    continue
            word = _fold(text)
            first = True
            for m in _WS.finditer(text):
                s, e = idx + m.start(), idx + m.end()
                lo, hi = bisect_right(cut, s), bisect_left(cut, e)
                bounds = [s, *cut[lo:hi], e]
                for a, b in zip(bounds, bounds[1:]):
                    if b > a:
                        pieces.append(new(Piece, (a, text[a - idx : b - idx], tag, word, first)))
                        first = False
        if pieces:
            out.append(pieces)
    return out


@functools.lru_cache(maxsize=32768)
def _piece_keys(w: str) -> tuple[str, str, bool, bool, bool, bool]:
    return (
        _fold(w),
        word_shape(w),
        w[:1].isupper(),
        len(w) > 1 and w.isupper(),
        any(c.isdigit() for c in w),
        not any(c.isalnum() for c in w),
    )


def doc_candidates(doc: Doc) -> list[tuple[int, int, str, str]]:
    """Every rule candidate of ``doc`` (``(start, end, label, source)``): ``doc._.rule_candidates`` as the rule
    component left them, else found now."""
    cached = doc._.rule_candidates if Doc.has_extension("rule_candidates") else None
    if cached is not None:
        return [tuple(c) for c in cached]  # type: ignore[misc]
    from ..rules.engine import find_candidates

    out: list[tuple[int, int, str, str]] = []
    for sent in content_sents(doc):
        for c in find_candidates(sent.text):
            out.append((sent.start_char + c.start, sent.start_char + c.end, c.label, c.source))
    return out


def defined_abbreviations(text: str, entities: Iterable[tuple[int, int, str]]) -> dict[str, str]:
    """Abbreviations defined in brackets right after an entity: ``Tập đoàn Điện lực Việt Nam (EVN)`` → ``{"EVN": "ORG"}``.

    Example:
        >>> defined_abbreviations("Tập đoàn Điện lực Việt Nam (EVN) họp.", [(0, 26, "ORG")])
        {'EVN': 'ORG'}
    """
    out: dict[str, str] = {}
    for s, e, label in entities:
        m = re.match(r"\s*\(([^()\n]{2,12})\)", text[e : e + 16])
        if m and _ABBR.match(m.group(1).strip()):
            out.setdefault(m.group(1).strip(), label)
    return out


#: The feature names of the neighbours at -2, -1, +1 and +2: word, title case, tag, rule tag, shape, pair, edge.
_NEAR = {d: tuple(f"{d}:{k}" for k in ("w", "title", "pos", "rule", "shape", "ww", "edge")) for d in (-2, -1, 1, 2)}


def token_features(
    pieces: Sequence[Piece],
    rule_bio: Sequence[str],
    cand_feats: Sequence[Sequence[str]],
    doc_feats: Sequence[Sequence[str]] | None = None,
) -> list[dict[str, Any]]:
    """Feature dicts of one sentence's pieces.

    A boolean feature is there only when it holds: crfsuite weighs a feature by its value, so a
    false one (0.0) adds nothing to any score, in training or in tagging, and costs time to pass.
    """
    keys = [_piece_keys(p.text) for p in pieces]
    n = len(pieces)
    feats = []
    for i in range(n):
        low, shape, title, upper, digit, punct = keys[i]
        p = pieces[i]
        f: dict[str, Any] = {"bias": 1.0, "w": low, "shape": shape}
        if title:
            f["title"] = True
        if upper:
            f["upper"] = True
        if digit:
            f["digit"] = True
        if punct:
            f["punct"] = True
        f["word"] = p.word
        if p.first:
            f["wfirst"] = True
        f["pos"] = p.tag
        f["rule"] = rule_bio[i]
        if i == 0:
            f["bos"] = True
        if i == n - 1:
            f["eos"] = True
        for c in cand_feats[i]:
            f[c] = 1.0
        if doc_feats is not None:
            for c in doc_feats[i]:
                f[c] = 1.0
        for d in (-2, -1, 1, 2):
            j = i + d
            k_w, k_title, k_pos, k_rule, k_shape, k_ww, k_edge = _NEAR[d]
            if 0 <= j < n:
                kj = keys[j]
                f[k_w] = kj[0]
                if kj[2]:
                    f[k_title] = True
                f[k_pos] = pieces[j].tag
                f[k_rule] = rule_bio[j]
                if d == 1 or d == -1:
                    f[k_shape] = kj[1]
                    f[k_ww] = f"{low}|{kj[0]}" if d == 1 else f"{kj[0]}|{low}"
                    for c in cand_feats[j]:
                        if c.count(":") == 1:  # the label-only candidate features
                            f[f"{d}:{c}"] = 1.0
            else:
                f[k_edge] = True
        feats.append(f)
    return feats


def _covering(pieces: Sequence[Piece], spans: Sequence[tuple[int, int, str, str]]) -> list[list[str]]:
    """Candidate features of each piece: label, label and source, and position (B/I) in the candidate."""
    out: list[list[str]] = [[] for _ in pieces]
    if not spans:
        return out
    starts = [p.idx for p in pieces]  # pieces are in text order and do not overlap
    for s, e, label, source in spans:  # each piece gets its spans' features in the order of ``spans``
        i = bisect.bisect_left(starts, s)
        while i < len(pieces):
            ps = starts[i]
            pe = ps + len(pieces[i].text)
            if pe > e:
                break
            pos = "B" if s == ps else "I"
            last = "L" if e == pe else ""
            out[i] += [f"c:{label}", f"c:{label}:{source}:{pos}{last}", f"c:{pos}{last}"]
            i += 1
    return out


def doc_features(
    doc: Doc,
    rule_spans: Sequence[tuple[int, int, str]],
    candidates: Sequence[tuple[int, int, str, str]] | None = None,
    cuts: Iterable[int] = (),
) -> tuple[list[list[Piece]], list[list[dict[str, Any]]]]:
    """Pieces and feature dicts of every content sentence of ``doc``.

    Args:
        doc: A ``Doc`` with sentences and tags.
        rule_spans: The resolved rule entities (character spans).
        candidates: Every rule candidate ``(start, end, label, source)``; found from ``doc`` when ``None``.
        cuts: Further character offsets to cut pieces at (the gold's boundaries when training).
    """
    cands = list(doc_candidates(doc) if candidates is None else candidates)
    text = doc.text
    all_cuts = [c for s, e, *_ in cands for c in (s, e)] + [c for s, e, _ in rule_spans for c in (s, e)] + list(cuts)
    # document-level cues: words seen inside a rule entity, abbreviations defined in brackets
    seen: dict[str, set[str]] = {}
    for s, e, label in rule_spans:
        for m in _WS.finditer(text[s:e]):
            w = m.group()
            if w[:1].isupper():
                seen.setdefault(_fold(w), set()).add(label)
    abbrs = defined_abbreviations(text, rule_spans)
    # the surfaces of the document's rule entities (and defined abbreviations), found again wherever they stand
    surfaces: dict[str, set[str]] = {}
    for s, e, label in rule_spans:
        if text[s : s + 1].isupper() and "\n" not in text[s:e]:
            surfaces.setdefault(text[s:e], set()).add(label)
    for abbr, label in abbrs.items():
        surfaces.setdefault(abbr, set()).add(label)
    mention: dict[int, list[str]] = {}
    for surface, labs in surfaces.items():
        a = text.find(surface) if surface else -1
        while a >= 0:  # every non-overlapping occurrence, left to right
            b = a + len(surface)
            if not ((a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum())):
                for lab in sorted(labs):  # a set: sorted, so that features and models do not depend on the hash seed
                    mention.setdefault(a, []).append(f"dspan:{lab}:B")
                    mention.setdefault(b, []).append(f"dspan:{lab}:L")
            a = text.find(surface, b)
    all_cuts += list(mention)
    sents = sentence_pieces(doc, all_cuts)
    feats = []
    cands_sorted = sorted(cands)
    starts = [c[0] for c in cands_sorted]
    for pieces in sents:
        s0, e0 = pieces[0].idx, pieces[-1].idx + len(pieces[-1].text)
        lo = bisect.bisect_left(starts, s0)
        hi = bisect.bisect_left(starts, e0)
        local = [c for c in cands_sorted[lo:hi] if c[1] <= e0]
        rb = bio_over_tokens(token_bounds(pieces), rule_spans, within=True)
        cf = _covering(pieces, local)
        df: list[list[str]] = []
        for p in pieces:
            d = []
            if p.text[:1].isupper():
                d += [f"doc:{lab}" for lab in sorted(seen.get(_fold(p.text), ()))]
            if p.text in abbrs:
                d.append(f"abbr:{abbrs[p.text]}")
            if p.idx in mention:
                d += [x for x in mention[p.idx] if x.endswith(":B")]
            end = p.idx + len(p.text)
            if end in mention:
                d += [x for x in mention[end] if x.endswith(":L")]
            df.append(d)
        feats.append(token_features(pieces, rb, cf, df))
    return sents, feats


#: Names of the features that come from the rules: the resolved rule entity's BIO tag (``rule``, ``-1:rule``
#: …), the candidates (``c:…``, ``1:c:…``) and the document cues built on the rule entities (``doc:``,
#: ``dspan:``, ``abbr:``).
_RULE_FEATURE = re.compile(r"^(?:-?\d:)?(?:rule$|c:)|^(?:doc|dspan|abbr):")


def is_rule_feature(name: str) -> bool:
    """Whether a feature of :func:`token_features` comes from the rules (see :data:`_RULE_FEATURE`)."""
    return _RULE_FEATURE.match(name) is not None


def without_rule_features(xseq: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """A feature sequence with every rule feature left out: the words, shapes and tags alone."""
    return [{k: v for k, v in f.items() if not is_rule_feature(k)} for f in xseq]


class CRFEntityTagger:
    """A linear-chain CRF over the features of :func:`doc_features` (scikit-learn estimator contract).

    ``fit`` keeps the trained model in memory (``model_``: crfsuite's bytes) and leaves no file behind;
    write it with :func:`save_tagger`.

    Args:
        c1: L1 regularisation (default chosen on the dev split, ``scripts/select_entity_tagger.py``).
        c2: L2 regularisation (likewise).
        max_iterations: L-BFGS iterations.
        all_possible_transitions: Learn weights for label transitions unseen in training.
        rule_dropout: Train on every sentence twice, once with its features and once without the rule
            features (:func:`without_rule_features`). On the training documents the rules are nearly
            right, since they were written reading them; a tagger trained on them alone learns to copy
            the rules. The copy without them makes it learn the words too, for text the rules miss.

    Example:
        >>> X = [[{"w": "hà"}, {"w": "nội"}, {"w": "đẹp"}]] * 3
        >>> y = [["B-LOC", "I-LOC", "O"]] * 3
        >>> CRFEntityTagger(max_iterations=20).fit(X, y).predict(X[:1])
        [['B-LOC', 'I-LOC', 'O']]
    """

    def __init__(
        self, c1: float = 0.0, c2: float = 0.3, max_iterations: int = 200, all_possible_transitions: bool = True, rule_dropout: bool = False
    ) -> None:
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.all_possible_transitions = all_possible_transitions
        self.rule_dropout = rule_dropout

    # scikit-learn's parameter protocol, written out: tagging with a shipped model must not import scikit-learn
    _PARAMS = ("c1", "c2", "max_iterations", "all_possible_transitions", "rule_dropout")

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters (scikit-learn's ``get_params``; ``clone`` works)."""
        return {k: getattr(self, k) for k in self._PARAMS}

    def set_params(self, **params: Any) -> CRFEntityTagger:
        """Set constructor parameters; returns ``self``."""
        for k, v in params.items():
            if k not in self._PARAMS:
                raise ValueError(f"invalid parameter {k!r} for CRFEntityTagger; valid: {', '.join(self._PARAMS)}")
            setattr(self, k, v)
        return self

    def __repr__(self) -> str:
        return f"CRFEntityTagger({', '.join(f'{k}={v!r}' for k, v in self.get_params().items())})"

    def fit(self, X: Sequence[Sequence[dict[str, Any]]], y: Sequence[Sequence[str]]) -> CRFEntityTagger:  # noqa: N803
        """Train on feature sequences ``X`` and BIO label sequences ``y``; returns ``self``."""
        import pycrfsuite

        if len(X) != len(y) or not X:
            raise ValueError(f"X and y must be non-empty and of the same length (got {len(X)} and {len(y)})")
        trainer = pycrfsuite.Trainer(verbose=False)
        for xseq, yseq in zip(X, y):
            if len(xseq) != len(yseq):
                raise ValueError("each feature sequence needs one label per item")
            trainer.append([dict(f) for f in xseq], list(yseq))
            if self.rule_dropout:
                trainer.append(without_rule_features(xseq), list(yseq))
        trainer.set_params(
            {"c1": self.c1, "c2": self.c2, "max_iterations": self.max_iterations,
             "feature.possible_transitions": self.all_possible_transitions}
        )
        # crfsuite trains only into a file: a private directory that is gone when training ends
        with tempfile.TemporaryDirectory(prefix="dienbien-crf-") as tmp:
            path = Path(tmp) / "model.crfsuite"
            trainer.train(str(path))
            self.model_ = path.read_bytes()
        self.classes_ = sorted({t for seq in y for t in seq})
        self._tagger = None
        return self

    @property
    def tagger_(self) -> Any:
        """The crfsuite tagger over ``model_`` (opened in memory, once)."""
        if getattr(self, "_tagger", None) is None:
            import pycrfsuite

            if not hasattr(self, "model_"):
                raise AttributeError("this CRFEntityTagger is not fitted yet: call fit(X, y) first")
            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(self.model_)
            self._tagger = tagger
        return self._tagger

    def predict(self, X: Sequence[Sequence[dict[str, Any]]]) -> list[list[str]]:  # noqa: N803
        """BIO labels for each feature sequence."""
        tagger = self.tagger_
        return [list(tagger.tag([dict(f) for f in x])) if len(x) else [] for x in X]

    def tag(self, xseq: Sequence[dict[str, Any]]) -> list[str]:
        """BIO labels of one feature sequence (the crfsuite ``Tagger`` interface)."""
        return list(self.tagger_.tag(xseq))

    def __getstate__(self) -> dict[str, Any]:
        # the native tagger is rebuilt from model_ after unpickling
        return {k: v for k, v in self.__dict__.items() if k != "_tagger"}

    @classmethod
    def from_bytes(cls, data: bytes) -> CRFEntityTagger:
        """A fitted tagger from crfsuite model bytes."""
        est = cls()
        est.model_ = bytes(data)
        est._tagger = None
        est.tagger_  # noqa: B018  (fails now on bytes that are no crfsuite model)
        est.classes_ = sorted(est.tagger_.labels())
        return est


def save_tagger(tagger: CRFEntityTagger, path: str | Path) -> Path:
    """Write a fitted tagger's crfsuite model to ``path`` (atomically; gzipped when it ends in ``.gz``); returns the path."""
    from ..textio import atomic_write_bytes

    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    data = tagger.model_
    if p.suffix == ".gz":  # the same bytes for the same model: no file name or time in the gzip header
        data = gzip.compress(data, compresslevel=9, mtime=0)
    atomic_write_bytes(p, data)
    return p


def model_file(path: str | None = None) -> Path | None:
    """The crfsuite model file at ``path``, or the shipped one; ``None`` when no model is shipped."""
    if path:
        return Path(path)
    ref = resources.files("dienbien_nlp").joinpath(SHIPPED_MODEL)
    return Path(str(ref)) if ref.is_file() else None


def load_tagger(path: str | None = None) -> CRFEntityTagger | None:
    """A fitted :class:`CRFEntityTagger` from a crfsuite model file (the shipped one by default); ``None`` if absent."""
    source = model_file(path)
    if source is None:
        return None
    return CRFEntityTagger.from_bytes(model_bytes(source))


def model_bytes(path: str | Path) -> bytes:
    """The crfsuite model in the file at ``path``, decompressed if it is gzipped."""
    data = Path(path).read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


#: A piece that is a number as written (12, 1.500, 2,5).
_NUMBER_PIECE = re.compile(r"\d+(?:[.,]\d+)*")


def trim_numbers_after_names(
    pieces: Sequence[Piece], spans: Sequence[tuple[int, int, str]], candidates: Sequence[tuple[int, int, str, str]]
) -> list[tuple[int, int, str]]:
    """The learned ``spans`` of a sentence, each cut before the numbers that end it where the rules end a name
    just before them and read none of them as part of one (``ĐHDL Hải Phòng 1.500``: a quota after a name, not
    ``Sư đoàn 316``, which a rule reads whole). A span the rules say nothing about is kept as it is."""
    if not candidates:
        return list(spans)
    ends = {e for _s, e, *_ in candidates}
    covered = [(s, e) for s, e, *_ in candidates]
    starts = [p.idx for p in pieces]
    out = []
    for s, e, label in spans:
        k = bisect.bisect_left(starts, e) - 1  # the last piece of the span
        cut = e
        while k >= 0 and starts[k] >= s and _NUMBER_PIECE.fullmatch(pieces[k].text):
            a, b = starts[k], starts[k] + len(pieces[k].text)
            if any(cs <= a and b <= ce for cs, ce in covered):
                break  # a rule reads this number inside a name
            k -= 1
            cut = starts[k] + len(pieces[k].text) if k >= 0 else s
        if cut < e and cut > s and cut in ends:
            e = cut
        out.append((s, e, label))
    return out


def sentence_spans(tagger: Any, pieces: Sequence[Piece], feats: Sequence[dict[str, Any]], candidates: Sequence[tuple[int, int, str, str]]) -> list[tuple[int, int, str]]:
    """The tagger's entity spans of one sentence (:func:`trim_numbers_after_names` applied)."""
    labels = tagger.tag(feats) if hasattr(tagger, "tag") else tagger.predict([feats])[0]
    spans = char_spans_from_bio(pieces, labels)
    if not spans:
        return spans
    a, b = pieces[0].idx, pieces[-1].idx + len(pieces[-1].text)
    return trim_numbers_after_names(pieces, spans, [c for c in candidates if a <= c[0] and c[1] <= b])


def predict_doc_entities(tagger: Any, doc: Doc) -> list[tuple[int, int, str]]:
    """CRF entity spans of ``doc``; the rule entities (span group ``dienbien_rules``, else ``doc.ents``) and candidates are features."""
    from ..pipeline.entities import RULES_GROUP, rule_spans

    rules = rule_spans(doc) if RULES_GROUP in doc.spans else [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    cands = doc_candidates(doc)
    sents, feats = doc_features(doc, rules, cands)
    out = []
    for toks, f in zip(sents, feats):
        if toks:
            out.extend(sentence_spans(tagger, toks, f, cands))
    return out


def train_to_file(X: Sequence[Sequence[dict[str, Any]]], y: Sequence[Sequence[str]], path: str | Path, **params: Any) -> Path:  # noqa: N803
    """Train a CRF on all data and write the crfsuite model file to ``path``."""
    return save_tagger(CRFEntityTagger(**params).fit(X, y), path)
