"""The news gold: VNTC articles kept as standoff records, and their texts for users who have the corpus.

The texts of the VNTC sample may not be redistributed, so ``annotations/news/``
holds only what the project made: the selection of articles (VNTC id, hashes,
split) and, under ``annotations/news/{entities,themes}/``, the gold as standoff
records with offsets and labels but no text. :func:`news_texts` reads the cleaned
texts back from a local copy of the sample and refuses any article whose hash
differs, naming each one.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

from ..errors import DienbienError, Errors
from .cleaning import clean_article
from .documents import sha256_text

VNTC_NAME = "vntc-politics-sample.jsonl.gz"


def default_vntc(annotations_dir: str | Path = "annotations") -> Path:
    """Where the VNTC sample is: ``$DIENBIEN_SHARED/data``, else ``shared/data`` beside the checkout."""
    env = os.environ.get("DIENBIEN_SHARED")
    shared = Path(env) if env else Path(annotations_dir).resolve().parent.parent / "shared"
    return shared / "data" / VNTC_NAME


def selection(annotations_dir: str | Path = "annotations") -> list[dict[str, Any]]:
    """The selected articles (``doc_id``, ``vntc_id``, hashes, ``split``); empty when there is none."""
    p = Path(annotations_dir) / "news" / "selection.json"
    if not p.exists():
        return []
    return json.loads(p.read_text("utf-8"))["articles"]


def news_texts(annotations_dir: str | Path = "annotations", vntc: str | Path | None = None) -> dict[str, str]:
    """Cleaned texts of the selected articles, by ``doc_id``, each checked against its recorded hash.

    Raises:
        DienbienError: the sample is missing, an article is not in it, or texts differ
            from their hashes (every such article is named).
    """
    arts = selection(annotations_dir)
    if not arts:
        return {}
    path = Path(vntc) if vntc else default_vntc(annotations_dir)
    if not path.is_file():
        raise DienbienError(Errors.E001.format(path=path))
    want = {a["vntc_id"]: a for a in arts}
    found: dict[str, str] = {}
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as err:
                    raise DienbienError(Errors.E008.format(path=path, line=n, detail=err.msg)) from None
                if isinstance(rec, dict) and rec.get("id") in want and isinstance(rec.get("text"), str):
                    found[want[rec["id"]]["doc_id"]] = clean_article(rec["text"]).text
    except (OSError, EOFError, UnicodeDecodeError) as err:
        raise DienbienError(Errors.E052.format(path=path, detail=f"cannot be read ({err})")) from None
    problems = [f"{a['doc_id']} ({a['vntc_id']}) is missing" for a in arts if a["doc_id"] not in found]
    problems += [
        f"{a['doc_id']} ({a['vntc_id']}) has another text (sha256 {sha256_text(found[a['doc_id']])[:12]}…, recorded {a['text_sha256'][:12]}…)"
        for a in arts
        if a["doc_id"] in found and sha256_text(found[a["doc_id"]]) != a["text_sha256"]
    ]
    if problems:
        raise DienbienError(Errors.E052.format(path=path, detail="; ".join(problems)))
    return {a["doc_id"]: found[a["doc_id"]] for a in arts}


def strip_texts(record: dict[str, Any]) -> dict[str, Any]:
    """A gold or pass record without any text: what the repository keeps for a VNTC article."""
    out = {k: v for k, v in record.items()}
    for key in ("entities", "sentences"):
        if isinstance(out.get(key), list):
            out[key] = [{k: v for k, v in item.items() if k != "text"} for item in out[key]]
    return out


def attach_texts(record: dict[str, Any], text: str, where: str | Path = "<record>") -> dict[str, Any]:
    """The standoff ``record`` with the ``text`` of every span and sentence filled in from ``text``.

    Raises:
        DienbienError: E052 when ``text`` is not the text the record was made on (its sha256 differs).
    """
    if sha256_text(text) != record.get("text_sha256"):
        raise DienbienError(Errors.E052.format(path=where, detail=f"{record.get('doc_id')}: the text's sha256 differs from the record's"))
    out = dict(record)
    for key in ("entities", "sentences"):
        if isinstance(out.get(key), list):
            out[key] = [{**item, "text": text[item["start"] : item["end"]]} for item in out[key]]
    return out


def write_local_copy(
    vntc: str | Path,
    out: str | Path,
    *,
    corpus_dir: str | Path = "corpus",
    annotations_dir: str | Path = "annotations",
    force: bool = False,
) -> dict[str, int]:
    """A complete local copy: ``out/corpus`` with the news articles as documents, ``out/annotations`` with texts.

    Every tool of the toolkit then works on the whole gold (``--corpus out/corpus
    --annotations out/annotations``). The copy is built in a temporary folder and
    renamed into place, so a failure (a missing article, a text with another hash)
    leaves nothing behind. Never put the copy under version control: it holds the
    VNTC texts.
    """
    import shutil
    import tempfile

    from ..annotation.records import read_record, render_record
    from ..textio import check_output

    texts = news_texts(annotations_dir, vntc)
    target = Path(out)
    if target.exists() and not force:
        raise DienbienError(Errors.E041.format(path=target))
    check_output(target / "x")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        shutil.copytree(corpus_dir, tmp / "corpus")
        shutil.copytree(annotations_dir, tmp / "annotations", ignore=shutil.ignore_patterns("news"))
        arts = {a["doc_id"]: a for a in selection(annotations_dir)}
        for doc_id, text in texts.items():
            (tmp / "corpus" / f"{doc_id}.txt").write_text(text, "utf-8")
            meta = {
                "id": doc_id, "source_file": f"{doc_id}.txt", "text_file": f"{doc_id}.txt",
                "sha256": sha256_text(text), "title": None,
                "publisher": arts[doc_id]["source"], "kind": "news",
                "source": f"VNTC {arts[doc_id]['vntc_id']}", "rights": "VNTC text: internal benchmarking only; do not redistribute.",
            }
            (tmp / "corpus" / f"{doc_id}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")
        base = Path(annotations_dir) / "news"
        for f in sorted(base.glob("entities/*.json")) + sorted(base.glob("themes/*.json")) + sorted(base.glob("passes/*/*/*.json")):
            rec = read_record(f)
            dst = tmp / "annotations" / f.relative_to(base)
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_text(render_record(attach_texts(rec, texts[rec["doc_id"]], f)), "utf-8")
        if target.exists():
            shutil.rmtree(target)
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return {"documents": len(list((target / "corpus").glob("*.json"))), "news": len(texts)}
