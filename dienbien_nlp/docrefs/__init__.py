"""References to Vietnamese party and state documents (the RESOLUTION entity), character-exact.

- :mod:`.records` — :class:`DocRef`, the document types, the matching key;
- :mod:`.patterns` — the grammar as regular expressions, and its vocabulary tables;
- :mod:`.symbols` — document symbols (``11-NQ/TW``, ``188/KH-UBND``) and their issuers;
- :mod:`.dates` — document dates;
- :mod:`.issuers` — the issuer phrase after a reference;
- :mod:`.finders` — :func:`find_doc_refs`, which puts them together.
"""

from __future__ import annotations

from .dates import parse_date
from .finders import find_doc_refs
from .records import DOC_TYPES, DocRef
from .symbols import parse_symbol

__all__ = ["DOC_TYPES", "DocRef", "find_doc_refs", "parse_date", "parse_symbol"]
