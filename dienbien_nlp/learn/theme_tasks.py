"""Theme workflows behind ``dienbien-nlp themes``: data, evaluation, training, prediction.

Example:
    >>> from dienbien_nlp.learn.theme_tasks import gold_training_data  # doctest: +SKIP
    >>> X, y, groups = gold_training_data("corpus", "annotations")  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..annotation.records import load_themes, theme_path
from ..corpus.documents import load_corpus
from ..errors import DienbienError, Errors
from ..schema import theme_ids
from ..textio import iter_lines, loads_json


def _nlp() -> Any:
    from .. import load

    return load(entities=False, themes=False)


def gold_training_data(corpus_dir: str | Path = "corpus", annotations_dir: str | Path = "annotations", nlp: Any = None) -> tuple[list[str], list[list[str]], list[str]]:
    """Segmented gold sentences, their themes and their paragraph group ids."""
    from ..corpus.structure import segment_at, segment_document
    from .themes import segment

    nlp = nlp or _nlp()
    X: list[str] = []  # noqa: N806
    y: list[list[str]] = []
    groups: list[str] = []
    for doc in load_corpus(corpus_dir):
        if not theme_path(doc.id, annotations_dir).exists():
            continue
        sdoc = nlp(doc.text)
        segs = segment_document(doc)
        for s in load_themes(doc.id, annotations_dir):
            span = sdoc.char_span(s["start"], s["end"], alignment_mode="expand")
            X.append(segment(span))
            y.append(list(s["themes"]))
            seg = segment_at(segs, s["start"])
            para = seg.paragraph if seg else -1
            groups.append(f"{doc.id}#{para}")
    if not X:
        raise DienbienError(Errors.E032.format(detail=f"no theme gold under {annotations_dir}"))
    return X, y, groups


def load_taxonomy(path: str | Path) -> tuple[str, ...]:
    """Theme ids of a taxonomy file: JSON (a list of ids, or ``{"themes": [...]}`` of ids or ``{"id": ...}``
    objects, as the schema has) or plain text (one id a line; ``#`` starts a comment).

    Raises:
        DienbienError: E001 if the file is missing, E020 if it names no theme or a theme twice.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "tax.txt"
        >>> _ = p.write_text("housing\n# a comment\nmigration\n", encoding="utf-8")
        >>> load_taxonomy(p)
        ('housing', 'migration')
    """
    p = Path(path)
    if not p.is_file():
        raise DienbienError(Errors.E001.format(path=p))
    raw = p.read_text(encoding="utf-8")
    try:
        data: Any = json.loads(raw)
    except json.JSONDecodeError:
        data = [line.split("#", 1)[0].strip() for line in raw.splitlines()]
        data = [x for x in data if x]
    if isinstance(data, dict):
        data = data.get("themes", [])
    ids = [x.get("id") if isinstance(x, dict) else x for x in data] if isinstance(data, list) else []
    if not ids or any(not isinstance(x, str) or not x.strip() for x in ids):
        raise DienbienError(Errors.E020.format(path=p, record="taxonomy", detail="needs a non-empty list of theme ids (strings)"))
    if len(set(ids)) != len(ids):
        raise DienbienError(Errors.E020.format(path=p, record="taxonomy", detail=f"names a theme twice: {sorted({x for x in ids if ids.count(x) > 1})}"))
    return tuple(ids)


def jsonl_training_data(
    path: str | Path, nlp: Any = None, text_field: str = "text", taxonomy: tuple[str, ...] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Segmented texts and themes from JSON Lines ``{"text", "themes"}`` records (themes of ``taxonomy``, default the schema's).

    Raises:
        DienbienError: E008 for broken JSON, E020 for a record without text or
            with unknown themes, E032 when no record is usable.
    """
    from .themes import segment

    nlp = nlp or _nlp()
    known = set(taxonomy or theme_ids())
    texts: list[str] = []
    y: list[list[str]] = []
    for lineno, line in enumerate(iter_lines(path), 1):
        if not line.strip():
            continue
        try:
            rec = loads_json(line)
        except json.JSONDecodeError as err:
            raise DienbienError(Errors.E008.format(path=path, line=lineno, detail=err.msg)) from None
        if not isinstance(rec, dict) or not isinstance(rec.get(text_field), str) or not rec[text_field].strip():
            raise DienbienError(Errors.E020.format(path=path, record=f"line {lineno}", detail=f"needs a non-empty '{text_field}' string"))
        themes = rec.get("themes", [])
        if not isinstance(themes, list) or any(not isinstance(t, str) or t not in known for t in themes):
            bad = [t for t in themes if not isinstance(t, str) or t not in known] if isinstance(themes, list) else themes
            raise DienbienError(Errors.E020.format(path=path, record=f"line {lineno}", detail=f"unknown themes {bad}; known: {sorted(known)}"))
        texts.append(rec[text_field])
        y.append(themes)
    if not texts:
        raise DienbienError(Errors.E032.format(detail=f"{path} has no records"))
    X = [segment(d) for d in nlp.pipe(texts)]  # noqa: N806
    return X, y


#: Grouped cross-validation makes 5 folds; fewer groups than that cannot be split.
MIN_CV_GROUPS = 5


def evaluate_themes(
    corpus_dir: str | Path = "corpus",
    annotations_dir: str | Path = "annotations",
    *,
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4),
    n_boot: int = 1000,
    data: str | Path | None = None,
    test: str | Path | None = None,
    taxonomy: str | Path | None = None,
) -> dict[str, Any]:
    """Compare every baseline, with bootstrap CIs and the bar check.

    ``taxonomy`` (a file for :func:`load_taxonomy`) lets ``data`` and ``test`` carry themes of their own.

    Without ``test``: cross-validation on the gold (or on ``data``, JSON Lines of
    ``{"text", "themes"}``; each record is its own CV group) — see
    :func:`dienbien_nlp.learn.themes.cross_validate`. With ``test`` (the same format):
    each classifier is fitted on the gold (or ``data``) and scored on ``test``.
    """
    from .themes import bar_check, best_learned, cross_validate, holdout_evaluate

    nlp = _nlp()
    labels = load_taxonomy(taxonomy) if taxonomy is not None else None
    if labels is not None and data is None:
        raise DienbienError(Errors.E032.format(detail="a taxonomy of its own needs --data labelled with it (the gold uses the schema's themes)"))
    if data is not None:
        X, y = jsonl_training_data(data, nlp=nlp, taxonomy=labels)  # noqa: N806
        groups = [str(i) for i in range(len(X))]
    else:
        X, y, groups = gold_training_data(corpus_dir, annotations_dir, nlp=nlp)  # noqa: N806
    if len(set(groups)) < MIN_CV_GROUPS and test is None:
        raise DienbienError(Errors.E032.format(detail=f"cross-validation needs at least {MIN_CV_GROUPS} records (or paragraphs), got {len(set(groups))}"))
    if test is not None:
        X_test, y_test = jsonl_training_data(test, nlp=nlp, taxonomy=labels)  # noqa: N806
        res = holdout_evaluate(X, y, X_test, y_test, seeds=seeds, n_boot=n_boot, labels=labels)
        res["setup"].update({"train": str(data) if data is not None else "gold", "test": str(test)})
    else:
        res = cross_validate(X, y, groups, seeds=seeds, n_boot=n_boot, labels=labels)
        res["setup"]["data"] = str(data) if data is not None else "gold"
    if labels is not None:
        res["setup"]["taxonomy"] = list(labels)
    res["best_learned"] = best_learned(res)
    res["bar"] = bar_check(res)
    return res


