"""Word segmentation and POS tagging with underthesea's fast CRF POS model.

underthesea ships two POS models. ``pos_tag()`` runs the 2017 CRF, whose
features are computed in Python; the 2023 model ``pos_crf_vlsp2013_20230303``
is run by ``FastCRFSequenceTagger``, whose features are computed in Rust
(``underthesea_core``). Words come from the same ``word_tokenize`` in both,
so segmentation is unchanged; only the tags differ. The 2023 model is called
directly here, because ``pos_tag(model="v2.0")`` fails from its second call on
(underthesea 9.5 returns a variable it only sets on the first call).

Both models ship inside the underthesea wheel: nothing is downloaded. The model
is loaded once, on first use, without joblib (:func:`load_crf`), and so is the word
segmentation model ``word_tokenize`` uses.

Example:
    >>> from dienbien_nlp.pipeline.postag import fast_pos_tag
    >>> fast_pos_tag("Tỉnh ủy Điện Biên họp.")  # doctest: +SKIP
    [('Tỉnh', 'N'), ('ủy', 'N'), ('Điện Biên', 'Np'), ('họp', 'V'), ('.', 'CH')]
"""

from __future__ import annotations

import functools
import pickle
import types
from pathlib import Path
from typing import Any

#: The folder of underthesea's fast POS model, inside ``underthesea/pipeline/pos_tag/models``.
FAST_POS_MODEL = "pos_crf_vlsp2013_20230303"
#: The folder of the word segmentation model ``word_tokenize`` uses, inside ``underthesea/pipeline/word_tokenize/models``.
WORD_MODEL = "ws_crf_vlsp2013_20230727"


class CRFSequenceTagger:
    """A CRF of ``underthesea_core`` with its featurizer: what underthesea's ``FastCRFSequenceTagger`` predicts with.

    Read by :func:`load_crf` without joblib; ``predict`` is the same as ``FastCRFSequenceTagger.predict``.
    """

    def __init__(self, estimator: Any, featurizer: Any) -> None:
        self.estimator = estimator
        self.featurizer = featurizer

    def predict(self, tokens: list[list[str]]) -> list[str]:
        return self.estimator.tag(self.featurizer.process([tokens])[0])


