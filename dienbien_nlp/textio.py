"""Reading user files safely and writing output atomically.

Every reader checks the path and the encoding and raises :class:`DienbienError`
with one clear, coded message. Every writer writes to a temporary file in the
target folder and renames it into place, so a failed run leaves no half-written
output.

Example:
    >>> from dienbien_nlp.textio import atomic_write_text
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write_text(p, "xin chào\\n")
    >>> p.read_text(encoding="utf-8")
    'xin chào\\n'
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from .errors import DienbienError, Errors

#: Files larger than this are refused as a single document (they can be tagged, which streams).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def check_file(path: str | os.PathLike[str]) -> Path:
    """Check that ``path`` is an existing, non-empty regular file.

    Args:
        path: The file to check.

    Returns:
        The path as a :class:`~pathlib.Path`.

    Raises:
        DienbienError: E001 if missing, E005 if a directory, E002 if empty.
    """
    p = Path(path)
    if p.is_dir():
        raise DienbienError(Errors.E005.format(path=p))
    if not p.exists():
        raise DienbienError(Errors.E001.format(path=p))
    if p.stat().st_size == 0:
        raise DienbienError(Errors.E002.format(path=p))
    return p


def decode(data: bytes, path: str | os.PathLike[str]) -> str:
    """Decode ``data`` read from ``path`` as UTF-8 text (a BOM is allowed).

    Raises:
        DienbienError: E004 for binary data, E003 for invalid UTF-8, E002 for
            content that is only whitespace.
    """
    if b"\x00" in data:
        raise DienbienError(Errors.E004.format(path=path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        detail = f"byte 0x{data[err.start]:02x} at offset {err.start}"
        raise DienbienError(Errors.E003.format(path=path, detail=detail)) from None
    if not text.strip():
        raise DienbienError(Errors.E002.format(path=path))
    return text


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """Read a whole UTF-8 text file, exactly as it is (no newline translation).

    Example:
        >>> read_text("corpus/dcsvn-2024-06-28-dien-bien-interview.txt")[:4]  # doctest: +SKIP
        'Logo'
    """
    p = check_file(path)
    size = p.stat().st_size
    if size > max_bytes:
        raise DienbienError(Errors.E016.format(path=p, size=size, limit=max_bytes))
    return decode(p.read_bytes(), p)


def iter_lines(path: str | os.PathLike[str], *, chunk_lines: int = 1) -> Iterator[str]:
    """Stream a UTF-8 text file line by line, keeping line endings exactly.

    The whole file is never held in memory. Encoding errors raise E003 naming
    the line; binary data raises E004.
    """
    p = check_file(path)
    with p.open("rb") as fh:
        if b"\x00" in fh.read(8192):
            raise DienbienError(Errors.E004.format(path=p))
        fh.seek(0)
        first = True
        for lineno, raw in enumerate(fh, 1):
            if b"\x00" in raw:
                raise DienbienError(Errors.E004.format(path=p))
            try:
                line = raw.decode("utf-8-sig" if first else "utf-8")
            except UnicodeDecodeError as err:
                detail = f"line {lineno}, byte 0x{raw[err.start]:02x}"
                raise DienbienError(Errors.E003.format(path=p, detail=detail)) from None
            first = False
            yield line


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it to ``path`` on success.

    On any exception the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; output files get the usual permissions
    try:
        binary = "b" in mode
        with os.fdopen(fd, mode, **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` atomically (UTF-8, newlines as given)."""
    with atomic_open(path, "w") as fh:
        fh.write(text)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, "wb") as fh:
        fh.write(data)


#: Zero-width and soft-hyphen characters: they join the grapheme before them.
IGNORABLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_WORD_RUN = re.compile(r"[^\W\d_]+")


def is_attached(ch: str) -> bool:
    """Whether ``ch`` belongs to the grapheme before it (a combining mark or an ignorable character)."""
    return ch in IGNORABLE or unicodedata.combining(ch) != 0 or unicodedata.category(ch) in ("Mn", "Me")


def grapheme_key(text: str, key_char: Callable[[str], str], key_word: Callable[[str], str]) -> tuple[str, list[int]]:
    """A matching key with one character per grapheme of ``text``, and each grapheme's start offset.

    ``key_char`` maps a grapheme (a base character with its marks) to one key character;
    ``key_word`` then maps each run of letters of the key to a string of the same length
    (e.g. one tone-mark placement). ``starts`` has one more entry, ``len(text)``, so that a
    key span ``[ks, ke)`` is ``text[starts[ks]:starts[ke]]``. The rule matchers of
    :mod:`dienbien_nlp.rules` and :mod:`dienbien_nlp.docrefs` match on such keys, so that
    offsets are exact whether the text is NFC or NFD.
    """
    chars: list[str] = []
    starts: list[int] = []
    n = len(text)
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
