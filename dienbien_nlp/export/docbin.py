"""spaCy training data: ``DocBin`` files of sentence Docs and a ``config.cfg`` for ``spacy train``.

Each gold sentence becomes one ``Doc`` (:func:`~dienbien_nlp.export.rows.sentence_doc`)
with its entities in ``doc.ents`` (a span that starts or ends inside a token
covers that token) and ``doc.cats`` holding every schema theme as 0.0 or 1.0, so
that ``textcat_multilabel`` learns sentence themes. The sentences are split by
the ``fold`` column: fold 0 is ``dev``, the rest ``train``. :func:`write_spacy`
writes the folder::

    <out>/train.spacy  <out>/dev.spacy  <out>/config.cfg  <out>/code.py

and the folder trains offline with the project's registered tokenizer::

    python -m spacy train config.cfg --paths.train train.spacy --paths.dev dev.spacy \\
        --code code.py --output model

(``code.py`` imports :mod:`dienbien_nlp`, which registers ``dienbien.UndertheseaTokenizer.v2``.)

Example:
    >>> "dienbien.UndertheseaTokenizer.v2" in training_config()
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from ..pipeline import extensions as _extensions  # noqa: F401  (registers span._.attrs)
from ..textio import atomic_write_bytes, atomic_write_text
from .rows import GOLD, normalised_fields, sentence_doc, vietnamese_vocab

#: The training command, run inside the folder :func:`write_spacy` writes.
TRAIN_COMMAND = (
    "python -m spacy train config.cfg --paths.train train.spacy --paths.dev dev.spacy --code code.py --output model"
)

CODE_PY = '''"""Registers the dienbien-nlp tokenizer for `spacy train --code code.py`."""

import dienbien_nlp  # noqa: F401  (registers dienbien.UndertheseaTokenizer.v2)
'''

_CONFIG = """\
# Trains NER and textcat_multilabel (sentence themes) on one shared tok2vec, offline.
# {command}

[paths]
train = null
dev = null
vectors = null
init_tok2vec = null

[system]
gpu_allocator = null
seed = 0

[nlp]
lang = "vi"
pipeline = ["tok2vec","ner","textcat_multilabel"]
batch_size = 256
disabled = []
before_creation = null
after_creation = null
after_pipeline_creation = null
vectors = {{"@vectors":"spacy.Vectors.v1"}}

[nlp.tokenizer]
@tokenizers = "dienbien.UndertheseaTokenizer.v2"

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = ${{components.tok2vec.model.encode.width}}
attrs = ["NORM","PREFIX","SUFFIX","SHAPE"]
rows = [5000,1000,2500,2500]
include_static_vectors = false

