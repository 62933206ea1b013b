"""The package's layout: a subpackage per stage, and the old flat module paths kept for one release."""

from __future__ import annotations

import importlib

import pytest

from dienbien_nlp import _moved


@pytest.mark.parametrize(("old", "new"), sorted(_moved.MOVED.items()))
def test_old_path_is_the_moved_module_and_warns(old, new):
    import sys

    module = importlib.import_module(f"dienbien_nlp.{new}")
    sys.modules.pop(f"dienbien_nlp.{old}", None)
    with pytest.warns(DeprecationWarning, match=f"dienbien_nlp.{old} moved to dienbien_nlp.{new}"):
        alias = importlib.import_module(f"dienbien_nlp.{old}")
    assert alias is module
    assert module.__spec__.name == module.__name__ == f"dienbien_nlp.{new}"


def test_packages_that_replaced_modules_keep_their_public_names():
    from dienbien_nlp.claims import extract_claims
    from dienbien_nlp.corpus import Document, load_corpus
    from dienbien_nlp.docrefs import find_doc_refs
    from dienbien_nlp.pipeline import load
    from dienbien_nlp.rules import rule_entities

    assert extract_claims.__module__ == "dienbien_nlp.claims.extract"
    assert Document.__module__ == load_corpus.__module__ == "dienbien_nlp.corpus.documents"
    assert find_doc_refs.__module__ == "dienbien_nlp.docrefs.finders"
    assert load.__module__ == "dienbien_nlp.pipeline.assemble"
    assert rule_entities.__module__ == "dienbien_nlp.rules.engine"


def test_no_module_of_the_package_imports_an_old_path():
    import ast
    import pathlib

    root = pathlib.Path(importlib.import_module("dienbien_nlp").__file__).parent
    old = {f"dienbien_nlp.{name}" for name in _moved.MOVED}
    offenders = []
    for path in root.rglob("*.py"):
        package = ["dienbien_nlp", *path.relative_to(root).parent.parts]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                module = ".".join([*base, *([node.module] if node.module else [])])
                targets = [module] + [f"{module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            offenders += [f"{path.relative_to(root)}: {t}" for t in targets if t in old]
    assert offenders == []
