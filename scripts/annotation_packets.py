"""Write what an annotator of one pass gets: each document's text and its sentence units, nothing else.

    python scripts/annotation_packets.py OUT_DIR [--docs ID ...] [--vntc PATH]

For every corpus document and every news article of ``annotations/news/selection.json``
this writes ``OUT_DIR/<doc_id>.txt`` (the cleaned text that offsets refer to) and
``OUT_DIR/<doc_id>.units.jsonl`` (one sentence unit per line: ``id``, ``start``,
``end``, ``text``; the units that theme labels attach to, from the pipeline's
sentence splitter with no labels of any kind). The folder must be outside the
repository when it holds VNTC texts, which may not be redistributed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dienbien_nlp.annotation.units import sentence_units
from dienbien_nlp.corpus import load_corpus
from dienbien_nlp.corpus.news import news_texts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--docs", nargs="*")
    ap.add_argument("--vntc", default=None)
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--annotations", default="annotations")
    a = ap.parse_args()
    texts = {d.id: d.text for d in load_corpus(a.corpus)}
    texts.update(news_texts(a.annotations, a.vntc))
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    ids = a.docs or sorted(texts)
    units = sentence_units({i: texts[i] for i in ids})
    for doc_id in ids:
        (out / f"{doc_id}.txt").write_text(texts[doc_id], "utf-8")
        with open(out / f"{doc_id}.units.jsonl", "w", encoding="utf-8") as fh:
            for u in units[doc_id]:
                fh.write(json.dumps(u, ensure_ascii=False) + "\n")
    print(f"{len(ids)} documents, {sum(len(units[i]) for i in ids)} units into {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
