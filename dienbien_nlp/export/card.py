"""The dataset card, written from the data by code.

:func:`dataset_card` turns the rows, the schema, the features and the
evaluation outputs into the card's Markdown, with YAML front matter for the
Hugging Face Hub (:func:`~dienbien_nlp.export.hf.write_hf` adds ``configs`` and
``dataset_info``). Only the prose is written here; every figure, label list and
table is computed, so the card cannot drift from the data.

Example:
    >>> card = dataset_card(docs_rows, sentence_rows, entity_rows)  # doctest: +SKIP
    >>> "## Licence" in card  # doctest: +SKIP
    True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import yaml

from ..schema import entity_labels, load_schema, theme_ids, themes
from .card_fields import FIELD_DOCS, class_labels, field_docs, type_name  # noqa: F401 (re-export)
from .card_tables import NOT_COMPUTED, markdown_table, table  # noqa: F401 (re-export)
from .card_tables import annotation_section as _annotation
from .card_tables import entity_results_section as _entity_results
from .card_tables import claim_results_section as _claim_results
from .card_tables import heldout_results_section as _heldout_results
from .card_tables import pct as _pct
from .card_tables import theme_results_section as _theme_results
from .hf import CONFIGS, DEFAULT_CONFIG, UPOS_TAGS, data_file, features
from .rows import FOLD_SEED, GOLD, N_FOLDS, PREDICTED

LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English", "fr": "French", "zh": "Chinese"}


def _vlsp_table() -> list[tuple[str, str, str]]:
    text = resources.files("dienbien_nlp").joinpath("resources/vlsp_upos.tsv").read_text("utf-8")
    rows = [line.split("\t", 2) for line in text.splitlines() if line and not line.startswith("#")]
    return [(tag, upos, desc) for tag, upos, desc in rows]


def _size_category(n: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if n < limit:
            return name
    return "1M<n<10M"


def _bib_escape(s: str) -> str:
    return s.replace("{", "\\{").replace("}", "\\}").replace("&", "\\&").replace("%", "\\%")


def card_front_matter(
    documents: Sequence[Mapping[str, Any]], sentences: Sequence[Mapping[str, Any]], pretty_name: str
) -> dict[str, Any]:
    """Hub metadata of the card (``configs`` and ``dataset_info`` are added by ``write_hf``)."""
    languages = sorted({d["language"] for d in documents}) or ["vi"]
    kinds = {r["annotation"] for r in sentences}
    # The gold passes were made by automated annotator sessions (see the Annotation section), so the gold is
    # "machine-generated" in the Hub's vocabulary, like the predicted layer.
    creators = ["machine-generated"] if kinds else []
    return {
        "pretty_name": pretty_name,
        "language": languages,
        "license": "other",
        "license_name": "cc-by-4.0-annotations-source-text-rights-reserved",
        "annotations_creators": creators,
        "language_creators": ["found"],
        "multilinguality": "monolingual" if len(languages) == 1 else "multilingual",
        "size_categories": [_size_category(len(sentences))],
        "source_datasets": ["original"],
        "task_categories": ["token-classification", "text-classification"],
        "task_ids": ["named-entity-recognition", "part-of-speech", "multi-label-classification"],
        "tags": ["politics", "political-science", "comparative-agendas-project", "interview", "vietnamese"],
    }


def _summary(
    documents: Sequence[Mapping[str, Any]],
    sentences: Sequence[Mapping[str, Any]],
    entities: Sequence[Mapping[str, Any]],
) -> str:
    n_tok = sum(len(r["tokens"]) for r in sentences)
    langs = sorted({d["language"] for d in documents})
    lang_text = ", ".join(f"{LANGUAGE_NAMES.get(code, code)} (`{code}`)" for code in langs)
    kinds = Counter(r["annotation"] for r in sentences)
    gold_docs = sorted({r["doc_id"] for r in sentences if r["annotation"] == GOLD})
    themed = sum(1 for r in sentences if r["themes"])
    return "\n".join(
        [
            "## Summary",
            "",
            "Vietnamese political texts annotated for entities and sentence-level policy themes: "
            f"{len(documents)} document(s), {len(sentences)} sentences, {n_tok} tokens, "
            f"{len(entities)} entity mentions over {len(entity_labels())} labels, and {len(theme_ids())} policy "
            "themes mapped to the Comparative Agendas Project (CAP) major topics; "
            f"{themed} sentences ({_pct(themed, len(sentences))}) carry at least one theme.",
            "",
            f"Annotation: {kinds.get(GOLD, 0)} sentences of {len(gold_docs)} document(s) are gold (two independent passes by "
            f"automated annotators, adjudicated; see Annotation); {kinds.get(PREDICTED, 0)} sentences are predicted by "
            "the dienbien-nlp pipeline.",
            "",
            f"Languages: {lang_text}.",
        ]
    )


def _source(
    documents: Sequence[Mapping[str, Any]], sentences: Sequence[Mapping[str, Any]], misaligned: int | None
) -> str:
    rows = []
    for d in documents:
        people = "; ".join(
            f"{p['name']} ({', '.join(p['positions'])})" if p["positions"] else p["name"] for p in d["interviewees"]
        )
        rows.append(
            [
                d["id"],
                d["title"] or "",
                d["publisher"] or "",
                d["published"] or "",
                d["kind"],
                people or "–",
                d["url"] or "–",
            ]
        )
    seg_types = Counter(r["segment_type"] for r in sentences)
    lines = [
        "## Source data and processing",
        "",
        "### Where the text comes from",
        "",
        table(["id", "title", "publisher", "published", "kind", "interviewees", "url"], rows),
        "",
        "Each raw source file is kept byte for byte with its sha256 (`documents.source_sha256`).",
        "",
        "### How it was processed",
        "",
        "1. **Cleaning.** The raw text is cleaned into the article's own text (NFC; page furniture such as logo lines, "
        "share buttons and reader comments dropped), with a map back to raw offsets. All offsets refer to this text "
        "(`documents.text`).",
        "2. **Structure.** The text is cut into typed segments (paragraphs); every question and answer carries its "
        "speaker, and a speaker's turn continues over paragraphs until the next speaker label. "
        "Sentences per segment type: "
        + ", ".join(f"{k or 'none'} {v}" for k, v in sorted(seg_types.items(), key=lambda kv: str(kv[0])))
        + ".",
        "3. **Linguistic layer.** Words (`word_tokenize`) and VLSP POS tags (its fast CRF model "
        "`pos_crf_vlsp2013_20230303`) by underthesea, run line by line and aligned back onto the "
        "original characters by the registered spaCy tokenizer `dienbien.UndertheseaTokenizer.v2`; UPOS mapped "
        "from the VLSP tag; sentences split at line breaks and sentence-final punctuation.",
        "4. **Entities and themes.** Gold documents carry the adjudicated spans and sentence themes; other documents "
        "carry the pipeline's predictions (rules, gazetteers and a CRF for entities; a classifier for themes).",
        f"5. **Folds.** `fold` is a {N_FOLDS}-fold split grouped by paragraph (no paragraph is split across folds) and "
        f"stratified over themes (iterative stratification, seed {FOLD_SEED}): the split of the theme baselines.",
    ]
    if misaligned is not None:
        lines.append(
            f"6. **Alignment.** {misaligned} gold entity span(s) start or end inside a token; they keep their exact "
            "offsets in `entities`, and their BIO tags cover the tokens they touch."
        )
    return "\n".join(lines)


def _structure(counts: Mapping[str, int], claims: Sequence[Mapping[str, Any]]) -> str:
    parts = [
        "## Dataset structure",
        "",
        "```python",
        "from datasets import load_dataset",
        f'sentences = load_dataset("<this folder>")  # the default config, "{DEFAULT_CONFIG}"',
        'entities = load_dataset("<this folder>", "entities")',
        'claims = load_dataset("<this folder>", "claims")',
        "```",
        "",
        table(
            ["config", "rows", "file", "one row per"],
            [
                [
                    c,
                    counts.get(c, 0),
                    f"`{data_file(c)}`",
                    {"sentences": "sentence", "documents": "document", "entities": "entity mention", "claims": "indicator claim", "news": "news sentence (offsets and labels, no text)"}[c],
                ]
                for c in CONFIGS
            ],
        ),
        "",
        "Each config has one Hugging Face split, `train`, which holds every row; the project's document split "
        "(`train`, `dev`, `test`) is the `split` column and the genre the `genre` column: filter on them "
        "(`ds.filter(lambda r: r[\"split\"] == 2)` keeps `test`). `fold` is a paragraph-grouped fold for cross-validation.",
        "",
        _claims_source(claims),
    ]
    for config in CONFIGS:
        feats = features(config)
        docs = field_docs(config)
        parts += [
            "",
            f"### Fields of `{config}`",
            "",
            table(["field", "type", "description"], [[f"`{c}`", type_name(f), docs[c]] for c, f in feats.items()]),
        ]
    parts += ["", "### Label names", ""]
    seen: set[str] = set()
    vlsp = {tag: (upos, desc) for tag, upos, desc in _vlsp_table()}
    for config in CONFIGS:
        for name, label in class_labels(features(config)):
            key = ",".join(label.names)
            if key in seen:
                continue
            seen.add(key)
            if name == "pos_tags":
                parts += [f"`{name}` (VLSP tag, its UPOS and meaning):", ""]
                parts += [
                    table(
                        ["id", "tag", "UPOS", "meaning"],
                        [[i, f"`{t}`", vlsp[t][0], vlsp[t][1]] for i, t in enumerate(label.names)],
                    ),
                    "",
                ]
            else:
                parts += [f"`{config}.{name}`: " + ", ".join(f"{i} `{n}`" for i, n in enumerate(label.names)), ""]
    if tuple(features("sentences")["upos"].feature.names) == UPOS_TAGS:
        parts.append("UPOS names are the 17 universal POS tags of Universal Dependencies v2.")
    return "\n".join(parts).rstrip()


def _claims_source(claims: Sequence[Mapping[str, Any]]) -> str:
    by = Counter(r["annotation"] for r in claims)
    docs = {k: len({r["doc_id"] for r in claims if r["annotation"] == k}) for k in (GOLD, PREDICTED)}
    return (
        "The `claims` config holds the indicator claims (numbers the texts state about what was achieved, how much "
        "it changed and what is targeted; `annotations/GUIDELINES.md` §6). A document with claim gold "
        "(`annotations/claims/`) gives its adjudicated claims (`annotation` is `gold`); any other document gives the "
        "claims of the pipeline's extractor (`dienbien_claims`, `annotation` is `predicted`). In this build: "
        f"{by.get(GOLD, 0)} gold claims from {docs[GOLD]} document(s), {by.get(PREDICTED, 0)} predicted claims from "
        f"{docs[PREDICTED]} document(s). The news articles' claim gold (`annotations/news/claims/`) is not exported, "
        "as their texts may not be redistributed. All offsets are into `documents.text`."
    )


def _labels() -> str:
    schema = load_schema()
    ents = schema["entities"]["labels"]
    parts = [
        "## Labels and themes",
        "",
        "### Entity labels",
        "",
        table(
            ["label", "Vietnamese", "definition", "examples", "normalised fields"],
            [
                [
                    f"`{e['id']}`",
                    e["name_vi"],
                    e["definition_en"],
                    "; ".join(e["examples"]),
                    ", ".join(f"`{k}`" for k in e.get("fields", {})) or "–",
                ]
                for e in ents
            ],
        ),
        "",
        "Span rules:",
        "",
    ]
    parts += [f"{i}. {rule}" for i, rule in enumerate(schema["entities"]["span_rules"], 1)]
    parts += [
        "",
        "### Policy themes",
        "",
        "A sentence gets zero or more themes; each theme maps to one CAP major topic.",
        "",
        table(
            ["theme", "Vietnamese", "CAP code", "CAP topic", "definition"],
            [
                [
                    f"`{t['id']}`",
                    t["name_vi"],
                    t["cap_code"] if t["cap_code"] is not None else "–",
                    t["cap_name"],
                    t["definition_en"],
                ]
                for t in themes()
            ],
        ),
    ]
    return "\n".join(parts)


def _genres(sentences: Sequence[Mapping[str, Any]], entities: Sequence[Mapping[str, Any]], news: Sequence[Mapping[str, Any]]) -> str:
    """Gold documents, sentences and entity mentions per genre and split, text configs and news standoff together."""
    cells: dict[tuple[str, str], list[Any]] = {}
    for r in sentences:
        if r["annotation"] == GOLD:
            c = cells.setdefault((r["genre"], r["split"]), [set(), 0, 0])
            c[0].add(r["doc_id"])
            c[1] += 1
            c[2] += len(r["entities"])
    for r in news:
        c = cells.setdefault((r["genre"], r["split"]), [set(), 0, 0])
        c[0].add(r["doc_id"])
        c[1] += 1
        c[2] += len(r["entities"])
    order = {"interview": 0, "official": 1, "news": 2, "train": 0, "dev": 1, "test": 2}
    rows = [
        [g, sp, len(c[0]), c[1], c[2], "`news` (standoff, no text)" if g == "news" else "`sentences`, `entities`, `documents`"]
        for (g, sp), c in sorted(cells.items(), key=lambda kv: (order.get(kv[0][0], 9), order.get(kv[0][1], 9)))
    ]
    total = [
        "all", "", len({d for c in cells.values() for d in c[0]}), sum(c[1] for c in cells.values()), sum(c[2] for c in cells.values()), ""
    ]
    return "\n".join(
        [
            "## Gold by genre and split",
            "",
            "Documents are split once, by document and stratified by genre (`annotations/splits.json`); every row of every "
            "config has `genre` and `split`. The `test` documents were annotated before any rule, hint or model was "
            "changed for them. The news articles (VNTC politics-society sample, 2005–2006) may not be redistributed: "
            "the `news` config holds their gold as offsets and labels with the VNTC id and the text's sha256, and "
            "`dienbien-nlp attach-texts VNTC.jsonl.gz` fills the texts in for a user who has the corpus.",
            "",
            table(["genre", "split", "documents", "gold sentences", "entity mentions", "config"], [*rows, total]),
        ]
    )


def _counts(sentences: Sequence[Mapping[str, Any]], entities: Sequence[Mapping[str, Any]]) -> str:
    n = len(sentences)
    by_label = Counter((e["label"], e["annotation"]) for e in entities)
    distinct = {lab: len({e["text"] for e in entities if e["label"] == lab}) for lab in entity_labels()}
    by_theme = Counter((t, r["annotation"]) for r in sentences for t in r["themes"])
    cap = {t["id"]: t["cap_name"] for t in themes()}
    speakers: dict[str, list[Mapping[str, Any]]] = {}
    for r in sentences:
        speakers.setdefault(r["speaker"] or "(no speaker: title, lead, captions, byline)", []).append(r)
    ents_by_sentence = Counter(e["sentence_id"] for e in entities)
    n_tok = sum(len(r["tokens"]) for r in sentences)
    folds = Counter(r["fold"] for r in sentences)
    return "\n".join(
        [
            "## Statistics",
            "",
            "### Entity mentions per label",
            "",
            table(
                ["label", "gold", "predicted", "distinct texts"],
                [
                    [f"`{lab}`", by_label[(lab, GOLD)], by_label[(lab, PREDICTED)], distinct[lab]]
                    for lab in entity_labels()
                ]
                + [
                    [
                        "all",
                        sum(v for (_, k), v in by_label.items() if k == GOLD),
                        sum(v for (_, k), v in by_label.items() if k == PREDICTED),
                        len({e["text"] for e in entities}),
                    ]
                ],
            ),
            "",
            "### Sentences per theme",
            "",
            table(
                ["theme", "CAP topic", "gold", "predicted", "share of sentences"],
                [
                    [
                        f"`{t}`",
                        cap[t],
                        by_theme[(t, GOLD)],
                        by_theme[(t, PREDICTED)],
                        _pct(by_theme[(t, GOLD)] + by_theme[(t, PREDICTED)], n),
                    ]
                    for t in theme_ids()
                ]
                + [
                    [
                        "(none)",
                        "",
                        sum(1 for r in sentences if not r["themes"] and r["annotation"] == GOLD),
                        sum(1 for r in sentences if not r["themes"] and r["annotation"] == PREDICTED),
                        _pct(sum(1 for r in sentences if not r["themes"]), n),
                    ]
                ],
            ),
            "",
            "### Per speaker",
            "",
            table(
                ["speaker", "sentences", "tokens", "share of tokens", "entity mentions", "sentences with a theme"],
                [
                    [
                        name,
                        len(rs),
                        sum(len(r["tokens"]) for r in rs),
                        _pct(sum(len(r["tokens"]) for r in rs), n_tok),
                        sum(ents_by_sentence[r["id"]] for r in rs),
                        sum(1 for r in rs if r["themes"]),
                    ]
                    for name, rs in sorted(speakers.items(), key=lambda kv: (-len(kv[1]), kv[0]))
                ],
            ),
            "",
            "### Sentences per fold",
            "",
            table(["fold", "sentences"], [[f, folds[f]] for f in sorted(folds)]),
        ]
    )


def _limitations(documents: Sequence[Mapping[str, Any]], sentences: Sequence[Mapping[str, Any]]) -> str:
    n_docs = len(documents)
    kinds = Counter(d["kind"] for d in documents)
    publishers = sorted({d["publisher"] for d in documents if d["publisher"]})
    n_tok = sum(len(r["tokens"]) for r in sentences)
    speakers = Counter()
    for r in sentences:
        if r["speaker"] and r["speaker"] != "interviewer":
            speakers[r["speaker"]] += len(r["tokens"])
    corpus = (
        f"a single {next(iter(kinds))}"
        if n_docs == 1
        else f"{n_docs} documents (" + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())) + ")"
    )
    lines = [
        "## Limitations and biases",
        "",
        f"- **Size.** The corpus is {corpus}: {len(sentences)} sentences and {n_tok} tokens. Scores measured on it "
        "have wide confidence intervals, and models trained on it see a narrow vocabulary and few examples of rare "
        "labels and themes.",
    ]
    if speakers:
        top, tok = speakers.most_common(1)[0]
        lines.append(
            f"- **One viewpoint.** {_pct(tok, n_tok)} of the tokens are answers by {top}. The text states one official "
            "position; it does not represent debate, opposition or citizens' views."
        )
    else:
        lines.append(
            "- **One viewpoint.** The texts state official positions; they do not represent debate or citizens' views."
        )
    if publishers:
        lines.append(
            f"- **Official party press.** Published by {', '.join(publishers)}: the register, topics and framing "
            "are those of the party press, edited for publication; figures and claims in the text are reported as "
            "stated, not verified."
        )
    lines += [
        '- **Predicted layers.** Rows with `annotation == "predicted"` are pipeline output and contain errors; '
        "normalised entity fields are filled by the pipeline's parsers and gazetteers and are null where they "
        "found nothing. They come from the models shipped in the package (`dienbien_nlp/resources/models`); the "
        "build also trains models on all gold into `models/`, which `dienbien-nlp tag --entity-model/--theme-model` "
        "can use, but its own outputs do not.",
        "- **Themes.** The theme set was written for provincial policy talk; CAP topics are a coarse mapping, and "
        "several themes share one topic.",
    ]
    return "\n".join(lines)


def _licence(documents: Sequence[Mapping[str, Any]]) -> str:
    parts = [
        "## Licence",
        "",
        "The annotations (entity spans and fields, themes, segments, folds) are released under the Creative Commons "
        "Attribution 4.0 International licence (CC BY 4.0).",
        "",
        "The source text is not covered by that licence. Its rights note:",
        "",
    ]
    for d in documents:
        parts.append(f"- `{d['id']}`: {d['rights'] or 'no rights note recorded; ask the publisher before any reuse.'}")
    return "\n".join(parts)


def _citation(documents: Sequence[Mapping[str, Any]], version: str, year: int | None) -> str:
    entries = [
        "@misc{dienbien_nlp_dataset,\n"
        "  title        = {{dienbien-nlp}: {V}ietnamese political texts with entities and policy themes},\n"
        "  author       = {{dienbien-nlp contributors}},\n"
        + (f"  year         = {{{year}}},\n" if year is not None else "")
        + f"  note         = {{Dataset built by dienbien-nlp {_bib_escape(version)}}},\n"
        "}"
    ]
    for d in documents:
        fields = [
            ("title", d["title"]),
            ("author", " and ".join(d["authors"]) if d["authors"] else None),
            ("journal", d["publisher"]),
        ]
        if d["published"]:
            fields += [("year", d["published"][:4]), ("month", d["published"][5:7]), ("day", d["published"][8:10])]
        fields.append(("url", d["url"]))
        body = ",\n".join(f"  {k:<12} = {{{_bib_escape(v)}}}" for k, v in fields if v)
        entries.append(f"@article{{{d['id']},\n{body},\n}}")
    return "\n".join(
        [
            "## Citation",
            "",
            "Cite the dataset and the source article(s):",
            "",
            "```bibtex",
            "\n\n".join(entries),
            "```",
        ]
    )


def dataset_card(
    documents: Sequence[Mapping[str, Any]],
    sentences: Sequence[Mapping[str, Any]],
    entities: Sequence[Mapping[str, Any]],
    *,
    agreement: Mapping[str, Any] | None = None,
    entity_results: Mapping[str, Any] | None = None,
    theme_results: Mapping[str, Any] | None = None,
    heldout_results: Mapping[str, Any] | None = None,
    claim_results: Mapping[str, Any] | None = None,
    misaligned: int | None = None,
    news: Sequence[Mapping[str, Any]] = (),
    claims: Sequence[Mapping[str, Any]] = (),
    version: str | None = None,
    year: int | None = None,
) -> str:
    """The dataset card: YAML front matter and Markdown, every figure computed from the inputs.

    Args:
        documents: ``documents`` rows (:func:`~dienbien_nlp.export.rows.document_rows`).
        sentences: ``sentences`` rows (label names, as written).
        entities: ``entities`` rows.
        agreement: Inter-annotator agreement (``annotations/agreement.json``):
            ``{"entities": {"micro", "per_label"}, "themes": {"per_theme", "mean_kappa", "krippendorff_alpha"}}``.
        entity_results: Entity baselines, ``{system: {"micro": {...}, "per_label": {...}}}``.
        theme_results: Theme baselines,
            ``{"classifiers": {name: {"micro_f1", "macro_f1", "per_theme"}}, "setup": ...}``.
        heldout_results: Scores on unseen news (:func:`dienbien_nlp.eval.heldout.evaluate_heldout`), or ``None``.
        claim_results: The claim extractor's scores (:func:`dienbien_nlp.claims.evaluate.evaluate_claims`), or ``None``.
        misaligned: Number of gold entity spans that start or end inside a token.
        news: ``news`` rows (gold of the news articles, offsets only).
        claims: ``claims`` rows (:func:`~dienbien_nlp.export.claim_rows.corpus_claim_rows`).
        version: The dienbien-nlp version that built the data (default: the installed one).
        year: Year for the dataset's citation (none by default, so that builds are reproducible).

    Returns:
        The card's text; give it to :func:`~dienbien_nlp.export.hf.write_hf`.
    """
    if version is None:
        from .. import __version__ as version
    pretty = "dienbien-nlp: Vietnamese political texts with entities and policy themes"
    front = card_front_matter(documents, sentences, pretty)
    counts = {
        "documents": len(documents),
        "sentences": len(sentences),
        "entities": len(entities),
        "claims": len(claims),
        "news": len(news),
    }
    body = [
        f"# {pretty}",
        _summary(documents, sentences, entities),
        _source(documents, sentences, misaligned),
        _structure(counts, claims),
        _labels(),
        _annotation(agreement),
        _genres(sentences, entities, news),
        _counts(sentences, entities),
        "\n".join(
            [
                "## Baseline results",
                "",
                "Figures on documents no rule or model was written from come first; in-sample figures carry their caveat.",
                "",
                *_heldout_results(heldout_results),
                "",
                *_theme_results(theme_results),
                "",
                *_entity_results(entity_results),
                "",
                *_claim_results(claim_results),
            ]
        ),
        "\n".join(
            [
                "## Intended uses",
                "",
                "- Research on Vietnamese political language: who and what the party press names, and which policy "
                "areas a leader speaks about (CAP topics make the themes comparable with other political corpora).",
                "- Training and evaluating Vietnamese entity taggers and sentence theme classifiers, with the "
                "paragraph-grouped `fold` column for cross-validation; the spaCy DocBin and CoNLL exports hold the "
                "same data.",
                "- Teaching corpus annotation: guidelines, independent passes, agreement and adjudication are all "
                "published.",
                "",
                "Out of scope: judging people or policies from the predicted layers, or treating the text's claims as "
                "verified facts.",
            ]
        ),
        _limitations(documents, sentences),
        _licence(documents),
        _citation(documents, version, year),
    ]
    front_yaml = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return f"---\n{front_yaml}---\n\n" + "\n\n".join(body) + "\n"
