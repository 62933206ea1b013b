"""The place gazetteer: data files, folding, lookup and ranking."""

from __future__ import annotations

import importlib.util
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from dienbien_nlp.rules import gazetteer as gz
from dienbien_nlp.rules.gazetteer import Gazetteer, Place, canonical_type_word, fold, fold_lower, load_gazetteer

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "dienbien_nlp" / "resources" / "gazetteer"
DIEN_BIEN = "11"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def admin_units(gaz) -> list[Place]:
    return [p for p in gaz if p.era is not None]


# --- fold -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("Tỉnh ủy", "Tỉnh ủy"),
        ("\u00d0iện Biên", "Điện Biên"),  # Ð (eth) for Đ
        (unicodedata.normalize("NFD", "Tỉnh uỷ Điện Biên"), "Tỉnh ủy Điện Biên"),
        ("hoà", "hòa"),
        ("Hoà Bình", "Hòa Bình"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("thuỵ", "thụy"),
        ("khoẻ", "khỏe"),
        ("xoè", "xòe"),
        ("THUỴ KHUÊ", "THỤY KHUÊ"),  # case is kept
        ("HOÀ", "HÒA"),
        ("quý", "quý"),  # qu + y: the mark stays on y
        ("Quỳnh", "Quỳnh"),
        ("hoàn", "hoàn"),  # oa followed by a consonant: unchanged
        ("ngoài", "ngoài"),
        ("thuyền", "thuyền"),
        ("Huỳnh", "Huỳnh"),
        ("M\u2019Drắk", "M'Drắk"),
        ("Chân Mây \u2013 Lăng Cô", "Chân Mây - Lăng Cô"),
        ("  Điện   Biên ", "Điện Biên"),
        ("Dien Bien", "Dien Bien"),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected
    assert unicodedata.is_normalized("NFC", fold(text))


@pytest.mark.parametrize(("a", "b"), [("Tỉnh uỷ", "tỉnh ủy"), ("ÐIỆN BIÊN", "điện biên"), ("Hoà", "HÒA")])
def test_fold_lower_matches_across_case_and_style(a, b):
    assert fold_lower(a) == fold_lower(b)


def test_fold_keeps_case():
    assert fold("Điện Biên") != fold("điện biên")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("thành phố", "thành phố"),
        ("Thành phố", "thành phố"),
        ("TP.", "thành phố"),
        ("TP", "thành phố"),
        ("Tp.", "thành phố"),
        ("thành phố trung ương", "thành phố"),
        ("TX", "thị xã"),
        ("Huyện", "huyện"),
        ("sông", "sông"),
        (None, None),
        ("", None),
    ],
)
def test_canonical_type_word(word, expected):
    assert canonical_type_word(word) == expected


# --- Vietnamese units of both eras --------------------------------------------------------


@pytest.mark.parametrize("era", ["pre2025", "2025"])
def test_dien_bien_is_a_province_in_both_eras(gaz, era):
    hits = [p for p in gaz.lookup("Điện Biên", "tỉnh") if p.admin_level == "province" and p.era == era]
    assert len(hits) == 1
    p = hits[0]
    assert (p.code, p.province_code, p.parent_code, p.type_word, p.full_name) == (
        DIEN_BIEN,
        DIEN_BIEN,
        None,
        "tỉnh",
        "Tỉnh Điện Biên",
    )


@pytest.mark.parametrize(
    ("name", "type_word", "code"),
    [
        ("Nậm Pồ", "huyện", "103"),
        ("Tủa Chùa", "huyện", "098"),
        ("Mường Chà", "huyện", "097"),
        ("Điện Biên Phủ", "thành phố", "094"),
        ("Mường Lay", "thị xã", "095"),
    ],
)
def test_pre2025_districts_of_dien_bien(gaz, name, type_word, code):
    p = gaz.best(name, type_word)
    assert p is not None
    assert (p.name, p.type_word, p.admin_level, p.era, p.code) == (name, type_word, "district", "pre2025", code)
    assert p.parent_code == p.province_code == DIEN_BIEN
    assert p.full_name == f"{type_word[0].upper()}{type_word[1:]} {name}"
    assert gaz.parent(p).full_name == "Tỉnh Điện Biên"


@pytest.mark.parametrize("name", ["Nậm Pồ", "Tủa Chùa", "Mường Chà"])
def test_district_names_default_to_the_pre2025_district(gaz, name):
    p = gaz.best(name)
    assert (p.admin_level, p.era, p.province_code) == ("district", "pre2025", DIEN_BIEN)


@pytest.mark.parametrize(
    ("name", "type_word", "code"),
    [
        ("Mường Thanh", "phường", "03334"),
        ("Điện Biên Phủ", "phường", "03127"),
        ("Mường Phăng", "xã", "03325"),
    ],
)
def test_2025_communes_of_dien_bien(gaz, name, type_word, code):
    p = gaz.best(name, type_word, prefer_era="2025", province_code=DIEN_BIEN)
    assert p is not None
    assert (p.admin_level, p.era, p.type_word, p.code) == ("commune", "2025", type_word, code)
    assert p.parent_code == p.province_code == DIEN_BIEN  # no districts since July 2025


