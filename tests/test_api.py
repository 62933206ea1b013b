"""The public functions, the one record shape of `tag` and its JSON Schema, the merger table, and the README's examples."""

from __future__ import annotations

import csv
import doctest
import importlib.metadata
import json
import subprocess
import sys

import conllu
import pytest

from .conftest import INTERVIEW_ID, ROOT

TEXT = (
    "Năm 2022, sản lượng cà phê của tỉnh Kon Tum đạt 152,3 nghìn tấn, tăng 2,5 lần so với năm 2015.\n"
    "Tỉnh ủy Điện Biên lãnh đạo huyện Nậm Pồ thực hiện Nghị quyết số 11-NQ/TW của Bộ Chính trị.\n"
    "\n"
    "Tỉnh đã xây dựng nhiều trường học và đào tạo giáo viên. Đồng chí Trần Quốc Cường phát biểu."
)


def run(*args, stdin=None, cwd=ROOT, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "dienbien_nlp.cli", *args], input=stdin, capture_output=True, cwd=cwd, timeout=timeout
    )


def lines(r):
    assert r.returncode == 0, r.stderr.decode()
    return [json.loads(x) for x in r.stdout.decode().splitlines()]


@pytest.fixture(scope="module")
def validator():
    from jsonschema import Draft202012Validator

    from dienbien_nlp.tag_schema import load_tag_schema

    schema = load_tag_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def check(validator, recs):
    assert recs
    for rec in recs:
        errors = [e.message for e in validator.iter_errors(rec)]
        assert not errors, (rec, errors)


# ----------------------------------------------------------------------------------- functions against the CLI


def test_every_public_function_says_what_the_cli_says(tmp_path):
    import dienbien_nlp

    p = tmp_path / "Mẫu 1.txt"
    p.write_text(TEXT, encoding="utf-8")
    cli = lines(run("tag", str(p), "--tokens"))
    predict = lines(run("themes", "predict", str(p)))

    assert dienbien_nlp.tag(TEXT, doc_id="mau-1", tokens=True) == cli
    assert dienbien_nlp.tag(TEXT) == [{k: v for k, v in r.items() if k != "tokens"} | {"doc": "text"} for r in cli]
    assert dienbien_nlp.sentences(TEXT) == [{k: r[k] for k in ("start", "end", "text")} for r in cli]
    assert dienbien_nlp.tokens(TEXT) == [t for r in cli for t in r["tokens"]]
    assert dienbien_nlp.entities(TEXT) == [e for r in cli for e in r["entities"]]
    assert dienbien_nlp.claims(TEXT) == [c for r in cli for c in r["claims"]]
    assert dienbien_nlp.themes(TEXT) == [{k: r[k] for k in ("start", "end", "text", "themes")} for r in cli]
    assert [{k: v for k, v in r.items() if k != "doc"} for r in predict] == dienbien_nlp.themes(TEXT)
    # the text exercises every part
    assert {e["label"] for e in dienbien_nlp.entities(TEXT)} >= {"LOC", "ORG", "RESOLUTION", "PER"}
    assert dienbien_nlp.claims(TEXT) and any(r["themes"] for r in cli)
    for t in dienbien_nlp.tokens(TEXT):
        assert TEXT[t["start"] : t["end"]] == t["text"]


def test_switched_off_components_leave_their_fields_out(tmp_path):
    import dienbien_nlp

    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    cli = lines(run("tag", str(p), "--no-themes", "--no-claims"))
    assert all(set(r) == {"doc", "start", "end", "text", "entities"} for r in cli)
    assert dienbien_nlp.tag(TEXT, doc_id="a", themes=False, claims=False) == cli
    cli = lines(run("tag", str(p), "--no-entities"))
    assert all(set(r) == {"doc", "start", "end", "text", "themes"} for r in cli)  # no entities, so no claims


def test_functions_take_only_text():
    import dienbien_nlp

    with pytest.raises(TypeError):
        dienbien_nlp.entities(b"bytes")
    assert dienbien_nlp.tag("") == [] and dienbien_nlp.sentences("  \n") == []


