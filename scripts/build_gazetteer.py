"""Regenerate ``dienbien_nlp/resources/gazetteer/admin_units.tsv`` and ``PROVENANCE.md``.

Sources (both from the maintained ``vietnam-provinces`` package, data from the
General Statistics Office of Viet Nam):

* era ``2025``: the installed ``vietnam_provinces`` (2025.x), its
  ``vietnam_provinces/data/nested-divisions.json`` (34 provinces and their
  communes/wards after the July 2025 reorganisation);
* era ``pre2025``: the last release before the reorganisation (``0.6.0``,
  data of 2025-01-04: 63 provinces, their districts and communes). Its sdist is
  downloaded with pip into a temporary folder and read from there; nothing is
  downloaded at run time of the toolkit.

The licence of each source is read from the ``pyproject.toml`` of the release's
sdist (the wheels' metadata carries none), so the sdist of the installed version
is downloaded too.

Run from the repository root::

    /work/venv/bin/python scripts/build_gazetteer.py

Options: ``--legacy-version`` (the pre-2025 release) and ``--out`` (the output folder).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dienbien_nlp.rules.gazetteer import ADMIN_TYPE_WORDS  # noqa: E402
from dienbien_nlp.textio import atomic_write_text  # noqa: E402

PACKAGE = "vietnam-provinces"
MODULE = "vietnam_provinces"
DATA_FILE = f"{MODULE}/data/nested-divisions.json"
COLUMNS = ("name", "type_word", "admin_level", "code", "parent_code", "province_code", "era", "full_name")
LEVELS = ("province", "district", "commune")
ERAS = ("pre2025", "2025")
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}
# division_type values of the sources that are not a type word of the full name.
DIVISION_TYPE_WORD = {"thành phố trung ương": "thành phố"}
_PREFIX = re.compile(r"^(" + "|".join(re.escape(t) for t in ADMIN_TYPE_WORDS) + r")\s+(\S.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """Where one era's rows came from."""

    era: str
    package: str
    version: str
    artefact: str
    artefact_sha256: str | None
    data_file: str
    data_sha256: str
    data_version: str
    licence: str
    licence_from: str
    note: str


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def download_sdist(version: str, dest: Path) -> Path:
    """Download the sdist of ``vietnam-provinces==version`` into ``dest`` with pip."""
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:"]
    subprocess.run([*cmd, f"{PACKAGE}=={version}", "-d", str(dest)], check=True)
    found = sorted(dest.glob(f"{MODULE}-{version}.tar.gz"))
    if len(found) != 1:
        raise typer.BadParameter(f"pip did not leave {MODULE}-{version}.tar.gz in {dest}")
    return found[0]


def read_member(sdist: Path, member: str) -> bytes:
    """Read ``<name>-<version>/<member>`` from an sdist."""
    with tarfile.open(sdist) as tar:
        top = sdist.name.removesuffix(".tar.gz")
        fh = tar.extractfile(f"{top}/{member}")
        if fh is None:
            raise typer.BadParameter(f"{sdist.name}: {member} is not a file")
        return fh.read()


def licence_of(sdist: Path) -> str:
    """The licence declared in the sdist's ``pyproject.toml``."""
    project = tomllib.loads(read_member(sdist, "pyproject.toml").decode("utf-8"))["project"]
    lic = project.get("license")
    if isinstance(lic, dict):
        lic = lic.get("text") or lic.get("file")
    if not lic:
        raise typer.BadParameter(f"{sdist.name}: pyproject.toml declares no licence")
    return str(lic)


def data_version_of(init_py: str) -> str:
    m = re.search(r"__data_version__\s*=\s*['\"]([^'\"]+)['\"]", init_py)
    return m.group(1) if m else "unknown"