def test_2025_has_no_districts(admin_units):
    assert not [p for p in admin_units if p.era == "2025" and p.admin_level == "district"]


@pytest.mark.parametrize(
    ("query", "type_word", "full_name"),
    [
        ("Điện Biên Phủ", "TP.", "Thành phố Điện Biên Phủ"),
        ("Điện Biên Phủ", "TP", "Thành phố Điện Biên Phủ"),
        ("Điện Biên Phủ", "thành phố", "Thành phố Điện Biên Phủ"),
        ("TP. Điện Biên Phủ", None, "Thành phố Điện Biên Phủ"),
        ("Huyện Nậm Pồ", None, "Huyện Nậm Pồ"),
        ("huyện Tủa Chùa", None, "Huyện Tủa Chùa"),
        ("Hồ Chí Minh", "TP", "Thành phố Hồ Chí Minh"),
        ("Điện Biên", "huyện", "Huyện Điện Biên"),
        ("Điện Biên", None, "Tỉnh Điện Biên"),  # province over district
        ("Tủa Chùa", "thị trấn", "Thị trấn Tủa Chùa"),
        ("Hòa Bình", "tỉnh", "Tỉnh Hoà Bình"),  # the source spells it Hoà
        ("Thanh Hoá", "tỉnh", "Tỉnh Thanh Hóa"),
        ("ÐIỆN BIÊN", "tỉnh", "Tỉnh Điện Biên"),  # case-insensitive fallback
    ],
)
def test_best_with_type_words(gaz, query, type_word, full_name):
    assert gaz.best(query, type_word).full_name == full_name


@pytest.mark.parametrize(("era", "expected"), [(None, "pre2025"), ("pre2025", "pre2025"), ("2025", "2025")])
def test_prefer_era(gaz, era, expected):
    assert gaz.best("Điện Biên", prefer_era=era).era == expected
    assert gaz.best("Mường Thanh", "phường", prefer_era=era).era == expected


def test_lookup_is_deterministic_and_ranked(gaz):
    hits = gaz.lookup("Điện Biên")
    assert hits == gaz.lookup("Điện Biên")
    assert [p.admin_level for p in hits[:3]] == ["province", "province", "district"]
    assert gaz.lookup("no such place") == []
    assert gaz.best("no such place") is None


def test_by_code_is_unique_within_an_era(admin_units):
    counts = Counter((p.era, p.code) for p in admin_units)
    assert max(counts.values()) == 1


# --- countries, regions, natural features -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "level", "code"),
    [
        ("Lào", "country", "LA"),
        ("Trung Quốc", "country", "CN"),
        ("Việt Nam", "country", "VN"),
        ("Hoa Kỳ", "country", "US"),
        ("Mỹ", "country", "US"),
        ("Angiêri", "country", "DZ"),
        ("Cuba", "country", "CU"),
        ("Vân Nam", "region", None),
        ("Quảng Tây", "region", None),
        ("Bắc Lào", "region", None),
        ("Caribe", "region", None),
        ("Tây Bắc", "region", None),
        ("Bắc Trung Bộ", "region", None),
        ("đồng bằng sông Cửu Long", "region", None),
        ("miền Bắc", "region", None),
        ("Hoàng Sa", "region", None),  # the archipelago over the district / special zone
        ("Biển Đông", "region", None),
    ],
)
def test_places(gaz, name, level, code):
    p = gaz.best(name)
    assert p is not None
    assert (p.admin_level, p.code, p.era) == (level, code, None)


@pytest.mark.parametrize(
    ("name", "type_word", "full_name"),
    [
        ("Đà", "sông", "sông Đà"),
        ("Nậm Rốm", "sông", "sông Nậm Rốm"),
        ("Pha Đin", "đèo", "đèo Pha Đin"),
        ("sông Hồng", None, "sông Hồng"),
        ("Thái Lan", "vịnh", "vịnh Thái Lan"),
    ],
)
def test_natural_features(gaz, name, type_word, full_name):
    p = gaz.best(name, type_word)
    assert (p.admin_level, p.full_name) == ("natural", full_name)


def test_country_names_are_plenty(gaz):
    countries = {p.code for p in gaz if p.admin_level == "country" and p.code}
    assert len(countries) >= 80
    assert {"VN", "LA", "KH", "TH", "MM", "MY", "SG", "ID", "PH", "BN", "TL"} <= countries  # ASEAN


# --- names, counts and files --------------------------------------------------------------


def test_names(gaz):
    names = gaz.names()
    assert {"Điện Biên", "Nậm Pồ", "Mường Chà", "Lào", "Tây Bắc", "Hòa Bình"} <= names
    assert "Hoà Bình" not in names  # keys are folded
    assert "1" not in names and "III" not in names  # Phường 1, Phường III need their type word
    assert "1" in gaz.names(include_numeric=True)
    assert all(fold(n) == n for n in names)


