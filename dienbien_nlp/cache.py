"""A cache on disk for tables that take long to build from package data and are the same on every start.

:func:`cached` returns ``build()``; it keeps the result as a pickle under the user's cache folder, named by a
sha256 of everything the result can depend on: the package's code and resources (every file of the package,
models included), the package version and the Python version. A changed rule, table or line of code gives
another name, so a stale table is never read; a file that cannot be read (truncated, foreign, another pickle
protocol) is built again and replaced. Writing is atomic (a temporary file renamed), and a folder that cannot
be written only means no cache.

The folder is ``$DIENBIEN_CACHE``, else ``$XDG_CACHE_HOME/dienbien-nlp``, else ``~/.cache/dienbien-nlp``;
``DIENBIEN_CACHE=off`` turns the cache off. Only the newest :data:`KEEP` files of each name are kept.

Example:
    >>> from dienbien_nlp.cache import cached
    >>> cached("example", lambda: {"a": 1}, folder=None)  # folder=None: no cache, just build
    {'a': 1}
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: Files kept per name (one per version of the code that made them).
KEEP = 4

_DEFAULT = object()


def cache_folder() -> Path | None:
    """The cache folder (see the module docstring), or ``None`` when the cache is off."""
    env = os.environ.get("DIENBIEN_CACHE")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "no", "false") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dienbien-nlp"


@functools.lru_cache(maxsize=1)
def code_sha256() -> str:
    """sha256 of the package's files (code and resources), its version and the Python version."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{sys.version}\0{pickle.HIGHEST_PROTOCOL}\0".encode())
    for f in sorted(root.rglob("*"), key=lambda p: p.relative_to(root).as_posix()):
        if "__pycache__" in f.parts or f.suffix in (".pyc", ".pyo") or not f.is_file():
            continue
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


class _Unpickler(pickle.Unpickler):
    def __init__(self, fh: Any, shared: dict[str, Callable[[], Any]]) -> None:
        super().__init__(fh)
        self.shared = shared

    def persistent_load(self, pid: Any) -> Any:
        if not isinstance(pid, str) or pid not in self.shared:
            raise pickle.UnpicklingError(f"unknown shared object {pid!r}")
        return self.shared[pid]()


class _Pickler(pickle.Pickler):
    def __init__(self, fh: Any, shared: dict[str, Callable[[], Any]]) -> None:
        super().__init__(fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.ids = {id(get()): key for key, get in shared.items()}

    def persistent_id(self, obj: Any) -> str | None:
        return self.ids.get(id(obj))


def _load(path: Path, shared: dict[str, Callable[[], Any]]) -> Any:
    data = path.read_bytes()
    enabled = gc.isenabled()
    gc.disable()  # unpickling many small objects triggers collections that find nothing to free
    try:
        import io

        return _Unpickler(io.BytesIO(data), shared).load()
    finally:
        if enabled:
            gc.enable()


def _store(folder: Path, name: str, path: Path, value: Any, shared: dict[str, Callable[[], Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            _Pickler(fh, shared).dump(value)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    others = [p for p in folder.glob(f"{name}-*.pickle") if p != path]
    for p in sorted(others, key=lambda p: p.stat().st_mtime, reverse=True)[KEEP - 1 :]:
        p.unlink(missing_ok=True)


def cached(
    name: str, build: Callable[[], T], *, shared: dict[str, Callable[[], Any]] | None = None, folder: Any = _DEFAULT
) -> T:
    """``build()``, read from the cache when a file made by the same code is there, else built and stored.

    Args:
        name: The kind of table (a file name part: letters, digits, ``_``).
        build: Builds the value; it must depend only on the package's files, and pickle.
        shared: Objects the value refers to that are not stored with it but got again on reading, by a
            function that returns the very object the value was built with (``{"gazetteer": load_gazetteer}``):
            the value read back refers to the same object as the rest of the process, not to a copy.
        folder: The cache folder (default :func:`cache_folder`; ``None``: no cache).
    """
    folder = cache_folder() if folder is _DEFAULT else folder
    shared = shared or {}
    if folder is None:
        return build()
    path = Path(folder) / f"{name}-{code_sha256()[:32]}.pickle"
    try:
        return _load(path, shared)
    except Exception:  # noqa: BLE001  (missing, truncated or unreadable: build it again)
        pass
    value = build()
    try:
        _store(Path(folder), name, path, value, shared)
    except OSError:
        pass  # a read-only or full disk: no cache
    return value
