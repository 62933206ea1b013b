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

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..errors import DienbienError, Errors
from ..schema import entity_label, entity_labels, theme_ids, themes
from ..textio import loads_json, read_text
from .tasks import (
    TASK_FIELDS,
    Imported,
    Prepared,
    RecordBuilder,
    Source,
    Span,
    Unit,
    as_source,
    check_annotator,
    check_spans,
    check_themes,
    prepare,
    unit_from_data,
    write_imported,
)

__all__ = [
    "ENTITY_CONTROL",
    "TASK_FIELDS",
    "TEXT_OBJECT",
    "THEME_CONTROL",
    "Imported",
    "Prepared",
    "RecordBuilder",
    "Source",
    "Unit",
    "annotator_name",
    "as_source",
    "check_annotator",
    "check_spans",
    "check_themes",
    "export_tasks",
    "import_export",
    "labeling_config",
    "load_export",
    "prepare",
    "task_data",
    "unit_from_data",
    "unit_results",
    "write_imported",
]

#: Names of the controls and the object in the labeling config.
ENTITY_CONTROL = "label"
THEME_CONTROL = "themes"
TEXT_OBJECT = "text"


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


