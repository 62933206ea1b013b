"""Comparing and adjudicating annotation sets: agreement between folders, disagreements, decisions.

An *annotation folder* is any folder of ``<doc_id>.json`` records, entity files
and/or theme files (e.g. ``annotations/passes/entities/pass_a``), or a folder
with ``entities/`` and ``themes/`` inside (e.g. ``annotations`` for the gold).
:func:`find_disagreements` lists every disagreement between two folders in an
editable JSON Lines form; :func:`apply_decisions` reads the edited file back
into adjudicated gold records. The ``dienbien-nlp agreement`` and
``dienbien-nlp adjudicate`` commands are thin wrappers over these functions.

Example:
    >>> from dienbien_nlp.annotation.adjudication import compare_folders
    >>> res = compare_folders("annotations/passes/entities/pass_a", "annotations/passes/entities/pass_b")  # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import DienbienError, DienbienWarning, Errors, Warnings
from ..eval.agreement import entity_agreement, theme_agreement
from ..schema import entity_labels, theme_ids
from .records import entity_path, read_record, theme_path, write_records

#: ``doc_id -> {"entities": record, "themes": record}`` (either may be missing).
Folder = dict[str, dict[str, dict[str, Any]]]
ADJUDICATOR = "adjudicated"
DEFAULT_DISAGREEMENTS = Path("annotations/adjudication/disagreements.jsonl")
DECISIONS = ("a", "b", "both", "none")
_SENTENCE_END = re.compile(r"[.!?…](?=\s)\s*")


# ---------------------------------------------------------------------------
# Library: annotation folders


def read_annotation_folder(path: str | Path) -> Folder:
    """The entity and theme records in an annotation folder, by document id.

    Raises:
        DienbienError: E001 for a missing folder, E021 for a broken file, E046
            for a JSON file that is no record, two records of one kind for a
            document, or a folder with no record at all.
    """
    root = Path(path)
    if not root.exists():
        raise DienbienError(Errors.E001.format(path=root))
    if root.is_file():
        files = [root]
    elif (root / "entities").is_dir() or (root / "themes").is_dir():
        files = sorted(root.glob("entities/*.json")) + sorted(root.glob("themes/*.json"))
    else:
        files = sorted(root.glob("*.json"))
    out: Folder = {}
    for f in files:
        rec = read_record(f)
        if isinstance(rec.get("entities"), list):
            kind = "entities"
        elif isinstance(rec.get("sentences"), list):
            kind = "themes"
        else:
            raise DienbienError(
                Errors.E046.format(
                    path=f,
                    detail="neither an entity record (an 'entities' list) nor a theme record (a 'sentences' list)",
                )
            )
        doc_id = str(rec.get("doc_id", f.stem))
        slot = out.setdefault(doc_id, {})
        if kind in slot:
            raise DienbienError(Errors.E046.format(path=f, detail=f"a second {kind} record of document '{doc_id}'"))
        slot[kind] = rec
    if not out:
        raise DienbienError(Errors.E046.format(path=root, detail="no <doc_id>.json entity or theme record in it"))
    return out


def _annotator(folder: Folder) -> str:
    names = sorted({str(r.get("annotator", "?")) for recs in folder.values() for r in recs.values()})
    return ", ".join(names)


def _common(a: Folder, b: Folder, kind: str, a_name: str, b_name: str, warn: bool = True) -> list[str]:
    """Documents with a ``kind`` record on both sides (W019 for the others); texts must agree (E047)."""
    docs_a = {d for d, r in a.items() if kind in r}
    docs_b = {d for d, r in b.items() if kind in r}
    for d in sorted(docs_a ^ docs_b) if warn else ():
        side = a_name if d in docs_a else b_name
        warnings.warn(
            Warnings.W019.format(a=a_name, b=b_name, detail=f"document '{d}' has {kind} only in {side}"),
            DienbienWarning,
            stacklevel=3,
        )
    common = sorted(docs_a & docs_b)
    for d in common:
        ha, hb = a[d][kind].get("text_sha256"), b[d][kind].get("text_sha256")
        if ha != hb:
            raise DienbienError(
                Errors.E047.format(
                    a=a_name,
                    b=b_name,
                    detail=f"they annotate different texts of '{d}' (text_sha256 {str(ha)[:12]}… and {str(hb)[:12]}…)",
                )
            )
    return common


# ---------------------------------------------------------------------------
# Library: agreement


def compare_folders(a: str | Path, b: str | Path) -> dict[str, Any]:
    """Agreement of two annotation folders: exact-span F1 per entity label, Cohen's kappa per theme.

    Entities are compared over the documents that have entity records in both,
    with A as the reference; themes over the sentences (same offsets) present in both.

    Returns:
        ``{"a", "b", "a_annotator", "b_annotator", "entities": {...} | None, "themes": {...} | None}``.
        ``entities`` holds ``documents``, ``micro`` and ``per_label`` (precision,
        recall, f1 and the counts ``a``, ``b``, ``both``); ``themes`` holds
        ``documents``, ``units``, ``per_theme`` (``kappa``, ``a``, ``b``, ``both``),
        ``mean_kappa``, ``krippendorff_alpha`` and ``exact_match``.
    """
    fa, fb = read_annotation_folder(a), read_annotation_folder(b)
    an, bn = str(a), str(b)
    result: dict[str, Any] = {
        "a": an,
        "b": bn,
        "a_annotator": _annotator(fa),
        "b_annotator": _annotator(fb),
        "entities": None,
        "themes": None,
    }
    docs = _common(fa, fb, "entities", an, bn)
    if docs:
        sa = [((d, e["start"]), (d, e["end"]), e["label"]) for d in docs for e in fa[d]["entities"]["entities"]]
        sb = [((d, e["start"]), (d, e["end"]), e["label"]) for d in docs for e in fb[d]["entities"]["entities"]]
        labels = list(entity_labels()) + sorted({s[2] for s in sa + sb} - set(entity_labels()))
        scores = entity_agreement(sa, sb, labels)
        both = set(sa) & set(sb)
        for lab, row in scores["per_label"].items():
            row |= {
                "a": sum(s[2] == lab for s in sa),
                "b": sum(s[2] == lab for s in sb),
                "both": sum(s[2] == lab for s in both),
            }
            row.pop("support", None)
        scores["micro"] |= {"a": len(sa), "b": len(sb), "both": len(both)}
        result["entities"] = {"documents": docs, **scores}
    tdocs = _common(fa, fb, "themes", an, bn)
    if tdocs:
        ta: list[list[str]] = []
        tb: list[list[str]] = []
        for d in tdocs:
            xa = {(s["start"], s["end"]): s["themes"] for s in fa[d]["themes"]["sentences"]}
            xb = {(s["start"], s["end"]): s["themes"] for s in fb[d]["themes"]["sentences"]}
            only = len(set(xa) ^ set(xb))
            if only:
                warnings.warn(
                    Warnings.W019.format(a=an, b=bn, detail=f"{only} sentence(s) of '{d}' are in only one of them"),
                    DienbienWarning,
                    stacklevel=2,
                )
            for key in sorted(set(xa) & set(xb)):
                ta.append(list(xa[key]))
                tb.append(list(xb[key]))
        result["themes"] = {"documents": tdocs, **theme_agreement(ta, tb, theme_ids())}
    if result["entities"] is None and result["themes"] is None:
        raise DienbienError(Errors.E047.format(a=an, b=bn, detail="no document has entity or theme records in both"))
    return result


def format_agreement(result: Mapping[str, Any]) -> str:
    """A plain-text table of :func:`compare_folders`' result."""

    def num(x: float | None) -> str:
        return "   n/a" if x is None else f"{x:6.3f}"

    lines = [f"A: {result['a']} ({result['a_annotator']})", f"B: {result['b']} ({result['b_annotator']})"]
    ents = result["entities"]
    if ents is not None:
        lines += ["", f"Entities, exact span and label, A as reference ({len(ents['documents'])} document(s))"]
        lines.append(f"{'label':<12}{'A':>6}{'B':>6}{'both':>6}{'P':>8}{'R':>8}{'F1':>8}")
        rows = [(lab, row) for lab, row in ents["per_label"].items() if row["a"] or row["b"]] + [
            ("micro", ents["micro"])
        ]
        for lab, row in rows:
            lines.append(
                f"{lab:<12}{row['a']:>6}{row['b']:>6}{row['both']:>6}  "
                f"{num(row['precision'])}  {num(row['recall'])}  {num(row['f1'])}"
            )
    th = result["themes"]
    if th is not None:
        lines += [
            "",
            f"Themes, Cohen's kappa per theme ({th['units']} sentence(s) in {len(th['documents'])} document(s))",
        ]
        lines.append(f"{'theme':<26}{'A':>5}{'B':>5}{'both':>6}{'kappa':>9}")
        for theme, row in th["per_theme"].items():
            if row["a"] or row["b"]:
                lines.append(f"{theme:<26}{row['a']:>5}{row['b']:>5}{row['both']:>6}   {num(row['kappa'])}")
        lines.append(
            f"mean kappa {num(th['mean_kappa']).strip()} · "
            f"Krippendorff's alpha {num(th['krippendorff_alpha']).strip()} · "
            f"exact match {num(th['exact_match']).strip()}"
        )
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Library: adjudication


