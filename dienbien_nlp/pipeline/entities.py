"""Entity components: rules and gazetteers, a CRF tagger, and token alignment.

Stages (each a spaCy component, ``Doc -> Doc``):

* ``dienbien_entity_rules`` — runs :func:`dienbien_nlp.rules.rule_entities` on each
  sentence, splits tokens where an entity boundary falls inside an underthesea
  word (so that every entity is exact to the character), and sets ``doc.ents``
  with the normalised fields in ``ent._.attrs``.
* ``dienbien_entity_crf`` — a CRF (python-crfsuite) over syllable, word, POS and shape
  features with every rule candidate as a feature; its spans and the rule entities are
  combined by a registered overlap policy (``dienbien.learned_only.v1`` by default;
  ``dienbien.rules_first.v1``, ``dienbien.learned_first.v1``), then a document-level pass
  finds every name and bracket-defined abbreviation at its other mentions
  (``dienbien.propagate_mentions.v1``).

Entities never cross a sentence boundary.

Example:
    >>> import dienbien_nlp
    >>> doc = dienbien_nlp.load()("Tỉnh ủy Hà Giang họp.")
    >>> [(e.text, e.label_) for e in doc.ents]  # doctest: +SKIP
    [('Tỉnh ủy Hà Giang', 'ORG')]
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from ..text.overlaps import non_overlapping
from . import extensions as _extensions  # noqa: F401
from .batching import BatchedPipe
from .sentences import content_sents
from .tokenizer import SPACE_TAG

#: The span group that holds the rule component's entities.
RULES_GROUP = "dienbien_rules"

#: The file name of the CRF model inside a saved pipeline's component folder.
MODEL_FILE = "entities.crfsuite"

#: A character-level entity: (start, end, label, attrs).
CharEntity = tuple[int, int, str, dict[str, Any] | None]


def _pieces(text: str, offsets: Sequence[int]) -> list[str]:
    """``text`` cut at ``offsets``, with whitespace at the edge of a piece made a piece of its own."""
    bounds = [0, *offsets, len(text)]
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = text[a:b]
        body = piece.strip()
        if not body:
            out.append(piece)
            continue
        lead = piece[: len(piece) - len(piece.lstrip())]
        trail = piece[len(piece.rstrip()) :]
        out += [x for x in (lead, body, trail) if x]
    return [x for x in out if x]


def split_tokens_at(doc: Doc, cuts: Iterable[int]) -> Doc:
    """Split the tokens of ``doc`` at every character offset in ``cuts``, in place, with spaCy's retokenizer.

    The pieces keep their token's tag and POS; whitespace at a cut becomes a token of its own (tag ``_SP``,
    POS ``SPACE``), as whitespace between words is. The first piece keeps the token's sentence start, so no
    sentence is lost, and the span groups in ``doc.spans`` keep their characters. Returns ``doc``.
    """
    last = doc[-1] if len(doc) else None
    n_chars = last.idx + len(last.text_with_ws) if last is not None else 0  # doc.text is rebuilt on every access
    inner = sorted({c for c in cuts if 0 < c < n_chars})
    if not inner:
        return doc
    # the token around each cut, from the tokens' offsets as arrays (no Token object per token)
    bounds = doc.to_array([IDX, LENGTH])
    tok_starts = bounds[:, 0].tolist()
    tok_ends = (bounds[:, 0] + bounds[:, 1]).tolist()
    need: dict[int, list[int]] = {}
    for c in inner:  # in order, so each token's offsets come in order
        i = bisect.bisect_right(tok_starts, c) - 1
        if i >= 0 and tok_starts[i] < c < tok_ends[i]:
            need.setdefault(i, []).append(c - tok_starts[i])
    if not need:
        return doc
    groups = {
        name: [(sp.start_char, sp.end_char, sp.label_) for sp in group] for name, group in doc.spans.items()
    }
    doc.vocab.strings.add(SPACE_TAG)
    inner_starts: list[int] = []
    with doc.retokenize() as retokenizer:
        for i, offsets in need.items():
            tok = doc[i]
            orths = _pieces(tok.text, offsets)
            if len(orths) < 2:
                continue
            spaces = [orth.isspace() for orth in orths]
            inner_starts += [tok.idx + sum(map(len, orths[:k])) for k in range(1, len(orths))]
            retokenizer.split(
                tok,
                orths,
                heads=[(tok, k) for k in range(len(orths))],
                attrs={
                    "TAG": [SPACE_TAG if sp else tok.tag_ for sp in spaces],
                    "POS": ["SPACE" if sp else tok.pos_ for sp in spaces],
                },
            )
    inner = set(inner_starts)
    for i, start in enumerate(doc.to_array(IDX).tolist()):  # the first piece keeps the token's sentence start
        if start in inner:  # no other piece starts one
            doc[i].is_sent_start = False
    for name, spans in groups.items():
        doc.spans[name] = [sp for s, e, label in spans if (sp := doc.char_span(s, e, label=label)) is not None]
    return doc


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


def rule_entities_in_doc(
    doc: Doc, finder: Callable[[str], Any] | None = None, *, candidates: list[tuple[int, int, str, str]] | None = None
) -> list[CharEntity]:
    """Rule entities of every sentence of ``doc`` as document character spans.

    With the default finder and a ``candidates`` list, every candidate of every rule family (resolved or
    not) is appended to it as ``(start, end, label, source)``, from the same single run of the rules.
    """
    from ..rules.engine import find_candidates, resolve

    out: list[CharEntity] = []
    text = doc.text
    for s, e in sentence_offsets(doc):
        if finder is None:
            found = find_candidates(text[s:e])
            if candidates is not None:
                candidates += [(s + c.start, s + c.end, c.label, c.source) for c in found]
            kept = resolve(found)
        else:
            kept = finder(text[s:e])
        for c in kept:
            out.append((s + c.start, s + c.end, c.label, dict(c.attrs) if c.attrs else None))
    return out


def rules_first(rule_ents: Sequence[CharEntity], other: Sequence[CharEntity]) -> list[CharEntity]:
    """Overlap policy: keep every rule entity; add others only where they overlap none."""
    ranked = non_overlapping([*((True, r) for r in rule_ents), *((False, o) for o in other)], span=lambda x: x[1][:2])
    return sorted([*rule_ents, *(ent for is_rule, ent in ranked if not is_rule)], key=lambda x: x[0])


@registry.misc("dienbien.rules_first.v1")
def make_rules_first() -> Callable[[Sequence[CharEntity], Sequence[CharEntity]], list[CharEntity]]:
    """The registered form of :func:`rules_first`, for a component's ``merge`` setting."""
    return rules_first


