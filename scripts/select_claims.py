"""Choose the documents of the claim gold: the interview, every official document and 10 news articles.

    python scripts/select_claims.py [--vntc PATH]

News rule: in the order of ``annotations/news/selection.json``, the first 4 ``train``,
3 ``dev`` and 3 ``test`` articles whose cleaned text holds at least 5 numbers that are
not bare years (so that there is something to annotate). Writes
``annotations/claims-selection.json``; refuses to overwrite it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from dienbien_nlp.corpus.news import news_texts, selection

QUOTA = {"train": 4, "dev": 3, "test": 3}
NUMBER = re.compile(r"(?<![\w/.-])\d+(?:[.,]\d+)*(?![\w/-])")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vntc", default=None)
    a = ap.parse_args()
    out = Path("annotations/claims-selection.json")
    if out.exists():
        print(f"error: {out} exists; the selection is fixed", file=sys.stderr)
        return 1
    texts = news_texts("annotations", a.vntc)
    splits = {d["doc_id"]: d["split"] for d in json.loads(Path("annotations/splits.json").read_text("utf-8"))["documents"]}
    left = dict(QUOTA)
    news = []
    for art in selection("annotations"):
        nums = [m.group() for m in NUMBER.finditer(texts[art["doc_id"]]) if not re.fullmatch(r"(19|20)\d\d", m.group())]
        if len(nums) >= 5 and left[art["split"]] > 0:
            left[art["split"]] -= 1
            news.append(art["doc_id"])
    others = [d for d, s in splits.items() if not d.startswith("vntc-")]
    out.parent.mkdir(parents=True, exist_ok=True)
    rule = (
        "the interview and every official document; news: in selection order, the first 4 train, 3 dev and 3 test "
        "articles with at least 5 numbers that are not bare years"
    )
    out.write_text(json.dumps({"rule": rule, "script": "scripts/select_claims.py", "documents": others + news}, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(others) + len(news)} documents: {others + news}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