def _known_text(doc_id: str, texts: Mapping[str, str], folders: Sequence[Folder]) -> dict[int, str]:
    """Characters of the document known from its text, else from the theme records' sentences."""
    if doc_id in texts:
        return dict(enumerate(texts[doc_id]))
    known: dict[int, str] = {}
    for f in folders:
        for s in f.get(doc_id, {}).get("themes", {}).get("sentences", []):
            for k, ch in enumerate(s["text"]):
                known[s["start"] + k] = ch
    return known


def _slice(known: Mapping[int, str], s: int, e: int) -> str | None:
    chars = [known.get(i) for i in range(s, e)]
    return None if any(c is None for c in chars) else "".join(chars)  # type: ignore[arg-type]


def _context(
    doc_id: str, s: int, e: int, known: Mapping[int, str], folders: Sequence[Folder], texts: Mapping[str, str]
) -> dict[str, Any] | None:
    for f in folders:
        for sent in f.get(doc_id, {}).get("themes", {}).get("sentences", []):
            if sent["start"] <= s and e <= sent["end"]:
                return {"start": sent["start"], "end": sent["end"], "text": sent["text"]}
    text = texts.get(doc_id)
    if text is not None:
        from .tasks import _LINE_RE

        for m in _LINE_RE.finditer(text):
            if m.start() <= s and e <= m.end():
                # Narrow a paragraph to the sentence around the spans (display only: offsets are kept).
                ends = [x.end() for x in _SENTENCE_END.finditer(text, m.start(), s)]
                cs = ends[-1] if ends else m.start()
                after = _SENTENCE_END.search(text, e, m.end())
                ce = after.start() + 1 if after else m.end()
                return {"start": cs, "end": ce, "text": text[cs:ce]}
    return None


