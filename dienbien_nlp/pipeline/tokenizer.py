"""The registered, lossless underthesea tokenizer.

underthesea segments Vietnamese into words and tags them (VLSP tag set), but it
rewrites text on the way: it moves tone marks (``uỷ`` → ``ủy``), folds ``Ð``
(U+00D0) into ``Đ``, normalises NFD input and merges words across line breaks.
This tokenizer therefore runs underthesea line by line and aligns its words
back onto the original characters, so that ``doc.text == text`` and every
token's text is exactly ``text[t.idx : t.idx + len(t)]``. A multi-syllable word
is one token with its inner spaces (``Điện Biên``), as in the VLSP and UD VTB
conventions. Whitespace that is not a single space after a word (runs of
spaces, line breaks) becomes whitespace tokens tagged ``_SP``.

Modelled on ``spacy/lang/vi`` (``VietnameseTokenizer``) and ginza's tokenizer,
which also sets the tagger's fine-grained tags.

Example:
    >>> import dienbien_nlp
    >>> doc = dienbien_nlp.load()("Tỉnh uỷ Điện Biên")
    >>> [(t.text, t.tag_, t.pos_) for t in doc]
    [('Tỉnh', 'N', 'NOUN'), ('uỷ', 'N', 'NOUN'), ('Điện Biên', 'Np', 'PROPN')]
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import POS, TAG
from spacy.parts_of_speech import IDS as _POS_IDS
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, registry
from spacy.vocab import Vocab

from ..tables import read_tsv

#: A tagger maps one line of text to ``(word, VLSP tag)`` pairs.
Tagger = Callable[[str], Sequence[tuple[str, str]]]

SPACE_TAG = "_SP"


@functools.lru_cache(maxsize=1)
def vlsp_to_upos() -> dict[str, str]:
    """The VLSP → UD UPOS mapping, read from ``resources/vlsp_upos.tsv``."""
    return {row["tag"]: row["upos"] for row in read_tsv("vlsp_upos.tsv", ("tag", "upos", "description"), header=False)}


def upos_of(tag: str) -> str:
    """UD UPOS for a VLSP tag (``X`` for tags outside the table)."""
    return vlsp_to_upos().get(tag, "X")


def underthesea_tagger() -> Tagger:
    """The default tagger: underthesea's ``pos_tag``, imported lazily.

    underthesea's word segmentation and POS models ship in its wheel, so this
    never touches the network.
    """
    from underthesea import pos_tag

    return pos_tag


@functools.lru_cache(maxsize=4096)
def _base(ch: str) -> str:
    """Letters of ``ch`` with diacritics removed and case folded (for alignment only)."""
    if ch in "ĐđÐð":
        return "d"
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).lower()


def _base_with_index(text: str, offset: int = 0) -> tuple[str, list[int]]:
    """Base form of the non-space characters of ``text`` and each one's index."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        b = _base(ch)
        for c in b:
            chars.append(c)
            index.append(offset + i)
    return "".join(chars), index


def align_words(line: str, words: Sequence[str]) -> list[tuple[int, int, int]]:
    """Align ``words`` (as a segmenter returned them) to character spans of ``line``.

    The words may differ from ``line`` in tone-mark placement, Unicode
    normalisation and whitespace. Each returned span starts where a word's first
    letter lies in ``line`` and ends before the next word (trailing whitespace
    excluded), so the spans cover every non-space character of ``line`` exactly
    once and never overlap. Words that cannot be placed are merged into their
    neighbour rather than dropped.

    Example:
        >>> align_words("Tỉnh uỷ  Điện Biên", ["Tỉnh", "ủy", "Điện Biên"])
        [(0, 4, 0), (5, 7, 1), (9, 18, 2)]
    """
    fast = _align_exact(line, words)
    if fast is not None:
        return fast
    line_base, line_index = _base_with_index(line)
    if not line_base:
        return []
    word_starts: list[int] = []
    parts: list[str] = []
    pos = 0
    for w in words:
        b, _ = _base_with_index(w)
        word_starts.append(pos)
        parts.append(b)
        pos += len(b)
    words_base = "".join(parts)
    if words_base == line_base:
        mapped = word_starts
    else:
        mapped = _map_positions(words_base, line_base, word_starts)
    cuts: list[int] = []
    owners: list[int] = []
    for k, m in enumerate(mapped):
        if m >= len(line_base):
            continue
        c = line_index[m]
        if not cuts or c > cuts[-1]:
            cuts.append(c)
            owners.append(k)
        elif c == cuts[-1]:
            owners[-1] = k  # an earlier word mapped to nothing: the later one owns the cut
    first = line_index[0]
    if not cuts or cuts[0] != first:
        cuts.insert(0, first)
        owners.insert(0, 0)
    end_of_text = len(line.rstrip())
    spans: list[tuple[int, int, int]] = []
    for k, start in enumerate(cuts):
        stop = cuts[k + 1] if k + 1 < len(cuts) else end_of_text
        seg = line[start:stop]
        spans.append((start, start + len(seg.rstrip()), owners[k]))
    return spans


