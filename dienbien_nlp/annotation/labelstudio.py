"""Label Studio: the labeling config, tasks with pre-annotations, and gold records from a JSON export.

**The task unit is one sentence**, shown under its paragraph for context:

* themes are a property of the sentence (the theme records and classifiers are
  per sentence), so in a sentence task they are plain task-level multi-choices:
  always visible, always attached to the right sentence, and kept even when the
  project does not pre-label from predictions. With a paragraph task they
  would have to be per-region choices on sentence regions that the annotator
  must not move or delete, and an annotation without those regions (pre-labels
  off, or a region deleted by mistake) would silently lose its themes;
* entities in this project never cross a sentence: ``dienbien-nlp tag`` reports
  them inside sentence objects and the gold has none that crosses one. The
  context an entity needs (who "đồng chí" is, what a bare "Tỉnh ủy" refers to)
  is the paragraph, which every task shows read-only above the sentence;
* each task carries ``doc_id``, ``text_sha256`` and ``offset`` (the sentence's
  start in the document), so import maps every span back by adding one number,
  and a task annotated by nobody is simply absent from the records.

The cost: more, shorter tasks, and an entity split by a wrong sentence boundary
cannot be marked (it is reported with W014 when pre-annotating).

Sentences are the pipeline's content sentences (:func:`~dienbien_nlp.export.conllu.content_sents`),
or, when existing theme records are given, the sentences of those records.

Example:
    >>> xml = labeling_config()
    >>> xml.startswith("<View>") and 'name="themes"' in xml
    True
"""

from __future__ import annotations

import bisect
import json
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..corpus.documents import sha256_text
from ..errors import DienbienError, DienbienWarning, Errors, Warnings
from ..schema import entity_label, entity_labels, theme_ids, themes
from ..textio import loads_json, read_text

#: Names of the controls and the object in the labeling config.
ENTITY_CONTROL = "label"
THEME_CONTROL = "themes"
TEXT_OBJECT = "text"
#: Data fields every task carries (besides ``text`` and ``context``).
TASK_FIELDS = ("doc_id", "text_sha256", "offset", "sentence", "sentences")

Span = tuple[int, int, str]
#: ``annotator -> doc_id -> (entity record, theme record)``.
Imported = dict[str, dict[str, tuple[dict[str, Any], dict[str, Any]]]]

_LINE_RE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_ANNOTATOR_RE = re.compile(r"[A-Za-z0-9@._+-]+")


# ---------------------------------------------------------------------------
# The labeling config


def labeling_config() -> str:
    """The Label Studio labeling config, generated from the schema.

    An entity ``<Labels>`` (one ``<Label>`` per schema label, with its colour
    and definition as hint) over the sentence ``<Text>``, multi-choice theme
    ``<Choices>`` for the sentence, and the paragraph shown above as context.

    Returns:
        The XML as a string.
    """
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="$heading", size="5")
    ctx = ET.SubElement(
        view, "View", style="color: #555; border-left: 3px solid #ccc; padding-left: 8px; margin-bottom: 1em"
    )
    ET.SubElement(ctx, "Text", name="context", value="$context")
    labels = ET.SubElement(view, "Labels", name=ENTITY_CONTROL, toName=TEXT_OBJECT, choice="single", showInline="true")
    for lab in entity_labels():
        entry = entity_label(lab)
        ET.SubElement(
            labels, "Label", value=lab, background=entry["color"], hint=f"{entry['name_vi']}: {entry['definition_en']}"
        )
    ET.SubElement(view, "Text", name=TEXT_OBJECT, value="$text")
    ET.SubElement(view, "Header", value="Chủ đề của câu (themes)", size="6")
    choices = ET.SubElement(
        view, "Choices", name=THEME_CONTROL, toName=TEXT_OBJECT, choice="multiple", showInline="false"
    )
    for theme in themes():
        ET.SubElement(choices, "Choice", value=theme["id"], hint=f"{theme['name_vi']}: {theme['definition_en']}")
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


# ---------------------------------------------------------------------------
# Annotation units: the sentences of a text


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

    out = []
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        if not toks:
            continue
        themes_ = sent._.themes if Span.has_extension("themes") else None
        out.append((toks[0].idx, toks[-1].idx + len(toks[-1].text), list(themes_ or [])))
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


# ---------------------------------------------------------------------------
# Export: tasks


