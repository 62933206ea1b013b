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

import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..schema import theme_ids
from . import extensions as _extensions  # noqa: F401
from .sentences import content_sents

#: The model's file name inside a saved pipeline's component folder, by format.
LINEAR_FILE = "themes.linear.zip"
SKOPS_FILE = "themes.skops"


def _saved_name(source: Path) -> str:
    from ..learn.linear import is_linear_file

    return LINEAR_FILE if is_linear_file(source.read_bytes()) else SKOPS_FILE


def _sentence_themes(doc: Doc) -> set[tuple[int, int, str]]:
    return {(s.start_char, s.end_char, t) for s in content_sents(doc) for t in (s._.themes or ())}


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

    @property
    def labels(self) -> tuple[str, ...]:
        """The model's themes (a model trained on another taxonomy has its own), else the schema's."""
        model = self.model
        classes = getattr(model, "classes_", None) if model is not None else None
        return tuple(str(c) for c in classes) if classes is not None else tuple(theme_ids())

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Load the model now rather than on the first document."""
        _ = self.model

    def score(self, examples: Iterable[Any], **kwargs: Any) -> dict[str, Any]:
        """Micro P/R/F1 of (sentence, theme) pairs, the reference's ``sent._.themes`` against the prediction's
        (``None`` when no reference has sentences)."""
        from ..eval.agreement import prf

        tp = n_pred = n_gold = scored = 0
        for eg in examples:
            if not eg.reference.has_annotation("SENT_START"):  # a reference without sentences has no themes
                continue
            scored += 1
            gold = _sentence_themes(eg.reference)
            pred = _sentence_themes(eg.predicted)
            tp += len(gold & pred)
            n_pred += len(pred)
            n_gold += len(gold)
        if not scored:
            return {"themes_micro_p": None, "themes_micro_r": None, "themes_micro_f": None}
        scores = prf(tp, n_pred, n_gold)
        return {
            "themes_micro_p": scores["precision"],
            "themes_micro_r": scores["recall"],
            "themes_micro_f": scores["f1"],
        }

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Copy the model file into ``path``, so that the saved pipeline holds it."""
        from ..learn.model_io import shipped_model_file

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        source = Path(self.model_path) if self.model_path else shipped_model_file()
        if source is not None:
            shutil.copyfile(source, path / _saved_name(source))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ThemeComponent:
        """Use the model saved in ``path`` (none there: sentences get no themes)."""
        saved = [p for name in (LINEAR_FILE, SKOPS_FILE) if (p := Path(path) / name).is_file()]
        self.model_path = str(saved[0]) if saved else ""
        self._model = None
        return self

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

        ids = self.labels
        per_doc = [content_sents(doc) for doc in docs]
        sents = [s for group in per_doc for s in group]
        model = self.model if sents else None
        # each sentence's doc in the batch: the context of the kinds that read the document
        docs_of = [i for i, group in enumerate(per_doc) for _ in group]
        preds = model.predict_themes([segment(s) for s in sents], docs=docs_of) if model is not None else [[] for _ in sents]
        k = 0
        for doc, group in zip(docs, per_doc):
            counts = dict.fromkeys(ids, 0)
            for sent in group:
                themes = preds[k]
                k += 1
                sent._.themes = themes
                sent.sent._.themes = themes  # the same on the doc.sents span, whitespace included
                for t in themes:
                    counts[t] += 1
            doc.cats = {t: (counts[t] / len(group) if group else 0.0) for t in ids}
        return docs


@Language.factory(
    "dienbien_themes",
    assigns=["span._.themes", "doc.cats"],
    requires=["token.is_sent_start"],
    default_config={"model_path": ""},
    default_score_weights={"themes_micro_f": 1.0, "themes_micro_p": 0.0, "themes_micro_r": 0.0},
)
def make_themes(nlp: Language, name: str, model_path: str) -> ThemeComponent:
    """Factory of the theme component."""
    return ThemeComponent(nlp, name, model_path)
