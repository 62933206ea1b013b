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
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus.documents import Document, load_corpus
from .corpus.structure import Segment, segment_at, segment_document
from .errors import DienbienError, Errors
from .export.conllu import doc_to_conllu
from .pipeline.sentences import content_sents
from .textio import atomic_write_text


@dataclass
class BuildSummary:
    """What a build wrote, for the closing summary."""

    out_dir: Path
    documents: int = 0
    sentences: int = 0
    tokens: int = 0
    files: list[str] = field(default_factory=list)


def linguistic_layer(nlp: Any, doc: Document) -> tuple[Any, list[Segment], list[dict[str, Any]]]:
    """Run the pipeline on a document; return the ``Doc``, its segments and sentence rows."""
    segments = segment_document(doc)
    sdoc = nlp(doc.text)
    rows = []
    for k, sent in enumerate(content_sents(sdoc)):
        seg = segment_at(segments, sent.start_char)
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


def _write_linguistic(nlp: Any, docs: list[Document], out: Path, summary: BuildSummary, step: Callable[[str], None]) -> dict[str, Any]:
    ling = out / "linguistic"
    sdocs: dict[str, Any] = {}
    for doc in docs:
        step(f"linguistic layer: {doc.id}")
        sdoc, segments, rows = linguistic_layer(nlp, doc)
        sdocs[doc.id] = (sdoc, segments)
        comments = [{k: r[k] for k in ("speaker", "segment_type") if r[k]} for r in rows]  # as corpus.conllu
        atomic_write_text(ling / f"{doc.id}.conllu", doc_to_conllu(sdoc, doc.id, comments))
        atomic_write_text(ling / f"{doc.id}.sentences.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        segs = [seg.__dict__ for seg in segments]
        atomic_write_text(ling / f"{doc.id}.segments.json", json.dumps(segs, ensure_ascii=False, indent=1) + "\n")
        summary.documents += 1
        summary.sentences += len(rows)
        summary.tokens += sum(1 for t in sdoc if not t.is_space)
    summary.files.append("linguistic/")
    return sdocs


def _json(path: Path, data: Any) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _evaluate(corpus_dir: Path, annotations_dir: Path, out: Path, summary: BuildSummary, step: Callable[[str], None], fast: bool) -> tuple[Any, Any]:
    from .eval.entities import evaluate_entities
    from .learn.theme_tasks import evaluate_themes_split

    has_gold = any((annotations_dir / "entities").glob("*.json")) if (annotations_dir / "entities").is_dir() else False
    if not has_gold:
        return None, None
    step("evaluating entity systems (cross-validated)")
    ents = evaluate_entities(corpus_dir, annotations_dir)
    _json(out / "eval" / "entities.json", ents)
    step("evaluating theme classifiers (trained on the train split, scored on test and dev, bootstrap CIs)")
    fast_kinds = ("dummy_majority", "dummy_prior", "lexicon", "tfidf_lex_hints_lr")  # --fast: the trivial baselines and the shipped kind without its document context (six times faster to train)
    themes = evaluate_themes_split(corpus_dir, annotations_dir, seeds=(0,), n_boot=200 if fast else 1000, kinds=fast_kinds if fast else None)
    _json(out / "eval" / "themes.json", themes)
    summary.files.append("eval/")
    return ents, themes


def _evaluate_heldout(corpus_dir: Path, annotations_dir: Path, out: Path, step: Callable[[str], None], fast: bool) -> Any:
    from .eval.heldout import evaluate_heldout

    if not (annotations_dir / "splits.json").is_file():
        return None
    step("scoring the entity systems on the dev and test documents")
    res = evaluate_heldout(annotations_dir, corpus_dir, n_boot=200 if fast else 1000)
    if res is not None:
        _json(out / "eval" / "heldout.json", res)
    return res


def _evaluate_claims(corpus_dir: Path, annotations_dir: Path, out: Path, step: Callable[[str], None]) -> Any:
    from .claims.evaluate import evaluate_claims

    if not any((annotations_dir / "claims").glob("*.json")):
        return None
    step("scoring the claim extractor on the claim gold")
    res = evaluate_claims(corpus_dir, annotations_dir)
    _json(out / "eval" / "claims.json", res)
    return res


def _train_models(corpus_dir: Path, annotations_dir: Path, out: Path, summary: BuildSummary, step: Callable[[str], None], best: str | None) -> None:
    from .eval.entities import train_shipped_crf
    from .learn.theme_tasks import train_themes

    if not any((annotations_dir / "entities").glob("*.json")):
        return
    step("training the entity CRF and the theme classifier on all gold")
    train_shipped_crf(corpus_dir, annotations_dir, out / "models" / "entities.crfsuite")
    train_themes(out / "models" / "themes.skops", kind=best or "tfidf_lex_hints_lr", corpus_dir=corpus_dir, annotations_dir=annotations_dir)
    summary.files.append("models/")


def _write_dataset(nlp: Any, docs: list[Document], sdocs: dict[str, Any], annotations_dir: Path, out: Path, summary: BuildSummary, step: Callable[[str], None], ent_eval: Any, theme_eval: Any, heldout: Any = None, claim_eval: Any = None) -> None:
    from .annotation.goldstats import splits as read_splits
    from .annotation.records import entity_path, load_entities, load_themes, theme_path
    from .export.card import dataset_card
    from .export.conll2003 import to_conll2003
    from .export.conllu_rows import rows_to_conllu
    from .export.docbin import write_spacy
    from .export.hf import write_hf
    from .export.rows import assign_folds, document_rows, entity_rows, misaligned_entities, news_rows, sentence_rows

    step("dataset rows")
    doc_splits = {d: v["split"] for d, v in read_splits(annotations_dir).items()}
    all_rows: list[dict[str, Any]] = []
    ents: list[dict[str, Any]] = []
    misaligned = 0
    for doc in docs:
        sdoc, segments = sdocs[doc.id]
        gold_e = gold_t = None
        if entity_path(doc.id, annotations_dir).exists() and theme_path(doc.id, annotations_dir).exists():
            gold_e = load_entities(doc.id, annotations_dir)
            gold_t = load_themes(doc.id, annotations_dir)
            misaligned += len(misaligned_entities(sdoc, gold_e))
        rows = sentence_rows(doc, sdoc, segments, gold_e, gold_t, split=doc_splits.get(doc.id, "train"))
        ents += entity_rows(rows, sdoc)
        all_rows += rows
    gold_rows = [r for r in all_rows if r["annotation"] == "gold"]
    if gold_rows:
        for r, f in zip(gold_rows, assign_folds(gold_rows)):
            r["fold"] = f
    doc_rows = document_rows(docs, doc_splits)
    news = news_rows(annotations_dir)
    agreement = _read_json(annotations_dir / "agreement.json")
    from .export.claim_rows import corpus_claim_rows

    claims = corpus_claim_rows(docs, sdocs, all_rows, annotations_dir)
    card = dataset_card(doc_rows, all_rows, ents, agreement=agreement, entity_results=ent_eval, theme_results=(theme_eval or None), heldout_results=heldout, claim_results=claim_eval, misaligned=misaligned, news=news, claims=claims)
    step("writing the Hugging Face dataset")
    write_hf(out / "hf", {"sentences": all_rows, "documents": doc_rows, "entities": ents, "claims": claims, **({"news": news} if news else {})}, card)
    step("writing spaCy DocBins and training config")
    write_spacy(out / "spacy", all_rows, entity_rows=ents)
    step("writing CoNLL-U and CoNLL-2003")
    atomic_write_text(out / "conllu" / "corpus.conllu", rows_to_conllu(all_rows))
    atomic_write_text(out / "conllu" / "corpus.conll2003.txt", to_conll2003(all_rows))
    summary.files += ["hf/", "spacy/", "conllu/"]


class _Tagged:
    """The pipeline with the documents the build has already tagged: a text seen before gives its ``Doc`` again."""

    def __init__(self, nlp: Any, docs: dict[str, Any]) -> None:
        self.nlp = nlp
        self.by_text = {sdoc.text: sdoc for sdoc, _segments in docs.values()}

    def __call__(self, text: str) -> Any:
        return self.by_text.get(text) or self.nlp(text)

    def pipe(self, texts: Any, **kwargs: Any) -> Any:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)


