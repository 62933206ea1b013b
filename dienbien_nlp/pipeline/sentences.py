"""Sentence boundaries: line breaks are hard boundaries; punctuation splits inside lines.

A stateless spaCy component, ``dienbien_sentences``. A sentence ends after a
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

from spacy.language import Language
from spacy.tokens import Doc, Span

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


def _digit_group_dot(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a ``.`` glued between digits (``20-50.000``, ``1/2.000``): a thousands separator
    the tokenizer cut off, not the end of a sentence."""
    tok = doc[i]
    if tok.text != "." or i == 0 or i + 1 >= len(doc) or tok.whitespace_:
        return False
    prev, nxt = doc[i - 1], doc[i + 1]
    return not prev.whitespace_ and prev.text[-1:].isdigit() and nxt.text[:1].isdigit()


def set_sentence_starts(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on every token of ``doc`` (see module docstring)."""
    after_terminal = False
    line_break = False
    for i, tok in enumerate(doc):
        if i == 0:
            tok.is_sent_start = True
            after_terminal = _is_terminal(tok.text)
            continue
        if tok.is_space:
            # whitespace ends the sentence before it; a line break in it starts the next one
            tok.is_sent_start = False
            if has_line_break(tok.text):
                after_terminal = False
                line_break = True
            continue
        start = line_break
        line_break = False
        if not start and after_terminal:
            if tok.text[0] in CLOSING_CHARS and not _starts_sentence(tok.text):
                tok.is_sent_start = False
                continue
            start = _starts_sentence(tok.text)
        tok.is_sent_start = start
        after_terminal = (_is_terminal(tok.text) and not _digit_group_dot(doc, i)) or (
            after_terminal and not start and tok.text[0] in CLOSING_CHARS
        )
    return doc


@Language.component(
    "dienbien_sentences",
    assigns=["token.is_sent_start"],
    requires=["token.text"],
)
def dienbien_sentences(doc: Doc) -> Doc:
    """spaCy component wrapping :func:`set_sentence_starts`."""
    return set_sentence_starts(doc)


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
