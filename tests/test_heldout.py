"""The news gold is standoff: it must fit the VNTC texts in ../shared/data, and carry no text itself.

Scores by split use the whole gold: the corpus's own documents always, the news
articles where the VNTC sample is found (these tests skip elsewhere).
"""

from __future__ import annotations

import json

import pytest

from dienbien_nlp.annotation.gold import load_gold
from dienbien_nlp.corpus.news import news_texts, selection
from dienbien_nlp.errors import DienbienError
from dienbien_nlp.eval import heldout

from .conftest import ROOT, SHARED

VNTC = SHARED / "data" / "vntc-politics-sample.jsonl.gz"
ANNOTATIONS = ROOT / "annotations"
needs_vntc = pytest.mark.skipif(not VNTC.exists(), reason=f"{VNTC} is not available")


def test_news_records_hold_no_text():
    files = list(ANNOTATIONS.glob("news/**/*.json"))
    assert len(files) > 100
    for f in files:
        if f.name == "selection.json":
            continue
        rec = json.loads(f.read_text(encoding="utf-8"))
        items = rec.get("entities", rec.get("sentences", rec.get("claims", [])))
        assert all("text" not in i for i in items), f


@needs_vntc
def test_every_news_article_resolves_against_vntc():
    texts = news_texts(ANNOTATIONS, VNTC)
    assert set(texts) == {a["doc_id"] for a in selection(ANNOTATIONS)}
    docs, missing = load_gold(ROOT / "corpus", ANNOTATIONS, VNTC)
    assert missing is None
    news = [d for d in docs if d.genre == "news"]
    assert len(news) == len(texts)
    for d in news:
        assert all(d.text[s:e].strip() == d.text[s:e] != "" for s, e, _ in d.entities)


@needs_vntc
def test_a_changed_text_is_named_article_by_article(tmp_path):
    import gzip

    arts = selection(ANNOTATIONS)[:2]
    with gzip.open(VNTC, "rt", encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh]
    want = {a["vntc_id"] for a in arts}
    out = tmp_path / "copy.jsonl"
    with open(out, "w", encoding="utf-8") as fh:
        for r in recs:
            if r["id"] in want:
                r["text"] = r["text"].replace("a", "á", 1)
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    with pytest.raises(DienbienError, match="E052") as err:
        news_texts(ANNOTATIONS, out)
    assert all(a["doc_id"] in str(err.value) for a in arts)


def test_without_vntc_the_news_are_left_out_and_said_so(tmp_path):
    docs, missing = load_gold(ROOT / "corpus", ANNOTATIONS, tmp_path / "missing.jsonl.gz")
    assert missing and "missing.jsonl.gz" in missing
    assert {d.genre for d in docs} == {"interview", "official"}


def test_scores_by_split_on_the_corpus_documents(tmp_path):
    docs, _ = load_gold(ROOT / "corpus", ANNOTATIONS, tmp_path / "none.jsonl.gz")
    test_docs = [d for d in docs if d.split == "test"]
    res = heldout.entity_scores(test_docs, n_boot=50)
    assert res["documents"] == len(test_docs) >= 1
    systems = res["systems"]
    assert 0 < systems["underthesea"]["micro"]["f1"] < systems["pipeline"]["micro"]["f1"] <= 1
    head, rows, _, _ = heldout.summary_tables({"entities": {"test": res}})
    assert rows[0][:2] == ["test", "all"] and len(rows[0]) == len(head)