def _write_report(nlp: Any, docs: list[Document], annotations_dir: Path, out: Path, summary: BuildSummary, step: Callable[[str], None], ent_eval: Any, theme_eval: Any, heldout: Any = None, claim_eval: Any = None) -> None:
    from .report import render_report, write_report

    step("writing the HTML report")
    pages = render_report(docs, nlp, annotations_dir=annotations_dir, eval_entities=ent_eval, eval_themes=theme_eval, agreement=_read_json(annotations_dir / "agreement.json"), eval_heldout=heldout, eval_claims=claim_eval)
    write_report(out / "report", pages)
    summary.files.append("report/")


#: The file that marks a folder as made by ``build``: only such a folder is ever replaced.
BUILD_MARKER = ".dienbien-build.json"


def check_build_target(out: Path) -> None:
    """Raise E057 unless ``out`` is new, empty, or a folder a previous build made (it has the marker)."""
    if out.exists() and not out.is_dir():
        raise DienbienError(Errors.E066.format(path=out))
    if out.is_dir() and any(out.iterdir()) and not (out / BUILD_MARKER).is_file():
        raise DienbienError(Errors.E057.format(path=out, marker=BUILD_MARKER))
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise DienbienError(Errors.E055.format(path=out, parent=parent))
            break


def _remove_stale(out: Path) -> None:
    """Remove the temporary folders of earlier interrupted builds of ``out`` (only those holding the marker)."""
    for p in out.parent.glob(f".{out.name}.*"):
        if p.is_dir() and (p.name.endswith(".build") or p.name == f".{out.name}.old") and (p / BUILD_MARKER).is_file():
            shutil.rmtree(p, ignore_errors=True)


