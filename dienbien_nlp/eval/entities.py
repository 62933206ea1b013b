"""Entity evaluation: every system scored against the gold in one run.

Systems:

* ``underthesea`` — underthesea's own CRF ``ner`` (what a user has today), its
  PER/LOC/ORG mapped onto our labels, aligned to the text;
* ``rules`` — the rule and gazetteer component alone;
* ``crf`` — the CRF alone, under paragraph-grouped k-fold cross-validation;
* ``pipeline`` — rules plus the CRF (cross-validated), merged as the pipeline does.

Scores are exact-span, exact-label precision, recall and F1, micro and per label.

Example:
    >>> from dienbien_nlp.eval.entities import evaluate_entities  # doctest: +SKIP
    >>> res = evaluate_entities("corpus", "annotations")  # doctest: +SKIP
    >>> sorted(res)  # doctest: +SKIP
    ['crf', 'pipeline', 'rules', 'underthesea']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..annotation.records import entity_path, load_entities
from ..corpus.documents import Document, load_corpus
from ..corpus.structure import segment_at, segment_document
from ..learn.crf import CRFEntityTagger, doc_candidates, doc_features, sentence_spans
from ..learn.spans import bio_over_tokens, token_bounds
from ..pipeline.entities import rule_entities_in_doc, rule_spans, rules_first, set_char_entities, split_tokens_at
from ..pipeline.sentences import content_sents
from ..schema import entity_labels
from .agreement import span_scores

UNDERTHESEA_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}


def underthesea_entities(text: str) -> list[tuple[int, int, str]]:
    """underthesea ``ner`` on each line, mapped to PER/LOC/ORG and aligned to ``text``."""
    from underthesea import ner

    from ..pipeline.tokenizer import align_words

    out: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            tagged = ner(body)
            spans = align_words(body, [w[0] for w in tagged])
            cur: list[Any] | None = None
            for (s, e, k) in spans:
                tag = tagged[k][3] if k < len(tagged) else "O"
                lab = UNDERTHESEA_LABELS.get(tag[2:]) if tag != "O" else None
                if lab and tag.startswith("I-") and cur and cur[2] == lab:
                    cur[1] = pos + e
                    continue
                if cur:
                    out.append(tuple(cur))  # type: ignore[arg-type]
                    cur = None
                if lab:
                    cur = [pos + s, pos + e, lab]
            if cur:
                out.append(tuple(cur))  # type: ignore[arg-type]
        pos += len(line)
    return out


def _paragraph_of(doc: Document) -> Any:
    segs = segment_document(doc)

    def find(start: int) -> int:
        seg = segment_at(segs, start)
        return seg.paragraph if seg else -1

    return find


def crf_data(nlp: Any, doc: Document, gold: Sequence[tuple[int, int, str]] | None, *, split_gold: bool) -> dict[str, Any]:
    """Per-sentence CRF features, gold BIO labels and tokens of one document."""
    sdoc = nlp(doc.text)
    rule_ents = rule_entities_in_doc(sdoc)
    cuts = [c for s, e, _, _ in rule_ents for c in (s, e)]
    if split_gold and gold:
        cuts += [c for s, e, _ in gold for c in (s, e)]
    sdoc = split_tokens_at(sdoc, cuts)
    rules = [(s, e, lab) for s, e, lab, _ in rule_ents]
    cands = doc_candidates(sdoc)
    sents, feats = doc_features(sdoc, rules, cands)
    labels = [bio_over_tokens(token_bounds(toks), gold, within=True) for toks in sents] if gold is not None else None
    para = _paragraph_of(doc)
    groups = [para(toks[0].idx) if toks else -1 for toks in sents]
    return {"sdoc": sdoc, "sents": sents, "feats": feats, "labels": labels, "groups": groups, "rule": rule_ents, "cands": cands}


def cross_validated_crf(train: dict[str, Any], test: dict[str, Any], n_splits: int = 5) -> list[tuple[int, int, str]]:
    """Out-of-fold CRF spans: train on ``train`` sentences of other paragraph groups, predict ``test``'s."""
    from sklearn.model_selection import GroupKFold

    groups = train["groups"]
    n = min(n_splits, len(set(groups)))
    out: list[tuple[int, int, str]] = []
    for tr, te in GroupKFold(n_splits=n).split(train["feats"], groups=groups):
        model = CRFEntityTagger().fit([train["feats"][i] for i in tr], [train["labels"][i] for i in tr])
        test_idx = [i for i, g in enumerate(test["groups"]) if g in {groups[j] for j in te}]
        for i in test_idx:
            out.extend(sentence_spans(model, test["sents"][i], test["feats"][i], test["cands"]))
    return out