def rule_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """The rule component's entities of ``doc`` (span group :data:`RULES_GROUP`) as character spans."""
    return [(sp.start_char, sp.end_char, sp.label_) for sp in doc.spans.get(RULES_GROUP, [])]


def _ner_score(examples: Iterable[Any], **kwargs: Any) -> dict[str, Any]:
    from spacy.scorer import get_ner_prf

    return get_ner_prf(examples, **kwargs)


@registry.scorers("dienbien.entity_scorer.v1")
def make_entity_scorer() -> Callable[..., dict[str, Any]]:
    """Exact-span P/R/F1 of ``doc.ents``, overall and per label (spaCy's ``ents_p``, ``ents_r``, ``ents_f``)."""
    return _ner_score


class _EntityPipe(BatchedPipe):
    """What both entity components share: their labels (the schema's) and their scorer."""

    name: str
    scorer: Callable[..., dict[str, Any]] | None

    @property
    def labels(self) -> tuple[str, ...]:
        from ..schema import entity_labels

        return tuple(entity_labels())

    def score(self, examples: Iterable[Any], **kwargs: Any) -> dict[str, Any]:
        return self.scorer(examples, **kwargs) if self.scorer is not None else {}


class EntityRules(_EntityPipe):
    """The ``dienbien_entity_rules`` component: rule and gazetteer entities on ``doc.ents``.

    The entities also go into the span group ``doc.spans["dienbien_rules"]``, so that later components and
    evaluations can tell them from the CRF's. Its rule tables and gazetteer are package data, loaded by
    :meth:`initialize` (or on the first document); ``to_disk`` writes no file for them.
    """

    def __init__(self, nlp: Language, name: str, scorer: Callable[..., dict[str, Any]] | None = None) -> None:
        self.name = name
        self.scorer = scorer

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Load the rule tables and the gazetteer now rather than on the first document."""
        from ..rules.engine import warm_up

        warm_up()

    def __call__(self, doc: Doc) -> Doc:
        cands: list[tuple[int, int, str, str]] = []
        ents = rule_entities_in_doc(doc, candidates=cands)
        doc = set_char_entities(doc, ents)
        doc.spans[RULES_GROUP] = list(doc.ents)
        doc._.rule_candidates = cands  # every candidate, resolved or not, for the learned tagger's features
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EntityRules:
        return self


@Language.factory(
    "dienbien_entity_rules",
    assigns=["doc.ents", "doc.spans", "span._.attrs", "doc._.rule_candidates"],
    retokenizes=True,
    requires=["token.is_sent_start"],
    default_config={"scorer": {"@scorers": "dienbien.entity_scorer.v1"}},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_entity_rules(nlp: Language, name: str, scorer: Callable[..., dict[str, Any]] | None) -> EntityRules:
    """Factory of the rule and gazetteer entity component."""
    return EntityRules(nlp, name, scorer)


class EntityCRF(_EntityPipe):
    """The ``dienbien_entity_crf`` component: adds CRF spans to the rule entities, merged by ``merge``.

    Args:
        model_path: A crfsuite model file; empty for the one shipped in the package.
        merge: How the rule entities and the CRF's spans combine (the factory's default: :func:`learned_only`,
            chosen on the dev split; :func:`rules_first` and :func:`learned_first` are registered too).
        consistency: A document-level pass over the merged entities, ``(text, ents) -> ents``
            (:func:`propagate_mentions`), or ``None``.
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        model_path: str = "",
        merge: Callable[[Sequence[CharEntity], Sequence[CharEntity]], list[CharEntity]] = rules_first,
        scorer: Callable[..., dict[str, Any]] | None = None,
        consistency: Callable[[str, Sequence[CharEntity]], list[CharEntity]] | None = None,
    ) -> None:
        self.name = name
        self.model_path = model_path
        self.merge = merge
        self.consistency = consistency
        self.scorer = scorer
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

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Load the model now rather than on the first document."""
        _ = self.tagger

    def __call__(self, doc: Doc) -> Doc:
        tagger = self.tagger
        if tagger is None:
            return doc
        from ..learn.crf import predict_doc_entities

        rule = [(e.start_char, e.end_char, e.label_, e._.attrs) for e in doc.ents]
        learned = [(s, e, lab, None) for s, e, lab in predict_doc_entities(tagger, doc)]
        merged = self.merge(rule, learned)
        if self.consistency is not None:
            merged = self.consistency(doc.text, merged)
        if merged == rule:
            return doc
        return set_char_entities(doc, merged)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Copy the model into ``path``, so that the saved pipeline holds it."""
        from ..learn.crf import model_bytes, model_file
        from ..textio import atomic_write_bytes

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        source = model_file(self.model_path or None)
        if source is not None:
            atomic_write_bytes(path / MODEL_FILE, model_bytes(source))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EntityCRF:
        """Use the model saved in ``path`` (none there: no CRF spans)."""
        saved = Path(path) / MODEL_FILE
        self.model_path = str(saved) if saved.is_file() else ""
        self._tagger = None
        return self


