"""Annotation tasks, whatever the tool: sentence units of a document with their paragraph, pre-annotations from the
pipeline, and the checks and record building that turn a tool export back into gold records
(:mod:`.labelstudio` and :mod:`.doccano` use them)."""

from __future__ import annotations

import bisect
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus.documents import sha256_text
from ..errors import DienbienError, DienbienWarning, Errors, Warnings
from ..schema import entity_labels, theme_ids
from .records import is_offset, offsets_ok

#: Data fields every task carries (besides ``text`` and ``context``).
TASK_FIELDS = ("doc_id", "text_sha256", "offset", "sentence", "sentences")


Span = tuple[int, int, str]


#: ``annotator -> doc_id -> (entity record, theme record)``.
Imported = dict[str, dict[str, tuple[dict[str, Any], dict[str, Any]]]]


_LINE_RE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


_ANNOTATOR_RE = re.compile(r"[A-Za-z0-9@._+-]+")


@dataclass(frozen=True)
class Source:
    """A text to annotate: a document id and the text that offsets refer to."""

    doc_id: str
    text: str


@dataclass(frozen=True)
class Unit:
    """One annotation unit: a sentence of a document, with its paragraph as context.

    Attributes:
        doc_id, text_sha256: The document and the hash of its whole text.
        index: 1-based number of the sentence in the document; ``total`` sentences in all.
        start, end: Offsets of the sentence in the document text; ``text`` is that slice.
        context: The paragraph (line) that holds the sentence.
    """

    doc_id: str
    text_sha256: str
    index: int
    total: int
    start: int
    end: int
    text: str
    context: str = ""

    @property
    def id(self) -> str:
        """The sentence id used in theme records: ``<doc_id>-<index>``."""
        return f"{self.doc_id}-{self.index}"


def as_source(doc: Any) -> Source:
    """A :class:`Source` from a corpus ``Document``, a ``Source`` or a ``(doc_id, text)`` pair."""
    if isinstance(doc, Source):
        return doc
    if isinstance(doc, tuple) and len(doc) == 2:
        return Source(str(doc[0]), str(doc[1]))
    return Source(doc.id, doc.text)


def _paragraph(text: str, start: int) -> str:
    for m in _LINE_RE.finditer(text):
        if m.start() <= start < m.end():
            return m.group()
    return ""


def _pipeline_sentences(doc: Any) -> list[tuple[int, int, list[str]]]:
    """Content sentences of a spaCy ``Doc`` (trimmed of whitespace tokens) with their predicted themes."""
    from spacy.tokens import Span

    from ..pipeline.sentences import content_sents

    out = []
    for sent in content_sents(doc):
        themes_ = (sent._.themes or sent.sent._.themes) if Span.has_extension("themes") else None
        out.append((sent.start_char, sent.end_char, list(themes_ or [])))
    return out


def _check_record_text(record: Mapping[str, Any] | None, source: Source, what: str) -> None:
    if record is not None and record.get("text_sha256") != sha256_text(source.text):
        raise DienbienError(
            Errors.E045.format(
                source=what,
                doc_id=source.doc_id,
                detail=f"the {record.get('annotator', '?')} record has text_sha256 "
                f"{str(record.get('text_sha256'))[:12]}…, "
                f"the text has {sha256_text(source.text)[:12]}…",
            )
        )


@dataclass
class Prepared:
    """The units of one text with the pre-annotations that fall in each."""

    source: Source
    model_version: str
    units: list[Unit] = field(default_factory=list)
    entities: list[list[Span]] = field(default_factory=list)
    themes: list[list[str]] = field(default_factory=list)