def pipeline_merge() -> tuple[Callable[..., list[Any]], Callable[..., list[Any]] | None]:
    """The merge policy and the document-level pass of the CRF component as ``dienbien_nlp.load()`` sets them
    (its factory's defaults), so that a cross-validated "pipeline" is the pipeline users run."""
    from spacy.language import Language
    from spacy.util import registry

    from ..pipeline import entities as _entities  # noqa: F401  (registers the factory)

    cfg = Language.get_factory_meta("dienbien_entity_crf").default_config
    resolved = registry.resolve({"merge": cfg["merge"], "consistency": cfg["consistency"]})
    return resolved["merge"], resolved["consistency"]


def evaluate_entities(corpus_dir: str | Path = "corpus", annotations_dir: str | Path = "annotations", *, n_splits: int = 5) -> dict[str, Any]:
    """Score the four systems on every document that has entity gold."""
    from .. import load
    from ..textio import check_dir

    check_dir(annotations_dir)
    nlp = load(entities=False, themes=False)
    merge, consistency = pipeline_merge()
    labels = list(entity_labels())
    gold_all: list[tuple[Any, ...]] = []
    sys_all: dict[str, list[tuple[Any, ...]]] = {k: [] for k in ("underthesea", "rules", "crf", "pipeline")}
    for doc in load_corpus(corpus_dir):
        if not entity_path(doc.id, annotations_dir).exists():
            continue
        gold = [(g.start, g.end, g.label) for g in load_entities(doc.id, annotations_dir)]
        train = crf_data(nlp, doc, gold, split_gold=True)
        test = crf_data(nlp, doc, None, split_gold=False)
        crf = cross_validated_crf(train, test, n_splits)
        rule = [(s, e, lab) for s, e, lab, _ in test["rule"]]
        merged_ents = merge(test["rule"], [(s, e, lab, None) for s, e, lab in crf])
        if consistency is not None:
            merged_ents = consistency(doc.text, merged_ents)
        merged = [(s, e, lab) for s, e, lab, _ in merged_ents]
        key = doc.id
        gold_all += [(key, *g) for g in gold]
        sys_all["underthesea"] += [(key, *x) for x in underthesea_entities(doc.text)]
        sys_all["rules"] += [(key, *x) for x in rule]
        sys_all["crf"] += [(key, *x) for x in crf]
        sys_all["pipeline"] += [(key, *x) for x in merged]
    out: dict[str, Any] = {}
    for name, pred in sys_all.items():
        out[name] = span_scores(gold_all, pred, labels)
    return out


def train_shipped_crf(corpus_dir: str | Path, annotations_dir: str | Path, out: str | Path, vntc: str | Path | None = None) -> Path:
    """Train the CRF on ALL gold (every split; the news when the VNTC sample is found) and write the crfsuite model file.

    Scores of this model on the gold are in-sample; the held-out figures come from :func:`dienbien_nlp.eval.heldout.evaluate_heldout`,
    which trains on the train split only.
    """
    from ..annotation.gold import load_gold
    from ..learn.crf import save_tagger

    docs, _missing = load_gold(corpus_dir, annotations_dir, vntc)
    return save_tagger(fit_learned_crf(learned_entity_data(docs)), out)