def clean(text: str) -> str:
    """NFC and single spaces (a few source names have doubled spaces); spelling is kept."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def split_name(full: str, division_type: str) -> tuple[str, str, str]:
    """Return ``(name, type_word, full_name)`` for a source name.

    Names mostly carry their type word (``Huyện Nậm Pồ``); 2025 provinces other
    than the five cities do not (``Điện Biên``), so it is taken from ``division_type``.
    """
    full = clean(full)
    m = _PREFIX.match(full)
    if m:
        name, type_word = m.group(2), m.group(1).lower()
    else:
        name, type_word = full, DIVISION_TYPE_WORD.get(division_type, division_type).lower()
    if type_word not in ADMIN_TYPE_WORDS:
        raise typer.BadParameter(f"{full!r}: unknown division type {division_type!r}")
    # The type word is written 'Thành phố' (two source names have 'Thành Phố').
    return name, type_word, f"{type_word[0].upper()}{type_word[1:]} {name}"


def code_of(value: int | str, level: str) -> str:
    return str(int(value)).zfill(CODE_WIDTH[level])


def row(unit: dict[str, Any], level: str, era: str, parent: str, province: str) -> dict[str, str]:
    name, type_word, full = split_name(unit["name"], unit["division_type"])
    code = code_of(unit["code"], level)
    return {
        "name": name,
        "type_word": type_word,
        "admin_level": level,
        "code": code,
        "parent_code": parent,
        "province_code": province or code,
        "era": era,
        "full_name": full,
    }


def rows_pre2025(data: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Province → district → commune rows of the pre-2025 nested JSON."""
    out = []
    for p in data:
        prov = row(p, "province", "pre2025", "", "")
        out.append(prov)
        for d in p["districts"]:
            dist = row(d, "district", "pre2025", prov["code"], prov["code"])
            out.append(dist)
            out.extend(row(w, "commune", "pre2025", dist["code"], prov["code"]) for w in d["wards"])
    return out


