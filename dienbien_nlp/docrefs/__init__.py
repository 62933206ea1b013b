"""References to Vietnamese party and state documents (the RESOLUTION entity): symbols, dates, issuers."""

from __future__ import annotations

from .finders import (
    DOC_TYPES,
    DocRef,
    find_doc_refs,
    parse_date,
    parse_symbol,
)

__all__ = [
    "DOC_TYPES",
    "DocRef",
    "find_doc_refs",
    "parse_date",
    "parse_symbol",
]
