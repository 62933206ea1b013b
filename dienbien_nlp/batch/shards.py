"""What a corpus tag run writes and keeps track of: the shard files and their size, the manifest and the lock, and the records that plan and report each shard."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: A shard closes when it holds this many characters of text (about 15 s of one core for the full pipeline) ...
SHARD_CHARS = 250_000


#: ... or this many documents, whichever comes first.
SHARD_DOCS = 1_000


MANIFEST = ".manifest.json"


LOCK = ".lock"


DATA = "data"


FORMAT = "dienbien-nlp corpus tag"


FORMAT_VERSION = 1


ENGINES = ("local", "dask")


_SHARD_RE = re.compile(r"shard-(\d{5,})\.parquet")


#: Temporary files of :func:`dienbien_nlp.textio.atomic_open`: ``.<name>.<random>.tmp``.
_TMP_RE = re.compile(r"\..+\.tmp")


#: Distributions whose versions can change the output; recorded with every shard.
_DISTRIBUTIONS = (
    "spacy", "thinc", "underthesea", "underthesea_core", "scikit-learn", "python-crfsuite", "sklearn-crfsuite",
    "skops", "numpy", "scipy", "pyarrow", "datasets",
)  # fmt: skip


@dataclass(frozen=True)
class Record:
    """One input document: its 1-based position in the input, its id and its text."""

    position: int
    doc_id: str
    text: str


@dataclass(frozen=True)
class Skipped:
    """An input record that cannot be tagged (no text, not UTF-8, broken JSON, empty)."""

    position: int
    doc_id: str | None
    reason: str


@dataclass(frozen=True)
class ShardPlan:
    """One shard: a contiguous range of input records (``first``..``last``, 1-based, inclusive).

    ``sha256`` is the hash of the shard's documents (positions, ids, texts): a shard whose
    documents change is tagged again.
    """

    index: int
    first: int
    last: int
    first_id: str
    last_id: str
    documents: int
    characters: int
    skipped: int
    sha256: str

    @property
    def file(self) -> str:
        """The shard's path inside the output folder."""
        return shard_file(self.index)


@dataclass(frozen=True)
class ShardJob:
    """What a worker needs to tag one shard: the documents as ``(position, id, text)``.

    ``layout`` is the shard files' label ids and arrow schema (:func:`dienbien_nlp.batch.worker.layout`),
    made once by the command, so that a worker need not import ``datasets`` to make them.
    """

    index: int
    sha256: str
    docs: tuple[tuple[int, str, str], ...]
    layout: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ShardResult:
    """A tagged shard as a worker sends it back: its rows, which the command writes as the shard's parquet file
    (so that a worker imports no pyarrow)."""

    index: int
    records: list[dict[str, Any]]  # the rows of the shard file, label ids not names; the command writes the file
    rows: int
    tokens: int
    seconds: float
    cpu_seconds: float
    worker: str
    peak_rss_mb: float
    versions: dict[str, Any]


@dataclass(frozen=True)
class CorpusTagSummary:
    """What a run did and what the dataset in ``out_dir`` now holds.

    ``documents``, ``sentences`` and ``tokens`` count the whole dataset (shards reused from an
    earlier run included); ``tagged_*``, ``seconds`` and ``tokens_per_s`` are this run's work.
    """

    out_dir: Path
    manifest: Path
    engine: str
    workers: int
    shards: int
    shards_tagged: int
    shards_reused: int
    documents: int
    sentences: int
    tokens: int
    skipped: int
    tagged_documents: int
    tagged_tokens: int
    seconds: float
    tokens_per_s: float
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    stale_removed: int = 0
    #: Seconds the workers spent on this run's shards, and the CPU time they got in them: their ratio
    #: is the share of a core a worker had (below 1 when other work competed for the CPUs).
    worker_seconds: float = 0.0
    worker_cpu_seconds: float = 0.0


def shard_file(index: int) -> str:
    """Path of shard ``index`` inside the output folder.

    >>> shard_file(3)
    'data/shard-00003.parquet'
    """
    return f"{DATA}/shard-{index:05d}.parquet"
