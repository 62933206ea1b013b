"""Indicator claims: the extractor (a spaCy component), the claim gold and its evaluation.

- :mod:`.extract` — the assembly: sentences, layout and values into claim records; ``doc._.claims``;
- :mod:`.numbers` — Vietnamese numbers as written; :mod:`.vocab` — the vocabularies;
- :mod:`.values` — values with unit, scale and qualifier, and what is no claim;
- :mod:`.periods` — times and base times; :mod:`.phrases` — indicators and kind cues;
- :mod:`.layout` — headings, horizons and target tables; :mod:`.records` — the claim record;
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