def split_sentences(docs: Any, nlp: Any = None) -> dict[str, list[tuple[str, str, str, list[str]]]]:
    """``split -> [(doc_id, genre, segmented sentence, themes)]`` of :class:`~dienbien_nlp.annotation.gold.GoldDoc` objects."""
    from .themes import segment

    nlp = nlp or _nlp()
    out: dict[str, list[tuple[str, str, str, list[str]]]] = {}
    for d, sdoc in zip(docs, nlp.pipe(d.text for d in docs)):
        for s in d.sentences:
            span = sdoc.char_span(s["start"], s["end"], alignment_mode="expand")
            out.setdefault(d.split, []).append((d.doc_id, d.genre, segment(span), list(s["themes"])))
    return out


def evaluate_themes_split(
    corpus_dir: str | Path = "corpus",
    annotations_dir: str | Path = "annotations",
    *,
    vntc: str | Path | None = None,
    seeds: tuple[int, ...] = (0,),
    n_boot: int = 1000,
    kinds: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """Every baseline (or ``kinds``) trained on the ``train`` documents and scored on ``test`` (and ``dev``), per genre too.

    The result has the shape of :func:`evaluate_themes` (``classifiers`` are the
    ``test`` scores) plus ``dev`` and ``by_genre`` (micro-F1 on ``test`` per genre).
    News articles take part when the VNTC sample is found (``setup["news"]`` says).
    """
    import numpy as np
    from sklearn.preprocessing import MultiLabelBinarizer

    from ..annotation.gold import load_gold
    from .themes import LEARNED, TRIVIAL, ThemeClassifier, _scores, bar_check, best_learned, summarise

    docs, missing = load_gold(corpus_dir, annotations_dir, vntc)
    by = split_sentences(docs)
    train = by.get("train", [])
    if len(train) < MIN_CV_GROUPS or not by.get("test"):
        raise DienbienError(Errors.E032.format(detail="the gold needs train and test documents (annotations/splits.json)"))
    X, y = [r[2] for r in train], [r[3] for r in train]  # noqa: N806
    mlb = MultiLabelBinarizer(classes=list(theme_ids()))
    kinds = kinds or (*TRIVIAL, *LEARNED)
    parts = {k: v for k, v in by.items() if k != "train"}
    preds: dict[str, dict[str, list[np.ndarray]]] = {part: {} for part in parts}
    for kind in kinds:  # one fit per classifier and seed, scored on every part
        for seed in seeds:
            model = ThemeClassifier(kind, random_state=seed).fit(X, y, docs=[r[0] for r in train])
            for part, rows in parts.items():
                preds[part].setdefault(kind, []).append(np.asarray(model.predict([r[2] for r in rows], docs=[r[0] for r in rows])))
    test = by["test"]
    # the bootstrap resamples documents: sentences of one document are not independent
    res = {"classifiers": summarise(mlb.fit_transform([r[3] for r in test]), preds["test"], n_boot, groups=[r[0] for r in test])}
    res["setup"] = {"train_sentences": len(X), "test_sentences": len(test), "seeds": list(seeds), "bootstrap": n_boot, "bootstrap_unit": "document"}
    if "dev" in parts:
        dev = by["dev"]
        res["dev"] = {"classifiers": summarise(mlb.fit_transform([r[3] for r in dev]), preds["dev"], n_boot, groups=[r[0] for r in dev])}
    res["by_genre"] = {}
    for g in sorted({r[1] for r in test}):
        idx = [i for i, r in enumerate(test) if r[1] == g]
        Y = mlb.fit_transform([test[i][3] for i in idx])  # noqa: N806
        res["by_genre"][g] = {
            "sentences": len(idx),
            "micro_f1": {k: float(_scores(Y, preds["test"][k][0][idx])[0]) for k in kinds},
        }
    res["setup"].update({
        "evaluation": "split",
        "train_documents": len({r[0] for r in train}),
        "test_documents": len({r[0] for r in test}),
        "dev_documents": len({r[0] for r in by.get("dev", [])}),
        "news": "included" if missing is None else f"left out: {missing}",
    })
    # the classifier is chosen on dev (never on test), then scored on test
    res["best_learned"] = best_learned(res["dev"] if "dev" in res else res)
    res["setup"]["chosen_on"] = "dev" if "dev" in res else "test (no dev split)"
    res["bar"] = bar_check(res, res["best_learned"])
    return res


def train_themes(
    out: str | Path,
    *,
    kind: str = "tfidf_lex_hints_lr",
    data: str | Path | None = None,
    corpus_dir: str | Path = "corpus",
    annotations_dir: str | Path = "annotations",
    taxonomy: str | Path | None = None,
) -> dict[str, Any]:
    """Fit a classifier on all the gold (or on ``data``, whose themes may come from ``taxonomy``, a file for
    :func:`load_taxonomy`) and save it with skops; the model predicts that taxonomy's themes."""
    from ..textio import check_output
    from .model_io import save_model
    from .themes import CLASSIFIERS, fit_classifier

    if kind not in CLASSIFIERS:
        raise DienbienError(Errors.E059.format(option="--kind", detail=f"'{kind}' is not one of {', '.join(CLASSIFIERS)}"))
    check_output(out)

    labels = load_taxonomy(taxonomy) if taxonomy is not None else None
    if labels is not None and data is None:
        raise DienbienError(Errors.E032.format(detail="a taxonomy of its own needs --data labelled with it (the gold uses the schema's themes)"))
    docs = None  # JSON Lines records: each its own document
    if data is not None:
        X, y = jsonl_training_data(data, taxonomy=labels)  # noqa: N806
    else:  # all gold: every split of every genre (the news when the VNTC sample is found)
        from ..annotation.gold import load_gold

        docs, _missing = load_gold(corpus_dir, annotations_dir)
        rows = [r for part in split_sentences(docs).values() for r in part]
        X, y, docs = [r[2] for r in rows], [r[3] for r in rows], [r[0] for r in rows]  # noqa: N806
    model = fit_classifier(kind, X, y, labels=labels, docs=docs)
    save_model(model, out)
    return {"kind": kind, "sentences": len(X), "path": str(out), "themes": [str(c) for c in model.classes_]}


def predict_file(path: str, model_path: str | Path | None = None, *, text_field: str = "text") -> Iterator[dict[str, Any]]:
    """Themes of each sentence of a text file, folder, JSONL corpus or stdin (``-``), with offsets.

    Each record is ``{"doc", "start", "end", "text", "themes"}``: the fields of
    ``dienbien-nlp tag``'s records, with the same doc id rule
    (:func:`~dienbien_nlp.tagging.iter_sources`). The input is streamed in chunks of
    whole lines, as :func:`~dienbien_nlp.tagging.tag_path` does, so a file of any
    size is read once and never held whole.
    """
    from .. import load
    from ..tagging import chunk_lines, iter_sources, sentence_records

    nlp = load(entities=False, themes=True, theme_model=str(model_path or ""), claims=False)
    count = 0
    for name, lines, _size in iter_sources(path, text_field):
        for offset, text in chunk_lines(lines):
            for rec in sentence_records(nlp(text), offset, entities=False, claims=False):
                count += 1
                yield {"doc": name, **rec}
    if count == 0:
        raise DienbienError(Errors.E058.format(path="<stdin>" if path == "-" else path))


#: Output formats of ``dienbien-nlp themes predict``.
PREDICT_FORMATS = ("jsonl", "tsv")


def write_predictions(path: str, out: Any, *, model_path: str | Path | None = None, fmt: str = "jsonl", text_field: str = "text") -> int:
    """Write :func:`predict_file`'s records to ``out`` as JSON Lines or TSV; returns the number of sentences.

    TSV has a header line ``doc start end themes text``; ``themes`` is comma-separated, and tabs
    and line breaks inside the text are written as spaces (the offsets give the exact text).
    """
    if fmt not in PREDICT_FORMATS:
        raise DienbienError(Errors.E014.format(path=path, fmt=fmt, expected=list(PREDICT_FORMATS)))
    n = 0
    if fmt == "tsv":
        out.write("doc\tstart\tend\tthemes\ttext\n")
    for rec in predict_file(path, model_path, text_field=text_field):
        if fmt == "jsonl":
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            text = " ".join(rec["text"].replace("\t", " ").splitlines())
            out.write(f"{rec['doc']}\t{rec['start']}\t{rec['end']}\t{','.join(rec['themes'])}\t{text}\n")
        n += 1
    return n
