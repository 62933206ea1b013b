"""Indicator claims: the extractor (a spaCy component), the claim gold and its evaluation.

- :mod:`.extract` — numbers, units, periods, kinds; ``doc._.claims``;
- :mod:`.gold` — claim records and their comparison;
- :mod:`.evaluate` — ``dienbien-nlp evaluate claims``.
"""

from __future__ import annotations

from .extract import (
    CUE_REACH,
    ClaimExtractor,
    ClaimVocab,
    doc_claims,
    extract_claims,
    load_vocab,
    make_claims,
    parse_number,
)

__all__ = [
    "CUE_REACH",
    "ClaimExtractor",
    "ClaimVocab",
    "doc_claims",
    "extract_claims",
    "load_vocab",
    "make_claims",
    "parse_number",
]
