"""The held-out annotations of unseen VNTC news are standoff: they must fit the texts in ../shared/data."""

from __future__ import annotations

import importlib.util
import json
from types import ModuleType

import pytest

from dienbien_nlp.benchmarks import resolve_standoff
from dienbien_nlp.schema import entity_labels, theme_ids

from .conftest import ROOT, SHARED

VNTC = SHARED / "data" / "vntc-politics-sample.jsonl.gz"
needs_vntc = pytest.mark.skipif(not VNTC.exists(), reason=f"{VNTC} is not available")


def script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@needs_vntc
def test_theme_annotations_resolve_against_vntc():
    mod = script("eval_heldout_themes")
    known = set(theme_ids())
    for split in mod.SPLITS:
        recs = mod.resolve(split, VNTC)
        assert len(recs) > 150
        assert all(r["text"].strip() and set(r["themes_a"]) | set(r["themes_b"]) <= known for r in recs)


@needs_vntc
def test_entity_annotations_resolve_against_vntc():
    mod = script("eval_heldout_entities")
    labels = set(entity_labels())
    for split in mod.SPLITS:
        recs = mod.resolve(split, VNTC)
        assert len(recs) == 10 and mod.passes(recs)[0] == "a"
        for r in recs:
            for p in mod.passes(recs):
                spans = r[f"entities_{p}"]
                assert all(lab in labels and r["text"][s:e].strip() == r["text"][s:e] != "" for s, e, lab in spans)
                assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


@needs_vntc
def test_a_changed_text_is_refused(tmp_path):
    first = (ROOT / "annotations" / "external" / "vntc-themes-test.jsonl").read_text(encoding="utf-8").splitlines()[0]
    rec = json.loads(first)
    rec["end"] -= 1  # the slice no longer matches its hash
    path = tmp_path / "standoff.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="does not match its hash"):
        resolve_standoff(path, VNTC, sentences=True)
