"""Components that take their stream a batch at a time.

``nlp.pipe`` chains the components as generators: a component that handles one
``Doc`` at a time pulls the next one through every component before it, so each
document passes through the tokenizer, the sentence splitter, the rules, the CRF,
… before the next document starts. Each stage works on different tables and
models, and switching between them for every document keeps the processor's
caches cold (``scripts/bench_speed.py`` measures the whole run). A component with
:class:`BatchedPipe` takes ``batch_size`` documents from the stage before it,
handles them all, then passes them on; since every component does so, each stage
runs over a whole batch in a row. Each document is handled exactly as on its own:
the output is the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch


class BatchedPipe:
    """``pipe`` for a component whose ``__call__`` handles one ``Doc``: a batch in, the same batch out."""

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - every user defines it
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """The documents of ``docs``, each processed by ``__call__``, ``batch_size`` at a time."""
        for batch in minibatch(docs, size=batch_size):
            yield from [self(doc) for doc in batch]