def _align_exact(line: str, words: Sequence[str]) -> list[tuple[int, int, int]] | None:
    """Fast path of :func:`align_words` when the words spell the line exactly (the common case)."""
    spans: list[tuple[int, int, int]] = []
    pos = 0
    n = len(line)
    for k, w in enumerate(words):
        while pos < n and line[pos].isspace():
            pos += 1
        start = pos
        for piece in w.split():
            while pos < n and line[pos].isspace():
                pos += 1
            if not line.startswith(piece, pos):
                return None
            pos += len(piece)
        if pos > start:
            spans.append((start, pos, k))
    if line[pos:].strip():
        return None
    return spans


def _map_positions(src: str, dst: str, positions: Sequence[int]) -> list[int]:
    """Map character positions in ``src`` to positions in ``dst`` via a diff."""
    matcher = difflib.SequenceMatcher(None, src, dst, autojunk=False)
    ops = matcher.get_opcodes()
    out: list[int] = []
    k = 0
    for p in positions:
        while k < len(ops) - 1 and ops[k][2] <= p:
            k += 1
        tag, i1, i2, j1, j2 = ops[k]
        if tag == "equal":
            out.append(j1 + (p - i1))
        else:
            out.append(j1 if p < i2 or tag == "insert" else j2)
    return out


_HAS_SPACE = re.compile(r"\s").search


def _upos(tag: str) -> str:
    return "SPACE" if tag == SPACE_TAG else upos_of(tag)


def _is_punct(piece: str) -> bool:
    return all(unicodedata.category(c).startswith("P") for c in piece)


def split_punctuation(line: str, start: int, end: int, tag: str) -> list[tuple[int, int, str]]:
    """Split a multi-syllable word at syllables that are only punctuation.

    underthesea sometimes joins a sentence-final mark to the next word
    (``"? Có"``); such a token would hide a sentence boundary.

    Example:
        >>> split_punctuation("? Có", 0, 4, "V")
        [(0, 1, 'CH'), (2, 4, 'V')]
    """
    word = line[start:end]
    if not _HAS_SPACE(word):
        return [(start, end, tag)]
    pieces = [(start + i, start + i + len(p)) for i, p in _pieces(word)]
    if not any(_is_punct(line[a:b]) for a, b in pieces):
        return [(start, end, tag)]
    out: list[tuple[int, int, str]] = []
    run: tuple[int, int] | None = None
    for a, b in pieces:
        if _is_punct(line[a:b]):
            if run:
                out.append((run[0], run[1], tag))
                run = None
            out.append((a, b, "CH"))
        else:
            run = (run[0], b) if run else (a, b)
    if run:
        out.append((run[0], run[1], tag))
    return out


def _pieces(word: str) -> list[tuple[int, str]]:
    out = []
    i = 0
    for piece in word.split():
        i = word.index(piece, i)
        out.append((i, piece))
        i += len(piece)
    return out