def test_submodules_of_the_same_names_stay_importable():
    import warnings

    import dienbien_nlp
    from dienbien_nlp.claims import extract_claims  # noqa: F401

    with warnings.catch_warnings():  # the old path of a moved module, importable for one release
        warnings.simplefilter("ignore", DeprecationWarning)
        from dienbien_nlp.themes import ThemeClassifier  # noqa: F401

    assert callable(dienbien_nlp.themes) and dienbien_nlp.themes.__module__ == "dienbien_nlp.api"
    assert dienbien_nlp.claims.__module__ == "dienbien_nlp.api" and dienbien_nlp.sentences.__module__ == "dienbien_nlp.api"


# ----------------------------------------------------------------------------------- one schema, every input


def test_the_shipped_json_schema_is_the_generated_one():
    from dienbien_nlp.schema import load_schema
    from dienbien_nlp.tag_schema import load_tag_schema, tag_json_schema

    shipped = load_tag_schema()
    assert shipped == tag_json_schema()  # else: python scripts/build_tag_schema.py
    attrs = shipped["properties"]["entities"]["items"]["properties"]["attrs"]["properties"]
    assert set(attrs) == {f for lab in load_schema()["entities"]["labels"] for f in lab["fields"]}


def test_the_json_schema_validates_every_input_kind_and_doc_ids_follow_the_rule(tmp_path, validator):
    d = tmp_path / "folder"
    (d / "sub").mkdir(parents=True)
    (d / "Bài viết 1.txt").write_text("Tỉnh ủy Điện Biên họp. Huyện Nậm Pồ.", encoding="utf-8")
    (d / "sub" / "b.txt").write_text("Tỉnh Lào Cai.", encoding="utf-8")
    (d / "sub-b.txt").write_text("Yên Bái.", encoding="utf-8")  # its slug is taken by sub/b.txt, which sorts first
    with_id = tmp_path / "with_id.jsonl"
    with_id.write_text(json.dumps({"id": "x1", "text": "Tỉnh Kon Tum."}, ensure_ascii=False) + "\n", encoding="utf-8")
    no_id = tmp_path / "no_id.jsonl"
    no_id.write_text('{"text": "Xin chào."}\n\n{"text": "Tạm biệt."}\n', encoding="utf-8")
    cases = {
        "file": (run("tag", str(d / "Bài viết 1.txt")), ["bai-viet-1"]),
        "stdin": (run("tag", "-", stdin="Xin chào.\nTỉnh Kon Tum.".encode()), ["stdin"]),
        "folder": (run("tag", str(d)), ["bai-viet-1", "sub-b", "sub-b-2"]),
        "jsonl with id": (run("tag", str(with_id)), ["x1"]),
        "jsonl without id": (run("tag", str(no_id)), ["1", "3"]),
        "tokens": (run("tag", str(d), "--tokens"), ["bai-viet-1", "sub-b", "sub-b-2"]),
    }
    for kind, (r, ids) in cases.items():
        recs = lines(r)
        check(validator, recs)
        assert list(dict.fromkeys(x["doc"] for x in recs)) == ids, kind
        assert all({"doc", "start", "end", "text", "themes", "entities", "claims"} <= set(x) for x in recs), kind
        assert all(("tokens" in x) == (kind == "tokens") for x in recs), kind
    bad = {**lines(cases["file"][0])[0], "extra": 1}
    assert list(validator.iter_errors(bad))  # the schema is closed: it can fail


def test_interview_output_is_valid_and_declares_every_attribute(interview, validator):
    import dienbien_nlp
    from dienbien_nlp.schema import load_schema

    recs = dienbien_nlp.tag(interview.text, doc_id=INTERVIEW_ID, tokens=True)
    check(validator, recs)
    declared = {lab["id"]: set(lab["fields"]) for lab in load_schema()["entities"]["labels"]}
    seen: dict[str, set[str]] = {}
    for r in recs:
        for e in r["entities"]:
            seen.setdefault(e["label"], set()).update(e["attrs"])
    for label, keys in seen.items():
        assert keys <= declared[label], (label, keys - declared[label])
    assert {"codes", "province_code", "merged_into"} <= seen["LOC"]


