"""Label Studio: the config from the schema, tasks with predictions, and import of exports (no server needed).

``tests/data/labelstudio_export.json`` is a real export of Label Studio 1.23.2,
recorded by ``tests/test_labelstudio_server.py`` (``DIENBIEN_RECORD_LS_FIXTURE=1``):
the interview's tasks, annotated with the two gold passes by two users.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from dienbien_nlp.annotation import labelstudio as ls
from dienbien_nlp.annotation.records import (
    entity_path,
    entity_record,
    read_record,
    theme_path,
    theme_record,
    validate_entities,
    validate_themes,
)
from dienbien_nlp.errors import DienbienError, DienbienWarning
from dienbien_nlp.schema import entity_label, entity_labels, theme_ids

from .conftest import INTERVIEW_ID, ROOT

FIXTURE = ROOT / "tests" / "data" / "labelstudio_export.json"
EMAILS = {"pass_a@example.org": "pass_a", "pass_b@example.org": "pass_b"}

MINI_ID = "mini"
MINI = "Tỉnh ủy Điện Biên họp.  Hà Nội đẹp.\nBa Đình."
MINI_SENTS = [(0, 22), (24, 35), (36, 44)]


def gold(annotator: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The interview's adjudicated gold (or one pass): ``(entity_record, theme_record)``."""
    root = ROOT / "annotations"
    return read_record(entity_path(INTERVIEW_ID, root, annotator)), read_record(
        theme_path(INTERVIEW_ID, root, annotator)
    )


def mini_records(
    spans=((8, 17, "LOC"), (24, 30, "LOC"), (36, 43, "LOC")), themes=((), ("economy",), ())
) -> tuple[dict, dict]:
    ent = entity_record(MINI_ID, MINI, list(spans), "x")
    th = theme_record(MINI_ID, MINI, [(s, e, list(t)) for (s, e), t in zip(MINI_SENTS, themes, strict=True)], "x")
    return ent, th


def as_export(tasks: list[dict[str, Any]], annotations: dict[str, tuple[dict, dict]]) -> list[dict[str, Any]]:
    """Tasks as Label Studio's JSON export has them: ids, data, annotations by user, predictions as ids.

    ``annotations`` maps an annotator e-mail to the records it annotated.
    """
    out = []
    users = {email: k for k, email in enumerate(sorted(annotations), 1)}
    for n, task in enumerate(tasks, 1):
        unit = ls.unit_from_data(task["data"], "tasks", n)
        anns = []
        for email, (erec, trec) in sorted(annotations.items()):
            spans = [
                (e["start"], e["end"], e["label"])
                for e in erec["entities"]
                if unit.start <= e["start"] and e["end"] <= unit.end
            ]
            themes = next(
                (s["themes"] for s in trec["sentences"] if (s["start"], s["end"]) == (unit.start, unit.end)), []
            )
            anns.append(
                {
                    "id": len(out) * 10 + len(anns) + 1,
                    "completed_by": {"id": users[email], "email": email, "first_name": "", "last_name": ""},
                    "result": ls.unit_results(unit, spans, themes),
                    "was_cancelled": False,
                    "ground_truth": False,
                }
            )
        out.append({"id": n, "annotations": anns, "drafts": [], "predictions": [n], "data": task["data"], "meta": {}})
    return out


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def mini_export(tmp_path) -> list[dict[str, Any]]:
    tasks = ls.export_tasks([ls.Source(MINI_ID, MINI)], None, records={MINI_ID: mini_records()})
    return as_export(tasks, {"a@x.org": mini_records()})


# ---------------------------------------------------------------------------
# Config


