"""Gold files: validation with one clear message per problem, and agreement kept in sync."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys

import pytest

from dienbien_nlp.annotation.records import read_record, validate_all, validate_entities, validate_themes
from dienbien_nlp.eval.agreement import corpus_agreement

from .conftest import CORPUS, INTERVIEW_ID, ROOT

ANN = ROOT / "annotations"


def test_all_gold_files_valid():
    n, problems = validate_all(ANN, CORPUS)
    assert n >= 6
    assert problems == []


def test_gold_covers_the_whole_article(interview):
    ents = read_record(ANN / "entities" / f"{INTERVIEW_ID}.json")["entities"]
    sents = read_record(ANN / "themes" / f"{INTERVIEW_ID}.json")["sentences"]
    assert len(sents) == 79
    assert ents[0]["start"] < 100 and ents[-1]["end"] > len(interview.text) - 100  # title to byline
    labels = {e["label"] for e in ents}
    assert labels == {"PER", "LOC", "ORG", "RESOLUTION", "PROJECT", "EVENT"}


def test_agreement_file_is_up_to_date():
    from dienbien_nlp.claims.gold import claims_agreement

    stored = json.loads((ANN / "agreement.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(claims_agreement(ANN))) == stored.pop("claims")
    assert json.loads(json.dumps(corpus_agreement(ANN))) == stored
    assert set(stored["by_genre"]) == {"interview", "official", "news"}


BASE = read_record(ANN / "entities" / f"{INTERVIEW_ID}.json")


def _mutate(fn):
    data = copy.deepcopy(BASE)
    fn(data)
    return data


@pytest.mark.parametrize(
    "mutate,needle",
    [
        (lambda d: d["entities"][0].update(end=10**6), "outside the text"),
        (lambda d: d["entities"][0].update(text="sai"), "does not match the text"),
        (lambda d: d["entities"][0].update(label="MISC"), "not in the schema"),
        (lambda d: d["entities"].append(dict(d["entities"][0], id="dup")), "overlaps"),
        (lambda d: d.update(text_sha256="0" * 64), "text changed"),
        (lambda d: d["entities"][1].update(start="3"), "integers"),
    ],
)
def test_entity_problems_named(interview, mutate, needle):
    problems = validate_entities(_mutate(mutate), interview.text, "x.json")
    assert len(problems) == 1
    assert problems[0].startswith("x.json: record '") and needle in problems[0]


def test_theme_problem_named(interview):
    data = read_record(ANN / "themes" / f"{INTERVIEW_ID}.json")
    data["sentences"][3]["themes"] = ["economy", "astrology"]
    problems = validate_themes(data, interview.text, "t.json")
    assert len(problems) == 1 and "astrology" in problems[0] and f"'{INTERVIEW_ID}-4'" in problems[0]


def test_validate_cli(tmp_path):
    ann = tmp_path / "annotations"
    shutil.copytree(ANN, ann)
    run = lambda: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "dienbien_nlp.cli", "validate", "--annotations", str(ann), "--corpus", str(CORPUS)],
        capture_output=True, timeout=300,
    )
    r = run()
    assert r.returncode == 0, r.stderr
    f = ann / "entities" / f"{INTERVIEW_ID}.json"
    f.write_text(f.read_text(encoding="utf-8").replace('"label": "PER"', '"label": "PERSON"', 1), encoding="utf-8")
    r = run()
    err = r.stderr.decode()
    assert r.returncode == 1 and "PERSON" in err and str(f) in err and "Traceback" not in err
    f.write_text("{ broken", encoding="utf-8")
    r = run()
    assert r.returncode == 1 and "E021" in r.stderr.decode()
