"""The dataset card's Markdown tables: the table writer, the results sections and the agreement section.

The results tables come from :mod:`dienbien_nlp.results_tables` (the report shows the same data as HTML).

Example:
    >>> print(table(["a", "b"], [[1, "x|y"]]))
    | a | b |
    |---|---|
    | 1 | x\\|y |
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..results_tables import (
    Cell,
    Table,
    claim_split_table,
    entity_label_f1_table,
    entity_micro_table,
    heldout_table,
    theme_classifier_table,
    theme_f1_table,
    theme_genre_table,
)
from ..schema import entity_labels, theme_ids

NOT_COMPUTED = "not computed in this build"


def fmt(x: Any, digits: int = 3) -> str:
    if x is None:
        return "n/a"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def _cell(x: Any) -> str:
    return str(x).replace("|", "\\|").replace("\n", " ")


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A Markdown table (cells with ``|`` escaped)."""
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _md_cell(cell: Cell) -> str:
    """A results cell as the card writes it: ``n/a`` for a missing score, names code-quoted."""
    if cell.kind == "num":
        return fmt(cell.value)
    if cell.kind == "ci":
        mean, lo, hi = cell.value
        return f"{fmt(mean)} [{fmt(lo)}, {fmt(hi)}]"
    if cell.kind in ("code", "label", "theme"):
        return f"`{cell.value}`"
    return str(cell.value)


def markdown_table(t: Table) -> str:
    """A results table (:mod:`dienbien_nlp.results_tables`) as a Markdown table."""
    return table([_md_cell(h) for h in t.head], [[_md_cell(c) for c in row] for row in t.rows])


def entity_results_section(results: Mapping[str, Any] | None) -> list[str]:
    parts = ["### Entities on the corpus documents (in-sample)", ""]
    if not results:
        return parts + [f"Entity baselines: {NOT_COMPUTED}."]
    parts += [
        "**In-sample:** exact-span, exact-label scores against the gold of the corpus's own documents (the interview "
        "and the official documents). The rules were written while reading the interview, so its scores are optimistic; "
        "the CRF is cross-validated by paragraph.",
        "",
        markdown_table(entity_micro_table(results)),
        "",
        "F1 per label:",
        "",
        markdown_table(entity_label_f1_table(results)),
    ]
    return parts


def theme_results_section(results: Mapping[str, Any] | None) -> list[str]:
    parts = ["### Themes", ""]
    if not results or not results.get("classifiers"):
        return parts + [f"Theme baselines: {NOT_COMPUTED}."]
    setup = results.get("setup", {})
    if setup.get("evaluation") == "split":
        parts += [
            f"Trained on the `train` split ({setup.get('train_documents')} documents, {setup.get('train_sentences')} sentences) "
            f"and scored on the `test` split ({setup.get('test_documents')} documents, {setup.get('test_sentences')} sentences), "
            f"which no rule, hint or model was tuned on; 95% intervals from {setup.get('bootstrap', 'n/a')} bootstrap "
            f"resamples of sentences. News articles: {setup.get('news')}.",
            "",
        ]
        if results.get("by_genre"):
            parts += ["Micro-F1 on `test` per genre:", "", markdown_table(theme_genre_table(results)), ""]
    elif setup:
        parts += [
            f"Paragraph-grouped, multi-label stratified {setup.get('folds', 'k')}-fold cross-validation over "
            f"{setup.get('sentences', 'n/a')} sentences in {setup.get('paragraphs', 'n/a')} paragraphs, "
            f"repeated over seeds {', '.join(str(s) for s in setup.get('seeds', []))}; 95% intervals from "
            f"{setup.get('bootstrap', 'n/a')} bootstrap resamples of sentences.",
            "",
        ]
    parts.append(markdown_table(theme_classifier_table(results, kinds=False)))
    if results.get("best_learned"):
        parts += ["", f"Best learned classifier: `{results['best_learned']}`."]
    if results.get("bar"):
        from ..learn.themes import describe_bar

        parts += ["", *[f"- {line}" for line in describe_bar(results["bar"])]]
    parts += ["", "F1 per theme:", "", markdown_table(theme_f1_table(results, support=False, every_theme=True))]
    return parts


def heldout_results_section(results: Mapping[str, Any] | None) -> list[str]:
    parts = ["### Entities on the dev and test documents", ""]
    if not results:
        return parts + [f"Scores by split: {NOT_COMPUTED} (the gold has no `annotations/splits.json`)."]
    parts += [
        "Exact span and label, micro-averaged, against the adjudicated gold of "
        f"{results.get('source', 'the dev and test documents')}. The `test` documents were annotated before any rule, "
        "hint or model was changed for them and no one read their errors; `dev` errors may have been read. "
        f"News articles: {results.get('news', 'n/a')}. The last column is the pipeline's micro-F1 minus the rules', "
        "with a 95% CI from resampling documents.",
        "",
        markdown_table(heldout_table(results)),
    ]
    return parts


