"""Saving and loading theme models with skops (never pickle).

Loading refuses any type outside the project's allow-list with a clear error,
so a tampered or foreign file cannot run code.

Example:
    >>> from dienbien_nlp.theme_io import load_model
    >>> model = load_model()  # the model shipped in the package  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DienbienError, Errors
from .textio import atomic_write_bytes

SHIPPED_MODEL = "resources/models/themes.skops"

#: Types the project's own models contain, beyond skops' defaults.
TRUSTED_TYPES = (
    "dienbien_nlp.themes.ThemeClassifier",
    "dienbien_nlp.themes.LexiconThemes",
    "dienbien_nlp.themes.LexiconFeatures",
    "dienbien_nlp.themes.word_tokens",
    "dienbien_nlp.themes.desegment",
    "re.Pattern",
    "re.compile",
    "builtins.getattr",
    "numpy.dtype",
    "collections.OrderedDict",
    "collections.defaultdict",
    "builtins.int",
    "builtins.float",
    "builtins.str",
    "builtins.bool",
    "builtins.dict",
    "builtins.list",
    "builtins.tuple",
    "builtins.NoneType",
    "builtins.type",
    "builtins.slice",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "scipy.sparse._csr.csr_array",
)


def save_model(model: Any, path: str | Path) -> Path:
    """Write ``model`` with skops, atomically."""
    import io
    from zipfile import ZIP_DEFLATED

    import skops.io as sio

    buf = io.BytesIO()
    sio.dump(model, buf, compression=ZIP_DEFLATED, compresslevel=9)
    p = Path(path)
    atomic_write_bytes(p, buf.getvalue())
    return p


def load_model(path: str | Path | None = None, *, trust: bool = False) -> Any:
    """Load a theme model; ``None`` when ``path`` is ``None`` and no model is shipped.

    Raises:
        DienbienError: E030 if the file holds types outside the allow-list
            (unless ``trust``), E031 if it is not a skops theme model.
    """
    import skops.io as sio

    if path is None:
        ref = resources.files("dienbien_nlp").joinpath(SHIPPED_MODEL)
        if not ref.is_file():
            return None
        data = ref.read_bytes()
        where: str | Path = f"<package>/{SHIPPED_MODEL}"
    else:
        p = Path(path)
        if not p.is_file():
            raise DienbienError(Errors.E001.format(path=p))
        data = p.read_bytes()
        where = p
    try:
        untrusted = sio.get_untrusted_types(data=data)
    except Exception as err:  # skops raises several types for non-skops data
        raise DienbienError(Errors.E031.format(path=where, detail=f"{type(err).__name__}: {err}")) from None
    allowed = set(TRUSTED_TYPES)
    bad = [t for t in untrusted if t not in allowed and not t.startswith("sklearn.")]
    if bad and not trust:
        raise DienbienError(Errors.E030.format(path=where, types=bad))
    try:
        model = sio.loads(data, trusted=list(untrusted))
    except Exception as err:
        raise DienbienError(Errors.E031.format(path=where, detail=f"{type(err).__name__}: {err}")) from None
    if not hasattr(model, "predict_themes"):
        raise DienbienError(Errors.E031.format(path=where, detail=f"holds a {type(model).__name__}, not a theme classifier"))
    return model