def _read_pickle(path: Path, kind: type) -> Any:
    """A joblib file holding one plain ``kind`` (a list or set of strings), read with the C unpickler.

    joblib writes such an object as a plain pickle, and ``joblib.load`` reads it with the pure-Python unpickler,
    about four times slower; anything else is left to joblib.
    """
    try:
        value = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001  (not a plain pickle: joblib's own format)
        value = None
    if type(value) is not kind or not all(type(x) is str for x in value):
        import joblib

        value = joblib.load(path)
    return value


def load_crf(folder: str | Path) -> CRFSequenceTagger:
    """The CRF model in ``folder`` (``models.bin``, ``features.bin``, ``dictionary.bin``), as underthesea loads it."""
    from underthesea_core import CRFFeaturizer, CRFTagger

    folder = Path(folder)
    estimator = CRFTagger()
    estimator.load(str(folder / "models.bin"))
    featurizer = CRFFeaturizer(_read_pickle(folder / "features.bin", list), _read_pickle(folder / "dictionary.bin", set))
    return CRFSequenceTagger(estimator, featurizer)


class _DeferredPackage(types.ModuleType):
    """A package whose ``__init__`` runs on the first access to a name it would define, not on import.

    Its ``__path__`` and ``__spec__`` are there from the start, so its submodules import without it.
    """

    def __getattr__(self, name: str) -> Any:
        run = self.__dict__.pop("_dienbien_run_init", None)
        if run is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        run()
        return getattr(self, name)


def _defer_underthesea_init() -> None:
    """Import underthesea's word segmentation without the rest of underthesea.

    ``underthesea/__init__.py`` imports every optional part of underthesea (classification, sentiment, language
    detection, dependency parsing, translation, an LLM agent, address conversion): about 60 MB and a fifth of a
    second that tagging never uses. Unless underthesea is imported already, the package is put in ``sys.modules``
    with its ``__init__`` not run yet; it runs, as it would have, the first time anything takes a name from the
    package itself (``from underthesea import pos_tag``), so every other use of underthesea is unchanged.
    """
    import importlib.util
    import sys

    if "underthesea" in sys.modules:
        return
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return
    module = importlib.util.module_from_spec(spec)
    module.__class__ = _DeferredPackage

    def run_init() -> None:
        spec.loader.exec_module(module)

    module.__dict__["_dienbien_run_init"] = run_init
    sys.modules["underthesea"] = module


class _TextNormalizer:
    """underthesea's ``TextNormalizer``, its rule file read with the C unpickler (:func:`_read_pickle`)."""

    def __init__(self, binary_file: str | Path) -> None:
        data = _read_pickle(Path(binary_file), dict)
        self.character_map = data["character"]
        self.token_map = data["token"]


def _preload_text_normalizer() -> None:
    """Put underthesea's ``text_normalize.text_normalizer`` in ``sys.modules``, its tables read without joblib.

    That module only reads one rule file with ``joblib.load``; importing joblib takes about a tenth of a second of
    every start-up, and the file is a plain pickle of two dicts of strings. The module is made here with the same
    names (``TextNormalizer``, ``text_normalizer``, ``character_map``, ``token_map``, ``rule_file``) when its source
    names one rule file that reads that way; otherwise nothing is done and underthesea imports it as it would.
    """
    import importlib.util
    import re
    import sys

    name = "underthesea.pipeline.text_normalize.text_normalizer"
    if name in sys.modules:
        return
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return
    source = Path(list(spec.submodule_search_locations)[0]) / "pipeline" / "text_normalize" / "text_normalizer.py"
    try:
        files = re.findall(r'^rule_file = "([\w.]+)"$', source.read_text("utf-8"), flags=re.M)
        if not files:
            return
        rule_file = files[-1]  # the last assignment is the one in force
        normalizer = _TextNormalizer(source.parent / rule_file)
    except (OSError, KeyError, TypeError, ValueError):
        return
    module = types.ModuleType(name)
    module.__file__ = str(source)
    module.__dict__.update(
        TextNormalizer=_TextNormalizer,
        rule_file=rule_file,
        text_normalizer=normalizer,
        character_map=normalizer.character_map,
        token_map=normalizer.token_map,
    )
    sys.modules[name] = module


def _word_tokenize_module() -> Any:
    import importlib

    _defer_underthesea_init()
    _preload_text_normalizer()
    # underthesea's own order (its __init__ imports text_normalize first): the two modules import each other
    importlib.import_module("underthesea.pipeline.text_normalize")
    return importlib.import_module("underthesea.pipeline.word_tokenize")


def _install_word_segmenter() -> None:
    """Give underthesea's ``word_tokenize`` its model, read by :func:`load_crf`, unless it has loaded one already."""
    ws = _word_tokenize_module()
    if getattr(ws, "word_tokenize_model", False) is None:
        ws.word_tokenize_model = load_crf(Path(ws.__file__).parent / "models" / WORD_MODEL)


@functools.lru_cache(maxsize=1)
def _fast_model() -> CRFSequenceTagger:
    import importlib.util

    _defer_underthesea_init()
    spec = importlib.util.find_spec("underthesea.pipeline.pos_tag")  # its folder, without importing pos_tag's code
    folder = Path(spec.origin).parent / "models" / FAST_POS_MODEL
    if not (folder / "models.bin").is_file():
        from ..errors import DienbienError, Errors

        raise DienbienError(Errors.E063.format(path=folder))
    _install_word_segmenter()
    return load_crf(folder)


def _strip_bio(tag: str) -> str:
    # the model's labels are BIO-prefixed POS tags ("B-N", "B-CH")
    return tag[2:] if tag[:2] in ("B-", "I-") else tag


@functools.lru_cache(maxsize=1)
def _syllable_parts() -> tuple[Any, Any, Any]:
    """underthesea's syllable tokenizer module, its line normaliser and its token normaliser (kept per token)."""
    import importlib

    _word_tokenize_module()
    rt = importlib.import_module("underthesea.pipeline.word_tokenize.regex_tokenize")
    return rt, rt.normalize_characters_in_text, functools.lru_cache(maxsize=65536)(rt.token_normalize)


def word_segment(line: str) -> list[str]:
    """The words of one line, as underthesea's ``word_tokenize(line)`` gives them.

    The same steps with the same parts (its normaliser, its syllable pattern, its token table and
    its segmentation CRF), with two shortcuts: a syllable is the whole pattern match (each of the
    pattern's alternatives is one named group around all of it, so this is the group
    ``word_tokenize`` reads), and a syllable's normal form is kept once worked out (it depends
    on the syllable alone). ``tests/test_postag.py`` checks the words are the same.
    """
    rt, normalize_line, normalize_token = _syllable_parts()
    syllables = [normalize_token(m.group()) for m in rt.patterns.finditer(normalize_line(line))]
    if not syllables:
        return []
    tags = _word_tokenize_module().word_tokenize_model.predict([[s] for s in syllables])
    words: list[str] = []
    for k, (tag, syllable) in enumerate(zip(tags, syllables)):
        if tag == "I-W" and k > 0:
            words[-1] = words[-1] + " " + syllable
        else:
            words.append(syllable)
    return words


def fast_pos_tag(line: str) -> list[tuple[str, str]]:
    """``(word, VLSP tag)`` pairs of one line: underthesea's words, the fast CRF's tags."""
    model = _fast_model()  # first: it gives word_tokenize its model too
    words = word_segment(line)
    if not words:
        return []
    tags = model.predict([[w] for w in words])
    return [(w, _strip_bio(t)) for w, t in zip(words, tags)]
