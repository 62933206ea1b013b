"""Regenerate ``dienbien_nlp/resources/tag.schema.json`` (the JSON Schema of ``dienbien-nlp tag`` records).

Run from the repository root after changing ``resources/schema.json``::

    .venv/bin/python scripts/build_tag_schema.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dienbien_nlp.tag_schema import RESOURCE, tag_json_schema  # noqa: E402
from dienbien_nlp.textio import atomic_write_text  # noqa: E402


def main() -> None:
    """Write the JSON Schema of tag's records into the package's resources."""
    out = ROOT / "dienbien_nlp" / RESOURCE
    atomic_write_text(out, json.dumps(tag_json_schema(), ensure_ascii=False, indent=2) + "\n")
    typer.echo(f"wrote {out}")


if __name__ == "__main__":
    typer.run(main)