def _span(e: Mapping[str, Any]) -> dict[str, Any]:
    return {"start": e["start"], "end": e["end"], "label": e["label"], "text": e["text"]}


def _clusters(spans: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    out: list[list[dict[str, Any]]] = []
    end = -1
    for sp in sorted(spans, key=lambda x: (x["start"], x["end"], x["label"])):
        if out and sp["start"] < end:
            out[-1].append(sp)
            end = max(end, sp["end"])
        else:
            out.append([sp])
            end = sp["end"]
    return out


def find_disagreements(
    a: Folder, b: Folder, texts: Mapping[str, str] | None = None, names: tuple[str, str] = ("A", "B")
) -> list[dict[str, Any]]:
    """Every disagreement between two annotation folders, as editable items.

    An entity disagreement is a group of overlapping spans that are not in both
    (a different span, a different label, or a span only one has); a theme
    disagreement is a sentence whose themes differ, or that only one has.

    Each item has ``kind`` (``entity`` or ``themes``), an ``id``, the document,
    the offsets, a ``context`` (the sentence) or the sentence ``text``, the two
    versions ``a`` and ``b``, and ``decision`` (``null``) and ``reason`` to fill in.
    """
    texts = {} if texts is None else texts
    items: list[dict[str, Any]] = []
    for d in _common(a, b, "entities", *names):
        sa = {(e["start"], e["end"], e["label"]): _span(e) for e in a[d]["entities"]["entities"]}
        sb = {(e["start"], e["end"], e["label"]): _span(e) for e in b[d]["entities"]["entities"]}
        diff = [dict(v, side="a") for k, v in sa.items() if k not in sb] + [
            dict(v, side="b") for k, v in sb.items() if k not in sa
        ]
        known = _known_text(d, texts, (a, b))
        for cluster in _clusters(diff):
            s, e = min(x["start"] for x in cluster), max(x["end"] for x in cluster)
            items.append(
                {
                    "kind": "entity",
                    "id": f"{d}:entity:{s}-{e}",
                    "doc_id": d,
                    "start": s,
                    "end": e,
                    "context": _context(d, s, e, known, (a, b), texts),
                    "a": [{k: v for k, v in x.items() if k != "side"} for x in cluster if x["side"] == "a"],
                    "b": [{k: v for k, v in x.items() if k != "side"} for x in cluster if x["side"] == "b"],
                    "decision": None,
                    "reason": "",
                }
            )
    for d in _common(a, b, "themes", *names):
        xa = {(s["start"], s["end"]): s for s in a[d]["themes"]["sentences"]}
        xb = {(s["start"], s["end"]): s for s in b[d]["themes"]["sentences"]}
        for key in sorted(set(xa) | set(xb)):
            va, vb = xa.get(key), xb.get(key)
            if va is not None and vb is not None and set(va["themes"]) == set(vb["themes"]):
                continue
            sent = va or vb
            assert sent is not None
            items.append(
                {
                    "kind": "themes",
                    "id": f"{d}:themes:{key[0]}-{key[1]}",
                    "doc_id": d,
                    "start": key[0],
                    "end": key[1],
                    "sentence": sent["id"],
                    "text": sent["text"],
                    "a": None if va is None else list(va["themes"]),
                    "b": None if vb is None else list(vb["themes"]),
                    "decision": None,
                    "reason": "",
                }
            )
    return items


_HELP = (
    'Fill in \'decision\' on every line below: "a" or "b" (that version), "both" (entities: all spans of both; '
    'themes: the union), "none" (entities: no entity here; themes: no theme), or your own version (entities: a list of '
    '{"start", "end", "label"} in document offsets; themes: a list of theme ids). A side that is null did not '
    "annotate the sentence; choosing it leaves the sentence out. 'reason' is free text kept as the record of the "
    "decision. Then run: dienbien-nlp adjudicate A B --apply THIS_FILE"
)


def disagreements_jsonl(
    a_path: str | Path, b_path: str | Path, a: Folder, b: Folder, items: Sequence[Mapping[str, Any]]
) -> str:
    """The editable file: a header line, then one disagreement per line."""
    docs = {d: next(iter(r.values())).get("text_sha256") for d, r in sorted(a.items()) if d in b}
    header = {
        "kind": "header",
        "a": str(a_path),
        "b": str(b_path),
        "a_annotator": _annotator(a),
        "b_annotator": _annotator(b),
        "documents": docs,
        "disagreements": len(items),
        "help": _HELP,
    }
    return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in [header, *items])


