"""The normalised entity fields as table columns: their ``datasets`` type and value, one place for every exporter.

The field names come from the schema (``resources/schema.json``); the JSON types
from :data:`dienbien_nlp.tag_schema.FIELD_TYPES`. A list field is a list of
strings, ``codes`` and ``merged_into`` are structs, every other field a string.

Example:
    >>> field_value("codes", {"pre2025": "10", "2025": "15"})
    {'pre2025': '10', '2025': '15'}
    >>> with_merger("LOC", {"admin_level": "province", "code": "62", "era": "pre2025"})["merged_into"]["name"]
    'Quảng Ngãi'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["STRUCT_FIELDS", "field_feature", "field_value", "with_merger"]

#: Struct fields and their keys (every key a string or null).
STRUCT_FIELDS: dict[str, tuple[str, ...]] = {
    "codes": ("pre2025", "2025"),
    "merged_into": ("code", "name", "admin_level"),
}


def _list_fields() -> frozenset[str]:
    from .rows import LIST_FIELDS

    return LIST_FIELDS


def field_feature(name: str) -> Any:
    """The ``datasets`` feature of a normalised field."""
    from datasets import List, Value

    if name in _list_fields():
        return List(Value("string"))
    if name in STRUCT_FIELDS:
        return {key: Value("string") for key in STRUCT_FIELDS[name]}
    return Value("string")


def field_value(name: str, value: Any) -> Any:
    """A field's value as its column holds it (``None`` stays ``None``)."""
    if value is None:
        return None
    if name in _list_fields():
        return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
    if name in STRUCT_FIELDS:
        got = value if isinstance(value, Mapping) else {}
        return {key: None if got.get(key) is None else str(got[key]) for key in STRUCT_FIELDS[name]}
    return str(value)


def with_merger(label: str, attrs: Mapping[str, Any] | None) -> dict[str, Any]:
    """``attrs`` with ``merged_into`` added for a ``LOC`` (:func:`dienbien_nlp.rules.merger.merged_into`)."""
    out = dict(attrs or {})
    if label == "LOC":
        from ..rules.merger import merged_into

        out["merged_into"] = merged_into(out)
    return out
