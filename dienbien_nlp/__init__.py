"""dienbien-nlp: an NLP corpus and annotation toolkit for Vietnamese political texts.

Example:
    >>> import dienbien_nlp
    >>> nlp = dienbien_nlp.load()
    >>> [t.text for t in nlp("Tỉnh ủy Điện Biên")]
    ['Tỉnh', 'ủy', 'Điện Biên']
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from . import _moved
from .pipeline import load

_moved.install()

try:
    __version__ = version("dienbien-nlp")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

__all__ = ["load", "__version__"]
