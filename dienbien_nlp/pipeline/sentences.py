"""Sentence boundaries: line breaks are hard boundaries; punctuation splits inside lines.

A stateless spaCy component, ``dienbien_sentences`` (:class:`SentenceSplitter`). A sentence ends after a
token made only of ``. ! ? …`` (with any closing quotes or brackets that follow)
when the next word starts like a sentence: an upper-case letter, a digit, an
opening quote or bracket, or a dash. Abbreviations with a full stop (``TP.``,
``T.Ư``) are single tokens from the tokenizer and never end a sentence, nor does a full stop glued
between digits (``20-50.000``, a thousands separator the tokenizer cut off). A
word after a line break starts a sentence, so no sentence crosses a line break;
whitespace tokens end the sentence before them and never start one, so every
sentence holds text (only a text of nothing but whitespace is one whitespace
sentence).

Example:
    >>> import dienbien_nlp
    >>> doc = dienbien_nlp.load()("Xin chào. TP. Hồ Chí Minh đẹp.\\nDòng hai")
    >>> [s.text for s in doc.sents]
    ['Xin chào.', 'TP. Hồ Chí Minh đẹp.\\n', 'Dòng hai']
    >>> [s.text for s in content_sents(doc)]  # trimmed of whitespace at their ends
    ['Xin chào.', 'TP. Hồ Chí Minh đẹp.', 'Dòng hai']
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span

from .batching import BatchedPipe

TERMINAL_CHARS = frozenset(".!?…")
CLOSING_CHARS = frozenset("\"'”’»)]}")
OPENING_CHARS = frozenset("\"'“‘«([{-–—•")


def has_line_break(text: str) -> bool:
    """True when ``text`` contains any character Python treats as a line break."""
    return len((text + "x").splitlines()) > 1


def _is_terminal(text: str) -> bool:
    return bool(text) and all(c in TERMINAL_CHARS for c in text)


def _starts_sentence(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in OPENING_CHARS


def set_sentence_starts(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on every token of ``doc`` (see module docstring)."""
    n = len(doc)
    if not n:
        return doc
    # the tokens' offsets, lengths, space flags and trailing spaces read in one call, the starts written in one
    rows = doc.to_array([IDX, LENGTH, IS_SPACE, SPACY]).tolist()
    text = doc.text
    words = [text[idx : idx + length] for idx, length, _, _ in rows]
    starts = [1] * n
    after_terminal = _is_terminal(words[0])
    line_break = False
    for i in range(1, n):
        word = words[i]
        if rows[i][2]:
            # whitespace ends the sentence before it; a line break in it starts the next one
            starts[i] = -1
            if has_line_break(word):
                after_terminal = False
                line_break = True
            continue
        start = line_break
        line_break = False
        if not start and after_terminal:
            if word[0] in CLOSING_CHARS and not _starts_sentence(word):
                starts[i] = -1
                continue
            start = _starts_sentence(word)
        starts[i] = 1 if start else -1
        # a "." glued between digits (20-50.000, 1/2.000) is a thousands separator the tokenizer cut off
        digit_group_dot = (
            word == "."
            and i + 1 < n
            and not rows[i][3]
            and not rows[i - 1][3]
            and words[i - 1][-1:].isdigit()
            and words[i + 1][:1].isdigit()
        )
        after_terminal = (_is_terminal(word) and not digit_group_dot) or (
            after_terminal and not start and word[0] in CLOSING_CHARS
        )
    doc.from_array([SENT_START], numpy.asarray(starts, dtype="int64").astype("uint64").reshape(n, 1))
    return doc


class SentenceSplitter(BatchedPipe):
    """The ``dienbien_sentences`` component: :func:`set_sentence_starts` on each ``Doc``."""

    def __init__(self, nlp: Language | None = None, name: str = "dienbien_sentences") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return set_sentence_starts(doc)


@Language.factory(
    "dienbien_sentences",
    assigns=["token.is_sent_start"],
    requires=["token.text"],
)
def dienbien_sentences(nlp: Language, name: str) -> SentenceSplitter:
    """Factory of :class:`SentenceSplitter`."""
    return SentenceSplitter(nlp, name)


def content_sents(doc: Doc) -> list[Span]:
    """Sentences of ``doc`` that hold text, trimmed of leading/trailing whitespace tokens."""
    out = []
    for sent in doc.sents:
        # only the tokens at the edges are looked at (most sentences start with a word and end with one space token)
        start, end = sent.start, sent.end
        while start < end and doc[start].is_space:
            start += 1
        if start == end:
            continue
        while doc[end - 1].is_space:
            end -= 1
        out.append(doc[start:end])
    return out
