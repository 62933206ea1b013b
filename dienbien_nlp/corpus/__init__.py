"""The corpus: documents kept byte for byte with their metadata, cleaning, and their structure.

- :mod:`.documents` — source files, metadata records, ingest;
- :mod:`.cleaning`, :mod:`.markdown` — cleaning with an offset map back to the raw text;
- :mod:`.structure`, :mod:`.official` — typed segments of articles and of official documents;
- :mod:`.news` — the news gold kept as standoff records over the VNTC texts.
"""

from __future__ import annotations

from .documents import (
    DEFAULT_CORPUS,
    GENRES,
    KINDS,
    SOURCE_SUFFIXES,
    Document,
    Metadata,
    Person,
    extract_html,
    get_document,
    ingest,
    load_corpus,
    load_document,
    sha256_text,
)

__all__ = [
    "DEFAULT_CORPUS",
    "Document",
    "GENRES",
    "KINDS",
    "Metadata",
    "Person",
    "SOURCE_SUFFIXES",
    "extract_html",
    "get_document",
    "ingest",
    "load_corpus",
    "load_document",
    "sha256_text",
]