[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 96
depth = 4
window_size = 1
maxout_pieces = 3

[components.ner]
factory = "ner"
incorrect_spans_key = null
moves = null
scorer = {{"@scorers":"spacy.ner_scorer.v1"}}
update_with_oracle_cut_size = 100

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${{components.tok2vec.model.encode.width}}
upstream = "*"

[components.textcat_multilabel]
factory = "textcat_multilabel"
scorer = {{"@scorers":"spacy.textcat_multilabel_scorer.v2"}}
threshold = 0.5

[components.textcat_multilabel.model]
@architectures = "spacy.TextCatEnsemble.v2"
nO = null

[components.textcat_multilabel.model.linear_model]
@architectures = "spacy.TextCatBOW.v3"
exclusive_classes = false
length = 262144
ngram_size = 1
no_output_layer = false
nO = null

[components.textcat_multilabel.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${{components.tok2vec.model.encode.width}}
upstream = "*"

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
gpu_allocator = ${{system.gpu_allocator}}
dropout = 0.1
accumulate_gradient = 1
patience = 1600
max_epochs = 0
max_steps = 20000
eval_frequency = 200
frozen_components = []
annotating_components = []
before_to_disk = null
before_update = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
get_length = null

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001
t = 0.0

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = false
eps = 0.00000001
learn_rate = 0.001

[training.score_weights]
ents_f = 0.5
ents_p = 0.0
ents_r = 0.0
ents_per_type = null
cats_score = 0.5
cats_score_desc = null
cats_micro_p = null
cats_micro_r = null
cats_micro_f = null
cats_macro_p = null
cats_macro_r = null
cats_macro_f = null
cats_macro_auc = null
cats_f_per_type = null

[pretraining]

[initialize]
vectors = ${{paths.vectors}}
init_tok2vec = ${{paths.init_tok2vec}}
vocab_data = null
lookups = null
before_init = null
after_init = null

[initialize.components]

[initialize.tokenizer]
"""


def training_config() -> str:
    """A ``config.cfg`` for ``spacy train``: tok2vec shared by NER and textcat_multilabel.

    The tokenizer is ``dienbien.UndertheseaTokenizer.v2``; ``[initialize]`` needs no
    vectors and nothing is downloaded. Labels are read from the training data.
    """
    return _CONFIG.format(command=TRAIN_COMMAND)


def split_rows(
    rows: Iterable[Mapping[str, Any]], dev_fold: int = 0, *, include_predicted: bool = False
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """``(train, dev)`` sentence rows: fold ``dev_fold`` is dev; predicted rows are left out unless asked for."""
    train: list[Mapping[str, Any]] = []
    dev: list[Mapping[str, Any]] = []
    for row in rows:
        if row["annotation"] != GOLD and not include_predicted:
            continue
        (dev if row["fold"] == dev_fold else train).append(row)
    return train, dev


def sentence_docs(
    rows: Iterable[Mapping[str, Any]],
    vocab: Vocab | None = None,
    entity_rows: Iterable[Mapping[str, Any]] = (),
) -> list[Doc]:
    """One training ``Doc`` per sentence row (one sentence, entities, tags and theme ``cats``).

    With ``entity_rows`` (the ``entities`` config), each entity gets its normalised fields, those that are not
    null, in ``ent._.attrs``, as the pipeline gives them.
    """
    vocab = vocab or vietnamese_vocab()
    fields = normalised_fields()
    attrs = {
        (e["sentence_id"], e["sentence_start"], e["sentence_end"], e["label"]): {
            f: e[f] for f in fields if e.get(f) is not None
        }
        for e in entity_rows
    }
    docs = []
    for row in rows:
        doc = sentence_doc(row, vocab)
        for ent in doc.ents:
            ent._.attrs = attrs.get((row.get("id"), ent.start_char, ent.end_char, ent.label_)) or None
        docs.append(doc)
    return docs


def docbin_bytes(docs: Iterable[Doc]) -> bytes:
    """The serialised ``DocBin`` of ``docs``, with their custom attributes (deterministic: spaCy sorts its
    strings)."""
    return DocBin(docs=docs, store_user_data=True).to_bytes()


def write_docbin(path: str | Path, docs: Iterable[Doc]) -> Path:
    """Write ``docs`` as a ``.spacy`` ``DocBin`` file, atomically; return its path."""
    p = Path(path)
    atomic_write_bytes(p, docbin_bytes(docs))
    return p


def write_spacy(
    out_dir: str | Path,
    rows: Sequence[Mapping[str, Any]],
    *,
    dev_fold: int = 0,
    entity_rows: Sequence[Mapping[str, Any]] = (),
) -> list[Path]:
    """Write ``train.spacy``, ``dev.spacy``, ``config.cfg`` and ``code.py`` for ``spacy train``.

    Args:
        out_dir: The folder (created if needed).
        rows: ``sentences`` rows (gold rows are used; fold ``dev_fold`` is dev).
        dev_fold: The fold held out for evaluation.
        entity_rows: ``entities`` rows, whose normalised fields go into ``ent._.attrs``.

    Returns:
        The files written.
    """
    out = Path(out_dir)
    train, dev = split_rows(rows, dev_fold)
    vocab = vietnamese_vocab()
    files = [
        write_docbin(out / "train.spacy", sentence_docs(train, vocab, entity_rows)),
        write_docbin(out / "dev.spacy", sentence_docs(dev, vocab, entity_rows)),
    ]
    atomic_write_text(out / "config.cfg", training_config())
    atomic_write_text(out / "code.py", CODE_PY)
    return [*files, out / "config.cfg", out / "code.py"]
