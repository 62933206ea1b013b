"""Write annotations/agreement.json: agreement between the two independent annotation passes.

Usage: python scripts/agreement.py [--annotations annotations]
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from dienbien_nlp.claims.gold import claims_agreement
from dienbien_nlp.eval.agreement import corpus_agreement
from dienbien_nlp.textio import atomic_write_text


def main(annotations: Path = Path("annotations")) -> None:
    """Compute entity exact-span F1 and theme kappa between pass_a and pass_b, and write them."""
    res = corpus_agreement(annotations)
    claims = claims_agreement(annotations)
    if claims:
        res["claims"] = claims
    atomic_write_text(annotations / "agreement.json", json.dumps(res, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    e, t = res.get("entities"), res.get("themes")
    if e:
        print(f"entities: exact-span micro F1 {e['micro']['f1']:.4f}")
        for lab, v in e["per_label"].items():
            print(f"  {lab:11s} F1 {v['f1']:.4f} (support {v['support']})")
    if t:
        print(f"themes: mean kappa {t['mean_kappa']:.4f}, Krippendorff alpha {t['krippendorff_alpha']:.4f}, exact match {t['exact_match']:.4f}")
    if claims:
        print(
            f"claims: value+kind F1 {claims['value_kind']['f1']:.4f}, complete-record F1 {claims['complete']['f1']:.4f} "
            f"({claims['counts']['gold']} / {claims['counts']['pred']} claims in {len(claims['documents'])} documents)"
        )
        for g, r in claims["by_genre"].items():
            print(f"  {g:10s} value+kind F1 {r['value_kind']['f1']:.4f}, complete {r['complete']['f1']:.4f} ({r['documents']} docs)")
    for g, r in res.get("by_genre", {}).items():
        e, t = r.get("entities"), r.get("themes")
        parts = [f"{g:10s}"]
        if e:
            parts.append(f"entity F1 {e['micro']['f1']:.4f} ({len(e['documents'])} docs, " + ", ".join(f"{lab} {v['f1']:.3f}" for lab, v in e["per_label"].items() if v["support"]) + ")")
        if t:
            parts.append(f"theme kappa {t['mean_kappa']:.4f}, alpha {t['krippendorff_alpha']:.4f}")
        print(" · ".join(parts))


if __name__ == "__main__":
    typer.run(main)