def test_config_is_generated_from_the_schema():
    root = ET.fromstring(ls.labeling_config())
    labels = root.find(".//Labels[@name='label']")
    assert labels is not None and labels.get("toName") == "text"
    assert [(x.get("value"), x.get("background")) for x in labels] == [
        (lab, entity_label(lab)["color"]) for lab in entity_labels()
    ]
    choices = root.find(".//Choices[@name='themes']")
    assert choices is not None and choices.get("choice") == "multiple" and choices.get("toName") == "text"
    assert [x.get("value") for x in choices] == list(theme_ids())
    objects = {x.get("name"): x.get("value") for x in root.iter("Text")}
    assert objects == {"text": "$text", "context": "$context"}


# ---------------------------------------------------------------------------
# Export


def fake_pipeline(ents: list[tuple[int, int, str]], themes: dict[int, list[str]]):
    """The real tokenizer and sentence splitter, with entities and sentence themes set by hand."""
    from dienbien_nlp.pipeline import blank

    nlp = blank()
    nlp.add_pipe("dienbien_sentences")

    def run(text: str):
        doc = nlp(text)
        doc.ents = [doc.char_span(s, e, label=lab) for s, e, lab in ents]
        for sent in doc.sents:
            sent._.themes = themes.get(sent.start_char, [])
        return doc

    return run


def test_tasks_are_sentences_with_offsets_and_predictions():
    nlp = fake_pipeline([(8, 17, "LOC"), (24, 30, "LOC")], {24: ["economy"]})
    tasks = ls.export_tasks([ls.Source(MINI_ID, MINI)], nlp, model_version="m1")
    assert [(t["data"]["offset"], t["data"]["text"]) for t in tasks] == [(s, MINI[s:e]) for s, e in MINI_SENTS]
    for k, task in enumerate(tasks, 1):
        data = task["data"]
        assert (
            set(ls.TASK_FIELDS) <= set(data)
            and data["doc_id"] == MINI_ID
            and (data["sentence"], data["sentences"]) == (k, 3)
        )
        assert data["context"] in MINI.splitlines() and data["text"] in data["context"]
        [pred] = task["predictions"]
        assert pred["model_version"] == "m1"
        for item in pred["result"]:
            if item["type"] == "labels":
                v = item["value"]
                assert data["text"][v["start"] : v["end"]] == v["text"]
    results = [
        [
            (r["type"], r["value"].get("text"), r["value"].get("labels") or r["value"].get("choices"))
            for r in t["predictions"][0]["result"]
        ]
        for t in tasks
    ]
    assert results == [
        [("labels", "Điện Biên", ["LOC"])],
        [("labels", "Hà Nội", ["LOC"]), ("choices", None, ["economy"])],
        [],
    ]


def test_entity_across_a_sentence_boundary_is_reported_not_moved():
    ent, th = mini_records(spans=[(8, 17, "LOC"), (18, 26, "ORG")])
    with pytest.warns(DienbienWarning, match=r"\[W014\].*'mini'.*18-26 'họp.  Hà'"):
        tasks = ls.export_tasks([ls.Source(MINI_ID, MINI)], None, records={MINI_ID: (ent, th)})
    assert [len(t["predictions"][0]["result"]) for t in tasks] == [1, 1, 0]


def test_records_of_another_text_are_refused():
    ent, th = mini_records()
    with pytest.raises(DienbienError, match=r"\[E045\].*'mini'.*text_sha256"):
        ls.export_tasks([ls.Source(MINI_ID, MINI + " ")], None, records={MINI_ID: (ent, th)})


def test_sentences_option_keeps_the_units_of_a_pass():
    _, th = mini_records()
    nlp = fake_pipeline([], {0: ["party_building"]})
    tasks = ls.export_tasks([ls.Source(MINI_ID, MINI)], nlp, sentences={MINI_ID: th})
    assert [(t["data"]["offset"], t["data"]["text"]) for t in tasks] == [
        (s["start"], s["text"]) for s in th["sentences"]
    ]
    assert tasks[0]["predictions"][0]["result"][0]["value"]["choices"] == ["party_building"]


# ---------------------------------------------------------------------------
# Round trip


