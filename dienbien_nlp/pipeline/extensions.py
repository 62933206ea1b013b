"""Custom spaCy attributes the pipeline sets (registered once, on import).

* ``span._.attrs`` — the normalised fields of an entity (``doc.ents`` member), a dict or ``None``.
* ``span._.themes`` — the policy themes of a sentence, a list of theme ids: set on each ``doc.sents`` span and
  on the same sentence trimmed of whitespace (:func:`~dienbien_nlp.pipeline.sentences.content_sents`).
* ``doc.cats`` — per theme, the share of the document's sentences that carry it (a share, not a probability).
* ``doc._.claims`` — the indicator claims (records with the fields of the claim gold), else ``None``.
* ``doc._.rule_candidates`` — every rule candidate of the document, resolved or not, as ``(start, end, label,
  source)``; set by ``dienbien_entity_rules``, read by the CRF as features; else ``None``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

if not Span.has_extension("attrs"):
    Span.set_extension("attrs", default=None)
if not Span.has_extension("themes"):
    Span.set_extension("themes", default=None)
if not Doc.has_extension("claims"):
    Doc.set_extension("claims", default=None)
if not Doc.has_extension("rule_candidates"):
    Doc.set_extension("rule_candidates", default=None)
