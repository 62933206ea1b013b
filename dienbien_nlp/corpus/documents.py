"""The corpus: raw source files kept byte for byte, each with a metadata record.

A document is two files in ``corpus/``: the raw text (``<id>.txt``; for HTML
sources also the page, ``<id>.html``) and its metadata record ``<id>.json``.
Adding a document means adding those files, nothing else; ``dienbien-nlp
ingest`` writes both.

Example:
    >>> from dienbien_nlp.corpus import load_corpus
    >>> docs = load_corpus("corpus")  # doctest: +SKIP
    >>> docs[0].meta.kind  # doctest: +SKIP
    'interview'
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import DienbienError, Errors
from ..textio import atomic_write_bytes, atomic_write_text, check_file, decode, loads_json, read_text
from .cleaning import CleanText, clean_article

KINDS = ("interview", "news", "speech", "report", "legal", "official", "other")
#: The genre of each kind, as the gold, the splits and every evaluation report it.
GENRES = {"interview": "interview", "speech": "interview", "news": "news", "report": "news", "legal": "official", "official": "official", "other": "news"}
SOURCE_SUFFIXES = (".txt", ".html", ".htm", ".md")
DEFAULT_CORPUS = Path("corpus")


@dataclass(frozen=True)
class Person:
    """A person named in the metadata, with the positions the text gives."""

    name: str
    positions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metadata:
    """The metadata record of one document (``corpus/<id>.json``)."""

    id: str
    source_file: str
    text_file: str
    sha256: str
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    interviewer: str | None = None
    interviewees: tuple[Person, ...] = ()
    kind: str = "other"
    language: str = "vi"
    url: str | None = None
    rights: str | None = None
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    signer: str | None = None
    source: str | None = None

    @property
    def genre(self) -> str:
        """``interview``, ``official`` or ``news`` (from :attr:`kind`)."""
        return GENRES[self.kind]

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path | str = "<metadata>") -> Metadata:
        """Validate and build a record; raise E010 naming ``path`` on any problem."""
        if not isinstance(data, dict):
            raise DienbienError(Errors.E010.format(path=path, detail="top level must be a JSON object"))
        for key in ("id", "source_file", "text_file", "sha256"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise DienbienError(Errors.E010.format(path=path, detail=f"'{key}' must be a non-empty string"))
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", data["id"]):
            raise DienbienError(Errors.E010.format(path=path, detail=f"id '{data['id']}' must be lower-case ASCII, digits, '.', '_' or '-'"))
        kind = data.get("kind", "other")
        if kind not in KINDS:
            raise DienbienError(Errors.E010.format(path=path, detail=f"kind '{kind}' is not one of {list(KINDS)}"))
        if data.get("published"):
            try:
                datetime.fromisoformat(data["published"])
            except ValueError:
                raise DienbienError(Errors.E010.format(path=path, detail=f"published '{data['published']}' is not ISO 8601")) from None
        known = {f for f in cls.__dataclass_fields__}
        unknown = set(data) - known
        if unknown:
            raise DienbienError(Errors.E010.format(path=path, detail=f"unknown fields {sorted(unknown)}"))
        people = tuple(Person(p["name"], tuple(p.get("positions", ()))) for p in data.get("interviewees", ()))
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["authors"] = tuple(data.get("authors", ()))
        kwargs["interviewees"] = people
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as stored in ``corpus/<id>.json``."""
        d = asdict(self)
        d["authors"] = list(self.authors)
        d["interviewees"] = [{"name": p.name, "positions": list(p.positions)} for p in self.interviewees]
        return d


@dataclass(frozen=True)
class Document:
    """A corpus document: its raw text exactly as stored, and its metadata."""

    meta: Metadata
    raw: str = field(repr=False)

    @property
    def id(self) -> str:
        return self.meta.id

    @functools.cached_property
    def clean(self) -> CleanText:
        """The article's own text, with the map back to raw offsets (Markdown sources lose their markup)."""
        if self.meta.text_file.lower().endswith(".md"):
            from .markdown import clean_markdown

            return clean_markdown(self.raw)
        return clean_article(self.raw)

    @property
    def text(self) -> str:
        """The cleaned article text that annotations refer to."""
        return self.clean.text

    @property
    def text_sha256(self) -> str:
        """sha256 of :attr:`text` (gold records are keyed by it)."""
        return sha256_text(self.text)


def sha256_text(text: str) -> str:
    """Hex sha256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_document(meta_path: str | Path) -> Document:
    """Load one document from its metadata record, checking the raw file's hash."""
    p = Path(meta_path)
    try:
        data = loads_json(read_text(p))
    except json.JSONDecodeError as err:
        raise DienbienError(Errors.E010.format(path=p, detail=f"invalid JSON: {err.msg} at line {err.lineno}")) from None
    meta = Metadata.from_dict(data, p)
    text_path = p.parent / meta.text_file
    raw_bytes = check_file(text_path).read_bytes()
    actual = hashlib.sha256(raw_bytes).hexdigest() if meta.text_file == meta.source_file else None
    if actual is not None and actual != meta.sha256:
        raise DienbienError(Errors.E013.format(path=text_path, actual=actual, expected=meta.sha256))
    if meta.text_file != meta.source_file:
        src = check_file(p.parent / meta.source_file).read_bytes()
        actual = hashlib.sha256(src).hexdigest()
        if actual != meta.sha256:
            raise DienbienError(Errors.E013.format(path=p.parent / meta.source_file, actual=actual, expected=meta.sha256))
    return Document(meta, decode(raw_bytes, text_path))


