"""Regenerate ``dienbien_nlp/resources/gazetteer/merger_2025.tsv``: the successor of every pre-2025 province and district.

On 1 July 2025 the 63 provinces were merged into 34 and districts were abolished. The
table gives each pre-2025 province and district the 2025 province it became part of,
with that province's code and name. It is derived from data, never typed by hand:

* the 2025 units come from the installed ``vietnam-provinces`` package
  (``vietnam_provinces/data/nested-divisions.json``: 34 provinces and their communes/wards);
* the pre-2025 units come from the gazetteer's era ``pre2025`` rows
  (``resources/gazetteer/admin_units.tsv``, from ``vietnam-provinces`` 0.6.0, see ``PROVENANCE.md``).

A 2025 commune or ward keeps the GSO code of one of the communes merged into it, so each
2025 commune whose code is a pre-2025 commune code links that old commune (and so its old
district and province) to its new province. A province's successor is the one new province
all such links of its communes agree on (the script stops if they disagree); a district's
successor is its province's (a district lay inside one province, and provinces merged whole;
the links of its own communes are checked to agree where there are any).

``relation``: ``unchanged`` (a province that kept its code and took in no other), ``merged``
(a province that was merged into, or took in, another), ``abolished`` (every district).

Run from the repository root::

    .venv/bin/python scripts/build_merger.py
"""

from __future__ import annotations

import csv
import importlib.metadata
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Annotated

import typer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dienbien_nlp.rules.gazetteer import split_type_word  # noqa: E402
from dienbien_nlp.rules.merger import COLUMNS  # noqa: E402
from dienbien_nlp.textio import atomic_write_text  # noqa: E402

PACKAGE = "vietnam-provinces"
GAZ = ROOT / "dienbien_nlp" / "resources" / "gazetteer"


def main(
    out: Annotated[Path, typer.Option(help="The table to write.")] = GAZ / "merger_2025.tsv",
    admin_units: Annotated[Path, typer.Option(help="The gazetteer's units of both eras.")] = GAZ / "admin_units.tsv",
) -> None:
    """Write the merger table from the installed vietnam-provinces data and the pre-2025 gazetteer."""
    import vietnam_provinces

    with admin_units.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    pre = {r["code"]: r for r in rows if r["era"] == "pre2025"}
    provinces = [r for r in rows if r["era"] == "pre2025" and r["admin_level"] == "province"]
    districts = [r for r in rows if r["era"] == "pre2025" and r["admin_level"] == "district"]

    new = json.loads(Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    new_prov: dict[str, tuple[str, str]] = {}
    by_province: dict[str, Counter[str]] = defaultdict(Counter)
    by_district: dict[str, Counter[str]] = defaultdict(Counter)
    for p in new:
        code = f"{p['code']:02d}"
        tw, name = split_type_word(p["name"])
        new_prov[code] = (name, tw or p["division_type"])
        for w in p["wards"]:
            old = pre.get(f"{w['code']:05d}")
            if old is not None and old["admin_level"] == "commune":
                by_province[old["province_code"]][code] += 1
                by_district[old["parent_code"]][code] += 1

    successor: dict[str, str] = {}
    for r in provinces:
        votes = by_province.get(r["code"])
        if not votes or len(votes) != 1:
            raise typer.BadParameter(f"province {r['code']} {r['name']}: communes link to {dict(votes or {})}")
        successor[r["code"]] = next(iter(votes))
    members = Counter(successor.values())
    for r in districts:
        votes = by_district.get(r["code"])
        if votes and set(votes) != {successor[r["province_code"]]}:
            raise typer.BadParameter(f"district {r['code']} {r['name']}: communes link to {dict(votes)}")

    def line(r: dict[str, str], relation: str) -> list[str]:
        code = successor[r["province_code"]]
        name, tw = new_prov[code]
        return [r["code"], r["name"], r["type_word"], r["admin_level"], r["province_code"], relation, code, name, tw]

    body = []
    for r in provinces:
        code = successor[r["code"]]
        body.append(line(r, "unchanged" if code == r["code"] and members[code] == 1 else "merged"))
    body += [line(r, "abolished") for r in districts]

    version = importlib.metadata.version(PACKAGE)
    header = [
        "# Successors of the pre-2025 provinces and districts (1 July 2025 reorganisation).",
        "# Written by scripts/build_merger.py; do not edit by hand, run the script again.",
        f"# 2025 units: {PACKAGE} {version} (PyPI), vietnam_provinces/data/nested-divisions.json, "
        f"data of {getattr(vietnam_provinces, '__data_version__', 'unknown')}; upstream: General Statistics Office of Viet Nam.",
        "# pre-2025 units: resources/gazetteer/admin_units.tsv era pre2025 (vietnam-provinces 0.6.0, see PROVENANCE.md).",
        "# Method: a 2025 commune keeps the code of one commune merged into it; those links give each old province's new province.",
        f"# Rows: {len(provinces)} provinces, {len(districts)} districts.",
    ]
    text = "\n".join(header) + "\n" + "\t".join(COLUMNS) + "\n" + "".join("\t".join(b) + "\n" for b in body)
    atomic_write_text(out, text)
    typer.echo(f"wrote {out} ({len(body)} rows)")


if __name__ == "__main__":
    typer.run(main)