def unit_results(unit: Unit, spans: Iterable[Span], unit_themes: Sequence[str]) -> list[dict[str, Any]]:
    """Label Studio ``result`` items for one unit: entity spans (document offsets) and its themes.

    Usable for ``predictions`` and ``annotations`` alike.

    Example:
        >>> u = Unit("d", "x", 1, 1, 10, 16, "Hà Nội")
        >>> unit_results(u, [(10, 16, "LOC")], [])[0]["value"]
        {'start': 0, 'end': 6, 'text': 'Hà Nội', 'labels': ['LOC']}
    """
    out: list[dict[str, Any]] = []
    for k, (s, e, lab) in enumerate(sorted(spans), 1):
        a, b = s - unit.start, e - unit.start
        out.append(
            {
                "id": f"e{k}",
                "from_name": ENTITY_CONTROL,
                "to_name": TEXT_OBJECT,
                "type": "labels",
                "value": {"start": a, "end": b, "text": unit.text[a:b], "labels": [lab]},
            }
        )
    if unit_themes:
        order = {t: i for i, t in enumerate(theme_ids())}
        out.append(
            {
                "id": "themes",
                "from_name": THEME_CONTROL,
                "to_name": TEXT_OBJECT,
                "type": "choices",
                "value": {"choices": sorted(set(unit_themes), key=lambda t: order.get(t, len(order)))},
            }
        )
    return out


def task_data(unit: Unit) -> dict[str, Any]:
    """The ``data`` of a task: the sentence, its paragraph, and where it sits in the document."""
    return {
        "text": unit.text,
        "context": unit.context,
        "heading": f"{unit.doc_id} · câu {unit.index}/{unit.total}",
        "doc_id": unit.doc_id,
        "text_sha256": unit.text_sha256,
        "offset": unit.start,
        "sentence": unit.index,
        "sentences": unit.total,
    }


