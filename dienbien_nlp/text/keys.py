"""The one matching key of Vietnamese text, shared by the rules, the document references and the gazetteer.

A key has one character per grapheme of the text, so that a match on the key maps back to exact offsets in the
text as written, NFC or NFD. What the key makes alike:

* ``Ð`` (U+00D0) and its look-alikes read as ``Đ``; typographic dashes, quotes, apostrophes, fraction slashes,
  the ellipsis and odd spaces read as their ASCII forms; full-width ASCII as ASCII;
* a tone mark sits where the old-style placement puts it (``uỷ`` and ``ủy``, ``hoà`` and ``hòa`` are alike:
  :func:`canon_word`);
* zero-width characters and the soft hyphen belong to the grapheme before them.

:func:`fold` is the same normalisation for a whole string (dictionary entries, names), with runs of whitespace
made one space.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

__all__ = ["CHAR_MAP", "IGNORABLE", "canon_word", "fold", "fold_lower", "grapheme_key", "key_char", "match_key"]

#: Zero-width and soft-hyphen characters: they join the grapheme before them.
IGNORABLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_WORD_RUN = re.compile(r"[^\W\d_]+")


def is_attached(ch: str) -> bool:
    """Whether ``ch`` belongs to the grapheme before it (a combining mark or an ignorable character)."""
    return ch in IGNORABLE or unicodedata.combining(ch) != 0 or unicodedata.category(ch) in ("Mn", "Me")


_attached = functools.lru_cache(maxsize=8192)(is_attached)
#: Per key function, the key of each single character seen, by code point (a ``str.translate`` table; the
#: functions are pure).
_KEY_CHAR_CACHES: dict[Callable[[str], str], dict[int, str]] = {}


def grapheme_key(text: str, key_char: Callable[[str], str], key_word: Callable[[str], str]) -> tuple[str, list[int]]:
    """A matching key with one character per grapheme of ``text``, and each grapheme's start offset.

    ``key_char`` maps a grapheme (a base character with its marks) to one key character;
    ``key_word`` then maps each run of letters of the key to a string of the same length
    (e.g. one tone-mark placement). ``starts`` has one more entry, ``len(text)``, so that a
    key span ``[ks, ke)`` is ``text[starts[ks]:starts[ke]]``. The rule matchers of
    :mod:`dienbien_nlp.rules` and :mod:`dienbien_nlp.docrefs` match on such keys, so that
    offsets are exact whether the text is NFC or NFD.
    """
    n = len(text)
    present = set(text)
    if not any(map(_attached, present)):
        # the common case (NFC text without zero-width characters): one grapheme per character, each
        # mapped through a translation table that grows with the characters seen
        table = _KEY_CHAR_CACHES.setdefault(key_char, {})
        if len(table) > 100_000:
            table.clear()
        for c in present:
            if ord(c) not in table:
                table[ord(c)] = key_char(c)
        starts = list(range(n + 1))
        key = text.translate(table)
        if not key.isascii():
            key = _WORD_RUN.sub(lambda m: key_word(m.group()), key)
        return key, starts
    chars = []
    starts = []
    i = 0
    while i < n:
        j = i + 1
        while j < n and is_attached(text[j]):
            j += 1
        chars.append(key_char(text[i:j]))
        starts.append(i)
        i = j
    starts.append(n)
    key = "".join(chars)
    if not key.isascii():
        key = _WORD_RUN.sub(lambda m: key_word(m.group()), key)
    return key, starts


#: One key character for each character that is written several ways.
CHAR_MAP: dict[str, str] = {
    "\u00d0": "Đ",  # Ð (Icelandic eth) written for Đ
    "\u0189": "Đ",  # Ɖ (African D)
    "\u00f0": "đ",
    "\u0256": "đ",
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "-"),
    **dict.fromkeys("\u2044\u2215", "/"),
    **dict.fromkeys("\u2018\u2019\u02bc\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb\u2033", '"'),
    "\u2026": ".",
    **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "),
}
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def key_char(cluster: str) -> str:
    """The key character of one grapheme (a base character with its marks)."""
    if len(cluster) == 1 and cluster not in IGNORABLE:
        ch = cluster
    else:
        base = "".join(c for c in cluster if c not in IGNORABLE)
        if not base:
            return " "
        ch = unicodedata.normalize("NFC", base)[0]
    if "\uff01" <= ch <= "\uff5e":  # full-width ASCII
        ch = chr(ord(ch) - 0xFEE0)
    return CHAR_MAP.get(ch, ch)


_VOWELS = frozenset("aăâeêioôơuưy")


@functools.lru_cache(maxsize=4096)
def _split_tone(ch: str) -> tuple[str, str | None]:
    decomposed = unicodedata.normalize("NFD", ch)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if not tones:
        return ch, None
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    if len(base) != 1:
        return ch, None
    return base, tones[0]


def _tone_position(low: str) -> int | None:
    """Index of the vowel that carries the tone in a toneless lower-case syllable.

    Old-style placement (``hòa``, ``thủy``), the one most press and underthesea
    use; it only has to be a function of the toneless syllable, so that both
    placements give the same key.
    """
    start = 2 if len(low) > 2 and low[:2] in ("qu", "gi") and low[2] in _VOWELS else 0
    i = start
    while i < len(low) and low[i] not in _VOWELS:
        i += 1
    if i == len(low):
        return None
    j = i
    while j < len(low) and low[j] in _VOWELS:
        j += 1
    if j - i == 1:
        return i
    marked = [k for k in range(i, j) if low[k] in "ăâêôơ"]
    if marked:
        return marked[-1]
    if "ư" in low[i:j]:
        return low.index("ư", i)
    return j - 1 if j < len(low) else j - 2


@functools.lru_cache(maxsize=16384)
def canon_word(word: str) -> str:
    """``word`` with its tone mark on the vowel of the old-style placement (``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``);
    the same length, and unchanged when it has no single tone mark.

    Example:
        >>> canon_word("hoà"), canon_word("Thuỷ"), canon_word("quý")
        ('hòa', 'Thủy', 'quý')
    """
    parts = [_split_tone(c) for c in word]
    toned = [i for i, (_, tone) in enumerate(parts) if tone]
    if len(toned) != 1:
        return word
    bases = "".join(b for b, _ in parts)
    low = bases.lower()
    if len(low) != len(word):
        return word
    pos = _tone_position(low)
    old = toned[0]
    if pos is None or pos == old:
        return word
    new = unicodedata.normalize("NFC", bases[pos] + (parts[old][1] or ""))
    if len(new) != 1:
        return word
    chars = list(word)
    chars[old] = bases[old]
    chars[pos] = new
    return "".join(chars)


@functools.lru_cache(maxsize=256)
def match_key(text: str) -> tuple[str, list[int]]:
    """The matching key of ``text`` and the start offset of each grapheme (plus ``len(text)``).

    The rules and the document references key the same sentence: the result is kept for the last
    texts seen, so the list of offsets is shared and must not be changed.

    Example:
        >>> key, starts = match_key("Tỉnh uỷ Ðiện Biên")
        >>> key
        'Tỉnh ủy Điện Biên'
    """
    return grapheme_key(text, key_char, canon_word)


_SPACES = re.compile(r"\s+")
#: :data:`CHAR_MAP` with the ignorable characters dropped, as a ``str.translate`` table.
_FOLD_TABLE = str.maketrans({**CHAR_MAP, **dict.fromkeys(IGNORABLE)})
_LETTERS = re.compile(r"[^\W\d_]+")


def fold(s: str) -> str:
    """The case-preserving matching key of a whole string, with runs of whitespace made one space.

    Example:
        >>> fold("Tỉnh uỷ  Ðiện Biên")
        'Tỉnh ủy Điện Biên'
        >>> fold("THUỴ KHUÊ") == fold("Thụy Khuê").upper()
        True
    """
    if s.isascii():
        return _SPACES.sub(" ", s).strip()
    s = unicodedata.normalize("NFC", s).translate(_FOLD_TABLE)
    s = _LETTERS.sub(lambda m: canon_word(m.group()), s)
    return _SPACES.sub(" ", s).strip()


def fold_lower(s: str) -> str:
    """:func:`fold` in lower case, for case-insensitive matching.

    Example:
        >>> fold_lower("TỈNH UỶ")
        'tỉnh ủy'
    """
    return fold(s).lower()
