"""Fast ``Doc`` serialisation: srsly's msgpack hooks looked up once instead of on every call.

``Doc.to_bytes`` and ``Doc.from_bytes`` pack and unpack with srsly's msgpack, and srsly's ``Packer`` and
``unpackb`` ask the catalogue registries ``msgpack_encoders`` and ``msgpack_decoders`` for all their functions on
every call. ``Registry.get_all`` reads the entry points of every installed distribution and scans every entry of
catalogue's global registry (where all of spaCy's functions are) each time: about 1 ms a call, several calls per
``Doc``. That was nine tenths of the time of moving a tagged ``Doc`` between processes (``nlp.pipe`` with
``n_process``), and about 40 % of the work of the pipeline itself.

:func:`install` puts a memo in front of the two registries (in ``srsly.msgpack``, where ``Packer`` and
``unpackb`` look them up). It returns exactly what ``get_all`` returns, and looks again whenever the catalogue
registry has changed since (an entry added, removed or replaced); only the installed distributions' entry points
are taken as fixed for the life of the process. The bytes are the same.

Example:
    >>> from dienbien_nlp.pipeline.serialization import install
    >>> install()
    >>> import srsly.msgpack
    >>> type(srsly.msgpack.msgpack_encoders).__name__
    'MemoRegistry'
"""

from __future__ import annotations

from typing import Any


class MemoRegistry:
    """A catalogue ``Registry`` whose ``get_all`` is remembered until catalogue's registry changes."""

    def __init__(self, registry: Any) -> None:
        self.registry = registry
        self._memo: dict[str, Any] | None = None
        self._size = -1

    def __getattr__(self, name: str) -> Any:  # register, get, namespace, ... of the wrapped registry
        return getattr(self.registry, name)

    def _fresh(self) -> bool:
        import catalogue

        if self._memo is None or len(catalogue.REGISTRY) != self._size:
            return False
        ns = tuple(self.registry.namespace)
        own = {k[-1] for k in self._keys}
        # an entry of this namespace replaced since: look again
        return all(catalogue.REGISTRY.get((*ns, name)) is self._memo.get(name) for name in own)

    def get_all(self) -> dict[str, Any]:
        import catalogue

        if not self._fresh():
            self._memo = self.registry.get_all()
            self._size = len(catalogue.REGISTRY)
            ns = tuple(self.registry.namespace)
            self._keys = [k for k in catalogue.REGISTRY if len(k) == len(ns) + 1 and k[: len(ns)] == ns]
        return dict(self._memo)


def install() -> None:
    """Put a :class:`MemoRegistry` in front of srsly's msgpack encoders and decoders (once)."""
    import srsly.msgpack as sm

    for name in ("msgpack_encoders", "msgpack_decoders"):
        current = getattr(sm, name)
        if not isinstance(current, MemoRegistry):
            setattr(sm, name, MemoRegistry(current))
