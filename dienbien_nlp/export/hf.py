"""Hugging Face dataset export: parquet files per config and a card whose YAML carries the features.

The folder :func:`write_hf` writes loads offline with ``datasets.load_dataset(folder)``
(the default config, ``sentences``) and ``load_dataset(folder, "<config>")``::

    <out>/README.md                                   card: YAML (configs, dataset_info) + text
    <out>/sentences/train-00000-of-00001.parquet
    <out>/documents/train-00000-of-00001.parquet
    <out>/entities/train-00000-of-00001.parquet
    <out>/claims/train-00000-of-00001.parquet
    <out>/news/train-00000-of-00001.parquet

Every ClassLabel's names are generated: entity labels, BIO tags, themes and CAP
topics from the schema, POS tags from ``resources/vlsp_upos.tsv``, UPOS from the
UD v2 tag set, claim kinds, qualifiers and units from :mod:`dienbien_nlp.claims.gold`. The YAML is written with ``datasets``' own serialisers
(``DatasetInfo._to_yaml_dict``), so the names survive loading. Two writes of the
same rows give byte-identical files.

Example:
    >>> feats = features("sentences")
    >>> feats["ner_tags"].feature.names[:3]
    ['O', 'B-PER', 'I-PER']
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from datasets import ClassLabel, Dataset, DatasetInfo, Features, List, SplitDict, SplitInfo, Value

from ..annotation.records import EntitySpan
from ..schema import bio_labels, cap_topic_names, entity_labels, theme_ids
from ..textio import atomic_write_bytes, atomic_write_text
from .entity_fields import field_feature
from .rows import GOLD, normalised_fields

#: The configs, in card order; the first is the default.
CONFIGS = ("sentences", "documents", "entities", "claims", "news")
DEFAULT_CONFIG = "sentences"
SPLIT = "train"

#: The 17 universal POS tags of Universal Dependencies v2 (``X`` included).
UPOS_TAGS = (
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM",
    "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
)  # fmt: skip


@functools.lru_cache(maxsize=1)
def vlsp_tags() -> tuple[str, ...]:
    """The VLSP POS tag set, in the order of ``resources/vlsp_upos.tsv``."""
    text = resources.files("dienbien_nlp").joinpath("resources/vlsp_upos.tsv").read_text("utf-8")
    return tuple(line.split("\t", 1)[0] for line in text.splitlines() if line and not line.startswith("#"))


def data_file(config: str) -> str:
    """Path of a config's parquet file inside the dataset folder."""
    return f"{config}/{SPLIT}-00000-of-00001.parquet"


def _str() -> Value:
    return Value("string")


def _int() -> Value:
    return Value("int32")


def features(config: str) -> Features:
    """The ``datasets.Features`` of a config (one of :data:`CONFIGS`).

    Raises:
        ValueError: ``config`` is not one of :data:`CONFIGS`.
    """
    if config == "sentences":
        entity = {"start": _int(), "end": _int(), "label": ClassLabel(names=list(entity_labels())), "text": _str()}
        feats: dict[str, Any] = {
            "id": _str(),
            "doc_id": _str(),
            "segment_id": _str(),
            "segment_type": _str(),
            "speaker": _str(),
            "sentence_index": _int(),
            "text": _str(),
            "start": _int(),
            "end": _int(),
            "tokens": List(_str()),
            "pos_tags": List(ClassLabel(names=list(vlsp_tags()))),
            "upos": List(ClassLabel(names=list(UPOS_TAGS))),
            "ner_tags": List(ClassLabel(names=list(bio_labels()))),
            "entities": List(entity),
            "themes": List(ClassLabel(names=list(theme_ids()))),
            "cap_topics": List(ClassLabel(names=list(cap_topic_names()))),
            "fold": _int(),
            "annotation": _str(),
            "genre": _genre(),
            "split": _split(),
        }
        return Features(feats)
    if config == "documents":
        segment = {
            "id": _str(), "type": _str(), "speaker": _str(), "turn": _int(),
            "paragraph": _int(), "start": _int(), "end": _int(),
        }  # fmt: skip
        return Features(
            {
                "id": _str(),
                "title": _str(),
                "published": _str(),
                "publisher": _str(),
                "authors": List(_str()),
                "interviewer": _str(),
                "interviewees": List({"name": _str(), "positions": List(_str())}),
                "kind": _str(),
                "language": _str(),
                "url": _str(),
                "rights": _str(),
                "source_file": _str(),
                "source_sha256": _str(),
                "text_sha256": _str(),
                "text": _str(),
                "segments": List(segment),
                "genre": _genre(),
                "split": _split(),
                "doc_type": _str(),
                "number": _str(),
                "issuer": _str(),
                "signer": _str(),
                "source": _str(),
            }
        )
    if config == "entities":
        fixed: dict[str, Any] = {
            "id": _str(),
            "doc_id": _str(),
            "sentence_id": _str(),
            "start": _int(),
            "end": _int(),
            "sentence_start": _int(),
            "sentence_end": _int(),
            "label": ClassLabel(names=list(entity_labels())),
            "text": _str(),
            "annotation": _str(),
            "genre": _genre(),
            "split": _split(),
        }
        for name in normalised_fields():
            fixed[name] = field_feature(name)
        return Features(fixed)
    if config == "claims":
        return claim_features()
    if config == "news":
        return Features(
            {
                "id": _str(),
                "doc_id": _str(),
                "vntc_id": _str(),
                "text_sha256": _str(),
                "genre": _genre(),
                "split": _split(),
                "start": _int(),
                "end": _int(),
                "entities": List({"start": _int(), "end": _int(), "label": ClassLabel(names=list(entity_labels()))}),
                "themes": List(ClassLabel(names=list(theme_ids()))),
            }
        )
    raise ValueError(f"unknown config {config!r}; expected one of {list(CONFIGS)}")


