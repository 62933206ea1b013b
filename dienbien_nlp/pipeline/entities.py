"""Entity components: rules and gazetteers, a CRF tagger, and token alignment.

Stages (each a spaCy component, ``Doc -> Doc``):

* ``dienbien_entity_rules`` — runs :func:`dienbien_nlp.rules.rule_entities` on each
  sentence, splits tokens where an entity boundary falls inside an underthesea
  word (so that every entity is exact to the character), and sets ``doc.ents``
  with the normalised fields in ``ent._.attrs``.
* ``dienbien_entity_crf`` — a CRF (sklearn-crfsuite) over word, POS, shape and rule
  features; its spans are added where they do not overlap a rule entity
  (the overlap policy is a function, :func:`rules_first`).

Entities never cross a sentence boundary.

Example:
    >>> import dienbien_nlp
    >>> doc = dienbien_nlp.load()("Tỉnh ủy Hà Giang họp.")
    >>> [(e.text, e.label_) for e in doc.ents]  # doctest: +SKIP
    [('Tỉnh ủy Hà Giang', 'ORG')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions as _extensions  # noqa: F401
from .sentences import content_sents

#: A character-level entity: (start, end, label, attrs).
CharEntity = tuple[int, int, str, dict[str, Any] | None]


def split_tokens_at(doc: Doc, cuts: Iterable[int]) -> Doc:
    """A copy of ``doc`` whose tokens are split at every character offset in ``cuts``.

    Tags, POS and sentence starts are kept (pieces inherit their token's); the
    text is unchanged. Returns ``doc`` itself when no cut falls inside a token.
    """
    n_chars = len(doc.text)  # doc.text is rebuilt on every access
    inner = sorted({c for c in cuts if 0 < c < n_chars})
    if not inner:
        return doc
    need: dict[int, list[int]] = {}
    j = 0
    for tok in doc:
        s, e = tok.idx, tok.idx + len(tok.text)
        while j < len(inner) and inner[j] <= s:
            j += 1
        k = j
        while k < len(inner) and inner[k] < e:
            need.setdefault(tok.i, []).append(inner[k] - s)
            k += 1
    if not need:
        return doc
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    pos: list[str] = []
    starts: list[bool | None] = []
    for tok in doc:
        pieces = [tok.text]
        if tok.i in need:
            bounds = [0, *need[tok.i], len(tok.text)]
            pieces = [tok.text[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]
        first = True
        for n, piece in enumerate(pieces):
            last = n == len(pieces) - 1
            body = piece.rstrip() if not last else piece
            trail = piece[len(body):]
            lead = len(body) - len(body.lstrip())
            if lead and words:
                # whitespace at the start of a piece belongs to the previous word
                ws, body = body[:lead], body[lead:]
                if ws == " " and not spaces[-1] and tags[-1] != "_SP":
                    spaces[-1] = True
                else:
                    words.append(ws)
                    spaces.append(False)
                    tags.append("_SP")
                    pos.append("SPACE")
                    starts.append(False)
            if body:
                words.append(body)
                spaces.append(False)
                tags.append(tok.tag_)
                pos.append(tok.pos_)
                starts.append(bool(tok.is_sent_start) if first else False)
                first = False
            if trail:
                if trail == " ":
                    spaces[-1] = True
                else:
                    words.append(trail)
                    spaces.append(False)
                    tags.append("_SP")
                    pos.append("SPACE")
                    starts.append(False)
        if tok.whitespace_:
            spaces[-1] = True
    new = Doc(doc.vocab, words=words, spaces=spaces, tags=tags, pos=pos, sent_starts=starts)
    new.user_data.update(doc.user_data)
    new._context = doc._context  # nlp.pipe(as_tuples=True) carries its context on the Doc
    return new


def set_char_entities(doc: Doc, ents: Sequence[CharEntity]) -> Doc:
    """Set ``doc.ents`` from exact character spans, splitting tokens where needed."""
    doc = split_tokens_at(doc, [c for s, e, _, _ in ents for c in (s, e)])
    spans = []
    for s, e, label, attrs in sorted(ents, key=lambda x: x[0]):
        span = doc.char_span(s, e, label=label)
        if span is None:  # an entity that starts or ends on whitespace cannot become a span
            continue
        span._.attrs = attrs or None
        spans.append(span)
    doc.ents = spans
    return doc


def sentence_offsets(doc: Doc) -> list[tuple[int, int]]:
    """Character offsets of the content sentences."""
    return [(s.start_char, s.end_char) for s in content_sents(doc)]


def rule_entities_in_doc(doc: Doc, finder: Callable[[str], Any] | None = None) -> list[CharEntity]:
    """Rule entities of every sentence of ``doc`` as document character spans."""
    if finder is None:
        from ..rules.engine import rule_entities as finder
    out: list[CharEntity] = []
    text = doc.text
    for s, e in sentence_offsets(doc):
        for c in finder(text[s:e]):
            out.append((s + c.start, s + c.end, c.label, dict(c.attrs) if c.attrs else None))
    return out


def rules_first(rule_ents: Sequence[CharEntity], other: Sequence[CharEntity]) -> list[CharEntity]:
    """Overlap policy: keep every rule entity; add others only where they overlap none."""
    out = list(rule_ents)
    for ent in other:
        if all(ent[1] <= r[0] or ent[0] >= r[1] for r in out):
            out.append(ent)
    return sorted(out, key=lambda x: x[0])


class EntityRules:
    """The ``dienbien_entity_rules`` component."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        ents = rule_entities_in_doc(doc)
        doc = set_char_entities(doc, ents)
        doc.user_data["dienbien_rule_ents"] = [(s, e, lab) for s, e, lab, _ in ents]
        return doc


@Language.factory(
    "dienbien_entity_rules",
    assigns=["doc.ents", "span._.attrs"],
    requires=["token.is_sent_start"],
)
def make_entity_rules(nlp: Language, name: str) -> EntityRules:
    """Factory of the rule and gazetteer entity component."""
    return EntityRules(nlp, name)


class EntityCRF:
    """The ``dienbien_entity_crf`` component: adds CRF spans that overlap no rule entity.

    Args:
        model_path: A crfsuite model file; empty for the one shipped in the package.
    """

    def __init__(self, nlp: Language, name: str, model_path: str = "") -> None:
        self.name = name
        self.model_path = model_path
        self._tagger: Any = None

    @property
    def tagger(self) -> Any:
        if self._tagger is None:
            from ..learn.crf import load_tagger

            self._tagger = load_tagger(self.model_path or None)
        return self._tagger

    def __getstate__(self) -> dict[str, Any]:
        # the loaded model is a native object: reload it lazily after unpickling
        return {**self.__dict__, "_tagger": None}

    def __call__(self, doc: Doc) -> Doc:
        tagger = self.tagger
        if tagger is None:
            return doc
        from ..learn.crf import predict_doc_entities

        rule = [(e.start_char, e.end_char, e.label_, e._.attrs) for e in doc.ents]
        learned = [(s, e, lab, None) for s, e, lab in predict_doc_entities(tagger, doc)]
        merged = rules_first(rule, learned)
        if len(merged) == len(rule):
            return doc
        return set_char_entities(doc, merged)


@Language.factory(
    "dienbien_entity_crf",
    assigns=["doc.ents"],
    requires=["doc.ents", "token.tag"],
    default_config={"model_path": ""},
)
def make_entity_crf(nlp: Language, name: str, model_path: str) -> EntityCRF:
    """Factory of the CRF entity component."""
    return EntityCRF(nlp, name, model_path)
