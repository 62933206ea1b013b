"""Doc serialisation with srsly's msgpack hooks remembered: the same bytes, and new hooks still seen."""

from __future__ import annotations

import catalogue
import srsly.msgpack as sm
from spacy.tokens import Doc

from dienbien_nlp.pipeline.serialization import MemoRegistry, install


def test_installed_with_the_pipeline(nlp):
    assert isinstance(sm.msgpack_encoders, MemoRegistry) and isinstance(sm.msgpack_decoders, MemoRegistry)


def test_the_same_bytes_and_docs_as_without_the_memo(nlp, monkeypatch):
    docs = list(nlp.pipe(["Tỉnh ủy Điện Biên họp bàn việc triển khai Nghị quyết số 11-NQ/TW.", "Năm 2021, tỉnh trồng 1.200 ha rừng."]))
    fast = [d.to_bytes() for d in docs]
    monkeypatch.setattr(sm, "msgpack_encoders", sm.msgpack_encoders.registry)
    monkeypatch.setattr(sm, "msgpack_decoders", sm.msgpack_decoders.registry)
    assert [d.to_bytes() for d in docs] == fast
    plain = [Doc(nlp.vocab).from_bytes(b) for b in fast]
    monkeypatch.undo()
    install()
    read = [Doc(nlp.vocab).from_bytes(b) for b in fast]
    assert [d.to_json() for d in read] == [d.to_json() for d in plain] == [d.to_json() for d in docs]
    assert [[e._.attrs for e in d.ents] for d in read] == [[e._.attrs for e in d.ents] for d in docs]
    assert [d._.claims for d in read] == [d._.claims for d in docs]


def test_a_hook_registered_or_replaced_later_is_seen():
    install()
    memo = sm.msgpack_encoders
    before = memo.get_all()
    assert memo.get_all() == before

    def hook(obj, chain=None):
        return obj if chain is None else chain(obj)

    def other(obj, chain=None):
        return obj if chain is None else chain(obj)

    memo.registry.register("dienbien_test_hook", func=hook)
    try:
        assert memo.get_all()["dienbien_test_hook"] is hook
        memo.registry.register("dienbien_test_hook", func=other)  # replaced: the registry's size is unchanged
        assert memo.get_all()["dienbien_test_hook"] is other
    finally:
        catalogue.REGISTRY.pop(("srsly", "msgpack_encoders", "dienbien_test_hook"), None)
    assert "dienbien_test_hook" not in memo.get_all()