def claim_features() -> Features:
    """The ``claims`` config: one indicator claim per row, its spans as document offsets and texts."""
    from ..claims.gold import KINDS, QUALIFIERS, UNIT_NORMS

    def span(name: str) -> dict[str, Any]:
        return {f"{name}_start": _int(), f"{name}_end": _int(), f"{name}_text": _str()}

    return Features(
        {
            "id": _str(),
            "doc_id": _str(),
            "sentence_id": _str(),
            "sentence_start": _int(),
            "sentence_end": _int(),
            **span("value"),
            "number": Value("float64"),
            "qualifier": ClassLabel(names=list(QUALIFIERS)),
            **span("unit"),
            "unit_norm": ClassLabel(names=list(UNIT_NORMS)),
            **span("indicator"),
            "kind": ClassLabel(names=list(KINDS)),
            "time": _str(),
            "base_time": _str(),
            **span("place"),
            "annotation": _str(),
            "genre": _genre(),
            "split": _split(),
        }
    )


#: Genres and document splits as ClassLabels (the same names in every config).
GENRES = ("interview", "official", "news")
DOC_SPLITS = ("train", "dev", "test")


def _genre() -> ClassLabel:
    return ClassLabel(names=list(GENRES))


def _split() -> ClassLabel:
    return ClassLabel(names=list(DOC_SPLITS))


_LabelPath = tuple[str | None, ...]


def _labels_of(feature: Any, path: _LabelPath = ()) -> list[tuple[_LabelPath, ClassLabel]]:
    """``(path, ClassLabel)`` for every ClassLabel inside ``feature``; ``None`` in a path steps into a list."""
    if isinstance(feature, ClassLabel):
        return [(path, feature)]
    if isinstance(feature, List):
        return _labels_of(feature.feature, (*path, None))
    if isinstance(feature, dict):
        return [found for k, v in feature.items() for found in _labels_of(v, (*path, k))]
    return []


def _values(value: Any, path: _LabelPath) -> Iterator[Any]:
    """The values found at ``path`` inside ``value`` (``None`` values are skipped)."""
    if value is None:
        return
    if not path:
        yield value
    elif path[0] is None:
        for v in value:
            yield from _values(v, path[1:])
    else:
        yield from _values(value.get(path[0]), path[1:])


