"""The ``dienbien_themes`` component: sentence themes from a saved classifier.

Each content sentence gets ``sent._.themes``; the document gets ``doc.cats``,
the share of its sentences carrying each theme. The model is a skops file,
loaded once, lazily (the one shipped in the package unless ``model_path`` is given).

Example:
    >>> import dienbien_nlp
    >>> doc = dienbien_nlp.load()("Tăng trưởng GRDP đạt 8%.")
    >>> sorted(doc.cats)[:1]  # doctest: +SKIP
    ['agriculture_rural']
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions as _extensions  # noqa: F401
from .export.conllu import content_sents
from .schema import theme_ids


class ThemeComponent:
    """Sets ``sent._.themes`` and ``doc.cats``."""

    def __init__(self, nlp: Language, name: str, model_path: str = "") -> None:
        self.name = name
        self.model_path = model_path
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            from .theme_io import load_model

            self._model = load_model(self.model_path or None)
        return self._model

    def __getstate__(self) -> dict[str, Any]:
        # the loaded model is a native object: reload it lazily after unpickling
        return {**self.__dict__, "_model": None}

    def __call__(self, doc: Doc) -> Doc:
        from .themes import segment

        sents = content_sents(doc)
        ids = theme_ids()
        if not sents:
            doc.cats = {t: 0.0 for t in ids}
            return doc
        model = self.model
        preds = model.predict_themes([segment(s) for s in sents]) if model is not None else [[] for _ in sents]
        counts = dict.fromkeys(ids, 0)
        for sent, themes in zip(sents, preds):
            sent._.themes = themes
            for t in themes:
                counts[t] += 1
        doc.cats = {t: counts[t] / len(sents) for t in ids}
        return doc


@Language.factory(
    "dienbien_themes",
    assigns=["span._.themes", "doc.cats"],
    requires=["token.is_sent_start"],
    default_config={"model_path": ""},
)
def make_themes(nlp: Language, name: str, model_path: str) -> ThemeComponent:
    """Factory of the theme component."""
    return ThemeComponent(nlp, name, model_path)
