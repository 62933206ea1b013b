"""``dienbien-nlp build``: the whole job, from ``corpus/`` and ``annotations/`` to one output folder.

The build writes into a fresh temporary folder beside the output and swaps it
in only when every step has succeeded, so a failed build leaves the previous
output as it was.

Example:
    >>> from dienbien_nlp.build import build
    >>> summary = build("corpus", "annotations", "build", quiet=True)  # doctest: +SKIP
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus import Document, load_corpus
from .errors import DienbienError, Errors
from .export.conllu import content_sents, doc_to_conllu
from .structure import Segment, segment_document
from .textio import atomic_write_text


@dataclass
class BuildSummary:
    """What a build wrote, for the closing summary."""

    out_dir: Path
    documents: int = 0
    sentences: int = 0
    tokens: int = 0
    files: list[str] = field(default_factory=list)


def segment_of(segments: list[Segment], start: int) -> Segment | None:
    """The segment containing character offset ``start``."""
    for seg in segments:
        if seg.start <= start < seg.end:
            return seg
    return None


def linguistic_layer(nlp: Any, doc: Document) -> tuple[Any, list[Segment], list[dict[str, Any]]]:
    """Run the pipeline on a document; return the ``Doc``, its segments and sentence rows."""
    segments = segment_document(doc)
    sdoc = nlp(doc.text)
    rows = []
    for k, sent in enumerate(content_sents(sdoc)):
        seg = segment_of(segments, sent.start_char)
        rows.append(
            {
                "id": f"{doc.id}-{k + 1}",
                "sentence_index": k,
                "start": sent.start_char,
                "end": sent.end_char,
                "text": sent.text,
                "segment_id": seg.id if seg else None,
                "segment_type": seg.type if seg else None,
                "speaker": seg.speaker if seg else None,
                "tokens": [t.text for t in sent],
                "pos_tags": [t.tag_ for t in sent],
                "upos": [t.pos_ for t in sent],
            }
        )
    return sdoc, segments, rows


def _write_linguistic(nlp: Any, docs: list[Document], out: Path, summary: BuildSummary, step: Callable[[str], None]) -> None:
    ling = out / "linguistic"
    for doc in docs:
        step(f"linguistic layer: {doc.id}")
        sdoc, segments, rows = linguistic_layer(nlp, doc)
        comments = [{"speaker": r["speaker"] or "", "segment_type": r["segment_type"] or ""} for r in rows]
        atomic_write_text(ling / f"{doc.id}.conllu", doc_to_conllu(sdoc, doc.id, comments))
        atomic_write_text(ling / f"{doc.id}.sentences.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        segs = [seg.__dict__ for seg in segments]
        atomic_write_text(ling / f"{doc.id}.segments.json", json.dumps(segs, ensure_ascii=False, indent=1) + "\n")
        summary.documents += 1
        summary.sentences += len(rows)
        summary.tokens += sum(1 for t in sdoc if not t.is_space)
    summary.files.append("linguistic/")


def build(
    corpus_dir: str | Path = "corpus",
    annotations_dir: str | Path = "annotations",
    out_dir: str | Path = "build",
    *,
    quiet: bool = False,
    step: Callable[[str], None] | None = None,
) -> BuildSummary:
    """Build every output from the corpus and the annotations into ``out_dir``.

    Args:
        corpus_dir: The corpus folder (raw texts and metadata records).
        annotations_dir: The gold annotations folder.
        out_dir: The output folder; replaced only when the build succeeds.
        quiet: No progress output.
        step: Called with a description before each step (for progress display).
    """
    from . import load

    out = Path(out_dir)
    step = step or (lambda _msg: None)
    docs = load_corpus(corpus_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    summary = BuildSummary(out)
    try:
        step("loading pipeline")
        nlp = load()
        _write_linguistic(nlp, docs, tmp, summary, step)
    except DienbienError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    except Exception as err:  # any failure: keep the previous output
        shutil.rmtree(tmp, ignore_errors=True)
        raise DienbienError(Errors.E050.format(detail=f"{type(err).__name__}: {err}", out=out)) from err
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
    tmp.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return summary