def claim_results_section(results: Mapping[str, Any] | None) -> list[str]:
    parts = ["### Indicator claims", ""]
    if not results or not results.get("by_split"):
        return parts + [f"Claim extractor scores: {NOT_COMPUTED}."]
    parts += [
        "The pipeline's claims (`dienbien_claims`: the rules, then the learned filter) against the adjudicated claim gold "
        f"(news articles: {results.get('setup', {}).get('news', 'n/a')}). A claim counts when its value span matches; "
        "*value + kind* also needs the kind, *complete* every field (number, kind, unit, time, an overlapping indicator); "
        "*number right* is the share of matched values whose number is right. `test` comes first: the rules were written "
        "and the filter trained reading `train` and `dev`, so their figures are in-sample.",
        "",
        markdown_table(claim_split_table(results)),
    ]
    return parts


def by_schema(d: Mapping[str, Any], order: Sequence[str]) -> list[tuple[str, Any]]:
    known = [(k, d[k]) for k in order if k in d]
    return known + [(k, v) for k, v in sorted(d.items()) if k not in order]


def annotation_section(agreement: Mapping[str, Any] | None) -> str:
    passes = list((agreement or {}).get("passes") or [])
    how = (
        f"{len(passes)} independent passes ({', '.join(f'`{p}`' for p in passes)})" if passes else "independent passes"
    )
    parts = [
        "## Annotation",
        "",
        f"The gold was made from written guidelines (`annotations/GUIDELINES.md`) in {how} over the whole text; "
        "disagreements were adjudicated and the decisions recorded (`annotations/adjudication/`). Gold records are "
        "standoff: keyed by document id and the sha256 of the text they annotate, so a changed text is caught.",
        "",
        "Who annotated: each pass was made by a separate automated annotator session (a large language model given "
        "only the guidelines and the text, never the other pass), and the disagreements were adjudicated by the "
        "project's maintainers against the guidelines. Two passes by annotators of the same kind agree more than two "
        "human annotators would, so the agreement below is an upper bound on human agreement, not an estimate of it.",
        "",
        "### Agreement",
        "",
    ]
    ent = (agreement or {}).get("entities")
    if ent:
        m = ent["micro"]
        parts += [
            "Entities: exact-span, exact-label agreement between the passes (one pass as reference).",
            "",
            table(
                ["", "precision", "recall", "F1"], [["micro", fmt(m["precision"]), fmt(m["recall"]), fmt(m["f1"])]]
            ),
            "",
            table(
                ["label", "precision", "recall", "F1", "support"],
                [
                    [f"`{lab}`", fmt(v["precision"]), fmt(v["recall"]), fmt(v["f1"]), v.get("support", "n/a")]
                    for lab, v in by_schema(ent["per_label"], entity_labels())
                ],
            ),
            "",
        ]
    else:
        parts += [f"Entities: {NOT_COMPUTED}.", ""]
    th = (agreement or {}).get("themes")
    if th:
        extra = []
        if th.get("exact_match") is not None:
            extra.append(f"exact match of the theme sets {fmt(th['exact_match'])}")
        if th.get("units") is not None:
            extra.append(f"over {th['units']} sentences")
        parts += [
            f"Themes: mean Cohen's kappa {fmt(th.get('mean_kappa'))}, "
            f"Krippendorff's alpha {fmt(th.get('krippendorff_alpha'))}"
            + (f"; {', '.join(extra)}" if extra else "")
            + ". Kappa is undefined (n/a) for a theme neither pass used.",
            "",
            table(
                ["theme", "kappa", "pass A", "pass B", "both"],
                [
                    [f"`{t}`", fmt(v.get("kappa")), v.get("a", "n/a"), v.get("b", "n/a"), v.get("both", "n/a")]
                    for t, v in by_schema(th["per_theme"], theme_ids())
                ],
            ),
        ]
    else:
        parts.append(f"Themes: {NOT_COMPUTED}.")
    by_genre = (agreement or {}).get("by_genre") or {}
    if by_genre:
        parts += [
            "",
            "Agreement per genre:",
            "",
            table(
                ["genre", "documents", "entity F1", *[f"`{lab}` F1" for lab in entity_labels()], "theme kappa", "theme alpha"],
                [
                    [
                        g,
                        len((v.get("entities") or v.get("themes") or {}).get("documents", [])),
                        fmt((v.get("entities") or {}).get("micro", {}).get("f1")),
                        *[
                            fmt(pl.get("f1")) if pl.get("support") else "n/a"
                            for pl in ((v.get("entities") or {}).get("per_label", {}).get(lab, {}) for lab in entity_labels())
                        ],
                        fmt((v.get("themes") or {}).get("mean_kappa")),
                        fmt((v.get("themes") or {}).get("krippendorff_alpha")),
                    ]
                    for g, v in by_genre.items()
                ],
            ),
        ]
    return "\n".join(parts)
