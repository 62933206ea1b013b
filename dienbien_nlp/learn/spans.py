"""One BIO encoding of character spans over tokens, and its decoding.

Every BIO sequence in the project (the CRF's training labels and features, the HF ``ner_tags``, the
CoNLL-U ``NER`` column) is made here. Spans are ``(start, end, label)`` with character offsets; tokens are
given by their character bounds. A span covers the tokens it overlaps (``within=False``, the dataset's
reading: a span that does not meet token boundaries is widened to them) or only the tokens that lie
inside it (``within=True``, the CRF's reading: a token the span only cuts gets no tag). Where two spans
would share a token, the earlier span keeps it and the later span is left out.
"""

from __future__ import annotations

import bisect

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["bio_over_tokens", "bio_tags", "char_spans_from_bio", "spans_from_bio", "token_bounds"]


def token_bounds(tokens: Iterable[Any]) -> list[tuple[int, int]]:
    """Character bounds of spaCy tokens (or anything with ``idx`` and ``text``)."""
    return [(t.idx, t.idx + len(t.text)) for t in tokens]


def bio_over_tokens(
    bounds: Sequence[tuple[int, int]], entities: Iterable[tuple[int, int, str]], *, within: bool = False
) -> list[str]:
    """BIO tags of tokens (character bounds) for character-offset entities.

    Example:
        >>> bio_over_tokens([(0, 3), (4, 8), (9, 12)], [(4, 12, "LOC")])
        ['O', 'B-LOC', 'I-LOC']
        >>> bio_over_tokens([(0, 3), (4, 8)], [(5, 8, "ORG")])
        ['O', 'B-ORG']
        >>> bio_over_tokens([(0, 3), (4, 8)], [(5, 8, "ORG")], within=True)
        ['O', 'O']
    """
    tags = ["O"] * len(bounds)
    ents = sorted(entities)
    if not ents:
        return tags
    starts = [ts for ts, _ in bounds]
    ends = [te for _, te in bounds]
    ordered = all(a <= b for a, b in zip(starts, starts[1:])) and all(a <= b for a, b in zip(ends, ends[1:]))
    for s, e, label in ents:
        if not ordered:
            if within:
                idx = [i for i, (ts, te) in enumerate(bounds) if ts >= s and te <= e]
            else:
                idx = [i for i, (ts, te) in enumerate(bounds) if ts < e and te > s]
        elif within:  # tokens in order: the ones inside [s, e) are a run
            idx = list(range(bisect.bisect_left(starts, s), bisect.bisect_right(ends, e)))
        else:
            idx = list(range(bisect.bisect_right(ends, s), bisect.bisect_left(starts, e)))
        if not idx or any(tags[i] != "O" for i in idx):
            continue
        tags[idx[0]] = f"B-{label}"
        for i in idx[1:]:
            tags[i] = f"I-{label}"
    return tags


def spans_from_bio(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(start, end, label)`` of BIO tags (an ``I-`` without its ``B-`` starts a span).

    Example:
        >>> spans_from_bio(["B-PER", "I-PER", "O", "I-LOC"])
        [(0, 2, 'PER'), (3, 4, 'LOC')]
    """
    spans: list[tuple[int, int, str]] = []
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        kind, label = tag.split("-", 1)
        if kind == "I" and spans and spans[-1][1] == i and spans[-1][2] == label:
            spans[-1] = (spans[-1][0], i + 1, label)
        else:
            spans.append((i, i + 1, label))
    return spans


def char_spans_from_bio(tokens: Sequence[Any], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Character spans of the BIO ``tags`` of ``tokens`` (each with ``idx`` and ``text``)."""
    bounds = token_bounds(tokens)
    return [(bounds[s][0], bounds[e - 1][1], label) for s, e, label in spans_from_bio(tags)]


def bio_tags(doc: Any) -> list[str]:
    """BIO entity tag of every token of a spaCy ``Doc`` from ``doc.ents`` (``O`` outside entities)."""
    tags = ["O"] * len(doc)
    for ent in doc.ents:
        tags[ent.start] = f"B-{ent.label_}"
        for i in range(ent.start + 1, ent.end):
            tags[i] = f"I-{ent.label_}"
    return tags
