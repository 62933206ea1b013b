"""The held-out annotations of unseen VNTC news are standoff: they must fit the texts in ../shared/data.

Both stay outside the repository (the texts may be used for internal benchmarking only);
these tests run where they are found and are skipped elsewhere.
"""

from __future__ import annotations

import json

import pytest

from dienbien_nlp import heldout
from dienbien_nlp.benchmarks import resolve_standoff
from dienbien_nlp.schema import entity_labels, theme_ids

from .conftest import ROOT, SHARED

VNTC = SHARED / "data" / "vntc-politics-sample.jsonl.gz"
ANNOTATIONS = ROOT / "annotations"
HELDOUT = heldout.default_heldout(ANNOTATIONS)
needs_vntc = pytest.mark.skipif(
    not (VNTC.exists() and HELDOUT.is_dir()), reason=f"{VNTC} or the held-out annotations in {HELDOUT} are not available"
)


@needs_vntc
def test_theme_annotations_resolve_against_vntc():
    known = set(theme_ids())
    for split in heldout.SPLITS:
        recs = heldout.resolve("themes", split, VNTC, HELDOUT)
        assert heldout.passes(recs, "themes") == ["a", "b"]
        assert len(recs) > 150
        assert all(r["text"].strip() and set(r["themes_a"]) | set(r["themes_b"]) <= known for r in recs)


@needs_vntc
def test_entity_annotations_resolve_against_vntc():
    labels = set(entity_labels())
    for split in heldout.SPLITS:
        recs = heldout.resolve("entities", split, VNTC, HELDOUT)
        names = heldout.passes(recs, "entities")
        assert len(recs) == 10 and names[0] == "a"
        for r in recs:
            for p in names:
                spans = r[f"entities_{p}"]
                assert all(lab in labels and r["text"][s:e].strip() == r["text"][s:e] != "" for s, e, lab in spans)
                assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


@needs_vntc
def test_a_changed_text_is_refused(tmp_path):
    first = (HELDOUT / "vntc-themes-test.jsonl").read_text(encoding="utf-8").splitlines()[0]
    rec = json.loads(first)
    rec["end"] -= 1  # the slice no longer matches its hash
    path = tmp_path / "standoff.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="does not match its hash"):
        resolve_standoff(path, VNTC, sentences=True)


def test_no_vntc_means_no_heldout_scores(tmp_path):
    assert heldout.evaluate_heldout(ANNOTATIONS, ROOT / "corpus", tmp_path / "missing.jsonl.gz") is None
    assert heldout.evaluate_heldout(ANNOTATIONS, ROOT / "corpus", VNTC, heldout_dir=tmp_path) is None


def test_no_third_party_annotations_in_the_repository():
    assert not list(ROOT.glob("annotations/**/vntc-*"))


@needs_vntc
def test_entity_scores_on_the_test_split():
    res = heldout.entity_scores("test", VNTC, HELDOUT)
    assert res["articles"] == 10 and res["agreement"]["f1"] > 0.9
    for p in ("a", "b"):
        systems = res["passes"][p]["systems"]
        assert set(systems) == {"underthesea", "rules", "pipeline"}
        assert 0 < systems["underthesea"]["micro"]["f1"] < systems["pipeline"]["micro"]["f1"] <= 1
