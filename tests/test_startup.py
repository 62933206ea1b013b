"""What a new process imports and loads: the package and the command line load only what the task uses."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT

#: Never needed to tag text with the shipped models, to show help or the version.
NEVER_FOR_TAGGING = ("sklearn", "datasets", "pyarrow", "matplotlib", "dask", "distributed", "skops", "pandas", "scipy", "joblib")
#: Not needed before a text is tagged.
NOT_FOR_HELP = (*NEVER_FOR_TAGGING, "spacy", "underthesea", "jinja2", "thinc", "pycrfsuite", "numpy")

_PROBE = """
import atexit, json, sys
atexit.register(lambda: print("MODULES=" + json.dumps(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr))
{body}
"""


def imported(body: str, *, stdin: bytes | None = None) -> set[str]:
    """Top-level names of the modules a new interpreter has imported when it exits after running ``body``."""
    r = subprocess.run(
        [sys.executable, "-c", _PROBE.replace("{body}", body)], input=stdin, capture_output=True, cwd=ROOT, timeout=300
    )
    marker = [x for x in r.stderr.decode().splitlines() if x.startswith("MODULES=")]
    assert marker, r.stderr.decode()
    return set(json.loads(marker[-1].removeprefix("MODULES=")))


def cli(*args: str) -> str:
    return f"import sys; sys.argv = ['dienbien-nlp', *{list(args)!r}]\nfrom dienbien_nlp.cli import main\nmain()"


def test_import_package_loads_no_pipeline():
    mods = imported("import dienbien_nlp")
    assert "dienbien_nlp" in mods
    assert not mods & set(NOT_FOR_HELP), mods & set(NOT_FOR_HELP)


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("tag", "--help"), ("corpus", "tag", "--help")])
def test_help_loads_no_pipeline(args):
    mods = imported(cli(*args))
    assert "typer" in mods
    assert not mods & set(NOT_FOR_HELP), mods & set(NOT_FOR_HELP)


def test_tag_one_sentence_loads_no_learning_or_export_stack():
    mods = imported(cli("tag", "-"), stdin="Tỉnh ủy Điện Biên họp.\n".encode())
    assert {"spacy", "underthesea"} <= mods  # it did tag
    assert not mods & set(NEVER_FOR_TAGGING), mods & set(NEVER_FOR_TAGGING)


def test_public_names_resolve_on_first_use():
    import dienbien_nlp
    import dienbien_nlp.claims.extract  # a submodule named like a task function does not replace it
    from dienbien_nlp import api
    from dienbien_nlp.pipeline import assemble

    assert dienbien_nlp.load is assemble.load
    for name in ("tag", "sentences", "tokens", "entities", "themes", "claims"):
        assert getattr(dienbien_nlp, name) is getattr(api, name)
    assert set(dienbien_nlp.__all__) <= set(dir(dienbien_nlp))
    assert dienbien_nlp.__version__
    with pytest.raises(AttributeError):
        _ = dienbien_nlp.no_such_name


def test_tag_ends_the_process_with_its_output_flushed_and_atexit_run(tmp_path):
    body = cli("tag", "-") + "\n"
    code = f"import atexit, sys\natexit.register(lambda: print('ATEXIT', file=sys.stderr))\n{body}"
    r = subprocess.run([sys.executable, "-c", code], input="Xin chào.\n".encode(), capture_output=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    assert [json.loads(x)["text"] for x in r.stdout.decode().splitlines()] == ["Xin chào."]
    assert "ATEXIT" in r.stderr.decode()
    out = tmp_path / "out.jsonl"
    r = subprocess.run([sys.executable, "-c", cli("tag", "-", "-o", str(out))], input=b"Xin ch\xc3\xa0o.\n", cwd=ROOT, timeout=300)
    assert r.returncode == 0 and json.loads(out.read_text(encoding="utf-8"))["text"] == "Xin chào."
    r = subprocess.run([sys.executable, "-c", cli("tag", str(tmp_path / "missing.txt"))], capture_output=True, cwd=ROOT, timeout=300)
    assert r.returncode == 1 and r.stderr.decode().startswith("error: [E001]")


def test_tagging_runs_underthesea_word_segmentation_without_the_rest_of_underthesea():
    code = (
        "import sys, json\n"
        "import dienbien_nlp\n"
        "words = [t['text'] for t in dienbien_nlp.tokens('Tỉnh ủy Điện Biên họp bàn việc triển khai Nghị quyết.')]\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('underthesea.'))\n"
        "from underthesea import pos_tag, word_tokenize  # the whole package still works, on first use\n"
        "import underthesea\n"
        "print(json.dumps([words, loaded, word_tokenize('Tỉnh ủy Điện Biên họp bàn việc triển khai Nghị quyết.'),\n"
        "                  [w for w, _ in pos_tag('Tỉnh ủy Điện Biên họp.')], underthesea.__version__]))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    words, loaded, theirs, pos_words, version = json.loads(r.stdout)
    assert {m.split(".")[1] for m in loaded} == {"pipeline"}, loaded  # no agent, address, classification, ...
    assert not any(m.startswith("underthesea.pipeline.pos_tag") for m in loaded)
    assert words == theirs
    assert pos_words == ["Tỉnh", "ủy", "Điện Biên", "họp", "."] and version
