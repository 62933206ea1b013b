"""Text helpers of the theme classifiers, kept apart from scikit-learn so that predicting needs none of it.

Theme classifiers read *segmented* sentences: words joined by spaces, the
syllables of a word by ``_``. :mod:`dienbien_nlp.learn.themes` re-exports these
functions, which is where saved models made before this module existed name them.

Example:
    >>> word_tokens("Tăng_trưởng GRDP đạt 8 %")
    ['tăng_trưởng', 'grdp', 'đạt', '8']
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..text.keys import fold_lower


def fold(text: str) -> str:
    """The project's matching key (:func:`dienbien_nlp.rules.gazetteer.fold`) in lower case.

    NFC, ``Ð``→``đ``, one tone-mark placement (``uỷ``→``ủy``, ``hoá``→``hóa``), one space between words.
    """
    return fold_lower(text)


def desegment(text: str) -> str:
    """Segmented text back to plain syllables (``_`` → space), folded."""
    return fold(text.replace("_", " "))


def word_tokens(text: str) -> list[str]:
    """Words of segmented text, folded; punctuation-only tokens dropped."""
    return [w for w in fold(text).split() if any(c.isalnum() for c in w)]


def segment(doc_or_span: Any) -> str:
    """Segmented text of a spaCy ``Doc`` or ``Span``: words by spaces, syllables by ``_``."""
    return " ".join("_".join(t.text.split()) for t in doc_or_span if not t.is_space)


@functools.lru_cache(maxsize=64)
def _hint_regex(hints: tuple[str, ...]) -> re.Pattern[str]:
    alts = sorted({re.escape(fold(h)) for h in hints}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)")
