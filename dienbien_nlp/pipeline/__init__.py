"""The spaCy pipeline, a module per component.

- :mod:`.tokenizer`, :mod:`.postag` — lossless underthesea words and VLSP/UD tags;
- :mod:`.sentences` — sentence starts;
- :mod:`.entities` — the rule and CRF entity components;
- :mod:`.themes` — sentence themes;
- :mod:`.extensions` — the custom attributes;
- :mod:`.assemble` — :func:`load` and :func:`blank`.

The claims component lives with its stage in :mod:`dienbien_nlp.claims`.
"""

from __future__ import annotations

from .assemble import (
    TOKENIZER_CONFIG,
    blank,
    load,
)

__all__ = [
    "TOKENIZER_CONFIG",
    "blank",
    "load",
]
