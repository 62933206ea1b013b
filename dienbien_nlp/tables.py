"""The package's data tables: one reader for every TSV file under ``resources/``.

Every table is UTF-8 text with tab-separated fields. Blank lines and lines that start with ``#`` (comments on
the columns, provenance) are skipped. The first remaining line is the header, unless the caller names the
columns of a headerless table. A data file that breaks its own header is a bug in the package, so it raises
``RuntimeError`` naming the file and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

__all__ = ["read_tsv", "resource_text"]


def resource_text(name: str) -> str:
    """The text of ``resources/<name>`` in the installed package."""
    return resources.files("dienbien_nlp").joinpath(f"resources/{name}").read_text("utf-8")


def _read(name: str, columns: tuple[str, ...] | None, header: bool, strict: bool) -> list[dict[str, str]]:
    where = f"dienbien_nlp/resources/{name}"
    names: tuple[str, ...] | None = None if header else columns
    rows: list[dict[str, str]] = []
    for lineno, line in enumerate(resource_text(name).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if names is None:
            names = tuple(fields)
            if columns is not None and names != columns:
                msg = f"{where}: header must be {chr(9).join(columns)!r}"
                raise RuntimeError(msg)
            continue
        if len(fields) > len(names) and not header:
            fields = [*fields[: len(names) - 1], "\t".join(fields[len(names) - 1 :])]
        if len(fields) > len(names) or (strict and len(fields) != len(names)):
            msg = f"{where}: line {lineno} has {len(fields)} fields, expected {len(names)}"
            raise RuntimeError(msg)
        fields += [""] * (len(names) - len(fields))
        rows.append(dict(zip(names, fields, strict=True)))
    return rows


def read_tsv(
    name: str, columns: Sequence[str] | None = None, *, header: bool = True, strict: bool = False
) -> list[dict[str, str]]:
    """The rows of the table ``resources/<name>`` as dicts, fields stripped.

    Args:
        name: Path under ``resources/``, e.g. ``"rules/org_patterns.tsv"``.
        columns: With ``header=True``, the header the file must have; with ``header=False``, the names of the
            columns of a table that has no header row (extra tabs then belong to the last column).
        header: Whether the first non-comment line is the header.
        strict: Every row must have exactly as many fields as the header (otherwise short rows are padded
            with empty strings).

    Example:
        >>> read_tsv("vlsp_upos.tsv", ("tag", "upos", "description"), header=False)[0]["upos"]
        'NOUN'
    """
    cols = tuple(columns) if columns is not None else None
    if not header and cols is None:
        msg = "a table without a header row needs its column names"
        raise ValueError(msg)
    return list(_read(name, cols, header, strict))