def build(
    corpus_dir: str | Path = "corpus",
    annotations_dir: str | Path = "annotations",
    out_dir: str | Path = "build",
    *,
    quiet: bool = False,
    step: Callable[[str], None] | None = None,
    fast: bool = False,
    evaluate: bool = True,
) -> BuildSummary:
    """Build every output from the corpus and the annotations into ``out_dir``.

    Args:
        corpus_dir: The corpus folder (raw texts and metadata records).
        annotations_dir: The gold annotations folder.
        out_dir: The output folder; replaced only when the build succeeds.
        quiet: No progress output.
        step: Called with a description before each step (for progress display).
        fast: Fewer CV repetitions and bootstrap samples (for tests).
        evaluate: Run the evaluations (the dataset card and report then show results).
    """
    from . import load
    from .textio import check_dir

    check_dir(annotations_dir)
    out = Path(out_dir).resolve()
    check_build_target(out)
    step = step or (lambda _msg: None)
    docs = load_corpus(corpus_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".build", dir=out.parent))
    (tmp / BUILD_MARKER).write_text(json.dumps({"made_by": "dienbien-nlp build", "complete": False}) + "\n", "utf-8")
    summary = BuildSummary(Path(out_dir))
    try:
        annotations = Path(annotations_dir)
        step("loading pipeline")
        nlp = load()
        sdocs = _write_linguistic(nlp, docs, tmp, summary, step)
        ent_eval, theme_eval = _evaluate(Path(corpus_dir), annotations, tmp, summary, step, fast) if evaluate else (None, None)
        heldout = _evaluate_heldout(Path(corpus_dir), annotations, tmp, step, fast) if evaluate and ent_eval else None
        claim_eval = _evaluate_claims(Path(corpus_dir), annotations, tmp, step) if evaluate else None
        _train_models(Path(corpus_dir), annotations, tmp, summary, step, (theme_eval or {}).get("best_learned"))
        _write_dataset(nlp, docs, sdocs, annotations, tmp, summary, step, ent_eval, theme_eval, heldout, claim_eval)
        _write_report(_Tagged(nlp, sdocs), docs, annotations, tmp, summary, step, ent_eval, theme_eval, heldout, claim_eval)
        (tmp / BUILD_MARKER).write_text(json.dumps({"made_by": "dienbien-nlp build", "complete": True}) + "\n", "utf-8")
    except DienbienError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    except Exception as err:  # any failure: keep the previous output
        shutil.rmtree(tmp, ignore_errors=True)
        raise DienbienError(Errors.E050.format(detail=f"{type(err).__name__}: {err}", out=out_dir)) from err
    except BaseException:  # interrupted (SIGINT, SIGTERM): no half-made folder stays behind
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp makes 0700; the output folder gets the usual permissions
    tmp.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return summary
