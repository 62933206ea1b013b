"""Choose the documents of the claim gold: the interview, every official document and news articles, in rounds.

    python scripts/select_claims.py [--vntc PATH]            # round 1
    python scripts/select_claims.py --round 2 [--vntc PATH]  # round 2, appended
    python scripts/select_claims.py --round 3 [--vntc PATH]  # round 3 (train only), appended
    python scripts/select_claims.py --round 4 [--vntc PATH]  # round 4 (train only), appended

News rule: in the order of ``annotations/news/selection.json``, the articles whose cleaned
text holds at least 5 numbers that are not bare years (so that there is something to
annotate). Round 1 takes the first 4 ``train``, 3 ``dev`` and 3 ``test`` of them, with
the interview and every official document; round 2 the next 6 ``train``, 3 ``dev`` and
3 ``test``; round 3 the next 8 ``train`` only (fresh text to check the extractor on before
its rules are touched again, then more training data); round 4 the next 10 ``train`` (fresh text for
the learned claim filter's check, then its training data). Writes ``annotations/claims-selection.json``: round 1 refuses to overwrite
it, round 2 refuses to run twice; the documents of every round are kept in order.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from dienbien_nlp.corpus.news import news_texts, selection

QUOTAS = {1: {"train": 4, "dev": 3, "test": 3}, 2: {"train": 6, "dev": 3, "test": 3}, 3: {"train": 8, "dev": 0, "test": 0}, 4: {"train": 10, "dev": 0, "test": 0}}
NUMBER = re.compile(r"(?<![\w/.-])\d+(?:[.,]\d+)*(?![\w/-])")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vntc", default=None)
    ap.add_argument("--round", type=int, choices=sorted(QUOTAS), default=1)
    a = ap.parse_args()
    out = Path("annotations/claims-selection.json")
    if a.round == 1 and out.exists():
        print(f"error: {out} exists; the selection is fixed", file=sys.stderr)
        return 1
    if a.round > 1:
        if not out.exists():
            print(f"error: {out} is missing; run round 1 first", file=sys.stderr)
            return 1
        old = json.loads(out.read_text("utf-8"))
        if any(r.get("round") == a.round for r in old.get("rounds", [])):
            print(f"error: round {a.round} is already in {out}", file=sys.stderr)
            return 1
    texts = news_texts("annotations", a.vntc)
    splits = {d["doc_id"]: d["split"] for d in json.loads(Path("annotations/splits.json").read_text("utf-8"))["documents"]}
    left = dict(QUOTAS[a.round])
    news = []
    taken = set(old["documents"]) if a.round > 1 else set()
    for art in selection("annotations"):
        if art["doc_id"] in taken:
            continue
        nums = [m.group() for m in NUMBER.finditer(texts[art["doc_id"]]) if not re.fullmatch(r"(19|20)\d\d", m.group())]
        if len(nums) >= 5 and left[art["split"]] > 0:
            left[art["split"]] -= 1
            news.append(art["doc_id"])
    if a.round > 1:
        q = QUOTAS[a.round]
        rule = (
            f"round {a.round}: in selection order, the next {q['train']} train, {q['dev']} dev and {q['test']} test "
            "articles with at least 5 numbers that are not bare years"
        )
        old.setdefault("rounds", []).append({"round": a.round, "rule": rule, "documents": news})
        old["documents"] += news
        tmp = out.with_suffix(".tmp")
        tmp.write_text(json.dumps(old, ensure_ascii=False, indent=1) + "\n", "utf-8")
        tmp.replace(out)
        print(f"round {a.round}: {len(news)} documents: {news}")
        return 0
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
