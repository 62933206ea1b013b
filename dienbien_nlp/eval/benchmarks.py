"""Benchmarks of the linguistic layer: throughput against underthesea, and accuracy on UD VTB.

The scripts in ``scripts/`` are thin wrappers over these functions. Data is read
from ``../shared/data`` and never copied into the repository.

Example:
    >>> from dienbien_nlp.eval.benchmarks import word_spans
    >>> word_spans(["Điện Biên", "đẹp"])
    [(0, 8), (8, 11)]
"""

from __future__ import annotations

import gzip
import json
import resource
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..pipeline.tokenizer import _base, upos_of


def load_news_lines(path: str | Path, min_bytes: int = 1_000_000) -> list[str]:
    """Non-empty lines of the VNTC sample, in file order, until ``min_bytes`` of UTF-8 text."""
    lines: list[str] = []
    size = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in fh:
            for line in json.loads(row)["text"].splitlines():
                if line.strip():
                    lines.append(line)
                    size += len(line.encode("utf-8"))
            if size >= min_bytes:
                break
    return lines


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def throughput(lines: Sequence[str], *, repeat: int = 1) -> dict[str, Any]:
    """Tokens per second of underthesea ``pos_tag`` and of ``nlp.pipe`` with 1 and 2 processes.

    All three runs see the same lines; tokens are counted as words (no whitespace tokens).
    """
    from underthesea import pos_tag

    import dienbien_nlp

    nlp = dienbien_nlp.load(entities=False, themes=False)  # the linguistic layer
    # warm-up: load models in this process before timing
    pos_tag(lines[0])
    nlp(lines[0])

    t0 = time.perf_counter()
    base_tokens = sum(len(pos_tag(line)) for line in lines)
    base_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    one_tokens = sum(sum(1 for t in doc if not t.is_space) for doc in nlp.pipe(lines, batch_size=256))
    one_s = time.perf_counter() - t0
    rss_one = _peak_rss_mb()

    t0 = time.perf_counter()
    two_tokens = sum(sum(1 for t in doc if not t.is_space) for doc in nlp.pipe(lines, batch_size=256, n_process=2))
    two_s = time.perf_counter() - t0
    rss_children = _peak_rss_mb(resource.RUSAGE_CHILDREN)

    return {
        "lines": len(lines),
        "bytes": sum(len(x.encode("utf-8")) for x in lines),
        "underthesea_pos_tag": {"tokens": base_tokens, "seconds": base_s, "tokens_per_s": base_tokens / base_s},
        "pipeline_1_process": {"tokens": one_tokens, "seconds": one_s, "tokens_per_s": one_tokens / one_s},
        "pipeline_2_processes": {"tokens": two_tokens, "seconds": two_s, "tokens_per_s": two_tokens / two_s},
        "ratio_1p_vs_pos_tag": (one_tokens / one_s) / (base_tokens / base_s),
        "speedup_2p_vs_1p": (two_tokens / two_s) / (one_tokens / one_s),
        "peak_rss_mb_main": rss_one,
        "peak_rss_mb_worker": rss_children,
    }


def word_spans(words: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of words over the diacritic-free, space-free letters of their concatenation.

    Gold, underthesea and pipeline words of the same sentence index the same
    letters, whatever tone-mark spelling each used, so their spans compare.
    """
    spans = []
    pos = 0
    for w in words:
        n = sum(len(_base(c)) for c in w if not c.isspace())
        spans.append((pos, pos + n))
        pos += n
    return spans


def _prf(gold: set, pred: set) -> dict[str, float]:
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def ud_eval(conllu_path: str | Path) -> dict[str, Any]:
    """Word segmentation P/R/F1 and UPOS (aligned) accuracy on a UD Vietnamese file.

    Scores the pipeline and plain underthesea ``pos_tag`` (its VLSP tags mapped
    to UPOS by the same table) on the same sentences.
    """
    import conllu
    from underthesea import pos_tag

    import dienbien_nlp

    nlp = dienbien_nlp.load(entities=False, themes=False)
    sents = conllu.parse(Path(conllu_path).read_text(encoding="utf-8"))
    gold_seg: set = set()
    gold_pos: set = set()
    sys_seg: dict[str, set] = {"pipeline": set(), "underthesea": set()}
    sys_pos: dict[str, set] = {"pipeline": set(), "underthesea": set()}
    for k, s in enumerate(sents):
        text = s.metadata["text"].strip()
        words = [t for t in s if isinstance(t["id"], int)]
        for span, t in zip(word_spans([t["form"] for t in words]), words):
            gold_seg.add((k, span))
            gold_pos.add((k, span, t["upos"]))
        doc = nlp(text)
        toks = [t for t in doc if not t.is_space]
        for span, t in zip(word_spans([t.text for t in toks]), toks):
            sys_seg["pipeline"].add((k, span))
            sys_pos["pipeline"].add((k, span, t.pos_))
        tagged = pos_tag(text)
        for span, (w, tag) in zip(word_spans([w for w, _ in tagged]), tagged):
            sys_seg["underthesea"].add((k, span))
            sys_pos["underthesea"].add((k, span, upos_of(tag)))
    out: dict[str, Any] = {"sentences": len(sents), "gold_words": len(gold_seg)}
    for name in ("pipeline", "underthesea"):
        out[name] = {
            "word_segmentation": _prf(gold_seg, sys_seg[name]),
            "upos": _prf(gold_pos, sys_pos[name]),
        }
    return out