def test_tag_conllu_has_newdoc_ids_and_themes(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_text("Tỉnh đã xây dựng nhiều trường học và đào tạo giáo viên. Xin chào.", encoding="utf-8")
    (d / "b.txt").write_text("Tạm biệt.", encoding="utf-8")
    r = run("tag", str(d), "--format", "conllu")
    assert r.returncode == 0, r.stderr
    sents = conllu.parse(r.stdout.decode())
    assert [s.metadata.get("newdoc id") for s in sents] == ["a", None, "b"]
    assert [s.metadata["sent_id"] for s in sents] == ["a-1", "a-2", "b-1"]
    assert sents[0].metadata["themes"] == "education_workforce" and "themes" not in sents[1].metadata


def test_build_conllu_rows_carry_themes():
    from dienbien_nlp.export.conllu_rows import rows_to_conllu

    row = {"id": "d-1", "doc_id": "d", "text": "Đẹp.", "tokens": ["Đẹp", "."], "pos_tags": ["A", "CH"],
           "upos": ["ADJ", "PUNCT"], "ner_tags": ["O", "O"], "themes": ["economy", "health"], "speaker": None,
           "segment_type": "title"}  # fmt: skip
    (s,) = conllu.parse(rows_to_conllu([row]))
    assert (s.metadata["newdoc id"], s.metadata["themes"], s.metadata["segment_type"]) == ("d", "economy,health", "title")


def test_themes_predict_writes_tsv_to_a_file(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("Tỉnh đã xây dựng nhiều trường học và đào tạo giáo viên.\nXin chào.", encoding="utf-8")
    out = tmp_path / "out.tsv"
    r = run("themes", "predict", str(p), "--format", "tsv", "-o", str(out))
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    assert rows == [["doc", "start", "end", "themes", "text"], ["x", "0", "55", "education_workforce", rows[1][4]], ["x", "56", "65", "", "Xin chào."]]
    r = run("themes", "predict", str(p), "--format", "xml", "-o", str(out.with_suffix(".xml")))
    assert r.returncode == 1 and "E014" in r.stderr.decode() and not out.with_suffix(".xml").exists()


def test_a_bad_model_file_is_one_error_line(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Xin chào.", encoding="utf-8")
    bad = tmp_path / "m.crfsuite"
    bad.write_text("not a model", encoding="utf-8")
    for opt, code in (("--entity-model", "E065"), ("--theme-model", "E031")):
        r = run("tag", str(p), opt, str(bad))
        err = r.stderr.decode()
        assert r.returncode == 1 and code in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
        assert r.stdout == b""


# ----------------------------------------------------------------------------------- the 2025 merger


def _merger_rows():
    text = (ROOT / "dienbien_nlp" / "resources" / "gazetteer" / "merger_2025.tsv").read_text(encoding="utf-8")
    header = [ln for ln in text.splitlines() if ln.startswith("#")]
    return header, list(csv.DictReader([ln for ln in text.splitlines() if not ln.startswith("#")], delimiter="\t"))


def test_merger_table_gives_every_old_province_and_district_a_2025_province():
    header, rows = _merger_rows()
    assert f"vietnam-provinces {importlib.metadata.version('vietnam-provinces')}" in " ".join(header)
    units = list(csv.DictReader((ROOT / "dienbien_nlp/resources/gazetteer/admin_units.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    new = {u["code"]: u["name"] for u in units if u["era"] == "2025" and u["admin_level"] == "province"}
    old = {(u["admin_level"], u["code"]) for u in units if u["era"] == "pre2025" and u["admin_level"] in ("province", "district")}
    assert {(r["admin_level"], r["old_code"]) for r in rows} == old
    assert {r["new_code"] for r in rows} == set(new)
    got = {r["old_name"]: new[r["new_code"]] for r in rows if r["admin_level"] == "province"}
    assert got["Kon Tum"] == "Quảng Ngãi" and got["Đắk Nông"] == "Lâm Đồng" and got["Bình Phước"] == "Đồng Nai"
    assert got["Ninh Thuận"] == "Khánh Hòa" and got["Phú Yên"] == "Đắk Lắk" and got["Điện Biên"] == "Điện Biên"


def test_merger_table_is_what_the_script_writes(tmp_path):
    out = tmp_path / "m.tsv"
    r = subprocess.run([sys.executable, "scripts/build_merger.py", "--out", str(out)], cwd=ROOT, capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8") == (ROOT / "dienbien_nlp/resources/gazetteer/merger_2025.tsv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text,name,merged",
    [
        ("Kinh tế tỉnh Kon Tum tăng trưởng.", "Kon Tum", "Quảng Ngãi"),
        ("Kinh tế tỉnh Yên Bái tăng trưởng.", "Yên Bái", "Lào Cai"),
        ("Kinh tế huyện Nậm Pồ tăng trưởng.", "Nậm Pồ", "Điện Biên"),
        ("Kinh tế tỉnh Điện Biên tăng trưởng.", "Điện Biên", None),
    ],
)
def test_places_carry_merged_into(text, name, merged):
    import dienbien_nlp

    (e,) = [e for e in dienbien_nlp.entities(text) if e["label"] == "LOC"]
    assert e["text"] == name
    assert (e["attrs"]["merged_into"] or {}).get("name") == merged


def test_hf_entities_config_types_every_field():
    from datasets import Value

    from dienbien_nlp.export.card import field_docs
    from dienbien_nlp.export.hf import features
    from dienbien_nlp.export.rows import normalised_fields

    feats = features("entities")
    assert set(normalised_fields()) <= set(feats)
    assert set(feats["merged_into"]) == {"code", "name", "admin_level"} and set(feats["codes"]) == {"pre2025", "2025"}
    assert feats["year"] == Value("string") and feats["province_code"] == Value("string")
    docs = field_docs("entities")
    assert all(docs[f] for f in ("codes", "province_code", "merged_into", "year"))


# ----------------------------------------------------------------------------------- the CLI's habits


def _commands():
    import typer

    from dienbien_nlp.cli import app, readable_metavars

    root = typer.main.get_command(app)
    readable_metavars(root)
    out = []

    def walk(cmd, path):
        subs = getattr(cmd, "commands", {})
        out.append(path)
        for name, sub in subs.items():
            walk(sub, [*path, name])

    walk(root, [])
    return out


def test_version_and_plain_metavars_on_every_help():
    import dienbien_nlp

    r = run("--version")
    assert r.returncode == 0 and r.stdout.decode().strip() == f"dienbien-nlp {dienbien_nlp.__version__}"
    import contextlib
    import io

    import typer

    from dienbien_nlp.cli import app, readable_metavars

    cmd = typer.main.get_command(app)
    readable_metavars(cmd)
    for path in _commands():
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf), pytest.raises(SystemExit) as exit_:
            cmd.main([*path, "--help"], prog_name="dienbien-nlp")
        out = buf.getvalue()
        assert exit_.value.code == 0 and "Usage" in out, path
        assert "<bool>" not in out and "<path>" not in out and "<int" not in out, (path, out)


def test_every_kind_option_lists_its_choices():
    from dienbien_nlp.corpus import KINDS
    from dienbien_nlp.learn.themes import CLASSIFIERS

    for args, kinds in ((["themes", "train"], CLASSIFIERS), (["ingest"], KINDS)):
        out = run(*args, "--help").stdout.decode()
        flat = " ".join(out.replace("│", " ").split())
        assert all(k in flat for k in kinds), (args, [k for k in kinds if k not in flat])


def test_readme_command_table_names_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| command | what it does |") :].split("\n\n")[0]
    for path in _commands():
        if path and not (len(path) == 1 and path[0] in ("evaluate", "themes", "labelstudio", "doccano", "corpus")):
            assert f"dienbien-nlp {' '.join(path)}" in table, path


# ----------------------------------------------------------------------------------- the README runs


def test_readme_examples_run():
    res = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert res.attempted >= 6 and res.failed == 0, res


@pytest.mark.parametrize("module", ["dienbien_nlp.api", "dienbien_nlp.rules.merger", "dienbien_nlp.tag_schema", "dienbien_nlp.export.entity_fields", "dienbien_nlp.tagging", "dienbien_nlp.learn.linear"])
def test_module_examples_run(module):
    import importlib

    importlib.import_module(module)
    res = doctest.testmod(sys.modules[module])
    assert res.attempted > 0 and res.failed == 0, res


def test_progress_bar_has_the_input_size_as_total_and_reaches_it(monkeypatch, tmp_path):
    import io

    import dienbien_nlp.tagging as tagging

    seen = {}
    real = tagging._progress_bar

    def spy(total):
        seen["bar"], task = real(total)
        return seen["bar"], task

    monkeypatch.setattr(tagging, "_progress_bar", spy)
    p = tmp_path / "a.txt"
    p.write_text("Xin chào. Tạm biệt.\n" * 50, encoding="utf-8")
    nlp = tagging.load_for_tagging(themes=False, entities=False)
    tagging.tag_path(nlp, str(p), io.StringIO(), progress=True)
    (task,) = seen["bar"].tasks
    assert task.total == p.stat().st_size == task.completed and task.fields["sentences"] == 100