def prepare(
    doc: Any,
    nlp: Any | None,
    records: tuple[Mapping[str, Any] | None, Mapping[str, Any] | None] | None = None,
    model_version: str | None = None,
    sentences: Mapping[str, Any] | None = None,
) -> Prepared:
    """Cut a text into sentence units and attach pre-annotations to each.

    Args:
        doc: A corpus ``Document``, a :class:`Source` or a ``(doc_id, text)`` pair.
        nlp: The pipeline; its ``doc.ents`` and ``sent._.themes`` are the
            pre-annotations. May be ``None`` when ``records`` has a theme record.
        records: ``(entity_record, theme_record)`` (either may be ``None``) to
            pre-annotate from instead of the pipeline, e.g. to review a pass;
            their sentences are then the units.
        model_version: The name given to the pre-annotations.
        sentences: A theme record whose sentences are the units (e.g. those of
            a first pass, so that a second pass annotates the same units), whatever
            pre-annotates them.

    Raises:
        DienbienError: E045 when a record annotates another text.
    """
    from .. import __version__

    src = as_source(doc)
    sha = sha256_text(src.text)
    ent_rec, theme_rec = records if records is not None else (None, None)
    _check_record_text(ent_rec, src, "annotations")
    _check_record_text(theme_rec, src, "annotations")
    _check_record_text(sentences, src, "sentences")
    spans: list[Span]
    if records is not None:
        version = model_version or f"annotations:{(ent_rec or theme_rec or {}).get('annotator', 'records')}"
        spans = [(e["start"], e["end"], e["label"]) for e in (ent_rec or {}).get("entities", [])]
        if theme_rec is not None:
            sents = [(s["start"], s["end"], list(s["themes"])) for s in theme_rec["sentences"]]
        elif sentences is not None:
            sents = []
        else:
            if nlp is None:
                raise ValueError("a pipeline is needed to find the sentences of a text without a theme record")
            sents = [(s, e, []) for s, e, _ in _pipeline_sentences(nlp(src.text))]
    else:
        if nlp is None:
            raise ValueError("either a pipeline or records are needed to pre-annotate")
        version = model_version or f"dienbien-nlp {__version__}"
        parsed = nlp(src.text)
        known = set(entity_labels())
        spans = [(e.start_char, e.end_char, e.label_) for e in parsed.ents if e.label_ in known]
        sents = _pipeline_sentences(parsed)
    if sentences is not None:
        predicted = {(s, e): th for s, e, th in sents}
        sents = [
            (x["start"], x["end"], list(predicted.get((x["start"], x["end"]), []))) for x in sentences["sentences"]
        ]
    prepared = Prepared(src, version)
    sents = sorted(sents)
    for k, (s, e, th) in enumerate(sents, 1):
        prepared.units.append(Unit(src.doc_id, sha, k, len(sents), s, e, src.text[s:e], _paragraph(src.text, s)))
        prepared.entities.append([])
        prepared.themes.append(th)
    starts = [u.start for u in prepared.units]
    for s, e, lab in sorted(spans):
        k = bisect.bisect_right(starts, s) - 1
        if k >= 0 and prepared.units[k].start <= s and e <= prepared.units[k].end:
            prepared.entities[k].append((s, e, lab))
        else:
            warnings.warn(
                Warnings.W014.format(source=version, doc_id=src.doc_id, start=s, end=e, text=src.text[s:e]),
                DienbienWarning,
                stacklevel=2,
            )
    return prepared


@dataclass
class _DocAcc:
    sha: str
    total: int
    sentences: dict[int, tuple[int, int, str, list[str]]] = field(default_factory=dict)
    entities: list[tuple[int, int, str, str]] = field(default_factory=list)
    refs: dict[int, tuple[str, Any]] = field(default_factory=dict)


