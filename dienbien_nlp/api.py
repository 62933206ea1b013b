"""One function per task, like underthesea's: ``tag``, ``sentences``, ``tokens``, ``entities``, ``themes``, ``claims``.

Each takes a text and returns plain JSON-ready records with offsets into that
text (Python ``str`` indices), exactly those ``dienbien-nlp tag`` writes for the
same text: :func:`tag` returns its records, the others the parts of them.
The pipeline is loaded once, on first use, and each function runs only the
components its task needs.

Example:
    >>> import dienbien_nlp
    >>> [s["text"] for s in dienbien_nlp.sentences("Xin chào. Tạm biệt.")]
    ['Xin chào.', 'Tạm biệt.']
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from spacy.language import Language

__all__ = ["claims", "entities", "sentences", "tag", "themes", "tokens"]

#: The ``doc`` of :func:`tag`'s records unless given (``dienbien-nlp tag -`` uses ``stdin``).
DEFAULT_DOC_ID = "text"

# the components each task runs (a claim's place is an entity, so claims need the entity components)
_ENTITY_PIPES = ("dienbien_entity_rules", "dienbien_entity_crf")
_KEEP: dict[str, tuple[str, ...]] = {
    "sentences": ("dienbien_sentences",),
    "entities": ("dienbien_sentences", *_ENTITY_PIPES),
    "themes": ("dienbien_sentences", "dienbien_themes"),
    "claims": ("dienbien_sentences", *_ENTITY_PIPES, "dienbien_claims"),
}


@functools.lru_cache(maxsize=4)
def _pipeline(entity_model: str = "", theme_model: str = "") -> Language:
    """The full pipeline, loaded once per pair of model files (the seam tests can replace)."""
    from .tagging import load_for_tagging

    return load_for_tagging(entity_model=entity_model or None, theme_model=theme_model or None)


def _check(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"expected a str, got {type(text).__name__}")
    return text


def _records(
    text: str,
    keep: tuple[str, ...] | None,
    *,
    tokens: bool = False,
    entity_model: str | Path | None = None,
    theme_model: str | Path | None = None,
) -> list[dict[str, Any]]:
    """Sentence records of ``text``, tagged in chunks of whole lines as ``dienbien-nlp tag`` does."""
    from .tagging import chunk_lines, record_parts, sentence_records

    nlp = _pipeline(str(entity_model or ""), str(theme_model or ""))
    disable = [] if keep is None else [n for n in nlp.pipe_names if n not in keep]
    out: list[dict[str, Any]] = []
    with nlp.select_pipes(disable=disable):
        parts = record_parts(nlp)
        pieces = list(chunk_lines(_check(text).splitlines(keepends=True)))
        for (offset, _), doc in zip(pieces, nlp.pipe(piece for _, piece in pieces), strict=True):
            out += sentence_records(doc, offset, **parts, tokens=tokens)
    return out


def tag(
    text: str,
    *,
    doc_id: str = DEFAULT_DOC_ID,
    tokens: bool = False,
    entities: bool = True,
    themes: bool = True,
    claims: bool = True,
    entity_model: str | Path | None = None,
    theme_model: str | Path | None = None,
) -> list[dict[str, Any]]:
    """Tag a text: one record per sentence, the records of ``dienbien-nlp tag``.

    Args:
        text: Any Vietnamese text; each line break is a hard boundary.
        doc_id: The ``doc`` of every record.
        tokens: Add ``tokens`` (``--tokens``).
        entities: Run the entity components (``--no-entities`` is ``False``; no claims then either).
        themes: Run the theme classifier (``--no-themes``).
        claims: Run the claim extractor (``--no-claims``).
        entity_model: A crfsuite model file instead of the shipped one (``--entity-model``).
        theme_model: A theme model file instead of the shipped one (``--theme-model``).

    Returns:
        ``[{"doc", "start", "end", "text", "themes", "entities", "claims"}]``, fields as in
        ``resources/tag.schema.json``; a component switched off leaves its field out.

    Example:
        >>> [(r["doc"], r["text"], [e["text"] for e in r["entities"]]) for r in tag("Tỉnh ủy Điện Biên họp.")]
        [('text', 'Tỉnh ủy Điện Biên họp.', ['Tỉnh ủy Điện Biên'])]
    """
    keep = ("dienbien_sentences",)
    keep += _ENTITY_PIPES if entities else ()
    keep += ("dienbien_themes",) if themes else ()
    keep += ("dienbien_claims",) if claims and entities else ()
    recs = _records(text, keep, tokens=tokens, entity_model=entity_model, theme_model=theme_model)
    return [{"doc": doc_id, **r} for r in recs]


def sentences(text: str) -> list[dict[str, Any]]:
    """The sentences of a text: ``[{"start", "end", "text"}]`` (no sentence crosses a line break).

    Example:
        >>> sentences("Xin chào.\\nTạm biệt.")
        [{'start': 0, 'end': 9, 'text': 'Xin chào.'}, {'start': 10, 'end': 19, 'text': 'Tạm biệt.'}]
    """
    return _records(text, _KEEP["sentences"])


def tokens(text: str) -> list[dict[str, Any]]:
    """The words of a text (underthesea's segmentation): ``[{"start", "end", "text", "tag", "upos"}]``.

    ``tag`` is the VLSP POS tag, ``upos`` its UD UPOS; whitespace is left out.

    Example:
        >>> [(t["text"], t["tag"], t["upos"]) for t in tokens("Tỉnh ủy Điện Biên họp.")]
        [('Tỉnh', 'N', 'NOUN'), ('ủy', 'N', 'NOUN'), ('Điện Biên', 'Np', 'PROPN'), ('họp', 'V', 'VERB'), ('.', 'CH', 'PUNCT')]
    """
    return [t for r in _records(text, _KEEP["sentences"], tokens=True) for t in r["tokens"]]


def entities(text: str, *, entity_model: str | Path | None = None) -> list[dict[str, Any]]:
    """The named entities of a text: ``[{"start", "end", "label", "text", "attrs"}]``.

    ``attrs`` holds the normalised fields (``resources/schema.json``): a ``LOC`` has
    ``admin_level``, unit codes and ``merged_into``; a ``RESOLUTION`` its number,
    symbol, issuer and date.

    Example:
        >>> [(e["text"], e["label"], e["attrs"]["merged_into"]) for e in entities("Kinh tế tỉnh Kon Tum tăng trưởng.")]
        [('Kon Tum', 'LOC', {'code': '51', 'name': 'Quảng Ngãi', 'admin_level': 'province'})]
    """
    return [e for r in _records(text, _KEEP["entities"], entity_model=entity_model) for e in r["entities"]]


def themes(text: str, *, theme_model: str | Path | None = None) -> list[dict[str, Any]]:
    """The policy themes of each sentence: ``[{"start", "end", "text", "themes"}]`` (theme ids of the schema).

    The records of ``dienbien-nlp themes predict`` (without ``doc``).

    Example:
        >>> themes("Tỉnh đã xây dựng nhiều trường học và đào tạo giáo viên.")[0]["themes"]
        ['education_workforce']
    """
    return _records(text, _KEEP["themes"], theme_model=theme_model)


def claims(text: str) -> list[dict[str, Any]]:
    """The indicator claims of a text: ``[{"value", "number", "qualifier", "unit", "unit_norm", "indicator", "kind", "time", "base_time", "place"}]``.

    Spans (``value``, ``unit``, ``indicator``, ``place``) are ``{"start", "end", "text"}`` or ``None``.

    Example:
        >>> [(c["value"]["text"], c["number"], c["unit_norm"], c["kind"], c["time"]) for c in claims("Năm 2021, tỉnh trồng mới 1.200 ha rừng.")]
        [('1.200', 1200.0, 'hectare', 'achieved', '2021')]
    """
    return [c for r in _records(text, _KEEP["claims"]) for c in r["claims"]]
