"""The annotation commands as a user meets them: agreement, adjudication, Label Studio and doccano round trips.

The commands are mounted on a throwaway Typer app, as ``dienbien_nlp.cli`` mounts them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from dienbien_nlp.cli.annotate import adjudicate, agreement, doccano_app, labelstudio_app
from dienbien_nlp.eval.agreement import entity_agreement, theme_agreement
from dienbien_nlp.schema import theme_ids

from .conftest import CORPUS, INTERVIEW_ID, ROOT
from .test_labelstudio import FIXTURE, MINI_ID, as_export, gold, mini_records, write_json

PASSES = ROOT / "annotations" / "passes"


def make_app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)
    app.add_typer(labelstudio_app, name="labelstudio")
    app.add_typer(doccano_app, name="doccano")
    app.command()(agreement)
    app.command()(adjudicate)
    return app


def run(*args: Any):
    return CliRunner().invoke(make_app(), [str(a) for a in args])


def pass_folder(tmp_path: Path, name: str) -> Path:
    """A folder with both records of a pass, in the entities/ + themes/ layout."""
    out = tmp_path / name
    for kind in ("entities", "themes"):
        (out / kind).mkdir(parents=True)
        shutil.copy(PASSES / kind / name / f"{INTERVIEW_ID}.json", out / kind)
    return out


def mini_folder(tmp_path: Path, name: str, spans, themes) -> Path:
    from dienbien_nlp.annotation.records import write_record

    ent, th = mini_records(spans, themes)
    out = tmp_path / name
    write_record(out / "entities" / f"{MINI_ID}.json", {**ent, "annotator": name})
    write_record(out / "themes" / f"{MINI_ID}.json", {**th, "annotator": name})
    return out


# ---------------------------------------------------------------------------
# agreement


def test_agreement_of_the_two_entity_passes(tmp_path):
    r = run("agreement", pass_folder(tmp_path, "pass_a") / "entities", pass_folder(tmp_path, "pass_b") / "entities", "--json")
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    a, b = gold("pass_a")[0], gold("pass_b")[0]
    expected = entity_agreement(*[[(e["start"], e["end"], e["label"]) for e in rec["entities"]] for rec in (a, b)])
    assert result["entities"]["micro"]["f1"] == pytest.approx(expected["micro"]["f1"])
    for lab, row in expected["per_label"].items():
        assert result["entities"]["per_label"][lab]["f1"] == pytest.approx(row["f1"])
    assert result["themes"] is None and (result["a_annotator"], result["b_annotator"]) == ("pass_a", "pass_b")


def test_agreement_table_of_both_kinds(tmp_path):
    r = run("agreement", pass_folder(tmp_path, "pass_a"), pass_folder(tmp_path, "pass_b"))
    assert r.exit_code == 0, r.output
    ta, tb = ([s["themes"] for s in gold(p)[1]["sentences"]] for p in ("pass_a", "pass_b"))
    kappas = theme_agreement(ta, tb, theme_ids())
    lines = r.stdout.splitlines()
    assert any(line.startswith("micro ") for line in lines)
    row = next(line for line in lines if line.startswith("party_building "))
    assert row.split()[-1] == f"{kappas['per_theme']['party_building']['kappa']:.3f}"
    assert f"mean kappa {kappas['mean_kappa']:.3f}" in r.stdout


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda t: (t / "nope", PASSES / "entities" / "pass_b"), r"error: \[E001\] .*nope: no such file"),
        (
            lambda t: (ROOT / "annotations" / "adjudication", PASSES / "entities" / "pass_b"),
            r"error: \[E046\] .*neither an entity record",
        ),
        (
            lambda t: ((t / "empty").mkdir() or t / "empty", PASSES / "entities" / "pass_b"),
            r"error: \[E046\] .*no <doc_id>.json",
        ),
        (
            lambda t: (PASSES / "entities" / "pass_a", PASSES / "themes" / "pass_b"),
            r"error: \[E047\] .*no document has entity or theme records in both",
        ),
    ],
    ids=["missing folder", "not records", "empty folder", "nothing in common"],
)
def test_agreement_errors_are_one_line(tmp_path, setup, message):
    import re

    r = run("agreement", *setup(tmp_path))
    assert r.exit_code == 1
    *warned, last = r.stderr.strip().splitlines()
    assert re.match(message, last) and "Traceback" not in r.output
    assert all(line.startswith("warning: [W019]") for line in warned)


def test_agreement_refuses_different_texts(tmp_path):
    a = mini_folder(tmp_path, "a", [(8, 17, "LOC")], ((), (), ()))
    b = tmp_path / "b"
    shutil.copytree(a, b)
    rec = json.loads((b / "entities" / f"{MINI_ID}.json").read_text(encoding="utf-8"))
    rec["text_sha256"] = "0" * 64
    (b / "entities" / f"{MINI_ID}.json").write_text(json.dumps(rec), encoding="utf-8")
    r = run("agreement", a, b)
    assert r.exit_code == 1 and "[E047]" in r.stderr and "different texts of 'mini'" in r.stderr


# ---------------------------------------------------------------------------
# adjudicate


def _decide(path: Path, decide) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        item = json.loads(line)
        item["decision"] = decide(item)
        out.append(json.dumps(item, ensure_ascii=False))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


@pytest.mark.parametrize("side", ["a", "b"])
def test_adjudicating_all_for_one_side_gives_that_side(tmp_path, side):
    a, b = pass_folder(tmp_path, "pass_a"), pass_folder(tmp_path, "pass_b")
    dis = tmp_path / "dis.jsonl"
    r = run("adjudicate", a, b, "-o", dis, "--corpus", CORPUS)
    assert r.exit_code == 0, r.output
    header, *items = [json.loads(x) for x in dis.read_text(encoding="utf-8").splitlines()]
    assert header["kind"] == "header" and header["disagreements"] == len(items) > 0
    assert {i["kind"] for i in items} == {"entity", "themes"}
    assert all(i["decision"] is None and (i.get("context") or i.get("text")) for i in items)
    _decide(dis, lambda item: side)
    out = tmp_path / "gold"
    r = run("adjudicate", a, b, "--apply", dis, "--out", out, "--corpus", CORPUS)
    assert r.exit_code == 0, r.output
    erec, trec = gold(f"pass_{side}")
    for kind, rec in (("entities", erec), ("themes", trec)):
        written = json.loads((out / kind / f"{INTERVIEW_ID}.json").read_text(encoding="utf-8"))
        assert written == {**rec, "annotator": "adjudicated"}


@pytest.mark.parametrize("kind", ["entities", "themes"])
def test_the_committed_decisions_reproduce_the_committed_gold(tmp_path, kind):
    a, b = PASSES / kind / "pass_a", PASSES / kind / "pass_b"
    dis = tmp_path / "dis.jsonl"
    assert run("adjudicate", a, b, "-o", dis, "--corpus", CORPUS).exit_code == 0
    def committed(doc_id: str) -> Path:
        return ROOT / "annotations" / kind / f"{doc_id}.json"

    def as_decided(item: dict[str, Any]) -> Any:
        gold_rec = json.loads(committed(item["doc_id"]).read_text(encoding="utf-8"))
        if item["kind"] == "entity":
            inside = [e for e in gold_rec["entities"] if item["start"] <= e["start"] and e["end"] <= item["end"]]
            return [{k: e[k] for k in ("start", "end", "label")} for e in inside]
        return next(
            x["themes"] for x in gold_rec["sentences"] if (x["start"], x["end"]) == (item["start"], item["end"])
        )

    _decide(dis, as_decided)
    r = run("adjudicate", a, b, "--apply", dis, "--out", tmp_path / "gold", "--corpus", CORPUS)
    assert r.exit_code == 0, r.output
    docs = sorted(p.stem for p in a.glob("*.json"))
    assert INTERVIEW_ID in docs and len(docs) >= 5
    for doc_id in docs:
        assert (tmp_path / "gold" / kind / f"{doc_id}.json").read_bytes() == committed(doc_id).read_bytes()


def test_decisions_both_none_and_edited(tmp_path):
    # A: "Điện Biên" LOC; B: "Tỉnh ủy Điện Biên" ORG; only A marks "Hà Nội"; they differ on "Ba Đình"'s label.
    a = mini_folder(tmp_path, "a", [(8, 17, "LOC"), (24, 30, "LOC"), (36, 43, "LOC")], ((), ("economy",), ()))
    b = mini_folder(
        tmp_path, "b", [(0, 17, "ORG"), (36, 43, "ORG")], ((), ("economy", "culture_tourism"), ("culture_tourism",))
    )
    dis = tmp_path / "dis.jsonl"
    assert run("adjudicate", a, b, "-o", dis).exit_code == 0
    decisions = {
        f"{MINI_ID}:entity:0-17": [{"start": 0, "end": 17, "label": "ORG", "text": "Tỉnh ủy Điện Biên"}],
        f"{MINI_ID}:entity:24-30": "none",
        f"{MINI_ID}:entity:36-43": "b",
        f"{MINI_ID}:themes:24-35": "both",
        f"{MINI_ID}:themes:36-44": ["health"],
    }
    _decide(dis, lambda item: decisions[item["id"]])
    r = run("adjudicate", a, b, "--apply", dis, "--out", tmp_path / "gold")
    assert r.exit_code == 0, r.output
    ents = json.loads((tmp_path / "gold" / "entities" / f"{MINI_ID}.json").read_text(encoding="utf-8"))["entities"]
    assert [(e["text"], e["label"]) for e in ents] == [("Tỉnh ủy Điện Biên", "ORG"), ("Ba Đình", "ORG")]
    sents = json.loads((tmp_path / "gold" / "themes" / f"{MINI_ID}.json").read_text(encoding="utf-8"))["sentences"]
    assert [s["themes"] for s in sents] == [[], ["economy", "culture_tourism"], ["health"]]


@pytest.mark.parametrize(
    ("decide", "message"),
    [
        (lambda item: None, r"\[E048\] .*line 2: no decision yet"),
        (lambda item: "maybe", r"\[E048\] .*line 2: decision 'maybe' is not one of"),
        (
            lambda item: "both" if item["kind"] == "entity" else "a",
            r"\[E048\] .*line 2: the decision gives overlapping entities 0-17 ORG and 8-17 LOC",
        ),
        (
            lambda item: (
                [{"start": 0, "end": 4, "label": "ORG", "text": "Tỉnh ủy"}] if item["kind"] == "entity" else "a"
            ),
            r"\[E048\] .*'text' 'Tỉnh ủy' does not match the document \('Tỉnh'\)",
        ),
        (
            lambda item: [{"start": 0, "end": 4, "label": "PERSON"}] if item["kind"] == "entity" else "a",
            r"\[E048\] .*label 'PERSON' is not in the schema",
        ),
        (
            lambda item: ["sport"] if item["kind"] == "themes" else "a",
            r"\[E048\] .*themes \['sport'\] are not in the schema",
        ),
    ],
    ids=["undecided", "unknown word", "overlap", "wrong text", "unknown label", "unknown theme"],
)
def test_bad_decisions_name_the_line(tmp_path, decide, message):
    import re

    a = mini_folder(tmp_path, "a", [(8, 17, "LOC")], ((), ("economy",), ()))
    b = mini_folder(tmp_path, "b", [(0, 17, "ORG")], ((), (), ()))
    dis = tmp_path / "dis.jsonl"
    assert run("adjudicate", a, b, "-o", dis).exit_code == 0
    _decide(dis, decide)
    r = run("adjudicate", a, b, "--apply", dis, "--out", tmp_path / "gold")
    assert r.exit_code == 1 and re.search(message, r.stderr), r.output
    assert not (tmp_path / "gold").exists()


def test_apply_refuses_a_stale_file_and_existing_gold(tmp_path):
    a = mini_folder(tmp_path, "a", [(8, 17, "LOC")], ((), ("economy",), ()))
    b = mini_folder(tmp_path, "b", [(0, 17, "ORG")], ((), (), ()))
    dis = tmp_path / "dis.jsonl"
    assert run("adjudicate", a, b, "-o", dis).exit_code == 0
    r = run("adjudicate", a, b, "-o", dis)
    assert r.exit_code == 1 and "[E041]" in r.stderr  # an edited file is never overwritten without --force
    _decide(dis, lambda item: "a")
    gold_dir = tmp_path / "gold"
    assert run("adjudicate", a, b, "--apply", dis, "--out", gold_dir).exit_code == 0
    r = run("adjudicate", a, b, "--apply", dis, "--out", gold_dir)
    assert r.exit_code == 1 and "[E041]" in r.stderr and "pass --force" in r.stderr
    assert run("adjudicate", a, b, "--apply", dis, "--out", gold_dir, "--force").exit_code == 0
    mini_folder(tmp_path / "changed", "b", [(0, 17, "ORG"), (36, 43, "LOC")], ((), (), ()))
    r = run("adjudicate", a, tmp_path / "changed" / "b", "--apply", dis, "--out", tmp_path / "gold2")
    assert r.exit_code == 1 and "[E048]" in r.stderr and "run adjudicate again" in r.stderr


# ---------------------------------------------------------------------------
# labelstudio and doccano commands


def test_labelstudio_config_command(tmp_path):
    from dienbien_nlp.annotation.labelstudio import labeling_config

    r = run("labelstudio", "config")
    assert r.exit_code == 0 and r.stdout == labeling_config()
    assert run("labelstudio", "config", "-o", tmp_path / "c.xml").exit_code == 0
    assert (tmp_path / "c.xml").read_text(encoding="utf-8") == labeling_config()


def test_labelstudio_workflow_commands(tmp_path, interview):
    tasks_path = tmp_path / "tasks.json"
    r = run("labelstudio", "export", INTERVIEW_ID, "--corpus", CORPUS, "--from", ROOT / "annotations", "-o", tasks_path)
    assert r.exit_code == 0, r.output
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    assert {t["predictions"][0]["model_version"] for t in tasks} == {"annotations:adjudicated"}
    export = write_json(tmp_path / "export.json", as_export(tasks, {"gold@example.org": gold()}))
    out = tmp_path / "annotations"
    r = run(
        "labelstudio", "import", export, "--out", out, "--annotator", "gold@example.org=checked", "--corpus", CORPUS
    )
    assert r.exit_code == 0, r.output
    assert f"checked: {INTERVIEW_ID}: 157 entities, 79 sentences" in r.stdout
    written = json.loads((out / "passes" / "entities" / "checked" / f"{INTERVIEW_ID}.json").read_text(encoding="utf-8"))
    assert written == {**gold()[0], "annotator": "checked"}
    r = run("labelstudio", "import", export, "--out", out, "--annotator", "gold@example.org=checked")
    assert r.exit_code == 1 and r.stderr.startswith("error: [E041]") and "Traceback" not in r.output


def test_labelstudio_import_prints_warnings_and_checks_the_corpus(tmp_path, interview):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data[0]["annotations"][0]["result"][0]["value"]["labels"] = ["PERSON"]
    path = write_json(tmp_path / "e.json", data)
    r = run("labelstudio", "import", path, "--out", tmp_path / "a", "--corpus", CORPUS, "--dry-run")
    assert r.exit_code == 0, r.output
    assert "warning: [W011]" in r.stderr and "task 1 " in r.stderr and not (tmp_path / "a").exists()
    # The same document id in another corpus, with a changed text: the offsets cannot be trusted.
    from dienbien_nlp.corpus import ingest

    changed = tmp_path / f"{INTERVIEW_ID}.txt"
    changed.write_text(interview.raw.replace("Điện Biên", "Điện  Biên", 1), encoding="utf-8")
    ingest(changed, tmp_path / "corpus", doc_id=INTERVIEW_ID)
    r = run("labelstudio", "import", FIXTURE, "--out", tmp_path / "a", "--corpus", tmp_path / "corpus")
    assert r.exit_code == 1 and r.stderr.startswith("error: [E045]") and f"document '{INTERVIEW_ID}'" in r.stderr


def test_labelstudio_bad_annotator_mapping(tmp_path):
    r = run("labelstudio", "import", FIXTURE, "--annotator", "pass_a", "--out", tmp_path)
    assert r.exit_code == 1 and "[E049]" in r.stderr and "ID=NAME" in r.stderr


def test_labelstudio_export_of_a_text_file(tmp_path):
    (tmp_path / "Bài viết 1.txt").write_text("Tỉnh ủy Điện Biên họp.\nHà Nội đẹp.\n", encoding="utf-8")
    r = run("labelstudio", "export", tmp_path / "Bài viết 1.txt")
    assert r.exit_code == 0, r.output
    tasks = json.loads(r.stdout)
    assert [(t["data"]["doc_id"], t["data"]["offset"], t["data"]["text"]) for t in tasks] == [
        ("bai-viet-1", 0, "Tỉnh ủy Điện Biên họp."),
        ("bai-viet-1", 23, "Hà Nội đẹp."),
    ]
    assert all(t["predictions"][0]["model_version"].startswith("dienbien-nlp ") for t in tasks)


def test_doccano_commands(tmp_path):
    from .test_doccano import as_doccano_export

    # Entity records alone: the pipeline finds the sentences.
    r = run(
        "doccano",
        "export",
        INTERVIEW_ID,
        "--corpus",
        CORPUS,
        "--from",
        PASSES / "entities" / "pass_a",
        "--layout",
        "sequence",
    )
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert sum(len(x["label"]) for x in lines) == len(gold("pass_a")[0]["entities"])
    r = run(
        "doccano",
        "export",
        INTERVIEW_ID,
        "--corpus",
        CORPUS,
        "--from",
        ROOT / "annotations",
        "-o",
        tmp_path / "x.jsonl",
    )
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()]
    (tmp_path / "admin.jsonl").write_text(as_doccano_export(lines), encoding="utf-8")
    r = run("doccano", "import", tmp_path / "admin.jsonl", "--out", tmp_path / "ann", "--corpus", CORPUS)
    assert r.exit_code == 0, r.output
    for kind, rec in zip(("entities", "themes"), gold(), strict=True):
        written = json.loads(
            (tmp_path / "ann" / "passes" / kind / "admin" / f"{INTERVIEW_ID}.json").read_text(encoding="utf-8")
        )
        assert written == {**rec, "annotator": "admin"}
    r = run("doccano", "export", INTERVIEW_ID, "--layout", "ner")
    assert r.exit_code == 1 and "[E042]" in r.stderr and "unknown layout 'ner'" in r.stderr
