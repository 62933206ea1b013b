"""A spaCy ``ner`` model trained on the gold with the project's registered tokenizer (CPU), for comparison with the CRF.

Each content sentence of a gold document is one training example: the rule pipeline's tokens (underthesea
words, cut where a rule entity begins or ends) with the gold spans over them; a gold span that cuts a token is
widened to it. spaCy's default CNN tok2vec and transition-based NER are trained from scratch; nothing is
downloaded.

Example:
    >>> from dienbien_nlp.learn.spacy_ner import train_spacy_ner  # doctest: +SKIP
    >>> ner = train_spacy_ner(train_docs, n_iter=10)  # doctest: +SKIP
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc

from ..pipeline.sentences import content_sents


def _sentence_docs(vocab: Any, sdoc: Doc) -> list[tuple[Doc, int]]:
    """Each content sentence of ``sdoc`` as its own ``Doc`` (words and spaces kept), with its character offset."""
    out = []
    for sent in content_sents(sdoc):
        words = [t.text for t in sent]
        spaces = [bool(t.whitespace_) for t in sent]
        if spaces:
            spaces[-1] = False
        out.append((Doc(vocab, words=words, spaces=spaces), sent.start_char))
    return out


def ner_examples(nlp: Any, sdocs: Sequence[Doc], golds: Sequence[Sequence[tuple[int, int, str]]]) -> list[Any]:
    """``Example`` objects of every content sentence, the gold spans widened to whole tokens."""
    from spacy.training import Example

    out = []
    for sdoc, gold in zip(sdocs, golds):
        for doc, off in _sentence_docs(nlp.vocab, sdoc):
            end = off + len(doc.text)
            ents = []
            for s, e, lab in gold:
                if s >= off and e <= end:
                    sp = doc.char_span(s - off, e - off, label=lab, alignment_mode="expand")
                    if sp is not None and all(sp.start >= x.end or sp.end <= x.start for x in ents):
                        ents.append(sp)
            ref = Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
            ref.ents = [ref.char_span(x.start_char, x.end_char, label=x.label_) for x in ents]
            out.append(Example(doc, ref))
    return out


def train_spacy_ner(
    sdocs: Sequence[Doc], golds: Sequence[Sequence[tuple[int, int, str]]], *, n_iter: int = 15, seed: int = 0, dropout: float = 0.2
) -> Any:
    """A blank Vietnamese pipeline (the registered tokenizer) with a ``ner`` trained on the gold of ``sdocs``."""
    import spacy
    from spacy.util import fix_random_seed, minibatch

    from ..pipeline.assemble import blank
    from ..schema import entity_labels

    fix_random_seed(seed)
    nlp = blank()
    ner = nlp.add_pipe("ner")
    for lab in entity_labels():
        ner.add_label(lab)
    examples = ner_examples(nlp, sdocs, golds)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(n_iter):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=spacy.util.compounding(4.0, 32.0, 1.001)):
            nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses)
    return nlp


def spacy_ner_spans(nlp: Any, sdoc: Doc) -> list[tuple[int, int, str]]:
    """The trained ``ner``'s spans of every content sentence of ``sdoc`` (document character offsets)."""
    ner = nlp.get_pipe("ner")
    out = []
    for doc, off in _sentence_docs(nlp.vocab, sdoc):
        doc = ner(doc)
        out += [(off + e.start_char, off + e.end_char, e.label_) for e in doc.ents]
    return out
