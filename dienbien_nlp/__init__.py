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

_moved.install()

#: Where each public name comes from: imported on first use, so that ``import dienbien_nlp`` (and the command
#: line's ``--help``) loads neither spaCy nor underthesea.
_LAZY = {
    "load": "pipeline.assemble",
    **{name: "api" for name in _TASKS},
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value  # bound once; a submodule of the same name cannot replace it (_Package)
        return value
    if name == "__version__":
        globals()["__version__"] = value = _version()
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dienbien-nlp")
    except PackageNotFoundError:  # running from a source tree
        return "0.0.0"


__all__ = ["load", "tag", "sentences", "tokens", "entities", "themes", "claims", "__version__"]
