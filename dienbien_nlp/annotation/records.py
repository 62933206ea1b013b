"""Gold annotations as standoff records, keyed by document id and text hash.

Entity files (``annotations/entities/<doc_id>.json``)::

    {"doc_id": ..., "text_sha256": ..., "annotator": "adjudicated",
     "entities": [{"id": "e1", "start": 0, "end": 9, "label": "LOC", "text": "Điện Biên"}, ...]}

Theme files (``annotations/themes/<doc_id>.json``)::

    {"doc_id": ..., "text_sha256": ..., "annotator": "adjudicated",
     "sentences": [{"id": "<doc_id>-1", "start": 0, "end": 62, "text": "...", "themes": ["economy"]}, ...]}

Offsets are Python ``str`` indices into the document's cleaned article text.
:func:`validate_file` checks a file against the text it claims to annotate.

Example:
    >>> rec = {"doc_id": "d", "text_sha256": sha256_text("Hà Nội"), "annotator": "x",
    ...        "entities": [{"id": "e1", "start": 0, "end": 6, "label": "LOC", "text": "Hà Nội"}]}
    >>> validate_entities(rec, "Hà Nội", "d.json")
    []
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpus.documents import sha256_text
from ..errors import DienbienError, Errors
from ..schema import entity_labels, theme_ids
from ..textio import atomic_write_many, atomic_write_text, check_dir, check_doc_id, inside, loads_json, read_text

DEFAULT_DIR = Path("annotations")


@dataclass(frozen=True)
class EntitySpan:
    """One gold entity mention."""

    start: int
    end: int
    label: str
    text: str


def entity_path(doc_id: str, root: str | Path = DEFAULT_DIR, annotator: str | None = None) -> Path:
    """Where the entity file of ``doc_id`` lives (a pass's when ``annotator`` is given).

    Raises:
        DienbienError: E053 for an id that is not a document id (it could name another folder).
    """
    check_doc_id(doc_id, "document id")
    base = Path(root) / ("entities" if annotator is None else f"passes/entities/{annotator}")
    return base / f"{doc_id}.json"


def theme_path(doc_id: str, root: str | Path = DEFAULT_DIR, annotator: str | None = None) -> Path:
    """Where the theme file of ``doc_id`` lives (a pass's when ``annotator`` is given)."""
    check_doc_id(doc_id, "document id")
    base = Path(root) / ("themes" if annotator is None else f"passes/themes/{annotator}")
    return base / f"{doc_id}.json"


def read_record(path: str | Path) -> dict[str, Any]:
    """Read an annotation file, with E021 for broken JSON or a wrong top level."""
    p = Path(path)
    try:
        data = loads_json(read_text(p))
    except json.JSONDecodeError as err:
        raise DienbienError(Errors.E021.format(path=p, detail=f"invalid JSON: {err.msg} at line {err.lineno}")) from None
    if not isinstance(data, dict):
        raise DienbienError(Errors.E021.format(path=p, detail="top level must be a JSON object"))
    return data


def write_records(plan: list[tuple[Path, dict[str, Any]]], *, force: bool = False, root: str | Path | None = None) -> list[Path]:
    """Write several annotation files, all or none.

    Every path is resolved first; with ``root`` each must lie inside it (E054). If one
    already exists and not ``force``, none is written (E041). The files are written to
    temporary names and renamed only when all of them are written.
    """
    for p, _ in plan:
        if root is not None:
            inside(root, p)
        if not force and p.resolve().exists():
            raise DienbienError(Errors.E041.format(path=p))
    atomic_write_many([(p.resolve(), render_record(rec).encode("utf-8")) for p, rec in plan])
    return [p for p, _ in plan]


def write_record(path: str | Path, data: dict[str, Any]) -> None:
    """Write an annotation file atomically, in a stable, diff-friendly layout."""
    atomic_write_text(path, render_record(data))


def render_record(data: dict[str, Any]) -> str:
    """An annotation record as text: one key per line, one list item per line."""
    lines = ["{"]
    items = list(data.items())
    for k, (key, value) in enumerate(items):
        comma = "," if k < len(items) - 1 else ""
        if isinstance(value, list):
            lines.append(f"  {json.dumps(key)}: [")
            for j, item in enumerate(value):
                c = "," if j < len(value) - 1 else ""
                lines.append(f"    {json.dumps(item, ensure_ascii=False)}{c}")
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def entity_record(doc_id: str, text: str, spans: list[tuple[int, int, str]], annotator: str) -> dict[str, Any]:
    """Build an entity file record from ``(start, end, label)`` spans."""
    ents = [
        {"id": f"e{k + 1}", "start": s, "end": e, "label": lab, "text": text[s:e]}
        for k, (s, e, lab) in enumerate(sorted(spans))
    ]
    return {"doc_id": doc_id, "text_sha256": sha256_text(text), "annotator": annotator, "entities": ents}


def theme_record(doc_id: str, text: str, sentences: list[tuple[int, int, list[str]]], annotator: str) -> dict[str, Any]:
    """Build a theme file record from ``(start, end, themes)`` sentences."""
    order = {t: i for i, t in enumerate(theme_ids())}
    sents = [
        {"id": f"{doc_id}-{k + 1}", "start": s, "end": e, "text": text[s:e], "themes": sorted(set(th), key=order.__getitem__)}
        for k, (s, e, th) in enumerate(sentences)
    ]
    return {"doc_id": doc_id, "text_sha256": sha256_text(text), "annotator": annotator, "sentences": sents}


def _check_header(data: dict[str, Any], text: str, key: str) -> list[str]:
    problems = []
    for field in ("doc_id", "text_sha256", key):
        if field not in data:
            problems.append(f"record 'header': missing field '{field}'")
    if "text_sha256" in data and data["text_sha256"] != sha256_text(text):
        problems.append(
            f"record 'header': text_sha256 {str(data['text_sha256'])[:12]}… does not match the document text "
            f"({sha256_text(text)[:12]}…): the text changed since it was annotated"
        )
    if key in data and not isinstance(data[key], list):
        problems.append(f"record 'header': '{key}' must be a list")
    return problems


def is_offset(x: Any) -> bool:
    """Whether ``x`` can be a character offset: an ``int`` that is not a ``bool``."""
    return isinstance(x, int) and not isinstance(x, bool)


def offsets_ok(start: Any, end: Any, length: int) -> bool:
    """Whether ``start``/``end`` are offsets of a non-empty span inside a text of ``length`` characters.

    Example:
        >>> offsets_ok(0, 3, 3), offsets_ok(2, 2, 3), offsets_ok(True, 2, 3), offsets_ok(0, 4, 3)
        (True, False, False, False)
    """
    return is_offset(start) and is_offset(end) and 0 <= start < end <= length


def _check_spans(items: list[Any], text: str, kind: str, check: Callable[[dict[str, Any], str], list[str]]) -> list[str]:
    problems: list[str] = []
    ok_spans = []
    for k, item in enumerate(items):
        rid = item.get("id", f"#{k + 1}") if isinstance(item, dict) else f"#{k + 1}"
        if not isinstance(item, dict):
            problems.append(f"record '{rid}': must be a JSON object")
            continue
        s, e = item.get("start"), item.get("end")
        if not (is_offset(s) and is_offset(e)):
            problems.append(f"record '{rid}': start and end must be integers")
            continue
        if not offsets_ok(s, e, len(text)):
            problems.append(f"record '{rid}': offsets {s}-{e} lie outside the text (length {len(text)})")
            continue
        if item.get("text") != text[s:e]:
            problems.append(f"record '{rid}': span text {item.get('text')!r} does not match the text at {s}-{e} ({text[s:e]!r})")
        problems += [f"record '{rid}': {p}" for p in check(item, text)]
        ok_spans.append((s, e, rid))
    for (s1, e1, r1), (s2, e2, r2) in zip(sorted(ok_spans), sorted(ok_spans)[1:]):
        if s2 < e1:
            problems.append(f"record '{r2}': {kind} {s2}-{e2} overlaps record '{r1}' ({s1}-{e1})")
    return problems


def validate_entities(data: dict[str, Any], text: str, path: str | Path) -> list[str]:
    """Problems of an entity record against ``text`` (empty list when valid)."""
    labels = set(entity_labels())

    def check(item: dict[str, Any], _text: str) -> list[str]:
        if not isinstance(item.get("label"), str) or item.get("label") not in labels:
            return [f"label {item.get('label')!r} is not in the schema {sorted(labels)}"]
        return []

    problems = _check_header(data, text, "entities")
    if isinstance(data.get("entities"), list):
        problems += _check_spans(data["entities"], text, "span", check)
    return [f"{path}: {p}" for p in problems]


def validate_themes(data: dict[str, Any], text: str, path: str | Path) -> list[str]:
    """Problems of a theme record against ``text`` (empty list when valid)."""
    known = set(theme_ids())

    def check(item: dict[str, Any], _text: str) -> list[str]:
        th = item.get("themes")
        if not isinstance(th, list):
            return ["'themes' must be a list"]
        bad = [t for t in th if not isinstance(t, str) or t not in known]
        return [f"theme {t!r} is not in the schema" for t in bad]

    problems = _check_header(data, text, "sentences")
    if isinstance(data.get("sentences"), list):
        problems += _check_spans(data["sentences"], text, "sentence", check)
    return [f"{path}: {p}" for p in problems]


def validate_all(
    root: str | Path = DEFAULT_DIR, corpus_dir: str | Path = "corpus", vntc: str | Path | None = None
) -> tuple[int, list[str]]:
    """Validate every gold and pass file under ``root``; return ``(files checked, problems)``.

    The claim files (``claims/``, ``news/claims/`` and their passes) are checked by
    :func:`dienbien_nlp.claims.evaluate.validate_claim_files`. The news standoff under ``root/news/`` is checked as well: its records carry no
    text, so each is checked against the article's cleaned text from the VNTC sample
    (``vntc``, else the default place, see :func:`dienbien_nlp.corpus.news.default_vntc`),
    which must have the recorded hash. Without the sample, only what needs no text is
    checked (ids, labels, offsets in order) and a W020 warning says so.
    """
    n, problems = _validate_tree(root, corpus_dir)
    m, more = _validate_news(root, vntc)
    from ..claims.evaluate import validate_claim_files

    c, claim_problems = validate_claim_files(root, corpus_dir, vntc)
    return n + m + c, problems + more + claim_problems


def _validate_news(root: str | Path, vntc: str | Path | None) -> tuple[int, list[str]]:
    import warnings

    from ..corpus.news import attach_texts, news_texts
    from ..errors import DienbienWarning, Warnings

    todo = _record_files(Path(root) / "news")
    if not todo:
        return 0, []
    try:
        texts = news_texts(root, vntc)
    except DienbienError as err:
        warnings.warn(Warnings.W020.format(n=len(todo), detail=str(err)), DienbienWarning, stacklevel=3)
        texts = None
    problems: list[str] = []
    for path, validator in todo:
        try:
            data = read_record(path)
        except DienbienError as err:
            problems.append(str(err))
            continue
        try:
            check_doc_id(data.get("doc_id"), path)
        except DienbienError as err:
            problems.append(str(err))
            continue
        items = data.get("entities", data.get("sentences"))
        if isinstance(items, list) and any(isinstance(i, dict) and "text" in i for i in items):
            problems.append(f"{path}: a news standoff record must not hold text")
            continue
        if texts is None:
            continue
        text = texts.get(data["doc_id"])
        if text is None:
            problems.append(f"{path}: document '{data['doc_id']}' is not in annotations/news/selection.json")
            continue
        try:
            full = attach_texts(data, text, path) if isinstance(items, list) else data
        except (DienbienError, TypeError, KeyError) as err:
            problems.append(f"{path}: {err}")
            continue
        problems += validator(full, text, path)
    return len(todo), problems


def _record_files(base: Path) -> list[tuple[Path, Callable[[dict[str, Any], str, str | Path], list[str]]]]:
    """Every gold and pass record file under ``base`` with the validator of its kind (entities first)."""
    files = sorted(base.glob("entities/*.json")) + sorted(base.glob("passes/entities/*/*.json"))
    tfiles = sorted(base.glob("themes/*.json")) + sorted(base.glob("passes/themes/*/*.json"))
    return [(f, validate_entities) for f in files] + [(f, validate_themes) for f in tfiles]


def _validate_tree(root: str | Path, corpus_dir: str | Path) -> tuple[int, list[str]]:
    from ..corpus.documents import get_document

    root = check_dir(root)
    problems: list[str] = []
    todo = _record_files(root)
    texts: dict[str, str] = {}
    for path, validator in todo:
        try:
            data = read_record(path)
        except DienbienError as err:
            problems.append(str(err))
            continue
        doc_id = data.get("doc_id", path.stem)
        if doc_id not in texts:
            try:
                texts[doc_id] = get_document(str(doc_id), corpus_dir).text
            except DienbienError as err:
                problems.append(f"{path}: record 'header': {err}")
                continue
        problems += validator(data, texts[doc_id], path)
    return len(todo), problems


def load_entities(doc_id: str, root: str | Path = DEFAULT_DIR, annotator: str | None = None) -> list[EntitySpan]:
    """Entity spans of a document (gold, or one annotator's pass)."""
    data = read_record(entity_path(doc_id, root, annotator))
    return [EntitySpan(e["start"], e["end"], e["label"], e["text"]) for e in data["entities"]]


def load_themes(doc_id: str, root: str | Path = DEFAULT_DIR, annotator: str | None = None) -> list[dict[str, Any]]:
    """Theme sentences of a document (gold, or one annotator's pass)."""
    return list(read_record(theme_path(doc_id, root, annotator))["sentences"])