def test_recorded_export_gives_back_both_passes(interview):
    back = ls.import_export(FIXTURE, annotators=EMAILS, texts={INTERVIEW_ID: interview.text})
    assert set(back) == {"pass_a", "pass_b"}
    for name in back:
        assert back[name] == {INTERVIEW_ID: gold(name)}
        erec, trec = back[name][INTERVIEW_ID]
        assert validate_entities(erec, interview.text, "e") == [] and validate_themes(trec, interview.text, "t") == []


def test_recorded_export_was_made_from_our_tasks(interview):
    recorded = json.loads(FIXTURE.read_text(encoding="utf-8"))
    tasks = ls.export_tasks([interview], None, records={INTERVIEW_ID: gold("pass_a")})
    assert [t["data"] for t in sorted(recorded, key=lambda t: t["id"])] == [t["data"] for t in tasks]
    assert all(
        isinstance(p, int) for t in recorded for p in t["predictions"]
    )  # the real export keeps prediction ids only


@pytest.mark.parametrize("annotator", [None, "pass_a", "pass_b"])
def test_gold_tasks_export_import_round_trip(tmp_path, interview, annotator):
    erec, trec = gold(annotator)
    tasks = ls.export_tasks([interview], None, records={INTERVIEW_ID: (erec, trec)})
    path = write_json(tmp_path / "export.json", as_export(tasks, {"x@example.org": (erec, trec)}))
    name = erec["annotator"]
    assert ls.import_export(path, annotators={"x@example.org": name}, texts={INTERVIEW_ID: interview.text}) == {
        name: {INTERVIEW_ID: (erec, trec)}
    }


