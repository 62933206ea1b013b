"""The 2025 merger: which 2025 province each pre-2025 province and district became part of.

The table ``resources/gazetteer/merger_2025.tsv`` is written by ``scripts/build_merger.py``
from the installed ``vietnam-provinces`` data (its header names the package and version).
Each row is a pre-2025 province or district with its ``relation`` (``unchanged``,
``merged`` or ``abolished``: every district, since districts were abolished) and the 2025
province it lies in (``new_code``, ``new_name``).

A place entity (``LOC``) of ``dienbien-nlp tag`` carries ``merged_into``: the 2025 province
that its pre-2025 unit was merged into, or ``None`` when the unit is unchanged, is a 2025
unit only, is a commune, or is no administrative unit.

Example:
    >>> successor("62", "province")
    {'code': '51', 'name': 'Quảng Ngãi', 'admin_level': 'province'}
    >>> successor("11", "province") is None   # Điện Biên: unchanged
    True
    >>> merged_into({"admin_level": "district", "code": "103", "era": "pre2025", "province_code": "11"})
    {'code': '11', 'name': 'Điện Biên', 'admin_level': 'province'}
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any

__all__ = ["COLUMNS", "load_merger", "merged_into", "successor"]

#: Columns of ``merger_2025.tsv``.
COLUMNS = (
    "old_code", "old_name", "old_type_word", "admin_level", "old_province_code",
    "relation", "new_code", "new_name", "new_type_word",
)  # fmt: skip

_FILE = "resources/gazetteer/merger_2025.tsv"


@functools.lru_cache(maxsize=1)
def load_merger() -> dict[tuple[str, str], dict[str, str]]:
    """The table as ``(admin_level, old_code) -> row`` (header comment lines skipped)."""
    text = resources.files("dienbien_nlp").joinpath(_FILE).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return {(r["admin_level"], r["old_code"]): r for r in csv.DictReader(lines, delimiter="\t")}


def successor(code: str, admin_level: str) -> dict[str, str] | None:
    """The 2025 province a pre-2025 province or district (by its GSO code) became part of.

    Returns:
        ``{"code", "name", "admin_level"}``, or ``None`` for an unchanged province or an
        unknown code.
    """
    row = load_merger().get((admin_level, code))
    if row is None or row["relation"] == "unchanged":
        return None
    return {"code": row["new_code"], "name": row["new_name"], "admin_level": "province"}


def merged_into(attrs: Mapping[str, Any] | None) -> dict[str, str] | None:
    """``merged_into`` of a place entity from its normalised fields (``ent._.attrs``).

    The pre-2025 code is ``code`` when ``era`` is ``pre2025``, else the ``pre2025``
    entry of ``codes`` (a name that exists in both eras).
    """
    if not attrs or attrs.get("admin_level") not in ("province", "district"):
        return None
    code = attrs.get("code") if attrs.get("era") == "pre2025" else (attrs.get("codes") or {}).get("pre2025")
    return successor(str(code), attrs["admin_level"]) if code else None
