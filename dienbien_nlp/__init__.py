"""dienbien-nlp: an NLP corpus and annotation toolkit for Vietnamese political texts.

One function per task (:mod:`dienbien_nlp.api`): :func:`tag`, :func:`sentences`,
:func:`tokens`, :func:`entities`, :func:`themes`, :func:`claims`; and :func:`load`
for the spaCy pipeline itself.

Example:
    >>> import dienbien_nlp
    >>> nlp = dienbien_nlp.load()
    >>> [t.text for t in nlp("Tỉnh ủy Điện Biên")]
    ['Tỉnh', 'ủy', 'Điện Biên']
"""

from __future__ import annotations

import sys
import types
from importlib.metadata import PackageNotFoundError, version
from typing import Any

#: The task functions. Modules of the same names stay importable by their full name: the ``claims`` stage
#: (``from dienbien_nlp.claims import extract_claims``) and the old paths of moved modules (``themes``,
#: ``entities``, ``sentences``; see :mod:`dienbien_nlp._moved`).
_TASKS = frozenset({"tag", "sentences", "tokens", "entities", "themes", "claims"})


class _Package(types.ModuleType):
    """Keeps the task functions as the package's attributes when a submodule of the same name is imported."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _TASKS and isinstance(value, types.ModuleType):
            return  # the import system binds a submodule here; it stays in sys.modules
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

from . import _moved  # noqa: E402
from .api import claims, entities, sentences, tag, themes, tokens  # noqa: E402
from .pipeline import load  # noqa: E402

_moved.install()

try:
    __version__ = version("dienbien-nlp")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

__all__ = ["load", "tag", "sentences", "tokens", "entities", "themes", "claims", "__version__"]