class RecordBuilder:
    """Collects checked annotations of sentence units and builds gold records per annotator.

    Shared by the Label Studio and doccano importers. Every span is checked
    against the unit text; a bad span is reported with a coded warning naming
    the task and the span, then skipped.
    """

    def __init__(self, source: str | Path, texts: Mapping[str, str] | None = None) -> None:
        self.source = str(source)
        self.texts: Mapping[str, str] = {} if texts is None else texts
        self._acc: dict[tuple[str, str], _DocAcc] = {}
        self._units: dict[tuple[str, int], tuple[str, int, str]] = {}

    def check_unit(self, task: str, unit: Unit) -> None:
        """Check that a unit agrees with the other units of its document and with the known text."""
        key = (unit.doc_id, unit.index)
        seen = self._units.get(key)
        if seen is None:
            for (doc_id, _), (sha, total, _text) in self._units.items():
                if doc_id == unit.doc_id and (sha != unit.text_sha256 or total != unit.total):
                    raise DienbienError(
                        Errors.E044.format(
                            path=self.source,
                            detail=f"tasks of document '{unit.doc_id}' carry different texts "
                            f"(text_sha256 {sha[:12]}… with "
                            f"{total} sentences, and {unit.text_sha256[:12]}… with {unit.total} in task {task}); "
                            "keep the tasks of one version of the text in a project",
                        )
                    )
            self._units[key] = (unit.text_sha256, unit.total, unit.text)
        elif seen != (unit.text_sha256, unit.total, unit.text):
            raise DienbienError(
                Errors.E044.format(
                    path=self.source,
                    detail=f"task {task} repeats sentence {unit.index} of '{unit.doc_id}' with another text",
                )
            )
        text = self.texts.get(unit.doc_id)
        if text is not None:
            if sha256_text(text) != unit.text_sha256:
                raise DienbienError(
                    Errors.E045.format(
                        source=self.source,
                        doc_id=unit.doc_id,
                        detail=f"the tasks were made from a text with sha256 {unit.text_sha256[:12]}…, "
                        f"the document now has {sha256_text(text)[:12]}…",
                    )
                )
            if text[unit.start : unit.end] != unit.text:
                raise DienbienError(
                    Errors.E045.format(
                        source=self.source,
                        doc_id=unit.doc_id,
                        detail=f"task {task}: the sentence at {unit.start}-{unit.end} reads "
                        f"{text[unit.start : unit.end]!r}, the task has {unit.text!r}",
                    )
                )

    def add(
        self,
        task: str,
        annotator: str,
        unit: Unit,
        spans: Iterable[tuple[Any, Any, Any, Any]],
        unit_themes: Iterable[Any],
        ref: Any = None,
    ) -> None:
        """Add one annotator's annotation of one unit.

        Args:
            task: How warnings name the task (e.g. ``"12 (doc-3, annotator a@x.org)"``).
            annotator: The annotator's name (a folder name in ``annotations/passes``).
            unit: The sentence.
            spans: ``(start, end, labels, text)`` relative to the unit text; ``labels``
                a list (Label Studio) or a single label, ``text`` ``None`` when the
                format has none (doccano).
            unit_themes: Theme ids.
            ref: What the annotation was, to tell true duplicates from conflicting ones.
        """
        check_annotator(annotator)
        acc = self._acc.get((annotator, unit.doc_id))
        if acc is None:
            acc = self._acc[(annotator, unit.doc_id)] = _DocAcc(unit.text_sha256, unit.total)
        if unit.index in acc.refs:
            prev_task, prev_ref = acc.refs[unit.index]
            if prev_ref == ref:
                return
            raise DienbienError(
                Errors.E044.format(
                    path=self.source,
                    detail=f"annotator '{annotator}' annotated sentence {unit.index} of '{unit.doc_id}' "
                    "twice, differently "
                    f"(tasks {prev_task} and {task}); delete one of the two annotations and export again",
                )
            )
        acc.refs[unit.index] = (task, ref)
        kept = check_spans(self.source, task, unit.text, spans)
        acc.entities += [(unit.start + s, unit.start + e, lab, txt) for s, e, lab, txt in kept]
        acc.sentences[unit.index] = (unit.start, unit.end, unit.text, check_themes(self.source, task, unit_themes))

    def records(self) -> Imported:
        """The gold records: ``annotator -> doc_id -> (entity_record, theme_record)``.

        Warns W018 for a document whose sentences an annotator did not all annotate.
        """
        order = {t: i for i, t in enumerate(theme_ids())}
        out: Imported = {}
        for (annotator, doc_id), acc in sorted(self._acc.items()):
            if len(acc.sentences) < acc.total:
                warnings.warn(
                    Warnings.W018.format(
                        source=self.source, annotator=annotator, done=len(acc.sentences), total=acc.total, doc_id=doc_id
                    ),
                    DienbienWarning,
                    stacklevel=2,
                )
            ents = [
                {"id": f"e{k}", "start": s, "end": e, "label": lab, "text": txt}
                for k, (s, e, lab, txt) in enumerate(sorted(acc.entities), 1)
            ]
            sents = [
                {
                    "id": f"{doc_id}-{idx}",
                    "start": s,
                    "end": e,
                    "text": txt,
                    "themes": sorted(th, key=order.__getitem__),
                }
                for idx, (s, e, txt, th) in sorted(acc.sentences.items(), key=lambda kv: kv[1][0])
            ]
            head = {"doc_id": doc_id, "text_sha256": acc.sha, "annotator": annotator}
            out.setdefault(annotator, {})[doc_id] = ({**head, "entities": ents}, {**head, "sentences": sents})
        return out


def check_annotator(name: str) -> str:
    """Check that an annotator name can be a folder name; return it."""
    if not isinstance(name, str) or not _ANNOTATOR_RE.fullmatch(name) or name in (".", ".."):
        raise DienbienError(
            Errors.E049.format(
                name=name, detail="use letters, digits, '@', '.', '_', '+' or '-'; map it with --annotator ID=NAME"
            )
        )
    return name


