"""The cache of built tables: read back only when the same code made it, rebuilt when unreadable."""

from __future__ import annotations

import pickle

from dienbien_nlp import cache


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_second_call_reads_the_file(tmp_path):
    build, calls = counting({"a": [1, 2]})
    assert cache.cached("t", build, folder=tmp_path) == {"a": [1, 2]}
    assert cache.cached("t", build, folder=tmp_path) == {"a": [1, 2]}
    assert len(calls) == 1
    assert len(list(tmp_path.glob("t-*.pickle"))) == 1


def test_other_code_gets_another_file(tmp_path, monkeypatch):
    build, calls = counting(1)
    cache.cached("t", build, folder=tmp_path)
    monkeypatch.setattr(cache, "code_sha256", lambda: "f" * 64)
    cache.cached("t", build, folder=tmp_path)
    assert len(calls) == 2
    assert len(list(tmp_path.glob("t-*.pickle"))) == 2


def test_unreadable_file_is_rebuilt_and_replaced(tmp_path):
    build, calls = counting([3])
    cache.cached("t", build, folder=tmp_path)
    (path,) = tmp_path.glob("t-*.pickle")
    path.write_bytes(path.read_bytes()[:5])  # truncated
    assert cache.cached("t", build, folder=tmp_path) == [3]
    assert len(calls) == 2
    assert pickle.loads(path.read_bytes()) == [3]


def test_no_folder_or_off_means_no_file(tmp_path, monkeypatch):
    build, calls = counting(0)
    assert cache.cached("t", build, folder=None) == 0
    monkeypatch.setenv("DIENBIEN_CACHE", "off")
    assert cache.cache_folder() is None
    cache.cached("t", build)
    assert len(calls) == 2
    monkeypatch.setenv("DIENBIEN_CACHE", str(tmp_path / "c"))
    assert cache.cache_folder() == tmp_path / "c"
    monkeypatch.delenv("DIENBIEN_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache.cache_folder() == tmp_path / "x" / "dienbien-nlp"


def test_unwritable_folder_still_builds(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    build, calls = counting(5)
    assert cache.cached("t", build, folder=blocker / "sub") == 5


def test_only_the_newest_files_are_kept(tmp_path, monkeypatch):
    for k in range(cache.KEEP + 2):
        monkeypatch.setattr(cache, "code_sha256", lambda k=k: f"{k:x}" * 64)
        cache.cached("t", lambda: k, folder=tmp_path)
    assert len(list(tmp_path.glob("t-*.pickle"))) == cache.KEEP


def test_the_rule_tables_survive_the_round_trip(tmp_path):
    from dienbien_nlp.rules.tables import _Rules

    built = cache.cached("rules", _Rules, folder=tmp_path)
    read = cache.cached("rules", _Rules, folder=tmp_path)
    assert read is not built and sorted(vars(read)) == sorted(vars(built))
    assert (read.dict2, read.dict3, read.surnames, read.ctx_sets) == (built.dict2, built.dict3, built.surnames, built.ctx_sets)


def test_shared_objects_are_not_copied(tmp_path):
    big = {"k": list(range(10))}
    shared = {"big": lambda: big}
    build, calls = counting({"ref": big, "own": [1]})
    cache.cached("t", build, shared=shared, folder=tmp_path)
    read = cache.cached("t", build, shared=shared, folder=tmp_path)
    assert len(calls) == 1 and read["ref"] is big and read["own"] == [1]
    # a file that names a shared object the reader does not know is rebuilt
    assert cache.cached("t", build, shared={}, folder=tmp_path)["ref"] is big
    assert len(calls) == 2


def test_the_rules_share_the_gazetteer_of_the_process():
    from dienbien_nlp.rules.gazetteer import load_gazetteer
    from dienbien_nlp.rules.tables import _rules

    assert _rules().gaz is load_gazetteer()
