"""doccano JSONL: export layouts, round trip through doccano's export format, and bad files."""

from __future__ import annotations

import json
import zipfile
from typing import Any

import pytest

from dienbien_nlp.annotation import doccano as dc
from dienbien_nlp.annotation.labelstudio import Source
from dienbien_nlp.errors import DienbienError, DienbienWarning

from .conftest import INTERVIEW_ID
from .test_labelstudio import MINI, MINI_ID, gold, mini_records


def as_doccano_export(lines: list[dict[str, Any]]) -> str:
    """What doccano's export writes for imported lines: an ``id``, text, labels, metadata columns, ``Comments``."""
    out = []
    for k, line in enumerate(lines, 1):
        out.append({"id": 100 + k, **line, "Comments": []})
    return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in out)


def mini_lines(layout: str = "intent") -> list[dict[str, Any]]:
    return dc.export_doccano([Source(MINI_ID, MINI)], None, records={MINI_ID: mini_records()}, layout=layout)


@pytest.mark.parametrize(
    ("layout", "keys", "second"),
    [
        ("intent", {"entities", "cats"}, {"entities": [[0, 6, "LOC"]], "cats": ["economy"]}),
        ("sequence", {"label"}, {"label": [[0, 6, "LOC"]]}),
        ("classification", {"label"}, {"label": ["economy"]}),
    ],
)
def test_export_layouts(layout, keys, second):
    lines = mini_lines(layout)
    assert [x["text"] for x in lines] == ["Tỉnh ủy Điện Biên họp.", "Hà Nội đẹp.", "Ba Đình."]
    meta = {"doc_id", "text_sha256", "offset", "sentence", "sentences"}
    assert all(set(x) == {"text"} | keys | meta for x in lines)
    assert {k: lines[1][k] for k in keys} == second
    assert (lines[1]["offset"], lines[1]["sentence"], lines[1]["sentences"]) == (24, 2, 3)


def test_unknown_layout():
    with pytest.raises(ValueError, match="layout"):
        mini_lines("ner")


@pytest.mark.parametrize("annotator", [None, "pass_a", "pass_b"])
def test_gold_round_trip_through_doccano_export(tmp_path, interview, annotator):
    erec, trec = gold(annotator)
    lines = dc.export_doccano([interview], None, records={INTERVIEW_ID: (erec, trec)})
    path = tmp_path / "admin.jsonl"
    path.write_text(as_doccano_export(lines), encoding="utf-8")
    name = erec["annotator"]
    assert dc.import_doccano(path, annotator=name, texts={INTERVIEW_ID: interview.text}) == {
        name: {INTERVIEW_ID: (erec, trec)}
    }


def test_zip_with_one_file_per_user(tmp_path, interview):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name in ("pass_a", "pass_b"):
            lines = dc.export_doccano([interview], None, records={INTERVIEW_ID: gold(name)})
            zf.writestr(f"{name}.jsonl", as_doccano_export(lines))
    assert dc.import_doccano(path) == {name: {INTERVIEW_ID: gold(name)} for name in ("pass_a", "pass_b")}


def test_sequence_and_classification_exports(tmp_path):
    ent, th = mini_records()
    (tmp_path / "x.jsonl").write_text(as_doccano_export(mini_lines("sequence")), encoding="utf-8")
    assert dc.import_doccano(tmp_path / "x.jsonl")["x"][MINI_ID][0] == ent
    (tmp_path / "x.jsonl").write_text(as_doccano_export(mini_lines("classification")), encoding="utf-8")
    assert dc.import_doccano(tmp_path / "x.jsonl")["x"][MINI_ID][1] == th


def test_relation_style_entities_and_nested_meta(tmp_path):
    lines = mini_lines()
    for line in lines:
        line["entities"] = [
            {"id": 7, "label": lab, "start_offset": s, "end_offset": e} for s, e, lab in line["entities"]
        ]
    nested = [
        {
            "text": x["text"],
            "entities": x["entities"],
            "cats": x["cats"],
            "meta": {k: v for k, v in x.items() if k not in ("text", "entities", "cats")},
        }
        for x in lines
    ]
    (tmp_path / "x.jsonl").write_text(as_doccano_export(nested), encoding="utf-8")
    assert dc.import_doccano(tmp_path / "x.jsonl") == {"x": {MINI_ID: mini_records()}}


