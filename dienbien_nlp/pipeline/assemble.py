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

from . import extensions as _extensions  # noqa: F401  (registers custom attributes)
from . import sentences as _sentences  # noqa: F401  (registers the component)
from . import serialization as _serialization
from . import tokenizer as _tokenizer  # noqa: F401  (registers the tokenizer)

_serialization.install()  # Doc.to_bytes/from_bytes (nlp.pipe with n_process) without a registry scan per call

# v2: underthesea's words with its fast CRF POS model (scripts/eval_ud.py scores both; v1 keeps pos_tag)
TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "dienbien.UndertheseaTokenizer.v2"}}}


def blank() -> Language:
    """A Vietnamese ``Language`` with the project's tokenizer and no components."""
    return spacy.blank("vi", config=TOKENIZER_CONFIG)


def load(
    *, entities: bool = True, themes: bool = True, entity_model: str = "", theme_model: str = "", claims: bool = True
) -> Language:
    """The full dienbien-nlp pipeline: tokens, VLSP/UD POS, sentences, entities, themes, indicator claims.

    Args:
        entities: Add the entity components (rules and gazetteers, then the CRF).
        themes: Add the sentence theme classifier.
        entity_model: A crfsuite model file to use instead of the shipped one.
        theme_model: A theme model file (a linear model as arrays + JSON, or skops) to use instead of the shipped one.
        claims: Add the indicator-claim extractor (``doc._.claims``).

    Returns:
        A ``spacy.Language``; ``nlp(text)`` gives a ``Doc`` whose text is
        exactly ``text``.
    """
    from ..claims import extract as _claims  # noqa: F401
    from . import entities as _entities  # noqa: F401  (registers the components)
    from . import themes as _themes  # noqa: F401

    nlp = blank()
    # The tokenizer works line by line and there is no parser, so long texts cost memory in
    # proportion to their length only; spaCy's default limit of 1 M characters is lifted.
    nlp.max_length = 50_000_000
    nlp.add_pipe("dienbien_sentences")
    if entities:
        nlp.add_pipe("dienbien_entity_rules")
        nlp.add_pipe("dienbien_entity_crf", config={"model_path": entity_model})
    if themes:
        nlp.add_pipe("dienbien_themes", config={"model_path": theme_model})
    if claims:
        nlp.add_pipe("dienbien_claims")
    nlp.meta.update(meta())
    return nlp


def meta() -> dict[str, str]:
    """The pipeline's name, version, licence and description for ``nlp.meta`` (spaCy adds the labels)."""
    from .. import __version__

    return {
        "name": "dienbien",
        "version": __version__,
        "license": "Apache-2.0",
        "description": "Vietnamese political texts: tokens, VLSP/UD POS, sentences, entities, themes, indicator claims",
    }