def test_write_imported_refuses_to_overwrite(tmp_path, interview):
    back = ls.import_export(FIXTURE, annotators=EMAILS)
    written = ls.write_imported(back, tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(
        f"passes/{kind}/{name}/{INTERVIEW_ID}.json" for kind in ("entities", "themes") for name in ("pass_a", "pass_b")
    )
    assert all(p.read_bytes() == (ROOT / "annotations" / p.relative_to(tmp_path)).read_bytes() for p in written)
    with pytest.raises(DienbienError, match=r"\[E041\].*already exists; pass --force"):
        ls.write_imported(back, tmp_path)
    ls.write_imported(back, tmp_path, force=True)


# ---------------------------------------------------------------------------
# Annotators


@pytest.mark.parametrize(
    ("completed_by", "mapping", "expected"),
    [
        ({"id": 3, "email": "a@x.org"}, None, "a@x.org"),
        ({"id": 3, "email": "a@x.org"}, {"a@x.org": "pass_a"}, "pass_a"),
        ({"id": 3, "email": "a@x.org"}, {"3": "pass_c"}, "pass_c"),
        (3, None, "user-3"),
        (3, {"3": "pass_a"}, "pass_a"),
    ],
)
def test_annotator_names(completed_by, mapping, expected):
    assert ls.annotator_name(completed_by, mapping) == expected


def test_one_record_per_annotator(tmp_path):
    tasks = ls.export_tasks([ls.Source(MINI_ID, MINI)], None, records={MINI_ID: mini_records()})
    other = mini_records(spans=[(8, 17, "ORG")], themes=((), (), ("culture_tourism",)))
    path = write_json(tmp_path / "e.json", as_export(tasks, {"a@x.org": mini_records(), "b@x.org": other}))
    back = ls.import_export(path)
    assert sorted(back) == ["a@x.org", "b@x.org"]
    assert [e["label"] for e in back["b@x.org"][MINI_ID][0]["entities"]] == ["ORG"]
    assert [s["themes"] for s in back["b@x.org"][MINI_ID][1]["sentences"]] == [[], [], ["culture_tourism"]]


def test_cancelled_annotations_are_not_imported(tmp_path, mini_export):
    mini_export[1]["annotations"][0]["was_cancelled"] = True
    with pytest.warns(DienbienWarning, match=r"\[W018\].*'a@x.org' annotated 2 of 3 sentences of document 'mini'"):
        back = ls.import_export(write_json(tmp_path / "e.json", mini_export))
    erec, trec = back["a@x.org"][MINI_ID]
    assert [s["id"] for s in trec["sentences"]] == ["mini-1", "mini-3"]
    assert [e["text"] for e in erec["entities"]] == ["Điện Biên", "Ba Đình"]


# ---------------------------------------------------------------------------
# Bad exports: a clear error, or a warning naming the task and the span


def _set(path: str, value: Any):
    def edit(export):
        target: Any = export
        keys = path.split(".")
        for k in keys[:-1]:
            target = target[int(k)] if k.isdigit() else target[k]
        target[int(keys[-1]) if keys[-1].isdigit() else keys[-1]] = value
        return export

    return edit


def _truncate(export):
    text = json.dumps(export, ensure_ascii=False)
    return text[: len(text) // 2]


def _duplicate_differently(export):
    twin = json.loads(json.dumps(export[0]))
    twin["id"] = 9
    twin["annotations"][0]["result"] = []
    return [*export, twin]


ERRORS = [
    # case, edit (returns what the file holds: JSON data, or raw text), error
    ("truncated", _truncate, r"\[E040\].*invalid JSON.*truncated; export it again"),
    ("object, not list", lambda e: {"tasks": e}, r"\[E040\].*top level must be a list of tasks"),
    (
        "JSON-MIN export",
        lambda e: [{"id": 1, "text": MINI, "label": []}],
        r"\[E040\].*task 1 has no 'data' object.*JSON-MIN",
    ),
    ("not our tasks", _set("0.data", {"text": "Hà Nội"}), r"\[E040\].*task 1 lacks the fields \['doc_id'"),
    ("offset not a number", _set("0.data.offset", "0"), r"\[E040\].*task 1: 'offset' must be a non-negative integer"),
    ("annotations not a list", _set("1.annotations", {}), r"\[E040\].*task 2: 'annotations' must be a list"),
    (
        "result without value",
        _set("0.annotations.0.result.0", {"type": "labels"}),
        r"\[E040\].*task 1: a result item has no 'value'",
    ),
    (
        "another project's config",
        _set("0.annotations.0.result.0.from_name", "ner"),
        r"\[E043\].*task 1: a result from 'ner' \(type 'labels'\)",
    ),
    (
        "two versions of the text",
        _set("2.data.text_sha256", "0" * 64),
        r"\[E044\].*tasks of document 'mini' carry different texts",
    ),
    (
        "conflicting duplicate",
        _duplicate_differently,
        r"\[E044\].*'a@x.org' annotated sentence 1 of 'mini' twice, differently \(tasks 1 .* and 9 ",
    ),
]


@pytest.mark.parametrize(("case", "edit", "message"), ERRORS, ids=[c[0] for c in ERRORS])
def test_bad_export_is_a_clear_error(tmp_path, mini_export, case, edit, message):
    content = edit(mini_export)
    path = tmp_path / "e.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DienbienError, match=message):
        ls.import_export(path)


def test_identical_duplicate_task_is_harmless(tmp_path, mini_export):
    mini_export.append({**json.loads(json.dumps(mini_export[0])), "id": 9})
    assert ls.import_export(write_json(tmp_path / "e.json", mini_export), annotators={"a@x.org": "x"}) == {
        "x": {MINI_ID: mini_records()}
    }


def test_text_changed_since_export(tmp_path, mini_export):
    path = write_json(tmp_path / "e.json", mini_export)
    with pytest.raises(DienbienError, match=r"\[E045\].*'mini'.*the document now has"):
        ls.import_export(path, texts={MINI_ID: MINI.replace("Hà Nội", "Hà Tây")})


def _value(task: int, item: int, **changes: Any):
    def edit(export):
        export[task]["annotations"][0]["result"][item]["value"].update(changes)

    return edit


WARNINGS = [
    # case, edit, warning (must name the task and the span), entity texts kept
    (
        "unknown label",
        _value(0, 0, labels=["PERSON"]),
        r"\[W011\].*task 1 \(mini-1, annotator a@x.org\): unknown label 'PERSON'; span 8-17",
        ["Hà Nội", "Ba Đình"],
    ),
    (
        "end beyond the text",
        _value(1, 0, end=99),
        r"\[W012\].*task 2 \(mini-2.*span 0-99 lies outside the text \(length 11\)",
        ["Điện Biên", "Ba Đình"],
    ),
    (
        "negative start",
        _value(2, 0, start=-1),
        r"\[W012\].*task 3 \(mini-3.*span -1-7 lies outside",
        ["Điện Biên", "Hà Nội"],
    ),
    (
        "shifted span",
        _value(0, 0, start=9, end=18),
        r"\[W010\].*task 1 .*span 9-18 'Điện Biên' does not match the task text \('iện Biên '\)",
        ["Hà Nội", "Ba Đình"],
    ),
    (
        "two labels",
        _value(1, 0, labels=["LOC", "ORG"]),
        r"\[W015\].*task 2 .*span 0-6 'Hà Nội' has 2 labels",
        ["Điện Biên", "Ba Đình"],
    ),
    ("no label", _value(1, 0, labels=[]), r"\[W015\].*task 2 .*has 0 labels", ["Điện Biên", "Ba Đình"]),
    (
        "trailing space",
        _value(0, 0, end=18, text="Điện Biên "),
        r"\[W016\].*task 1 .*8-18 'Điện Biên ' has whitespace at its edge; trimmed to 8-17",
        ["Điện Biên", "Hà Nội", "Ba Đình"],
    ),
    (
        "overlap",
        lambda e: e[0]["annotations"][0]["result"].append(
            {
                "id": "x",
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {"start": 13, "end": 20, "text": "Biên họ", "labels": ["ORG"]},
            }
        ),
        r"\[W017\].*task 1 .*span 13-20 'Biên họ' overlaps span 8-17 'Điện Biên'",
        ["Điện Biên", "Hà Nội", "Ba Đình"],
    ),
    (
        "unknown theme",
        lambda e: e[1]["annotations"][0]["result"][1]["value"].update(choices=["economy", "sports"]),
        r"\[W013\].*task 2 .*unknown theme 'sports'",
        ["Điện Biên", "Hà Nội", "Ba Đình"],
    ),
]


@pytest.mark.parametrize(("case", "edit", "message", "kept"), WARNINGS, ids=[c[0] for c in WARNINGS])
def test_bad_span_is_warned_about_and_skipped(tmp_path, mini_export, case, edit, message, kept):
    edit(mini_export)
    with pytest.warns(DienbienWarning, match=message) as record:
        back = ls.import_export(write_json(tmp_path / "e.json", mini_export))
    assert len(record) == 1
    erec, trec = back["a@x.org"][MINI_ID]
    assert [e["text"] for e in erec["entities"]] == kept
    assert [s["themes"] for s in trec["sentences"]] == [[], ["economy"], []]
    assert validate_entities(erec, MINI, "e") == []


@pytest.mark.parametrize("name", ["a/b", "..", "tên", ""])
def test_unusable_annotator_names_are_refused(tmp_path, mini_export, name):
    path = write_json(tmp_path / "e.json", mini_export)
    with pytest.raises(DienbienError, match=r"\[E049\]"):
        ls.import_export(path, annotators={"a@x.org": name})


def test_empty_file(tmp_path):
    (tmp_path / "e.json").write_text("", encoding="utf-8")
    with pytest.raises(DienbienError, match=re.escape("file is empty")):
        ls.import_export(tmp_path / "e.json")
