"""The modules' old flat paths, kept importable for one release after the move into subpackages.

``import dienbien_nlp.themes`` gives the module now at ``dienbien_nlp.learn.themes`` (the same module object,
so attributes set on one are seen on the other) and warns with a ``DeprecationWarning`` that names the new path.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType

# old path -> new path (both under dienbien_nlp); corpus, pipeline, rules, docrefs and claims became packages that
# re-export the old modules' public names, so they need no entry here.
MOVED: dict[str, str] = {
    "cleaning": "corpus.cleaning",
    "markdown": "corpus.markdown",
    "structure": "corpus.structure",
    "official": "corpus.official",
    "news": "corpus.news",
    "tokenizer": "pipeline.tokenizer",
    "postag": "pipeline.postag",
    "sentences": "pipeline.sentences",
    "entities": "pipeline.entities",
    "theme_component": "pipeline.themes",
    "extensions": "pipeline.extensions",
    "gazetteer": "rules.gazetteer",
    "claims_gold": "claims.gold",
    "claims_eval": "claims.evaluate",
    "crf": "learn.crf",
    "themes": "learn.themes",
    "linear_themes": "learn.linear",
    "theme_io": "learn.model_io",
    "theme_text": "learn.theme_text",
    "theme_tasks": "learn.theme_tasks",
    "evaluation": "eval.entities",
    "heldout": "eval.heldout",
    "agreement": "eval.agreement",
    "benchmarks": "eval.benchmarks",
    "speed": "eval.speed",
    "corpus_bench": "eval.corpus_bench",
    "annotations": "annotation.records",
    "units": "annotation.units",
    "gold": "annotation.gold",
    "goldstats": "annotation.goldstats",
    "labelstudio": "annotation.labelstudio",
    "doccano": "annotation.doccano",
    "adjudication": "annotation.adjudication",
    "dataset": "export.rows",
    "corpus_tag": "batch.corpus_tag",
    "cli_annotate": "cli.annotate",
    "cli_corpus": "cli.corpus",
    "cli_report": "cli.report",
}


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        pkg, _, name = fullname.rpartition(".")
        if pkg != __package__ or name not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        new = f"{__package__}.{MOVED[spec.name.rpartition('.')[2]]}"
        msg = f"{spec.name} moved to {new}; the old path goes in the next release"
        warnings.warn(msg, DeprecationWarning, stacklevel=2)
        module = importlib.import_module(new)
        spec.loader_state = module.__spec__  # the import system is about to set the alias's spec on it
        sys.modules[spec.name] = module
        return module

    def exec_module(self, module: ModuleType) -> None:
        module.__spec__ = module.__spec__.loader_state  # give the module back its own spec


def install() -> None:
    """Make the old paths importable (once)."""
    if not any(isinstance(f, _Alias) for f in sys.meta_path):
        sys.meta_path.append(_Alias())
