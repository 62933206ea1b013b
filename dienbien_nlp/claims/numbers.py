"""Vietnamese numbers as written: ``.`` groups thousands, ``,`` is the decimal mark, number words count."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from .vocab import ClaimVocab, load_vocab

_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_PLAIN = re.compile(r"\d+(?:,\d+)?")
_DOT_DECIMAL = re.compile(r"\d+\.(?:\d{1,2}|\d{4,})")
_MAX_DIGITS = 30


def parse_number(text: str, vocab: ClaimVocab | None = None) -> float | None:
    """The value of a number as written in Vietnamese, or ``None`` when it cannot be read.

    ``.`` groups thousands and ``,`` is the decimal mark; a dot followed by other than
    three digits is read as a decimal point (foreign writing); ``362/463`` gives its
    numerator; number words (``hai``, ``đôi``) count.

    >>> [parse_number(s) for s in ["1.640", "8,30", "47.693", "1.234.567,5", "362/463", "2.5", "hai", "1,2,3", "x"]]
    [1640.0, 8.3, 47693.0, 1234567.5, 362.0, 2.5, 2.0, None, None]
    """
    s = text.strip()
    if not s or len(s) > _MAX_DIGITS:
        return None
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