def rows_2025(data: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Province → commune rows of the 2025 nested JSON (no districts since July 2025)."""
    out = []
    for p in data:
        prov = row(p, "province", "2025", "", "")
        out.append(prov)
        out.extend(row(w, "commune", "2025", prov["code"], prov["code"]) for w in p["wards"])
    return out


def check(rows: list[dict[str, str]]) -> None:
    """Fail on rows the gazetteer could not use."""
    seen: set[tuple[str, str]] = set()
    for r in rows:
        for col in COLUMNS:
            if any(c in r[col] for c in "\t\r\n"):
                raise typer.BadParameter(f"{r['full_name']!r}: tab or newline in {col}")
        if not r["name"] or not r["code"]:
            raise typer.BadParameter(f"{r}: empty name or code")
        if (r["era"], r["code"]) in seen:
            raise typer.BadParameter(f"{r['full_name']!r}: code {r['code']} repeated in era {r['era']}")
        seen.add((r["era"], r["code"]))


def sort_key(r: dict[str, str]) -> tuple[int, int, str]:
    return ERAS.index(r["era"]), LEVELS.index(r["admin_level"]), r["code"]


def to_tsv(rows: list[dict[str, str]]) -> str:
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(r[c] for c in COLUMNS) for r in sorted(rows, key=sort_key)]
    return "\n".join(lines) + "\n"


def provenance(sources: list[Source], rows: list[dict[str, str]], today: str) -> str:
    counts = Counter((r["era"], r["admin_level"]) for r in rows)
    out = [
        "# Gazetteer provenance",
        "",
        "Written by `scripts/build_gazetteer.py`; do not edit by hand, run the script again.",
        "",
        f"- Regenerated: {today}",
        "- File: `admin_units.tsv` (columns: " + ", ".join(f"`{c}`" for c in COLUMNS) + ")",
        "- Names: NFC, runs of spaces collapsed, otherwise the source's spelling and tone-mark placement.",
        "- `full_name`: the type word, capitalised as in `Thành phố`, then the name"
        " (`Huyện Nậm Pồ`, `Tỉnh Điện Biên`).",
        "- Codes: GSO codes zero-padded to 2 (province), 3 (district) and 5 (commune) digits.",
        "- `places.tsv` (countries, regions, natural features) is curated by hand and not covered here.",
        "",
        "## Sources",
        "",
    ]
    for s in sources:
        out += [
            f"### era `{s.era}`",
            "",
            f"- Package: `{s.package}` {s.version} (PyPI)",
            f"- Artefact: {s.artefact}" + (f" (sha256 `{s.artefact_sha256}`)" if s.artefact_sha256 else ""),
            f"- Data file: `{s.data_file}` (sha256 `{s.data_sha256}`)",
            f"- Data retrieval date upstream (`__data_version__`): {s.data_version}",
            "- Upstream data: General Statistics Office of Viet Nam (danhmuchanhchinh.gso.gov.vn)",
            f"- Licence: {s.licence} (declared in {s.licence_from})",
            f"- Note: {s.note}",
            "",
        ]
    out += [
        "## Row counts",
        "",
        "| era | province | district | commune | total |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for era in ERAS:
        n = [counts[(era, lvl)] for lvl in LEVELS]
        out.append(f"| {era} | {n[0]} | {n[1]} | {n[2]} | {sum(n)} |")
    out.append(f"| all | {' | '.join(str(sum(counts[(e, lvl)] for e in ERAS)) for lvl in LEVELS)} | {len(rows)} |")
    return "\n".join(out) + "\n"


def main(
    out: Annotated[Path, typer.Option(help="Output folder.")] = ROOT / "dienbien_nlp/resources/gazetteer",
    legacy_version: Annotated[str, typer.Option(help="vietnam-provinces release with the pre-2025 units.")] = "0.6.0",
) -> None:
    """Regenerate admin_units.tsv and PROVENANCE.md from vietnam-provinces."""
    import vietnam_provinces

    installed = importlib.metadata.version(PACKAGE)
    if not installed.startswith("2025."):
        raise typer.BadParameter(f"installed {PACKAGE} is {installed}; the 2025 era needs a 2025.x release")
    new_path = Path(vietnam_provinces.__file__).parent / "data" / "nested-divisions.json"
    new_bytes = new_path.read_bytes()

    with tempfile.TemporaryDirectory(prefix="gazetteer-") as tmp:
        legacy_sdist = download_sdist(legacy_version, Path(tmp))
        current_sdist = download_sdist(installed, Path(tmp))
        old_bytes = read_member(legacy_sdist, DATA_FILE)
        old_init = read_member(legacy_sdist, "vietnam_provinces/__init__.py").decode("utf-8")
        same = read_member(current_sdist, DATA_FILE) == new_bytes
        current_note = "identical to" if same else "DIFFERS from"
        sources = [
            Source(
                era="pre2025",
                package=PACKAGE,
                version=legacy_version,
                artefact=f"`{legacy_sdist.name}` (sdist, downloaded with pip into a temporary folder)",
                artefact_sha256=sha256(legacy_sdist.read_bytes()),
                data_file=f"{legacy_sdist.name.removesuffix('.tar.gz')}/{DATA_FILE}",
                data_sha256=sha256(old_bytes),
                data_version=data_version_of(old_init),
                licence=licence_of(legacy_sdist),
                licence_from=f"`pyproject.toml` of {legacy_sdist.name}",
                note="last release before the July 2025 reorganisation; units as of its data date "
                "(units merged away before then, e.g. in the 2019-2024 commune mergers, are absent)",
            ),
            Source(
                era="2025",
                package=PACKAGE,
                version=installed,
                artefact=f"the installed package (`{MODULE}-{installed}.dist-info`)",
                artefact_sha256=None,
                data_file=DATA_FILE,
                data_sha256=sha256(new_bytes),
                data_version=getattr(vietnam_provinces, "__data_version__", "unknown"),
                licence=licence_of(current_sdist),
                licence_from=f"`pyproject.toml` of {current_sdist.name}",
                note="units from 1 July 2025 (provinces and communes/wards; districts abolished); "
                f"the installed data file is {current_note} the one in {current_sdist.name}",
            ),
        ]

    rows = rows_pre2025(json.loads(old_bytes)) + rows_2025(json.loads(new_bytes))
    check(rows)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in (
        ("admin_units.tsv", to_tsv(rows)),
        ("PROVENANCE.md", provenance(sources, rows, when.date().isoformat())),
    ):
        atomic_write_text(out / name, text)
        (out / name).chmod(0o644)  # package data must be readable by all
    counts = Counter((r["era"], r["admin_level"]) for r in rows)
    typer.echo(
        f"wrote {len(rows)} rows to {out / 'admin_units.tsv'}: "
        + ", ".join(f"{e}/{lv}={n}" for (e, lv), n in sorted(counts.items()))
    )


if __name__ == "__main__":
    typer.run(main)