@pytest.mark.parametrize(
    ("era", "level", "minimum"),
    [
        ("pre2025", "province", 60),
        ("pre2025", "district", 600),
        ("pre2025", "commune", 9000),
        ("2025", "province", 30),
        ("2025", "commune", 3000),
    ],
)
def test_row_counts_are_plausible(admin_units, era, level, minimum):
    n = sum(1 for p in admin_units if p.era == era and p.admin_level == level)
    assert n >= minimum


def test_exact_province_counts(admin_units):
    counts = Counter(p.era for p in admin_units if p.admin_level == "province")
    assert counts == {"pre2025": 63, "2025": 34}


def test_every_admin_row_is_complete(admin_units):
    widths = {"province": 2, "district": 3, "commune": 5}
    for p in admin_units:
        assert p.name and p.code and p.full_name and p.type_word in gz.ADMIN_TYPE_WORDS, p
        assert re.fullmatch(rf"\d{{{widths[p.admin_level]}}}", p.code), p
        assert p.province_code
        assert (p.parent_code is None) == (p.admin_level == "province"), p
        assert p.full_name.endswith(" " + p.name)
        assert unicodedata.is_normalized("NFC", p.name) and p.name == p.name.strip() and "  " not in p.name


def test_every_place_row_is_complete(gaz):
    for p in gaz:
        if p.era is None:
            assert p.name and p.admin_level in {"country", "region", "natural"}, p
            assert unicodedata.is_normalized("NFC", p.name)
            assert p.admin_level != "country" or p.code is None or re.fullmatch(r"[A-Z]{2}", p.code)


def test_admin_units_file_is_sorted_and_small():
    lines = (DATA / "admin_units.tsv").read_text("utf-8").splitlines()
    eras, levels = ["pre2025", "2025"], ["province", "district", "commune"]
    keys = [(eras.index(f[6]), levels.index(f[2]), f[3]) for f in (ln.split("\t") for ln in lines[1:])]
    assert keys == sorted(keys)
    total = sum(f.stat().st_size for f in DATA.iterdir())
    assert total < 3 * 1024 * 1024


def test_provenance_matches_the_data(admin_units):
    text = (DATA / "PROVENANCE.md").read_text("utf-8")
    assert "`vietnam-provinces` 0.6.0" in text
    assert "GPL-3.0-or-later" in text
    counts = Counter((p.era, p.admin_level) for p in admin_units)
    for era in ("pre2025", "2025"):
        row = [counts[(era, lvl)] for lvl in ("province", "district", "commune")]
        assert f"| {era} | {row[0]} | {row[1]} | {row[2]} | {sum(row)} |" in text


def test_loading_is_fast():
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        fresh = Gazetteer([*gz._read_admin_units(), *gz._read_places()])
        best = min(best, time.perf_counter() - start)
    assert len(fresh) > 14000
    assert best < 0.5


def test_load_gazetteer_is_cached():
    assert load_gazetteer() is load_gazetteer()


# --- the build script's conversion (no download) ------------------------------------------


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


@pytest.mark.parametrize(
    ("source_name", "division_type", "expected"),
    [
        ("Huyện Nậm Pồ", "huyện", ("Nậm Pồ", "huyện", "Huyện Nậm Pồ")),
        ("Thành Phố Bắc Kạn", "huyện", ("Bắc Kạn", "thành phố", "Thành phố Bắc Kạn")),
        ("Thị xã Mường Lay", "huyện", ("Mường Lay", "thị xã", "Thị xã Mường Lay")),
        ("Phường  Tân An", "phường", ("Tân An", "phường", "Phường Tân An")),
        ("Điện Biên", "tỉnh", ("Điện Biên", "tỉnh", "Tỉnh Điện Biên")),
        ("Thành phố Hà Nội", "thành phố trung ương", ("Hà Nội", "thành phố", "Thành phố Hà Nội")),
        ("Đặc khu Hoàng Sa", "đặc khu", ("Hoàng Sa", "đặc khu", "Đặc khu Hoàng Sa")),
    ],
)
def test_build_split_name(build, source_name, division_type, expected):
    assert build.split_name(source_name, division_type) == expected


def test_build_rows(build):
    data_2025 = [
        {
            "name": "Điện Biên",
            "code": 11,
            "division_type": "tỉnh",
            "wards": [{"name": "Xã Mường Phăng", "code": 3325, "division_type": "xã"}],
        }
    ]
    rows = build.rows_2025(data_2025)
    build.check(rows)
    assert [(r["code"], r["parent_code"], r["province_code"], r["era"]) for r in rows] == [
        ("11", "", "11", "2025"),
        ("03325", "11", "11", "2025"),
    ]
    tsv = build.to_tsv(rows).splitlines()
    assert tsv[0].split("\t") == list(build.COLUMNS)
    assert tsv[2] == "Mường Phăng\txã\tcommune\t03325\t11\t11\t2025\tXã Mường Phăng"