def _read_decisions(path: Path) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    from ..textio import loads_json, read_text

    lines = read_text(path).splitlines()
    parsed: list[tuple[int, dict[str, Any]]] = []
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            obj = loads_json(raw)
        except json.JSONDecodeError as err:
            raise DienbienError(
                Errors.E048.format(
                    path=path, line=n, detail=f"invalid JSON ({err.msg}, column {err.colno}); keep one object per line"
                )
            ) from None
        if not isinstance(obj, dict):
            raise DienbienError(Errors.E048.format(path=path, line=n, detail="a line must be a JSON object"))
        parsed.append((n, obj))
    if not parsed or parsed[0][1].get("kind") != "header":
        raise DienbienError(
            Errors.E048.format(path=path, line=1, detail="not a disagreements file: the first line must be its header")
        )
    return parsed[0][1], parsed[1:]


def _decided_spans(
    item: Mapping[str, Any], decision: Any, known: Mapping[int, str], path: Path, n: int
) -> list[dict[str, Any]]:
    if decision in ("a", "b"):
        return list(item[decision])
    if decision == "both":
        return list(item["a"]) + list(item["b"])
    if decision == "none":
        return []
    edited = [decision] if isinstance(decision, dict) else decision
    if not isinstance(edited, list):
        raise DienbienError(
            Errors.E048.format(
                path=path, line=n, detail=f"decision {decision!r} is not one of {list(DECISIONS)} or a list of spans"
            )
        )
    out = []
    labels = set(entity_labels())
    for sp in edited:
        if not isinstance(sp, dict) or not {"start", "end", "label"} <= set(sp):
            raise DienbienError(
                Errors.E048.format(path=path, line=n, detail=f"edited span {sp!r} needs 'start', 'end' and 'label'")
            )
        s, e, lab = sp["start"], sp["end"], sp["label"]
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e):
            raise DienbienError(
                Errors.E048.format(
                    path=path, line=n, detail=f"edited span {s}-{e}: offsets must be integers with start < end"
                )
            )
        if not isinstance(lab, str) or lab not in labels:
            raise DienbienError(
                Errors.E048.format(
                    path=path,
                    line=n,
                    detail=f"edited span {s}-{e}: label {lab!r} is not in the schema {sorted(labels)}",
                )
            )
        actual = _slice(known, s, e)
        given = sp.get("text")
        if actual is None and not isinstance(given, str):
            raise DienbienError(
                Errors.E048.format(
                    path=path,
                    line=n,
                    detail=f"edited span {s}-{e}: the document text is not known here; add its 'text'",
                )
            )
        if actual is not None and given is not None and given != actual:
            raise DienbienError(
                Errors.E048.format(
                    path=path,
                    line=n,
                    detail=f"edited span {s}-{e}: 'text' {given!r} does not match the document ({actual!r})",
                )
            )
        out.append({"start": s, "end": e, "label": lab, "text": actual if actual is not None else given})
    return out