def check_spans(
    source: str, task: str, text: str, spans: Iterable[tuple[Any, Any, Any, Any]]
) -> list[tuple[int, int, str, str]]:
    """Check entity spans against ``text``; warn about and skip every bad one.

    Returns:
        The good spans as ``(start, end, label, text)``, whitespace at their edges trimmed (W016).
    """
    known = set(entity_labels())
    kept: list[tuple[int, int, str, str]] = []
    for s, e, labels, vtext in spans:
        labs = list(labels) if isinstance(labels, (list, tuple)) else [labels]
        shown = vtext if isinstance(vtext, str) else (text[s:e] if offsets_ok(s, e, len(text)) else "")
        if len(labs) != 1:
            warnings.warn(
                Warnings.W015.format(source=source, task=task, start=s, end=e, text=shown, n=len(labs), labels=labs),
                DienbienWarning,
                stacklevel=3,
            )
            continue
        lab = labs[0]
        if not isinstance(lab, str) or lab not in known:
            warnings.warn(
                Warnings.W011.format(source=source, task=task, label=lab, start=s, end=e), DienbienWarning, stacklevel=3
            )
            continue
        if not offsets_ok(s, e, len(text)):
            warnings.warn(
                Warnings.W012.format(source=source, task=task, start=s, end=e, length=len(text)),
                DienbienWarning,
                stacklevel=3,
            )
            continue
        if vtext is not None and vtext != text[s:e]:
            warnings.warn(
                Warnings.W010.format(source=source, task=task, start=s, end=e, text=vtext, actual=text[s:e]),
                DienbienWarning,
                stacklevel=3,
            )
            continue
        span = text[s:e]
        ns = s + (len(span) - len(span.lstrip()))
        ne = e - (len(span) - len(span.rstrip()))
        if (ns, ne) != (s, e):
            warnings.warn(
                Warnings.W016.format(
                    source=source,
                    task=task,
                    start=s,
                    end=e,
                    text=span,
                    new_start=ns,
                    new_end=max(ns, ne),
                    new_text=text[ns:ne],
                ),
                DienbienWarning,
                stacklevel=3,
            )
            if ns >= ne:
                continue
            s, e = ns, ne
        other = next((k for k in kept if k[0] < e and s < k[1]), None)
        if other is not None:
            warnings.warn(
                Warnings.W017.format(
                    source=source,
                    task=task,
                    start=s,
                    end=e,
                    text=text[s:e],
                    other_start=other[0],
                    other_end=other[1],
                    other_text=other[3],
                ),
                DienbienWarning,
                stacklevel=3,
            )
            continue
        kept.append((s, e, lab, text[s:e]))
    return kept


def check_themes(source: str, task: str, values: Iterable[Any]) -> list[str]:
    """Theme ids in the schema (each unknown one warned about with W013), without repeats."""
    known = set(theme_ids())
    out: list[str] = []
    for t in values:
        if not isinstance(t, str) or t not in known:
            warnings.warn(Warnings.W013.format(source=source, task=task, theme=t), DienbienWarning, stacklevel=3)
        elif t not in out:
            out.append(t)
    return out


def unit_from_data(data: Mapping[str, Any], path: str | Path, task: Any, error: str = "E040") -> Unit:
    """The unit a task's ``data`` (or a doccano record) describes; ``error`` names the code for a bad one."""
    msg = getattr(Errors, error)
    missing = [f for f in ("text", *TASK_FIELDS) if f not in data]
    if missing:
        raise DienbienError(
            msg.format(
                path=path,
                detail=f"task {task} lacks the fields {missing}: it was not made by "
                "`dienbien-nlp labelstudio export` / "
                "`dienbien-nlp doccano export`, or the fields were dropped",
            )
        )
    types = {"text": str, "doc_id": str, "text_sha256": str}
    for f, t in types.items():
        if not isinstance(data[f], t):
            raise DienbienError(msg.format(path=path, detail=f"task {task}: '{f}' must be a string"))
    for f in ("offset", "sentence", "sentences"):
        if not is_offset(data[f]) or data[f] < 0:
            raise DienbienError(msg.format(path=path, detail=f"task {task}: '{f}' must be a non-negative integer"))
    from ..textio import check_doc_id

    check_doc_id(data["doc_id"], f"{path}: task {task}")
    start = data["offset"]
    return Unit(
        data["doc_id"],
        data["text_sha256"],
        data["sentence"],
        data["sentences"],
        start,
        start + len(data["text"]),
        data["text"],
    )


def write_imported(imported: Imported, root: str | Path = "annotations", *, force: bool = False) -> list[Path]:
    """Write imported records as passes: ``<root>/passes/{entities,themes}/<annotator>/<doc_id>.json``.

    Nothing is written if any target exists and ``force`` is false (E041).

    Returns:
        The paths written.
    """
    from .records import entity_path, theme_path, write_records

    plan: list[tuple[Path, dict[str, Any]]] = []
    for annotator, docs in sorted(imported.items()):
        check_annotator(annotator)
        for doc_id, (ent, th) in sorted(docs.items()):
            plan.append((entity_path(doc_id, root, annotator), ent))
            plan.append((theme_path(doc_id, root, annotator), th))
    return write_records(plan, force=force, root=root)