def _edit(k: int, **changes: Any):
    def edit(lines: list[dict[str, Any]]) -> str:
        lines[k].update(changes)
        return as_doccano_export(lines)

    return edit


ERRORS = [
    (
        "truncated",
        lambda lines: as_doccano_export(lines)[:-40],
        r"\[E042\].*line 3: invalid JSON.*truncated; export it again",
    ),
    ("not an object", lambda lines: "[1, 2]\n", r"\[E042\].*line 1: a line must be a JSON object"),
    (
        "metadata dropped",
        lambda lines: json.dumps({"id": 1, "text": "Hà Nội", "label": []}) + "\n",
        r"\[E042\].*task 1 \(line 1\) lacks the fields \['doc_id'",
    ),
    ("bad entity", _edit(0, entities=[[0, 4]]), r"\[E042\].*line 1: entity \[0, 4\] is not \[start, end, label\]"),
    ("entities not a list", _edit(0, entities="LOC"), r"\[E042\].*line 1: entities must be a list"),
    ("mixed texts", _edit(1, text_sha256="f" * 64), r"\[E044\].*different texts"),
]


@pytest.mark.parametrize(("case", "edit", "message"), ERRORS, ids=[c[0] for c in ERRORS])
def test_bad_file_is_a_clear_error(tmp_path, case, edit, message):
    (tmp_path / "x.jsonl").write_text(edit(mini_lines()), encoding="utf-8")
    with pytest.raises(DienbienError, match=message):
        dc.import_doccano(tmp_path / "x.jsonl")


def test_broken_zip(tmp_path):
    (tmp_path / "x.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DienbienError):
        dc.import_doccano(tmp_path / "x.zip")


WARNINGS = [
    (
        "unknown label",
        _edit(0, entities=[[8, 17, "PLACE"]]),
        r"\[W011\].*task 101 \(line 1: mini-1, annotator x\): unknown label 'PLACE'; span 8-17",
        ["Hà Nội", "Ba Đình"],
    ),
    (
        "beyond the text",
        _edit(1, entities=[[0, 60, "LOC"]]),
        r"\[W012\].*task 102 \(line 2: .*span 0-60 lies outside the text \(length 11\)",
        ["Điện Biên", "Ba Đình"],
    ),
    (
        "leading space",
        _edit(1, entities=[[0, 6, "LOC"], [6, 11, "ORG"]]),
        r"\[W016\].*task 102 .*6-11 ' đẹp.' has whitespace at its edge; trimmed to 7-11",
        ["Điện Biên", "Hà Nội", "đẹp.", "Ba Đình"],
    ),
    (
        "overlap",
        _edit(2, entities=[[0, 7, "LOC"], [3, 8, "ORG"]]),
        r"\[W017\].*task 103 .*span 3-8 'Đình.' overlaps span 0-7 'Ba Đình'",
        ["Điện Biên", "Hà Nội", "Ba Đình"],
    ),
    (
        "unknown theme",
        _edit(1, cats=["economy", "sport"]),
        r"\[W013\].*task 102 .*unknown theme 'sport'",
        ["Điện Biên", "Hà Nội", "Ba Đình"],
    ),
]


@pytest.mark.parametrize(("case", "edit", "message", "kept"), WARNINGS, ids=[c[0] for c in WARNINGS])
def test_bad_span_is_warned_about_and_skipped(tmp_path, case, edit, message, kept):
    (tmp_path / "x.jsonl").write_text(edit(mini_lines()), encoding="utf-8")
    with pytest.warns(DienbienWarning, match=message) as record:
        back = dc.import_doccano(tmp_path / "x.jsonl")
    assert len(record) == 1
    assert [e["text"] for e in back["x"][MINI_ID][0]["entities"]] == kept


def test_text_changed_since_export(tmp_path):
    (tmp_path / "x.jsonl").write_text(as_doccano_export(mini_lines()), encoding="utf-8")
    with pytest.raises(DienbienError, match=r"\[E045\].*'mini'"):
        dc.import_doccano(tmp_path / "x.jsonl", texts={MINI_ID: MINI.upper()})