def _decided_themes(item: Mapping[str, Any], decision: Any, path: Path, n: int) -> list[str] | None:
    a, b = item["a"], item["b"]
    if decision in ("a", "b"):
        return None if item[decision] is None else list(item[decision])
    if decision == "both":
        return sorted(set(a or []) | set(b or []))
    if decision == "none":
        return []
    if not isinstance(decision, list) or not all(isinstance(t, str) for t in decision):
        raise DienbienError(
            Errors.E048.format(
                path=path,
                line=n,
                detail=f"decision {decision!r} is not one of {list(DECISIONS)} or a list of theme ids",
            )
        )
    bad = [t for t in decision if t not in set(theme_ids())]
    if bad:
        raise DienbienError(Errors.E048.format(path=path, line=n, detail=f"themes {bad} are not in the schema"))
    return list(decision)


def apply_decisions(
    path: str | Path, a: Folder, b: Folder, texts: Mapping[str, str] | None = None, names: tuple[str, str] = ("A", "B")
) -> dict[str, tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """Adjudicated gold records from the two folders and an edited disagreements file.

    What A and B agree on is kept; every disagreement is resolved by its
    ``decision``. The file must match A and B as they are now.

    Returns:
        ``doc_id -> (entity_record, theme_record)`` with annotator ``adjudicated``
        (``None`` where the folders have no records of that kind to compare).

    Raises:
        DienbienError: E048 naming the line of an undecided or invalid decision,
            a decision that makes spans overlap, or a file that no longer
            matches A and B.
    """
    p = Path(path)
    texts = {} if texts is None else texts
    _header, lines = _read_decisions(p)
    current = {it["id"]: it for it in find_disagreements(a, b, texts, names)}
    undecided = [n for n, obj in lines if obj.get("decision") is None]
    if undecided:
        more = (
            f" (also lines {', '.join(map(str, undecided[1:11]))}{'…' if len(undecided) > 11 else ''})"
            if len(undecided) > 1
            else ""
        )
        raise DienbienError(
            Errors.E048.format(
                path=p, line=undecided[0], detail=f"no decision yet{more}; {len(undecided)} of {len(lines)} undecided"
            )
        )
    seen: dict[str, tuple[int, dict[str, Any]]] = {}
    for n, obj in lines:
        iid = str(obj.get("id"))
        cur = current.get(iid)
        if cur is None or any(obj.get(k) != cur[k] for k in ("kind", "doc_id", "start", "end", "a", "b")):
            raise DienbienError(
                Errors.E048.format(
                    path=p,
                    line=n,
                    detail=f"disagreement {iid!r} does not match A and B as they are now; "
                    "they changed since the file was written: run adjudicate again",
                )
            )
        if iid in seen:
            raise DienbienError(
                Errors.E048.format(path=p, line=n, detail=f"disagreement {iid!r} repeats line {seen[iid][0]}")
            )
        seen[iid] = (n, obj)
    missing = sorted(set(current) - set(seen))
    if missing:
        raise DienbienError(
            Errors.E048.format(
                path=p,
                line=len(lines) + 1,
                detail=f"{len(missing)} disagreement(s) are missing from the file, e.g. {missing[0]!r}; "
                "run adjudicate again",
            )
        )
    out: dict[str, tuple[dict[str, Any] | None, dict[str, Any] | None]] = {}
    edocs = set(_common(a, b, "entities", *names, warn=False))
    tdocs = set(_common(a, b, "themes", *names, warn=False))
    for d in sorted(edocs | tdocs):
        erec = trec = None
        known = _known_text(d, texts, (a, b))
        if d in edocs:
            sa = {(e["start"], e["end"], e["label"]): _span(e) for e in a[d]["entities"]["entities"]}
            sb = {(e["start"], e["end"], e["label"]) for e in b[d]["entities"]["entities"]}
            spans = [(v, 0) for k, v in sa.items() if k in sb]
            for n, obj in (seen[i] for i in seen if current[i]["kind"] == "entity" and current[i]["doc_id"] == d):
                spans += [(sp, n) for sp in _decided_spans(current[obj["id"]], obj["decision"], known, p, n)]
            spans.sort(key=lambda x: (x[0]["start"], x[0]["end"], x[0]["label"]))
            for (x, nx), (y, ny) in zip(spans, spans[1:], strict=False):
                if y["start"] < x["end"]:
                    raise DienbienError(
                        Errors.E048.format(
                            path=p,
                            line=max(nx, ny),
                            detail=f"the decision gives overlapping entities {x['start']}-{x['end']} {x['label']} "
                            f"and {y['start']}-{y['end']} {y['label']}",
                        )
                    )
            ents = [{"id": f"e{k}", **sp} for k, (sp, _) in enumerate(spans, 1)]
            # built directly rather than with entity_record(): the full text may not be known
            erec = {
                "doc_id": d,
                "text_sha256": a[d]["entities"]["text_sha256"],
                "annotator": ADJUDICATOR,
                "entities": ents,
            }
        if d in tdocs:
            xa = {(s["start"], s["end"]): s for s in a[d]["themes"]["sentences"]}
            xb = {(s["start"], s["end"]): s for s in b[d]["themes"]["sentences"]}
            decided = {
                (current[i]["start"], current[i]["end"]): (n, obj)
                for i, (n, obj) in seen.items()
                if current[i]["kind"] == "themes" and current[i]["doc_id"] == d
            }
            sents = []
            for key in sorted(set(xa) | set(xb)):
                sent = xa.get(key) or xb[key]
                if key in decided:
                    n, obj = decided[key]
                    chosen = _decided_themes(current[obj["id"]], obj["decision"], p, n)
                    if chosen is None:
                        continue
                else:
                    chosen = list(sent["themes"])
                sents.append((sent["start"], sent["end"], sent["text"], chosen))
            order = {t: i for i, t in enumerate(theme_ids())}
            trec = {
                "doc_id": d,
                "text_sha256": a[d]["themes"]["text_sha256"],
                "annotator": ADJUDICATOR,
                "sentences": [
                    {
                        "id": f"{d}-{k}",
                        "start": s,
                        "end": e,
                        "text": txt,
                        "themes": sorted(set(th), key=order.__getitem__),
                    }
                    for k, (s, e, txt, th) in enumerate(sents, 1)
                ],
            }
        out[d] = (erec, trec)
    return out


def write_gold(
    records: Mapping[str, tuple[dict[str, Any] | None, dict[str, Any] | None]],
    root: str | Path = "annotations",
    *,
    force: bool = False,
) -> list[Path]:
    """Write adjudicated records to ``<root>/entities`` and ``<root>/themes``; E041 if any exists and not ``force``."""
    plan = []
    for d, (erec, trec) in sorted(records.items()):
        if erec is not None:
            plan.append((entity_path(d, root), erec))
        if trec is not None:
            plan.append((theme_path(d, root), trec))
    return write_records(plan, force=force, root=root)