def gold_doc(nlp: Any, doc: Document, annotations_dir: str | Path) -> Any:
    """The document as a ``Doc`` with its gold entities set."""
    sdoc = nlp(doc.text)
    gold = [(g.start, g.end, g.label, None) for g in load_entities(doc.id, annotations_dir)]
    return set_char_entities(sdoc, gold)


def sentence_groups(sdoc: Any, doc: Document) -> list[int]:
    """Paragraph index of each content sentence."""
    para = _paragraph_of(doc)
    return [para(s.start_char) for s in content_sents(sdoc)]


def evaluate_records(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Score ``underthesea``, ``rules`` and the shipped ``pipeline`` on texts the gold never saw.

    Args:
        records: ``{"id", "text", "entities": [{"start", "end", "label"}]}`` with
            offsets into ``text`` (e.g. an independently annotated held-out sample).
    """
    from .. import load

    nlp = load(themes=False)
    labels = list(entity_labels())
    gold: list[tuple[Any, ...]] = []
    pred: dict[str, list[tuple[Any, ...]]] = {"underthesea": [], "rules": [], "pipeline": []}
    for rec in records:
        key, text = rec["id"], rec["text"]
        gold += [(key, e["start"], e["end"], e["label"]) for e in rec["entities"]]
        sdoc = nlp(text)
        pred["pipeline"] += [(key, e.start_char, e.end_char, e.label_) for e in sdoc.ents]
        pred["rules"] += [(key, s, e, lab) for s, e, lab in rule_spans(sdoc)]
        pred["underthesea"] += [(key, *x) for x in underthesea_entities(text)]
    return {name: span_scores(gold, p, labels) for name, p in pred.items()}


# --- the learned tagger trained on the train split of the whole gold -------------------------------------


def rules_nlp() -> Any:
    """The pipeline up to the rule component (tokens, POS, sentences, rules): what the learned taggers read."""
    from .. import load

    nlp = load(entities=False, themes=False, claims=False)
    nlp.add_pipe("dienbien_entity_rules")
    return nlp


def learned_entity_data(docs: Sequence[Any], nlp: Any = None) -> list[dict[str, Any]]:
    """Per gold document: the rule ``Doc``, its rule entities and candidates, and the CRF's two views of it.

    ``pred`` is what the tagger sees at run time (pieces cut at the candidates' bounds); ``train`` is cut at
    the gold's bounds too, so that every gold span is a run of whole pieces, and carries the gold BIO labels.
    """
    from ..learn.crf import doc_candidates, doc_features

    nlp = nlp or rules_nlp()
    out = []
    for d, sdoc in zip(docs, nlp.pipe(d.text for d in docs)):
        rules = rule_spans(sdoc)
        cands = doc_candidates(sdoc)
        sents, feats = doc_features(sdoc, rules, cands)
        gold = list(getattr(d, "entities", []) or [])
        tsents, tfeats = doc_features(sdoc, rules, cands, cuts=[c for s, e, _ in gold for c in (s, e)])
        labels = [bio_over_tokens(token_bounds(p), gold, within=True) for p in tsents]
        out.append({"doc": d, "sdoc": sdoc, "rules": rules, "cands": cands, "sents": sents, "feats": feats, "train_feats": tfeats, "labels": labels})
    return out


def fit_learned_crf(data: Sequence[dict[str, Any]], **params: Any) -> CRFEntityTagger:
    """A CRF fitted on the training view of ``data`` (:func:`learned_entity_data`)."""
    X = [f for item in data for f in item["train_feats"]]  # noqa: N806
    y = [lab for item in data for lab in item["labels"]]
    return CRFEntityTagger(**params).fit(X, y)


def crf_doc_spans(tagger: Any, item: dict[str, Any]) -> list[tuple[int, int, str]]:
    """The tagger's spans of one document of :func:`learned_entity_data`."""
    out: list[tuple[int, int, str]] = []
    for pieces, feats in zip(item["sents"], item["feats"]):
        out.extend(sentence_spans(tagger, pieces, feats, item["cands"]))
    return out


#: The CRF settings compared on the dev split (the second, best on dev, is the default of :class:`CRFEntityTagger`).
CRF_GRID: tuple[dict[str, float], ...] = ({"c1": 0.05, "c2": 0.05}, {"c1": 0.0, "c2": 0.3}, {"c1": 0.02, "c2": 0.1}, {"c1": 0.1, "c2": 0.01})


def select_on_dev(
    docs: Sequence[Any], *, spacy_iters: int = 10, n_boot: int = 1000, evaluate_on: Sequence[str] | None = None
) -> dict[str, Any]:
    """Model and merge selection on the ``dev`` split: the rules, CRFs of :data:`CRF_GRID`, a spaCy ``ner``,
    the best CRF trained with rule-feature dropout, and every registered merge policy with and without the
    document-level pass, all trained on ``train``.

    Only ``train`` and ``dev`` documents are read; ``test`` is never touched.

    Args:
        evaluate_on: Score on these ``train`` documents instead of ``dev`` (and train without them): text
            fresh to the rules, before they are changed for it (``annotations/news/selection.json``'s third draw).
    """
    from ..learn.spacy_ner import spacy_ner_spans, train_spacy_ner
    from ..pipeline.entities import learned_first, learned_only, propagate_mentions
    from .heldout import score_systems

    if evaluate_on is not None:
        held = set(evaluate_on)
        dev = [d for d in docs if d.doc_id in held and d.split == "train"]
        train = [d for d in docs if d.split == "train" and d.doc_id not in held]
    else:
        train = [d for d in docs if d.split == "train"]
        dev = [d for d in docs if d.split == "dev"]
    nlp = rules_nlp()
    dtr, ddv = learned_entity_data(train, nlp), learned_entity_data(dev, nlp)
    preds: dict[str, list[list[tuple[int, int, str]]]] = {"rules": [it["rules"] for it in ddv]}
    crfs = {}
    for params in CRF_GRID:
        name = "crf c1={c1} c2={c2}".format(**params)
        crfs[name] = fit_learned_crf(dtr, **params)
        preds[name] = [crf_doc_spans(crfs[name], it) for it in ddv]
    if spacy_iters:
        ner = train_spacy_ner([it["sdoc"] for it in dtr], [it["doc"].entities for it in dtr], n_iter=spacy_iters)
        preds[f"spacy ner ({spacy_iters} epochs)"] = [spacy_ner_spans(ner, it["sdoc"]) for it in ddv]
    best = max(crfs, key=lambda k: score_systems(dev, {k: preds[k]}, 0)["systems"][k]["micro"]["f1"])
    dropout = f"{best} + rule dropout"
    params = crfs[best].get_params()
    crfs[dropout] = fit_learned_crf(dtr, **{**params, "rule_dropout": True})
    preds[dropout] = [crf_doc_spans(crfs[dropout], it) for it in ddv]
    policies = {"rules_first": rules_first, "learned_first": learned_first, "learned_only": learned_only}
    for crf_name in (best, dropout):
        for pname, policy in policies.items():
            for cons in (False, True):
                rows = []
                for it, spans in zip(ddv, preds[crf_name]):
                    merged = policy([(s, e, lab, None) for s, e, lab in it["rules"]], [(s, e, lab, None) for s, e, lab in spans])
                    if cons:
                        merged = propagate_mentions(it["doc"].text, merged)
                    rows.append([(s, e, lab) for s, e, lab, _ in merged])
                preds[f"{crf_name} + {pname}{' + consistency' if cons else ''}"] = rows
    res = score_systems(dev, preds, n_boot)
    res["best_crf"] = best
    res["evaluated_on"] = sorted(d.doc_id for d in dev)
    return res
