"""One way to resolve overlapping spans: take them in order of preference, keep each that overlaps none kept.

Every overlap policy of the project is an order on this function: the rules prefer longer spans, then their
family (:func:`dienbien_nlp.rules.engine.longest_then_priority`); document references prefer the earliest,
then the longest; the entity components keep every rule entity before any learned one
(:func:`dienbien_nlp.pipeline.entities.rules_first`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["non_overlapping"]


def non_overlapping(
    items: Iterable[T], *, key: Callable[[T], Any] | None = None, span: Callable[[T], tuple[int, int]]
) -> list[T]:
    """The items, taken in ``key`` order (as given when ``None``), each kept if it is not empty and overlaps none kept.

    Args:
        items: Anything with a character span.
        key: Sort key giving the order of preference (the first wins).
        span: ``(start, end)`` of an item.

    Returns:
        The kept items, in the order they were kept.

    Example:
        >>> spans = [(0, 5), (3, 9), (6, 9), (9, 9)]
        >>> non_overlapping(spans, key=lambda s: -(s[1] - s[0]), span=lambda s: s)
        [(3, 9)]
        >>> non_overlapping(spans, span=lambda s: s)
        [(0, 5), (6, 9)]
    """
    kept: list[T] = []
    bounds: list[tuple[int, int]] = []
    for item in sorted(items, key=key) if key is not None else items:
        s, e = span(item)
        if e <= s or any(s < ke and ks < e for ks, ke in bounds):
            continue
        kept.append(item)
        bounds.append((s, e))
    return kept
