"""The learned claim filter: its features, training, safe model files and its place in the pipeline.

Every sentence here is invented for the test; none is copied from the gold.
"""

from __future__ import annotations

import json
import math

import pytest

from dienbien_nlp.errors import DienbienError
from dienbien_nlp.learn.claim_filter import ClaimFilter, shipped_filter, train_claim_filter, training_examples, value_features


def _doc(text: str, claims: list[str]) -> tuple[str, list[dict], list[tuple[int, int]]]:
    """A training document: its text, gold claims on the first occurrence of each string, one sentence per line."""
    gold, pos = [], 0
    for v in claims:
        s = text.index(v, pos)
        gold.append({"value": {"start": s, "end": s + len(v)}})
        pos = s + len(v)
    sents, start = [], 0
    for line in text.split("\n"):
        sents.append((start, start + len(line)))
        start += len(line) + 1
    return text, gold, sents


def test_features_read_the_words_around_the_value_in_its_sentence_only():
    text = "Tỉnh có 12 huyện.\nSản lượng đạt 1.250 nghìn tấn (năm 2023)."
    s = text.index("1.250")
    f = value_features(text, s, s + 5, (18, len(text)))
    assert f["l1=đạt"] == f["l2=lượng"] == f["r1=nghìn"] == f["r2=tấn"] == 1.0
    assert f["shape=9.9"] == 1.0 and "huyện" not in " ".join(f)  # nothing from the sentence before
    y = text.index("2023")
    g = value_features(text, y, y + 4, (18, len(text)))
    assert g["yearlike"] == g["in_paren"] == 1.0


def test_training_examples_are_every_number_and_every_gold_value():
    text, gold, sents = _doc("Phòng 12 có hai máy.\nDoanh thu đạt 30 tỷ đồng.", ["hai", "30"])
    X, y = training_examples(text, gold, sents)  # noqa: N806
    assert sorted(y) == [0, 1, 1] and len(X) == 3  # "12" is no claim, "hai" (a word) and "30" are


def test_a_filter_learns_the_contexts_of_non_claims_and_keeps_the_rest():
    docs = []
    for k, n in enumerate(range(11, 41)):
        docs.append(_doc(f"Phòng {n} tầng {k + 2} nhà A.\nDoanh thu năm nay đạt {n * 3} tỷ đồng, tăng {k + 5}%.", [str(n * 3), str(k + 5)]))
    flt = train_claim_filter(docs, folds=5)
    text = "Ông ở phòng 57 tầng 9.\nLợi nhuận đạt 88 tỷ đồng, tăng 14%."
    sents = [(0, 22), (23, len(text))]
    prob = {v: flt.probability(text, text.index(v), text.index(v) + len(v), next(s for s in sents if s[0] <= text.index(v) < s[1])) for v in ("57", "9", "88", "14")}
    assert prob["57"] < flt.threshold < prob["88"] and prob["9"] < flt.threshold < prob["14"]
    claims = [{"id": f"c{i}", "value": {"start": text.index(v), "end": text.index(v) + len(v)}} for i, v in enumerate(("57", "88", "14"), 1)]
    kept = flt.keep(text, claims, sents)
    assert [text[c["value"]["start"] : c["value"]["end"]] for c in kept] == ["88", "14"]
    assert [c["id"] for c in kept] == ["c1", "c2"]  # renumbered in text order
    assert 0.1 <= flt.threshold <= 0.75 and flt.meta["documents"] == 30


def test_a_model_file_round_trips_and_tagging_needs_no_scikit_learn(tmp_path):
    flt = ClaimFilter({"l1=đạt": 2.0, "l1=phòng": -3.0}, -0.5, 0.4, {"documents": 1})
    path = flt.save(tmp_path / "f.json")
    back = ClaimFilter.load(path)
    assert (back.weights, back.intercept, back.threshold, back.meta) == (flt.weights, flt.intercept, flt.threshold, flt.meta)
    text = "Doanh thu đạt 5 tỷ."
    p = back.probability(text, 14, 15, (0, len(text)))
    assert math.isclose(p, 1 / (1 + math.exp(-(2.0 - 0.5))))


@pytest.mark.parametrize(
    ("edit", "detail"),
    [
        (lambda b: b.update(format="something else"), "format marker"),
        (lambda b: b.update(version=99), "version"),
        (lambda b: b.update(code="__import__('os')"), "unexpected entries"),
        (lambda b: b.update(threshold=float("nan")), "finite"),
        (lambda b: b.update(threshold=1.5), "threshold"),
        (lambda b: b["weights"].update({"l1=đạt": "2"}), "weights"),
        (lambda b: b.update(meta=[]), "meta"),
    ],
)
def test_a_broken_or_foreign_model_file_is_refused_with_one_message(tmp_path, edit, detail):
    body = json.loads(ClaimFilter({"l1=đạt": 2.0}, 0.0, 0.5).to_json())
    edit(body)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(body), "utf-8")
    with pytest.raises(DienbienError, match=f"E067.*{detail}"):
        ClaimFilter.load(path)
    path.write_text("{not json", "utf-8")
    with pytest.raises(DienbienError, match="E067.*not JSON"):
        ClaimFilter.load(path)


def test_the_pipeline_keeps_a_subset_of_the_rules_claims_and_can_turn_the_filter_off(nlp):
    import dienbien_nlp

    assert shipped_filter() is not None
    text = "Năm 2023, sản lượng lúa đạt 1.250 nghìn tấn, tăng 5%. Sau 3 hồi chuông, ông Nam ra mở cửa."
    rules = dienbien_nlp.load(themes=False)
    rules.replace_pipe("dienbien_claims", "dienbien_claims", config={"learned_filter": False})
    every = [c["value"]["text"] for c in rules(text)._.claims]
    kept = [c["value"]["text"] for c in nlp(text)._.claims]
    assert every == ["1.250", "5", "3"]  # the rules take the count of rings for a claim
    assert kept == ["1.250", "5"]  # the filter does not
    assert [c["id"] for c in nlp(text)._.claims] == [f"c{k}" for k in range(1, len(kept) + 1)]
