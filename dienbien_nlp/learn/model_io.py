"""Saving and loading theme models with skops (never pickle).

Loading refuses any type outside the project's allow-list with a clear error,
so a tampered or foreign file cannot run code.

Example:
    >>> from dienbien_nlp.learn.model_io import load_model
    >>> model = load_model()  # the model shipped in the package  # doctest: +SKIP
"""

from __future__ import annotations

import json
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DienbienError, Errors
from ..textio import atomic_write_bytes

SHIPPED_MODEL = "resources/models/themes.skops"
#: The same model as arrays + JSON (loaded first: no scikit-learn needed to predict).
SHIPPED_LINEAR_MODEL = "resources/models/themes.linear.zip"

#: The exact types beyond skops' own defaults that the project's theme models contain (every
#: ``themes train --kind``). A file naming any other type is refused before anything in it is built:
#: a name that merely starts with ``sklearn.`` is not trusted, since such a name can point at any
#: function of the library (one of sklearn's test helpers runs arbitrary Python source).
TRUSTED_TYPES = (
    "dienbien_nlp.learn.themes.ThemeClassifier",
    "dienbien_nlp.learn.themes.LexiconThemes",
    "dienbien_nlp.learn.themes.LexiconFeatures",
    "dienbien_nlp.learn.themes.word_tokens",
    "dienbien_nlp.learn.themes.desegment",
    "dienbien_nlp.learn.theme_text.word_tokens",
    "dienbien_nlp.learn.theme_text.desegment",
    # the same types under the paths that model files written before the move into subpackages name
    "dienbien_nlp.themes.ThemeClassifier",
    "dienbien_nlp.themes.LexiconThemes",
    "dienbien_nlp.themes.LexiconFeatures",
    "dienbien_nlp.themes.word_tokens",
    "dienbien_nlp.themes.desegment",
    "dienbien_nlp.theme_text.word_tokens",
    "dienbien_nlp.theme_text.desegment",
)


def _renumber(schema: Any) -> tuple[Any, dict[str, str]]:
    """skops' schema with every ``__id__`` (and the file named after it) numbered 0, 1, 2 … in order."""
    ids: dict[str, str] = {}

    def new(old: Any) -> str:
        return ids.setdefault(str(old), str(len(ids)))

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "__id__":
                    out[key] = int(new(value))
                elif key == "file" and isinstance(value, str) and value.partition(".")[0].isdigit():
                    stem, dot, ext = value.partition(".")
                    out[key] = f"{new(stem)}{dot}{ext}"
                else:
                    out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(x) for x in node]
        return node

    return walk(schema), ids


def save_model(model: Any, path: str | Path) -> Path:
    """Write ``model`` with skops, atomically."""
    import io
    from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

    import skops.io as sio

    buf = io.BytesIO()
    sio.dump(model, buf, compression=ZIP_DEFLATED, compresslevel=9)
    # The same model gives the same bytes: skops names objects by their memory address,
    # so the addresses are renumbered in order of appearance, and zip entries get a fixed time.
    out = io.BytesIO()
    with ZipFile(buf) as src, ZipFile(out, "w") as dst:
        schema, ids = _renumber(json.loads(src.read("schema.json")))
        files = {"schema.json": json.dumps(schema, separators=(",", ":")).encode("utf-8")}
        for name in src.namelist():
            stem, dot, ext = name.partition(".")
            if name != "schema.json":
                files[f"{ids.get(stem, stem)}{dot}{ext}"] = src.read(name)
        for name in sorted(files):
            fixed = ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, files[name], compresslevel=9)
    p = Path(path)
    atomic_write_bytes(p, out.getvalue())
    return p


def shipped_model_file() -> Path | None:
    """The theme model file shipped in the package (arrays + JSON first, else skops); ``None`` if none is."""
    for name in (SHIPPED_LINEAR_MODEL, SHIPPED_MODEL):
        ref = resources.files("dienbien_nlp").joinpath(name)
        if ref.is_file():
            return Path(str(ref))
    return None


def load_model(path: str | Path | None = None) -> Any:
    """Load a theme model; ``None`` when ``path`` is ``None`` and no model is shipped.

    A linear model stored as arrays + JSON (:mod:`dienbien_nlp.learn.linear`, the shipped
    model's format) is read without scikit-learn or skops. Any other file is a skops file:
    its types are read with ``skops.io.get_untrusted_types`` first; any type
    that is neither a skops default nor in :data:`TRUSTED_TYPES` stops the load
    before a single object is built.

    Raises:
        DienbienError: E030 if the file holds types outside the allow-list,
            E031 if it is not a skops theme model, E064 if a linear model file is not exactly that format.
    """
    if path is None:
        ref = shipped_model_file()
        if ref is None:
            return None
        data = ref.read_bytes()
        where: str | Path = f"<package>/{SHIPPED_LINEAR_MODEL if ref.name.endswith('.zip') else SHIPPED_MODEL}"
    else:
        p = Path(path)
        if not p.is_file():
            raise DienbienError(Errors.E001.format(path=p))
        data = p.read_bytes()
        where = p
    from .linear import is_linear_file, load_linear

    if is_linear_file(data):
        return load_linear(data, where)
    import skops.io as sio

    try:
        untrusted = sio.get_untrusted_types(data=data)
    except Exception as err:  # skops raises several types for non-skops data
        raise DienbienError(Errors.E031.format(path=where, detail=f"{type(err).__name__}: {err}")) from None
    bad = sorted(t for t in untrusted if t not in TRUSTED_TYPES)
    if bad:
        raise DienbienError(Errors.E030.format(path=where, types=", ".join(bad)))
    try:
        with warnings.catch_warnings():  # a file written before the move names the old module paths
            warnings.filterwarnings("ignore", "dienbien_nlp.* moved to", DeprecationWarning)
            model = sio.loads(data, trusted=[t for t in untrusted if t in TRUSTED_TYPES])
    except Exception as err:
        raise DienbienError(Errors.E031.format(path=where, detail=f"{type(err).__name__}: {err}")) from None
    if not hasattr(model, "predict_themes"):
        raise DienbienError(Errors.E031.format(path=where, detail=f"holds a {type(model).__name__}, not a theme classifier"))
    return model