def check_rows(config: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Check that rows have exactly the config's columns and known label names.

    Raises:
        ValueError: Naming the column and the unknown value or the missing/extra columns.
    """
    feats = features(config)
    want = set(feats)
    for k, row in enumerate(rows):
        if set(row) != want:
            missing, extra = sorted(want - set(row)), sorted(set(row) - want)
            raise ValueError(f"{config} row {k}: missing columns {missing}, unexpected columns {extra}")
    for col, feature in feats.items():
        for path, label in _labels_of(feature):
            known = set(label.names)
            for row in rows:
                for v in _values(row[col], path):
                    if isinstance(v, str) and v not in known:
                        raise ValueError(
                            f"{config}.{col}: {v!r} (row {row.get('id')!r}) is not a label name; "
                            f"expected one of {label.names}"
                        )


@contextlib.contextmanager
def _quiet_progress() -> Iterator[None]:
    from datasets.utils.tqdm import are_progress_bars_disabled, disable_progress_bars, enable_progress_bars

    was_disabled = are_progress_bars_disabled()
    disable_progress_bars()
    try:
        yield
    finally:
        if not was_disabled:
            enable_progress_bars()


def parquet_bytes(config: str, rows: Sequence[Mapping[str, Any]]) -> tuple[bytes, int]:
    """The parquet file of a config's rows, and the in-memory size of the table in bytes."""
    check_rows(config, rows)
    ds = Dataset.from_list([dict(r) for r in rows], features=features(config))
    buf = io.BytesIO()
    # content-defined chunking and the page index are deterministic; no timestamp is written.
    ds.to_parquet(buf)
    return buf.getvalue(), int(ds.data.nbytes)


def split_front_matter(markdown: str) -> tuple[dict[str, Any], str]:
    """``(YAML metadata, body)`` of a card; ``({}, markdown)`` when it has no front matter."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end >= 0:
            return dict(yaml.safe_load(markdown[4:end]) or {}), markdown[end + 5 :]
    return {}, markdown


def card_metadata(configs: Mapping[str, tuple[int, int, int]]) -> dict[str, Any]:
    """``configs`` and ``dataset_info`` YAML for ``{config: (rows, table bytes, file bytes)}``."""
    order = [c for c in CONFIGS if c in configs]
    cfgs: list[dict[str, Any]] = []
    infos: list[dict[str, Any]] = []
    for name in order:
        n, nbytes, fbytes = configs[name]
        entry: dict[str, Any] = {"config_name": name}
        if name == DEFAULT_CONFIG:
            entry["default"] = True
        entry["data_files"] = [{"split": SPLIT, "path": data_file(name)}]
        cfgs.append(entry)
        info = DatasetInfo(
            features=features(name),
            splits=SplitDict({SPLIT: SplitInfo(name=SPLIT, num_bytes=nbytes, num_examples=n)}),
            download_size=fbytes,
            dataset_size=nbytes,
        )
        infos.append({"config_name": name, **info._to_yaml_dict()})
    return {"configs": cfgs, "dataset_info": infos}


def write_hf(out_dir: str | Path, configs: Mapping[str, Sequence[Mapping[str, Any]]], card_markdown: str) -> list[Path]:
    """Write the dataset folder: one parquet file per config and ``README.md``.

    Args:
        out_dir: The dataset folder (created if needed).
        configs: Rows per config name (any of :data:`CONFIGS`): label names as strings.
        card_markdown: The card (:func:`~dienbien_nlp.export.card.dataset_card`); its
            YAML front matter, if any, is kept and ``configs``/``dataset_info`` are set.

    Returns:
        The files written, parquet files first.

    Raises:
        ValueError: An unknown config, a row with other columns, or an unknown label name.
    """
    unknown = sorted(set(configs) - set(CONFIGS))
    if unknown:
        raise ValueError(f"unknown config(s) {unknown}; expected some of {list(CONFIGS)}")
    out = Path(out_dir)
    written: list[Path] = []
    sizes: dict[str, tuple[int, int, int]] = {}
    with _quiet_progress():
        for name in [c for c in CONFIGS if c in configs]:
            data, nbytes = parquet_bytes(name, configs[name])
            path = out / data_file(name)
            atomic_write_bytes(path, data)
            written.append(path)
            sizes[name] = (len(configs[name]), nbytes, len(data))
    meta, body = split_front_matter(card_markdown)
    meta.update(card_metadata(sizes))
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    readme = out / "README.md"
    atomic_write_text(readme, f"---\n{front}---\n{body if body.startswith(chr(10)) else chr(10) + body}")
    written.append(readme)
    return written


def _name(label: ClassLabel, value: Any) -> str:
    return value if isinstance(value, str) else label.int2str(int(value))


def rows_to_gold(
    rows: Sequence[Mapping[str, Any]],
) -> tuple[dict[str, list[EntitySpan]], dict[str, list[dict[str, Any]]]]:
    """The gold records that ``sentences`` rows encode (rows with ``annotation == "gold"``).

    Accepts rows as written (label names) or as loaded by ``datasets`` (ClassLabel ids).

    Returns:
        ``(entities, sentences)`` per document id: entity spans with document offsets
        (as :func:`~dienbien_nlp.annotation.records.load_entities` gives them, sorted by offset)
        and theme sentences (as :func:`~dienbien_nlp.annotation.records.load_themes`).
    """
    feats = features("sentences")
    ent_label = feats["entities"].feature["label"]
    theme_label = feats["themes"].feature
    entities: dict[str, list[EntitySpan]] = {}
    sentences: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["annotation"] != GOLD:
            continue
        doc_id, base = row["doc_id"], row["start"]
        spans = entities.setdefault(doc_id, [])
        for e in row["entities"]:
            spans.append(EntitySpan(base + e["start"], base + e["end"], _name(ent_label, e["label"]), e["text"]))
        sentences.setdefault(doc_id, []).append(
            {
                "id": row["id"],
                "start": row["start"],
                "end": row["end"],
                "text": row["text"],
                "themes": [_name(theme_label, t) for t in row["themes"]],
            }
        )
    for doc_id in entities:
        entities[doc_id].sort(key=lambda s: (s.start, s.end))
        sentences[doc_id].sort(key=lambda s: (s["start"], s["end"]))
    return entities, sentences
