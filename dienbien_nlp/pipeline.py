"""Assembling the dienbien-nlp spaCy pipeline.

Example:
    >>> import dienbien_nlp
    >>> nlp = dienbien_nlp.load()
    >>> nlp.pipe_names[:1]
    ['dienbien_sentences']
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from . import sentences as _sentences  # noqa: F401  (registers the component)
from . import tokenizer as _tokenizer  # noqa: F401  (registers the tokenizer)

TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "dienbien.UndertheseaTokenizer.v1"}}}


def blank() -> Language:
    """A Vietnamese ``Language`` with the project's tokenizer and no components."""
    return spacy.blank("vi", config=TOKENIZER_CONFIG)


def load() -> Language:
    """The full dienbien-nlp pipeline: tokens, VLSP/UD POS and sentences.

    Returns:
        A ``spacy.Language``; ``nlp(text)`` gives a ``Doc`` whose text is
        exactly ``text``.
    """
    nlp = blank()
    nlp.add_pipe("dienbien_sentences")
    return nlp
