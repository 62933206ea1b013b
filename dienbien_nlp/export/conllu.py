"""CoNLL-U export of spaCy ``Doc`` sentences.

Columns: ID, FORM (a multi-syllable word keeps its inner spaces, as in UD
Vietnamese VTB), LEMMA ``_``, UPOS, XPOS (VLSP), FEATS/HEAD/DEPREL/DEPS ``_``,
and MISC with ``SpaceAfter=No`` (or UD's ``SpacesAfter=`` for other
whitespace, e.g. ``\\s\\s``) and ``NER=`` (BIO). Whitespace tokens are left
out. Comments: ``sent_id``, ``text`` and, when known, ``speaker`` and
``segment_type``. The ``conllu`` package parses the output back exactly.

Example:
    >>> import dienbien_nlp
    >>> doc = dienbien_nlp.load()("Xin chào.")
    >>> print(doc_to_conllu(doc, "d1").strip().splitlines()[1])
    # text = Xin chào.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from conllu.models import TokenList
from spacy.tokens import Doc, Span

from ..learn.spans import bio_tags
from ..pipeline.sentences import content_sents

__all__ = [
    "bio_tags",
    "content_sents",
    "doc_to_conllu",
    "escape_spaces",
    "sentence_to_conllu",
    "space_after",
    "unescape_spaces",
]


_SPACE_ESCAPES = {" ": "\\s", "\t": "\\t", "\n": "\\n", "\r": "\\r", "|": "\\p", "\\": "\\\\"}


def escape_spaces(ws: str) -> str:
    """UD ``SpacesAfter`` escaping (``\\s``, ``\\t``, ``\\n``; other spaces as ``\\uXXXX``)."""
    return "".join(_SPACE_ESCAPES.get(c, c if not c.isspace() else f"\\u{ord(c):04X}") for c in ws)


def unescape_spaces(value: str) -> str:
    """Inverse of :func:`escape_spaces`."""
    import re

    table = {"s": " ", "t": "\t", "n": "\n", "r": "\r", "p": "|", "\\": "\\"}
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|.)", lambda m: chr(int(m.group(1)[1:], 16)) if len(m.group(1)) == 5 else table[m.group(1)], value)


def space_after(tok) -> str:  # noqa: ANN001
    """All whitespace between ``tok`` and the next word token (trailing space + whitespace tokens)."""
    ws = tok.whitespace_
    doc = tok.doc
    i = tok.i + 1
    while i < len(doc) and doc[i].is_space:
        ws += doc[i].text_with_ws
        i += 1
    return ws


def _escape(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ")


def sentence_to_conllu(
    sent: Span, sent_id: str, comments: Mapping[str, str] | None = None, bio: list[str] | None = None
) -> str:
    """One sentence as a CoNLL-U block (ending with a blank line), serialised by the ``conllu`` library."""
    doc = sent.doc
    bio = bio if bio is not None else bio_tags(doc)
    metadata = {"sent_id": sent_id, "text": _escape(sent.text)}
    metadata.update({key: _escape(str(value)) for key, value in (comments or {}).items()})
    toks = [t for t in sent if not t.is_space]
    rows = []
    for n, tok in enumerate(toks, 1):
        misc: dict[str, str] = {}
        if n < len(toks):
            ws = space_after(tok)
            if ws == "":
                misc["SpaceAfter"] = "No"
            elif ws != " ":
                misc["SpacesAfter"] = escape_spaces(ws)
        misc["NER"] = bio[tok.i]
        rows.append(
            {
                "id": n,
                "form": _escape(tok.text),
                "lemma": None,
                "upos": tok.pos_ or "X",
                "xpos": tok.tag_ or None,
                "feats": None,
                "head": None,
                "deprel": None,
                "deps": None,
                "misc": misc,
            }
        )
    return TokenList(rows, metadata=metadata).serialize()


def doc_to_conllu(doc: Doc, doc_id: str, sent_comments: Iterable[Mapping[str, str]] | None = None) -> str:
    """All content sentences of ``doc`` as CoNLL-U, with ids ``<doc_id>-<n>``."""
    bio = bio_tags(doc)
    extra = list(sent_comments) if sent_comments is not None else None
    parts = []
    for k, sent in enumerate(content_sents(doc)):
        comments = extra[k] if extra is not None and k < len(extra) else None
        parts.append(sentence_to_conllu(sent, f"{doc_id}-{k + 1}", comments, bio))
    return "".join(parts)
