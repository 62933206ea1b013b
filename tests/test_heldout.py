"""The held-out annotations of unseen VNTC news are standoff: they must fit the texts in ../shared/data."""

from __future__ import annotations

import pytest

from dienbien_nlp.schema import theme_ids

from .conftest import ROOT


def test_external_theme_annotations_resolve_against_vntc():
    """The standoff held-out annotations point at the exact sentences of the VNTC sample (hash-checked)."""
    import importlib.util

    from .conftest import SHARED

    vntc = SHARED / "data" / "vntc-politics-sample.jsonl.gz"
    if not vntc.exists():
        pytest.skip(f"{vntc} is not available")
    spec = importlib.util.spec_from_file_location("eval_heldout_themes", ROOT / "scripts" / "eval_heldout_themes.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    known = set(theme_ids())
    for split in mod.SPLITS:
        recs = mod.resolve(split, vntc)
        assert len(recs) > 150
        assert all(r["text"].strip() and set(r["themes_a"]) | set(r["themes_b"]) <= known for r in recs)


def test_external_entity_annotations_resolve_against_vntc():
    """The standoff held-out entity spans fit the VNTC articles (hash-checked), with valid labels and no overlaps."""
    import importlib.util

    from .conftest import SHARED

    vntc = SHARED / "data" / "vntc-politics-sample.jsonl.gz"
    if not vntc.exists():
        pytest.skip(f"{vntc} is not available")
    spec = importlib.util.spec_from_file_location("eval_heldout_entities", ROOT / "scripts" / "eval_heldout_entities.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    from dienbien_nlp.schema import entity_labels

    labels = set(entity_labels())
    for split in mod.SPLITS:
        recs = mod.resolve(split, vntc)
        assert len(recs) == 10 and mod.passes(recs)[0] == "a"
        for r in recs:
            for p in mod.passes(recs):
                spans = r[f"entities_{p}"]
                assert all(lab in labels and r["text"][s:e].strip() == r["text"][s:e] != "" for s, e, lab in spans)
                assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
