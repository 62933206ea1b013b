"""Rule-based entity recognition: the place gazetteer, rule tables and the candidate finder.

- :mod:`.gazetteer` — Vietnamese units before and after 2025, countries, regions;
- :mod:`.engine` — the token stream and every rule family; candidates and their resolution.

The references to party and state documents are found by :mod:`dienbien_nlp.docrefs`.
"""

from __future__ import annotations

from .engine import (
    SOURCE_PRIORITY,
    Candidate,
    find_candidates,
    longest_then_priority,
    resolve,
    rule_entities,
)

__all__ = [
    "Candidate",
    "SOURCE_PRIORITY",
    "find_candidates",
    "longest_then_priority",
    "resolve",
    "rule_entities",
]