def export_tasks(
    docs: Iterable[Any],
    nlp: Any | None,
    *,
    records: Mapping[str, tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]] | None = None,
    model_version: str | None = None,
    sentences: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Label Studio tasks, one per sentence, with pre-annotations as ``predictions``.

    Args:
        docs: Corpus ``Document`` objects, :class:`Source` objects or ``(doc_id, text)`` pairs.
        nlp: The pipeline (``dienbien_nlp.load()``) whose entities and themes pre-annotate.
        records: ``doc_id -> (entity_record, theme_record)``: pre-annotate those
            documents from existing records instead (e.g. to review a pass).
        model_version: Name of the pre-annotations (default: ``dienbien-nlp <version>``,
            or ``annotations:<annotator>`` for records).
        sentences: ``doc_id -> theme record`` whose sentences are the units of
            that document (default: the pipeline's sentences, or those of the
            theme record in ``records``). Predicted themes are kept for the
            sentences that coincide.

    Returns:
        A list of tasks ready for Label Studio's JSON import.

    Example:
        >>> import dienbien_nlp
        >>> tasks = export_tasks([("d", "Xin chào. Hà Nội đẹp.")], dienbien_nlp.load())  # doctest: +SKIP
        >>> [(t["data"]["offset"], t["data"]["text"]) for t in tasks]  # doctest: +SKIP
        [(0, 'Xin chào.'), (10, 'Hà Nội đẹp.')]
    """
    tasks = []
    for doc in docs:
        src = as_source(doc)
        recs = records.get(src.doc_id) if records is not None else None
        prepared = prepare(src, nlp, recs, model_version, (sentences or {}).get(src.doc_id))
        for unit, spans, unit_themes in zip(prepared.units, prepared.entities, prepared.themes, strict=True):
            tasks.append(
                {
                    "data": task_data(unit),
                    "predictions": [
                        {"model_version": prepared.model_version, "result": unit_results(unit, spans, unit_themes)}
                    ],
                }
            )
    return tasks


# ---------------------------------------------------------------------------
# Import: checking spans and building records


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
        shown = vtext if isinstance(vtext, str) else (text[s:e] if _ints(s, e) and 0 <= s <= e <= len(text) else "")
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
        if not _ints(s, e) or not (0 <= s < e <= len(text)):
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


def _ints(*xs: Any) -> bool:
    return all(isinstance(x, int) and not isinstance(x, bool) for x in xs)


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
        if not _ints(data[f]) or data[f] < 0:
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


# ---------------------------------------------------------------------------
# Import: Label Studio JSON export


def annotator_name(completed_by: Any, annotators: Mapping[str, str] | None = None) -> str:
    """The annotator of an annotation: its e-mail, or ``user-<id>``, mapped through ``annotators``.

    ``annotators`` maps a user id (as a string) or an e-mail to a name, e.g.
    ``{"1": "pass_a", "b@example.org": "pass_b"}``.
    """
    mapping = annotators or {}
    if isinstance(completed_by, dict):
        uid, email = completed_by.get("id"), completed_by.get("email")
        for key in (email, str(uid) if uid is not None else None):
            if key is not None and key in mapping:
                return mapping[key]
        if email:
            return str(email)
        return f"user-{uid}"
    if completed_by is None:
        return mapping.get("None", "unknown")
    return mapping.get(str(completed_by), f"user-{completed_by}")


def load_export(path: str | Path) -> list[dict[str, Any]]:
    """Read a Label Studio JSON export and check its shape (E040 for anything else)."""
    p = Path(path)
    raw = read_text(p, max_bytes=1024 * 1024 * 1024)
    try:
        data = loads_json(raw)
    except json.JSONDecodeError as err:
        # A complete export is a list: a file that does not end with "]" was cut off.
        hint = (
            ""
            if raw.rstrip().endswith("]")
            else " (the file does not end with ']': it looks truncated; export it again)"
        )
        raise DienbienError(
            Errors.E040.format(path=p, detail=f"invalid JSON: {err.msg} at line {err.lineno}, column {err.colno}{hint}")
        ) from None
    if not isinstance(data, list):
        raise DienbienError(
            Errors.E040.format(
                path=p, detail="the top level must be a list of tasks; choose the JSON export, not JSON-MIN or CSV"
            )
        )
    if not data:
        raise DienbienError(Errors.E040.format(path=p, detail="the export holds no tasks (it is an empty list)"))
    for k, task in enumerate(data):
        tid = task.get("id", f"#{k + 1}") if isinstance(task, dict) else f"#{k + 1}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise DienbienError(
                Errors.E040.format(
                    path=p, detail=f"task {tid} has no 'data' object; choose the JSON export, not JSON-MIN or CSV"
                )
            )
        if not isinstance(task.get("annotations", []), list):
            raise DienbienError(Errors.E040.format(path=p, detail=f"task {tid}: 'annotations' must be a list"))
        for ann in task.get("annotations", []):
            if not isinstance(ann, dict) or not isinstance(ann.get("result", []), list):
                raise DienbienError(
                    Errors.E040.format(
                        path=p, detail=f"task {tid}: every annotation must be an object with a 'result' list"
                    )
                )
            for item in ann.get("result", []):
                if not isinstance(item, dict) or not isinstance(item.get("value"), dict):
                    raise DienbienError(
                        Errors.E040.format(path=p, detail=f"task {tid}: a result item has no 'value' object")
                    )
    return data


def import_export(
    path: str | Path,
    *,
    annotators: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
) -> Imported:
    """Turn a Label Studio JSON export into gold records, per annotator.

    Every span is checked against the task text: a span whose text does not
    match (W010), with an unknown label (W011), outside the text (W012), with
    several labels (W015) or overlapping another (W017) is reported with a
    warning naming the task and the span, and skipped; whitespace at a span's
    edge is trimmed with W016. Unknown themes are skipped with W013. Skipped
    (cancelled) annotations and drafts are not imported.

    Args:
        path: The export (``Export → JSON`` in Label Studio, or ``/api/projects/<id>/export?exportType=JSON``).
        annotators: Maps a user id or e-mail to an annotator name (default: the
            e-mail when the export has it, else ``user-<id>``).
        texts: ``doc_id -> text`` of documents whose text is known (e.g. the
            corpus): the tasks are checked against it (E045).

    Returns:
        ``annotator -> doc_id -> (entity_record, theme_record)``.

    Raises:
        DienbienError: E040 (not a JSON export: truncated, wrong shape, tasks
            not made by ``labelstudio export``), E043 (a project with another
            config), E044 (inconsistent tasks), E045 (text changed), E049.
    """
    tasks = load_export(path)
    builder = RecordBuilder(path, texts)
    allowed = {(ENTITY_CONTROL, "labels"), (THEME_CONTROL, "choices")}
    for k, task in enumerate(tasks):
        tid = task.get("id", f"#{k + 1}")
        unit = unit_from_data(task["data"], path, tid)
        builder.check_unit(str(tid), unit)
        for ann in task.get("annotations", []):
            if ann.get("was_cancelled"):
                continue
            name = annotator_name(ann.get("completed_by"), annotators)
            ref = f"{tid} ({unit.id}, annotator {name})"
            spans: list[tuple[Any, Any, Any, Any]] = []
            chosen: list[Any] = []
            for item in ann.get("result", []):
                kind = (item.get("from_name"), item.get("type"))
                if kind not in allowed:
                    raise DienbienError(Errors.E043.format(path=path, task=tid, from_name=kind[0], type=kind[1]))
                value = item["value"]
                if kind[0] == ENTITY_CONTROL:
                    spans.append((value.get("start"), value.get("end"), value.get("labels", []), value.get("text")))
                else:
                    ch = value.get("choices", [])
                    chosen += ch if isinstance(ch, list) else [ch]
            builder.add(ref, name, unit, spans, chosen, ref=json.dumps([spans, sorted(map(str, chosen))], default=str))
    return builder.records()


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
