"""The ``dienbien_themes`` component: sentence themes from a saved classifier.

Each content sentence gets ``sent._.themes``; the document gets ``doc.cats``,
the share of its sentences carrying each theme. The model (a linear model stored as
arrays + JSON, or a skops file) is loaded once, lazily, by
:func:`dienbien_nlp.learn.model_io.load_model` (the one shipped in the package unless
``model_path`` is given).
``nlp.pipe`` classifies the sentences of a whole batch of documents in one call.

Example:
    >>> import dienbien_nlp
    >>> doc = dienbien_nlp.load()("Tăng trưởng GRDP đạt 8%.")
    >>> sorted(doc.cats)[:1]  # doctest: +SKIP
    ['agriculture_rural']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions as _extensions  # noqa: F401
from .sentences import content_sents
from ..schema import theme_ids


class ThemeComponent:
    """Sets ``sent._.themes`` and ``doc.cats``."""

    def __init__(self, nlp: Language, name: str, model_path: str = "") -> None:
        self.name = name
        self.model_path = model_path
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            from ..learn.model_io import load_model

            self._model = load_model(self.model_path or None)
        return self._model

    def __getstate__(self) -> dict[str, Any]:
        # the loaded model is a native object: reload it lazily after unpickling
        return {**self.__dict__, "_model": None}

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Set themes on a stream of docs; the sentences of ``batch_size`` docs are classified in one call."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._annotate(batch)
                batch = []
        if batch:
            yield from self._annotate(batch)

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        from ..learn.theme_text import segment

        ids = theme_ids()
        per_doc = [content_sents(doc) for doc in docs]
        sents = [s for group in per_doc for s in group]
        model = self.model if sents else None
        preds = model.predict_themes([segment(s) for s in sents]) if model is not None else [[] for _ in sents]
        k = 0
        for doc, group in zip(docs, per_doc):
            counts = dict.fromkeys(ids, 0)
            for sent in group:
                themes = preds[k]
                k += 1
                sent._.themes = themes
                for t in themes:
                    counts[t] += 1
            doc.cats = {t: (counts[t] / len(group) if group else 0.0) for t in ids}
        return docs


@Language.factory(
    "dienbien_themes",
    assigns=["span._.themes", "doc.cats"],
    requires=["token.is_sent_start"],
    default_config={"model_path": ""},
)
def make_themes(nlp: Language, name: str, model_path: str) -> ThemeComponent:
    """Factory of the theme component."""
    return ThemeComponent(nlp, name, model_path)
