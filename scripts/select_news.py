"""Choose the VNTC news articles of the gold and fix the document splits of the whole corpus.

Run once; the result is data (``annotations/news/selection.json`` and
``annotations/splits.json``) and is never regenerated over existing gold.

    python scripts/select_news.py [--vntc PATH] [--force]
    python scripts/select_news.py --third-draw [--vntc PATH]   # appended once to the fixed selection

Rule: among the articles of ``vntc-politics-sample.jsonl.gz`` whose cleaned text is
1,000-5,000 characters long, draw 56 with ``random.Random(SEED).sample`` over the
articles in file order; then shuffle them with the same seed and take 34 for
``train``, 10 for ``dev`` and 12 for ``test``. A third draw (``--third-draw``) adds 8 more
``train`` articles from the rest of the pool with the seed SEED + 2: fresh text to check the
entity rules and models on before they are touched again, then training data. The interview and the official
documents are split by hand, stratified by genre (see ``OFFICIAL_SPLITS``).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
from pathlib import Path

from dienbien_nlp.corpus import sha256_text
from dienbien_nlp.corpus.cleaning import clean_article

SEED = 20261203
N_NEWS = 56
NEWS_SPLITS = {"train": 34, "dev": 10, "test": 12}
#: A second draw, made when the first fell short of 2,000 gold entity mentions: 8 more
#: articles from the rest of the pool, with the seed SEED + 1, dealt 4 / 2 / 2.
N_EXTRA = 8
EXTRA_SPLITS = {"train": 4, "dev": 2, "test": 2}
#: A third draw, appended to the fixed selection: 8 more ``train`` articles, seed SEED + 2.
N_THIRD = 8
MIN_CHARS, MAX_CHARS = 1000, 5000
OFFICIAL_SPLITS = {
    "dcsvn-2024-06-28-dien-bien-interview": ("interview", "train"),
    "57-nq-tw-2024-12-22": ("official", "train"),
    "03-nq-cp-2025-01-09": ("official", "train"),
    "03-nq-cp-2025-01-09-annex-1": ("official", "dev"),
    "3260-kh-ddqh15-2025-01-10": ("official", "test"),
}


def news_id(vntc_id: str) -> str:
    """``test/Chinh tri Xa hoi/XH_NLD_T_ (8978).txt`` → ``vntc-test-xh-nld-t-8978``."""
    part = vntc_id.split("/")[0]
    stem = vntc_id.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return "vntc-" + re.sub(r"[^a-z0-9]+", "-", f"{part} {stem}".lower()).strip("-")


def _pool(vntc: str) -> list[tuple[dict, str]]:
    pool = []
    with gzip.open(vntc, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            clean = clean_article(r["text"]).text
            if MIN_CHARS <= len(clean) <= MAX_CHARS:
                pool.append((r, clean))
    return pool


def _article(r: dict, clean: str, split: str) -> dict:
    return {
        "doc_id": news_id(r["id"]),
        "vntc_id": r["id"],
        "source": r["source"],
        "raw_sha256": hashlib.sha256(r["text"].encode("utf-8")).hexdigest(),
        "text_sha256": sha256_text(clean),
        "chars": len(clean),
        "split": split,
    }


def _write_json(path: Path, obj: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", "utf-8")
    tmp.replace(path)


def third_draw(out: Path, vntc: str) -> int:
    """Append the third draw (N_THIRD train articles, seed SEED + 2) to the fixed selection and the splits."""
    sel_path, splits_path = out / "news" / "selection.json", out / "splits.json"
    if not sel_path.exists():
        print(f"error: {sel_path} is missing; make the selection first", file=sys.stderr)
        return 1
    sel = json.loads(sel_path.read_text("utf-8"))
    if "third_draw" in sel:
        print(f"error: the third draw is already in {sel_path}", file=sys.stderr)
        return 1
    taken = {a["vntc_id"] for a in sel["articles"]}
    rng = random.Random(SEED + 2)
    third = rng.sample([x for x in _pool(vntc) if x[0]["id"] not in taken], N_THIRD)
    new = [_article(r, clean, "train") for r, clean in third]
    sel["articles"] += new
    sel["third_draw"] = {
        "rule": f"a third draw of {N_THIRD} from the articles of the same pool not yet chosen, random.Random({SEED + 2})"
        f".sample(rest, {N_THIRD}), all train: fresh text to check the entity rules and models on before they are "
        "touched again, then training data",
        "documents": [a["doc_id"] for a in new],
    }
    splits = json.loads(splits_path.read_text("utf-8"))
    splits["documents"] += [{"doc_id": a["doc_id"], "genre": "news", "split": "train"} for a in new]
    _write_json(sel_path, sel)
    _write_json(splits_path, splits)
    print(f"third draw: {[a['doc_id'] for a in new]}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vntc", default="../shared/data/vntc-politics-sample.jsonl.gz")
    ap.add_argument("--out", default="annotations")
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--third-draw", action="store_true", help="append the third draw to the fixed selection")
    a = ap.parse_args()
    out = Path(a.out)
    if a.third_draw:
        return third_draw(out, a.vntc)
    if (out / "news" / "selection.json").exists() and not a.force:
        print(f"error: {out}/news/selection.json exists; the selection is fixed (--force to redo)", file=sys.stderr)
        return 1
    pool = _pool(a.vntc)
    rng = random.Random(SEED)
    chosen = rng.sample(pool, N_NEWS)
    order = list(range(N_NEWS))
    rng.shuffle(order)
    split_of = {}
    i = 0
    for split, n in NEWS_SPLITS.items():
        for k in order[i : i + n]:
            split_of[k] = split
        i += n
    taken = {r["id"] for r, _ in chosen}
    rng2 = random.Random(SEED + 1)
    extra = rng2.sample([x for x in pool if x[0]["id"] not in taken], N_EXTRA)
    order = list(range(N_EXTRA))
    rng2.shuffle(order)
    i = 0
    for split, n in EXTRA_SPLITS.items():
        for k in order[i : i + n]:
            split_of[N_NEWS + k] = split
        i += n
    chosen = chosen + extra
    articles = []
    for k, (r, clean) in enumerate(chosen):
        articles.append(_article(r, clean, split_of[k]))
    assert len({x["doc_id"] for x in articles}) == N_NEWS + N_EXTRA
    selection = {
        "source": "VNTC politics-society sample (vntc-politics-sample.jsonl.gz), news 2005-2006",
        "rule": (
            f"articles whose cleaned text (clean_article) has {MIN_CHARS}-{MAX_CHARS} characters; "
            f"random.Random({SEED}).sample(pool, {N_NEWS}) over them in file order; the same generator then shuffles "
            f"the {N_NEWS} and deals {NEWS_SPLITS['train']} to train, {NEWS_SPLITS['dev']} to dev, {NEWS_SPLITS['test']} to test"
        ),
        "seed": SEED,
        "extension": (
            f"a second draw of {N_EXTRA} from the articles of the same pool not yet chosen, "
            f"random.Random({SEED + 1}).sample(rest, {N_EXTRA}), shuffled by that generator and dealt "
            f"{EXTRA_SPLITS['train']} / {EXTRA_SPLITS['dev']} / {EXTRA_SPLITS['test']}; made because the first draw "
            "fell short of 2,000 gold entity mentions (counted before any adjudication)"
        ),
        "script": "scripts/select_news.py",
        "articles": articles,
    }
    (out / "news").mkdir(parents=True, exist_ok=True)
    (out / "news" / "selection.json").write_text(json.dumps(selection, ensure_ascii=False, indent=1) + "\n", "utf-8")
    docs = [{"doc_id": d, "genre": g, "split": s} for d, (g, s) in OFFICIAL_SPLITS.items()]
    docs += [{"doc_id": x["doc_id"], "genre": "news", "split": x["split"]} for x in articles]
    splits = {
        "about": "Fixed document-level splits, stratified by genre. The test documents were annotated before any rule, "
        "hint or model was changed for them; no one reads their errors while writing rules.",
        "documents": docs,
    }
    (out / "splits.json").write_text(json.dumps(splits, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(articles)} news articles; splits: " + ", ".join(f"{s} {sum(d['split'] == s for d in docs)}" for s in ("train", "dev", "test")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