def load_corpus(corpus_dir: str | Path = DEFAULT_CORPUS) -> list[Document]:
    """All documents in ``corpus_dir``, sorted by id."""
    d = Path(corpus_dir)
    if not d.is_dir():
        raise DienbienError(Errors.E001.format(path=d))
    metas = sorted(d.glob("*.json"), key=lambda m: m.stem)
    if not metas:
        raise DienbienError(Errors.E015.format(path=d))
    return [load_document(m) for m in metas]


def get_document(doc_id: str, corpus_dir: str | Path = DEFAULT_CORPUS) -> Document:
    """One document by id."""
    p = Path(corpus_dir) / f"{doc_id}.json"
    if not p.exists():
        raise DienbienError(Errors.E012.format(doc_id=doc_id, corpus_dir=corpus_dir))
    return load_document(p)


def _slug(text: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:60] or "doc"


def extract_html(html: str, path: Path) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page, by trafilatura (no network)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise DienbienError(Errors.E007.format(path=path, kind="HTML"))
    meta = trafilatura.extract_metadata(html)
    info: dict[str, Any] = {}
    if meta is not None:
        info = {"title": meta.title, "published": meta.date, "publisher": meta.sitename, "authors": meta.author, "url": meta.url}
    return text if text.endswith("\n") else text + "\n", info


def ingest(
    path: str | Path,
    corpus_dir: str | Path = DEFAULT_CORPUS,
    *,
    doc_id: str | None = None,
    title: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
    authors: tuple[str, ...] = (),
    kind: str = "other",
    language: str = "vi",
    url: str | None = None,
    rights: str | None = None,
    force: bool = False,
    extra: dict[str, str | None] | None = None,
) -> Document:
    """Add a ``.txt``, ``.md`` or ``.html`` file to the corpus: its raw file and its metadata record.

    The source is copied byte for byte. Markdown is kept as it is and its markup
    is cleaned away when the text is read (:mod:`dienbien_nlp.corpus.markdown`); problems
    in the markup are warnings. ``extra`` fills the fields of official documents
    (``doc_type``, ``number``, ``issuer``, ``signer``, ``source``). For HTML, the main text is extracted
    with trafilatura into ``<id>.txt`` beside the page, and the page's own
    metadata (title, date, site, author) fills any field not given.

    Returns:
        The new :class:`Document`.
    """
    src = check_file(path)
    suffix = src.suffix.lower()
    if suffix not in SOURCE_SUFFIXES:
        raise DienbienError(Errors.E006.format(path=src, suffix=suffix or "(none)", expected="['.txt', '.html', '.md']"))
    data = src.read_bytes()
    content = decode(data, src)
    info: dict[str, Any] = {}
    text = content
    if suffix in (".html", ".htm"):
        text, info = extract_html(content, src)
    title = title or info.get("title") or next((ln.strip() for ln in text.splitlines() if ln.strip()), None)
    doc_id = doc_id or _slug(src.stem)
    out = Path(corpus_dir)
    meta_path = out / f"{doc_id}.json"
    if meta_path.exists() and not force:
        raise DienbienError(Errors.E011.format(path=meta_path, doc_id=doc_id))
    if info.get("published") and not published:
        published = datetime.fromisoformat(info["published"]).replace(tzinfo=timezone.utc).isoformat()
    author_list = tuple(authors) or tuple(a.strip() for a in (info.get("authors") or "").split(";") if a.strip())
    source_file = f"{doc_id}{'.html' if suffix in ('.html', '.htm') else suffix}"
    text_file = source_file if suffix == ".md" else f"{doc_id}.txt"
    record = {
        "id": doc_id,
        "source_file": source_file,
        "text_file": text_file,
        "sha256": hashlib.sha256(data).hexdigest(),
        "title": title,
        "published": published,
        "publisher": publisher or info.get("publisher"),
        "authors": list(author_list),
        "interviewer": None,
        "interviewees": [],
        "kind": kind,
        "language": language,
        "url": url or info.get("url"),
        "rights": rights,
        **{k: v for k, v in (extra or {}).items() if v is not None},
    }
    meta = Metadata.from_dict(record, meta_path)
    if suffix == ".md":
        import warnings

        from ..errors import DienbienWarning, Warnings
        from .markdown import clean_markdown

        cleaned = clean_markdown(content)
        if not cleaned.text.strip():
            raise DienbienError(Errors.E007.format(path=src, kind="Markdown"))
        for w in cleaned.warnings:
            warnings.warn(Warnings.W002.format(path=src, line=w.split(":")[0].removeprefix("line "), detail=w.split(": ", 1)[1]), DienbienWarning, stacklevel=2)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out / source_file, data)
    if source_file != meta.text_file:
        atomic_write_text(out / meta.text_file, text)
    atomic_write_text(meta_path, json.dumps(meta.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return load_document(meta_path)
