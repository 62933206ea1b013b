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
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

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
    import stat

    p = Path(path)
    if p.is_dir():
        raise DienbienError(Errors.E005.format(path=p))
    if not p.exists():
        raise DienbienError(Errors.E001.format(path=p))
    st = p.stat()
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "a socket"
        raise DienbienError(Errors.E060.format(path=p, kind=kind))
    if st.st_size == 0:
        try:
            with p.open("rb") as fh:
                probe = fh.read(1)
        except OSError as err:
            raise DienbienError(Errors.E065.format(path=p, detail=err.strerror or str(err))) from None
        if probe:  # /proc and /sys files report size 0 and have content
            raise DienbienError(Errors.E060.format(path=p, kind="a virtual file whose size is unknown"))
        raise DienbienError(Errors.E002.format(path=p))
    return p


def check_dir(path: str | os.PathLike[str]) -> Path:
    """``path`` if it is an existing folder; E001 if missing, E062 if it is a file."""
    p = Path(path)
    if not p.exists():
        raise DienbienError(Errors.E001.format(path=p))
    if not p.is_dir():
        raise DienbienError(Errors.E062.format(path=p))
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


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def loads_json(s: str) -> Any:
    """``json.loads`` whose every failure is a ``json.JSONDecodeError``.

    Besides broken syntax this covers what ``json.loads`` lets through or raises otherwise:
    numbers of more than 4,300 digits, nesting deeper than the interpreter's recursion
    limit, and lone surrogates (``"\\ud800"``), which no UTF-8 output could hold.
    """
    try:
        obj = json.loads(s)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", "", 0) from None
    except ValueError as err:  # e.g. "Exceeds the limit (4300 digits) for integer string conversion"
        raise json.JSONDecodeError(str(err).split(";")[0], "", 0) from None
    if _SURROGATE_ESCAPE.search(s):
        try:
            json.dumps(obj, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise json.JSONDecodeError("a lone surrogate escape (\\ud800-\\udfff) is not text", "", 0) from None
    return obj


#: The one rule for document ids, wherever they come from (``ingest --id``, import files, records).
DOC_ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,199}")


def check_doc_id(doc_id: object, where: str | os.PathLike[str]) -> str:
    """Return ``doc_id`` if it is a valid document id, else raise E053 naming ``where``.

    A valid id is lower-case ASCII letters, digits, ``.``, ``_`` and ``-``, starting with
    a letter or digit: it can never name a folder, climb out of one (``..``) or be absolute.

    >>> check_doc_id("bai-viet-1", "x.json")
    'bai-viet-1'
    """
    if not isinstance(doc_id, str) or not DOC_ID_RE.fullmatch(doc_id):
        raise DienbienError(Errors.E053.format(path=where, doc_id=str(doc_id)[:80]))
    return doc_id


def inside(base: str | os.PathLike[str], path: str | os.PathLike[str]) -> Path:
    """``path`` resolved; E054 unless it lies inside ``base`` (also resolved, links followed)."""
    root = Path(base).resolve()
    target = Path(path).resolve()
    if target != root and root not in target.parents:
        raise DienbienError(Errors.E054.format(path=path, base=base))
    return target


def check_output(path: str | os.PathLike[str]) -> Path:
    """Check before any work that ``path`` can be written as an output file (raise a coded error if not).

    ``-``, character devices and FIFOs are written through; a symlink is written at its target.
    A folder, a parent that is a file, or a parent that cannot be created is an error.
    """
    p = Path(path)
    if str(p) == "-":
        return p
    if p.is_dir():
        raise DienbienError(Errors.E005.format(path=p))
    for parent in [p.parent, *p.parent.parents]:
        if parent.exists():
            if not parent.is_dir():
                raise DienbienError(Errors.E055.format(path=p, parent=parent))
            if not os.access(parent, os.W_OK | os.X_OK) and parent == p.parent:
                raise DienbienError(Errors.E056.format(path=p, detail=f"folder {parent} is not writable"))
            break
    return p


def _special(target: Path) -> bool:
    """True for an existing target that is not a regular file (device, FIFO, socket): written through."""
    import stat

    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it to ``path`` on success.

    On any exception the temporary file is removed and ``path`` is untouched.
    A symlink is replaced at its target (the link stays); a character device,
    FIFO or socket is written through, never replaced.
    """
    check_output(path)
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    binary = "b" in mode
    kwargs = {} if binary else {"encoding": "utf-8", "newline": ""}
    if _special(target):
        try:
            with open(target, mode, **kwargs) as fh:
                yield fh
        except OSError as err:
            raise DienbienError(Errors.E056.format(path=path, detail=err.strerror or str(err))) from None
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise DienbienError(Errors.E056.format(path=path, detail=err.strerror or str(err))) from None
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; output files get the usual permissions
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        os.replace(tmp, target)
    except OSError as err:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise DienbienError(Errors.E056.format(path=path, detail=err.strerror or str(err))) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_many(files: list[tuple[Path, bytes]]) -> None:
    """Write several files all or none: every temporary file first, then the renames.

    If any write fails, no target is touched; if a rename fails, the targets already
    renamed are put back as they were.
    """
    temps: list[tuple[str, Path]] = []
    target = Path("-")
    try:
        for target, data in files:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps.append((tmp, target))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
    except BaseException as err:
        for tmp, _ in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        if isinstance(err, OSError):
            raise DienbienError(Errors.E056.format(path=target, detail=err.strerror or str(err))) from None
        raise
    done: list[tuple[Path, bytes | None]] = []
    try:
        for tmp, target in temps:
            before = target.read_bytes() if target.is_file() else None
            os.replace(tmp, target)
            done.append((target, before))
    except BaseException:
        for target, before in reversed(done):
            if before is None:
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
            else:
                target.write_bytes(before)
        for tmp, _ in temps:
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
