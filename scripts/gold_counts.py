"""Print what the gold holds: documents, sentences, entity mentions and two-pass coverage, per genre and split.

    python scripts/gold_counts.py [--json]
"""

from __future__ import annotations

import json
import sys

from dienbien_nlp.annotation.goldstats import gold_counts


def main() -> int:
    c = gold_counts("annotations")
    if "--json" in sys.argv:
        print(json.dumps(c, indent=2))
        return 0
    print(f"{'':12} {'documents':>9} {'sentences':>9} {'entities':>9} {'2 passes':>9}")
    rows = [("total", c["total"])] + [(f"genre {g}", v) for g, v in sorted(c["genre"].items())] + [(f"split {s}", v) for s, v in sorted(c["split"].items())]
    for name, v in rows:
        print(f"{name:12} {v['documents']:9} {v['sentences']:9} {v['entities']:9} {v['two_passes']:9}")
    if c["unsplit"]:
        print(f"documents with no split: {c['unsplit']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