class UndertheseaTokenizer(DummyTokenizer):
    """Word segmentation and VLSP POS by underthesea, aligned losslessly to the text.

    Args:
        vocab: The shared vocabulary.
        tagger: Optional replacement for underthesea's ``pos_tag`` (a seam for tests).
    """

    def __init__(self, vocab: Vocab, tagger: Tagger | None = None) -> None:
        self.vocab = vocab
        self._tagger = tagger

    @property
    def tagger(self) -> Tagger:
        if self._tagger is None:
            self._tagger = underthesea_tagger()
        return self._tagger

    def __reduce__(self) -> tuple[Any, ...]:
        return UndertheseaTokenizer, (self.vocab,)

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        tags: list[str] = []

        def add_gap(gap: str) -> None:
            if not gap:
                return
            if gap[0] == " " and words and tags[-1] != SPACE_TAG and not spaces[-1]:
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
                tags.append(SPACE_TAG)

        tagger = self.tagger
        prev_end = 0
        line_start = 0
        # splitlines() knows every line break Python does (\n, \r\n, \u2028, ...).
        for line in text.splitlines(keepends=True):
            body = line.splitlines()[0] if line else line
            if body.strip():
                tagged = tagger(body)
                for s, e, k in align_words(body, [w for w, _ in tagged]):
                    tag = tagged[k][1] if k < len(tagged) else "X"
                    # one word without inner spaces (most of them) is one token: split_punctuation's own fast path
                    pieces = split_punctuation(body, s, e, tag) if _HAS_SPACE(body, s, e) else ((s, e, tag),)
                    for ps, pe, ptag in pieces:
                        a = line_start + ps
                        if a != prev_end:
                            if a == prev_end + 1 and text[prev_end] == " " and words and not spaces[-1] and tags[-1] != SPACE_TAG:
                                spaces[-1] = True  # add_gap's first case, inline for the commonest gap: one space
                            else:
                                add_gap(text[prev_end:a])
                        words.append(text[a : line_start + pe])
                        spaces.append(False)
                        tags.append(ptag)
                        prev_end = line_start + pe
            line_start += len(line)
        add_gap(text[prev_end:])
        return self._doc(words, spaces, tags)

    def _doc(self, words: list[str], spaces: list[bool], tags: list[str]) -> Doc:
        """The ``Doc`` of the words with their VLSP tags and UPOS, the tags set as arrays in one call."""
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if words:
            strings = self.vocab.strings
            ids = {t: (strings.add(t), _POS_IDS[_upos(t)]) for t in set(tags)}
            doc.from_array([TAG, POS], numpy.array([ids[t] for t in tags], dtype="uint64"))
        return doc

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> UndertheseaTokenizer:
        return self

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, **kwargs: Any) -> UndertheseaTokenizer:
        return self


@registry.tokenizers("dienbien.UndertheseaTokenizer.v1")
def create_underthesea_tokenizer() -> Callable[[Any], UndertheseaTokenizer]:
    """Registered factory: ``@tokenizers = "dienbien.UndertheseaTokenizer.v1"``."""

    def make(nlp: Any) -> UndertheseaTokenizer:
        return UndertheseaTokenizer(nlp.vocab)

    return make


def fast_tagger() -> Tagger:
    """underthesea's words with the tags of its fast CRF POS model (see :mod:`dienbien_nlp.pipeline.postag`)."""
    from .postag import fast_pos_tag

    return fast_pos_tag


class FastUndertheseaTokenizer(UndertheseaTokenizer):
    """:class:`UndertheseaTokenizer` with underthesea's fast CRF POS model (2023) instead of ``pos_tag`` (2017).

    The words are the same; the tags come from the model that scores better on UD VTB
    (``scripts/eval_ud.py``) and runs about four times faster.
    """

    @property
    def tagger(self) -> Tagger:
        if self._tagger is None:
            self._tagger = fast_tagger()
        return self._tagger

    def __reduce__(self) -> tuple[Any, ...]:
        return FastUndertheseaTokenizer, (self.vocab,)


@registry.tokenizers("dienbien.UndertheseaTokenizer.v2")
def create_fast_underthesea_tokenizer() -> Callable[[Any], FastUndertheseaTokenizer]:
    """Registered factory: ``@tokenizers = "dienbien.UndertheseaTokenizer.v2"`` (fast CRF POS tags)."""

    def make(nlp: Any) -> FastUndertheseaTokenizer:
        return FastUndertheseaTokenizer(nlp.vocab)

    return make