@Language.factory(
    "dienbien_entity_crf",
    assigns=["doc.ents"],
    retokenizes=True,
    requires=["doc.ents", "token.tag"],
    default_config={
        "model_path": "",
        "merge": {"@misc": "dienbien.learned_only.v1"},
        "consistency": {"@misc": "dienbien.propagate_mentions.v1"},
        "scorer": {"@scorers": "dienbien.entity_scorer.v1"},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_entity_crf(
    nlp: Language,
    name: str,
    model_path: str,
    merge: Callable[[Sequence[CharEntity], Sequence[CharEntity]], list[CharEntity]],
    consistency: Callable[[str, Sequence[CharEntity]], list[CharEntity]] | None,
    scorer: Callable[..., dict[str, Any]] | None,
) -> EntityCRF:
    """Factory of the CRF entity component."""
    return EntityCRF(nlp, name, model_path, merge, scorer, consistency)


def learned_first(rule_ents: Sequence[CharEntity], other: Sequence[CharEntity]) -> list[CharEntity]:
    """Overlap policy: keep every learned entity; add rule entities only where they overlap none.

    The learned tagger already reads the rule candidates as features, so where it speaks it has
    weighed them; a rule entity it left out is kept where the tagger saw nothing at all. A learned
    span that is exactly a rule entity keeps the rule entity's normalised fields.
    """
    fields = {(r[0], r[1], r[2]): r[3] for r in rule_ents}
    out: list[CharEntity] = [(s, e, lab, fields.get((s, e, lab), attrs)) for s, e, lab, attrs in other]
    for ent in rule_ents:
        if all(ent[1] <= o[0] or ent[0] >= o[1] for o in out):
            out.append(ent)
    return sorted(out, key=lambda x: x[0])


@registry.misc("dienbien.learned_first.v1")
def make_learned_first() -> Callable[[Sequence[CharEntity], Sequence[CharEntity]], list[CharEntity]]:
    """The registered form of :func:`learned_first`, for a component's ``merge`` setting."""
    return learned_first


def _is_word_edge(text: str, i: int) -> bool:
    return i <= 0 or i >= len(text) or not (text[i - 1].isalnum() and text[i].isalnum())


def _name_like(surface: str, label: str, min_words: int, person_min_words: int) -> bool:
    """A surface worth finding again: capitalised and long enough to name one thing (a person's name: shorter)."""
    if not surface[:1].isupper() or "\n" in surface:
        return False
    return len(surface.split()) >= (person_min_words if label == "PER" else min_words)


def propagate_mentions(text: str, ents: Sequence[CharEntity], *, min_words: int = 3, person_min_words: int = 2) -> list[CharEntity]:
    """Document-level consistency: a name found once is found at its other mentions in the same document.

    Every entity's surface that looks like a name (capitalised, of ``min_words`` words or more; a person's
    name of ``person_min_words``) is looked for elsewhere in ``text``, case-sensitively and on word edges;
    a mention that overlaps no entity gets the label that surface has most often, and one that covers only
    shorter entities replaces them (the longest name wins). An abbreviation defined in brackets right after an
    entity (``Tập đoàn Điện lực Việt Nam (EVN)``) is an entity of the same label there and wherever it recurs.

    Example:
        >>> t = "Tập đoàn Điện lực Việt Nam (EVN) họp. EVN tăng giá."
        >>> [(t[s:e], lab) for s, e, lab, _ in propagate_mentions(t, [(0, 26, "ORG", None)])]
        [('Tập đoàn Điện lực Việt Nam', 'ORG'), ('EVN', 'ORG'), ('EVN', 'ORG')]
    """
    import re
    from collections import Counter

    from ..learn.crf import defined_abbreviations

    out = list(ents)
    labels: dict[str, Counter[str]] = {}
    for s, e, lab, _ in out:
        labels.setdefault(text[s:e], Counter())[lab] += 1
    abbrs = defined_abbreviations(text, [(s, e, lab) for s, e, lab, _ in out])
    for abbr, lab in abbrs.items():
        labels.setdefault(abbr, Counter())[lab] += 1
    # longer surfaces first, so that a long name claims its mentions before its parts do
    for surface in sorted(labels, key=lambda x: (-len(x), x)):
        # an abbreviation takes the label of the name it was defined after, whatever its mentions were tagged
        label = abbrs.get(surface) or labels[surface].most_common(1)[0][0]
        if surface not in abbrs and not _name_like(surface, label, min_words, person_min_words):
            continue
        for m in re.finditer(re.escape(surface), text):
            s, e = m.start(), m.end()
            if not (_is_word_edge(text, s) and _is_word_edge(text, e)):
                continue
            hits = [o for o in out if o[0] < e and s < o[1]]
            same = [o for o in hits if o[0] == s and o[1] == e]
            if same:
                if surface in abbrs and same[0][2] != label:
                    out = [o for o in out if o is not same[0]]
                    out.append((s, e, label, same[0][3]))
                continue
            if all(s <= o[0] and o[1] <= e for o in hits):
                out = [o for o in out if o not in hits]
                out.append((s, e, label, None))
    return sorted(out, key=lambda x: (x[0], x[1]))


def learned_only(rule_ents: Sequence[CharEntity], other: Sequence[CharEntity]) -> list[CharEntity]:
    """Overlap policy: the learned entities alone (the rule candidates were its features); a learned span that is
    exactly a rule entity keeps that entity's normalised fields."""
    fields = {(r[0], r[1], r[2]): r[3] for r in rule_ents}
    return sorted(((s, e, lab, fields.get((s, e, lab), attrs)) for s, e, lab, attrs in other), key=lambda x: x[0])


@registry.misc("dienbien.learned_only.v1")
def make_learned_only() -> Callable[[Sequence[CharEntity], Sequence[CharEntity]], list[CharEntity]]:
    """The registered form of :func:`learned_only`, for a component's ``merge`` setting."""
    return learned_only


@registry.misc("dienbien.propagate_mentions.v1")
def make_propagate_mentions(min_words: int = 3, person_min_words: int = 2) -> Callable[[str, Sequence[CharEntity]], list[CharEntity]]:
    """The registered form of :func:`propagate_mentions`, for the learned component's ``consistency`` setting
    (a partial of a module function, so that the pipeline pickles for ``nlp.pipe(n_process=...)``)."""
    return functools.partial(propagate_mentions, min_words=min_words, person_min_words=person_min_words)
