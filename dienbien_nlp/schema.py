"""The schema: entity labels and policy themes, defined once as data (``resources/schema.json``).

Every part reads it: recognizers, exporters (ClassLabel names), the Label
Studio config, the dataset card and the report.

Example:
    >>> from dienbien_nlp.schema import entity_labels, theme_ids, cap_of
    >>> entity_labels()
    ('PER', 'LOC', 'ORG', 'RESOLUTION', 'PROJECT', 'EVENT')
    >>> cap_of("economy")
    (1, 'Macroeconomics')
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any


@functools.lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The parsed schema file."""
    return json.loads(resources.files("dienbien_nlp").joinpath("resources/schema.json").read_text("utf-8"))


def entity_labels() -> tuple[str, ...]:
    """Entity label ids in schema order."""
    return tuple(lab["id"] for lab in load_schema()["entities"]["labels"])


def entity_label(label: str) -> dict[str, Any]:
    """The schema entry of one entity label."""
    return next(lab for lab in load_schema()["entities"]["labels"] if lab["id"] == label)


def themes() -> list[dict[str, Any]]:
    """Theme entries in schema order."""
    return list(load_schema()["themes"])


def theme_ids() -> tuple[str, ...]:
    """Theme ids in schema order."""
    return tuple(t["id"] for t in load_schema()["themes"])


def cap_of(theme: str) -> tuple[int | None, str]:
    """The CAP major topic ``(code, name)`` of a theme (``(None, 'Other')`` for none)."""
    t = next(t for t in load_schema()["themes"] if t["id"] == theme)
    return t["cap_code"], t["cap_name"]


def cap_topic_names() -> tuple[str, ...]:
    """Distinct CAP topic names used by the themes, ordered by code (``Other`` last)."""
    seen: dict[str, int] = {}
    for t in load_schema()["themes"]:
        seen.setdefault(t["cap_name"], t["cap_code"] if t["cap_code"] is not None else 999)
    return tuple(sorted(seen, key=lambda n: seen[n]))


def bio_labels() -> tuple[str, ...]:
    """BIO tag names over the entity labels: ``O``, ``B-PER``, ``I-PER``, …"""
    out = ["O"]
    for lab in entity_labels():
        out += [f"B-{lab}", f"I-{lab}"]
    return tuple(out)
