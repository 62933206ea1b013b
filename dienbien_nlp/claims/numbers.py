"""Vietnamese numbers as written: ``.`` groups thousands, ``,`` is the decimal mark, number words count."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from .vocab import ClaimVocab, load_vocab

_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_EN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?")  # 1,234,567: several commas can only group thousands
_PLAIN = re.compile(r"\d+(?:,\d+)?")
_DOT_DECIMAL = re.compile(r"\d+\.(?:\d{1,2}|\d{4,})")
_MAX_DIGITS = 30


def parse_number(text: str, vocab: ClaimVocab | None = None) -> float | None:
    """The value of a number as written in Vietnamese, or ``None`` when it cannot be read.

    ``.`` groups thousands and ``,`` is the decimal mark; a dot followed by other than
    three digits is read as a decimal point (foreign writing); ``362/463`` gives its
    numerator; number words (``hai``, ``đôi``) count.

    Numbers written in words are read whole (``mười hai`` 12, ``hai mươi lăm`` 25, ``ba trăm`` 300);
    several commas group thousands (``1,234,567``, English writing).

    >>> [parse_number(s) for s in ["1.640", "8,30", "47.693", "1.234.567,5", "362/463", "2.5", "hai", "1,2,3", "x"]]
    [1640.0, 8.3, 47693.0, 1234567.5, 362.0, 2.5, 2.0, None, None]
    """
    s = text.strip()
    if not s or len(s) > _MAX_DIGITS:
        return None
    if " " in s:
        words = s.lower().split()
        read = read_number_words(words)
        return float(read[0]) if read is not None and read[1] == len(words) else None
    if _EN_GROUPED.fullmatch(s):
        return float(Decimal(s.replace(",", "")))
    if "/" in s:
        s, _, denominator = s.partition("/")
        if parse_number(denominator, vocab) is None:
            return None
    try:
        if _GROUPED.fullmatch(s):
            d = Decimal(s.replace(".", "").replace(",", "."))
        elif _PLAIN.fullmatch(s):
            d = Decimal(s.replace(",", "."))
        elif _DOT_DECIMAL.fullmatch(s):
            d = Decimal(s)
        else:
            word = (vocab or load_vocab()).words.get(s.lower())
            if word is None:
                return None
            d = word[0]
    except InvalidOperation:
        return None
    value = float(d)
    return value if math.isfinite(value) else None


def _scaled(number: float, factor: Decimal) -> float:
    return float(Decimal(repr(number)) * factor) if factor != 1 else number


# ---------------------------------------------------------------------------------------------------------------
# numbers written in words: mười hai, hai mươi lăm, ba trăm linh năm, hai chục, một trăm rưỡi

#: The digits as words. ``năm`` (also "year"), ``một`` (also "a"), ``tư``, ``mốt``, ``lăm`` (forms used inside a
#: compound) count only inside a compound number or before a multiplier (``năm trăm``, ``một triệu``).
DIGIT_WORDS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "nhăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
_INNER_ONLY = {"mốt", "tư", "lăm", "nhăm"}
_AMBIGUOUS = {"một", "năm"}
#: Words that multiply the digit before them inside a number below a thousand.
_TENS = {"mươi": 10, "chục": 10}
#: Words that make a number before them a number: the multipliers and the scale words (folded by the unit reader).
MULTIPLIERS = ("mươi", "chục", "trăm", "nghìn", "ngàn", "triệu", "tỷ", "tỉ", "vạn")


#: A scale word followed by these is another word (một tỷ lệ: "a rate").
_NOT_SCALE_NEXT = frozenset({"lệ", "trọng", "giá", "phú"})


def read_number_words(words: list[str]) -> tuple[Decimal, int] | None:
    """``(value, words read)`` of a number written in words at the start of ``words`` (lower case), or ``None``.

    Reads below a thousand (scale words such as ``nghìn``, ``triệu`` are left to the unit reader):
    ``mười`` 10, ``mười hai`` 12, ``hai mươi lăm`` 25, ``hai mươi mốt`` 21, ``hai chục`` 20, ``ba trăm`` 300,
    ``một trăm linh năm`` 105, ``một trăm rưỡi`` 150. ``năm`` and ``một`` alone are no number (a year, an article).

    >>> [read_number_words(w.split()) for w in ["mười hai người", "hai mươi lăm", "ba trăm", "năm ngoái", "một triệu"]]
    [(Decimal('12'), 2), (Decimal('25'), 3), (Decimal('300'), 2), None, (Decimal('1'), 1)]
    """
    total = Decimal(0)
    pending: int | None = None
    last = ""  # the last structure word read: "", "mười", "mươi", "trăm", "linh"
    n = 0
    for k, w in enumerate(words):
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if w in DIGIT_WORDS:
            if pending is not None:
                break
            after = words[k + 2] if k + 2 < len(words) else ""
            if k == 0 and (w in _INNER_ONLY or w in _AMBIGUOUS and (nxt not in MULTIPLIERS or after in _NOT_SCALE_NEXT)):
                return None
            if k > 0 and w in _INNER_ONLY and last not in ("mười", "mươi"):
                break
            if k > 0 and w in _AMBIGUOUS and last not in ("mười", "mươi", "trăm", "linh") and nxt not in MULTIPLIERS:
                break
            pending = DIGIT_WORDS[w]
        elif w == "mười":
            if pending is not None or last in ("mười", "mươi"):
                break
            total += 10
            last = "mười"
        elif w in _TENS:
            if pending is None:
                break
            total += pending * _TENS[w]
            pending, last = None, "mươi"
            if w == "chục":
                n = k + 1
                break
        elif w == "trăm":
            if pending is None or total:
                break
            total, pending, last = Decimal(pending * 100), None, "trăm"
        elif w in ("linh", "lẻ") and last == "trăm" and pending is None and nxt in DIGIT_WORDS:
            last = "linh"
        elif w == "rưỡi" and last == "trăm" and pending is None:
            total += 50
            n = k + 1
            break
        else:
            break
        n = k + 1
    if pending is not None:
        total += pending
    if n == 0 or total == 0:
        return None
    if words[n - 1] in ("linh", "lẻ"):
        n -= 1
    return total, n
