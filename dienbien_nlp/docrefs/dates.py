"""Dates of documents (``ngày 10/02/2022``, ``ngày 10 tháng 02 năm 2022``) as ISO dates."""

from __future__ import annotations

import datetime as _dt
import re

from .patterns import _DATE_FULL_RE
from .records import _canon


def _date_from(m: re.Match[str]) -> str | None:
    day, month, year = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else (
        m.group("d2"), m.group("m2"), m.group("y2"),
    )  # fmt: skip
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date(s: str) -> str | None:
    """Parse a Vietnamese date into ISO 8601, or ``None`` when it is not a valid date.

    Accepted forms, with or without a leading ``ngày``: ``10/02/2022``,
    ``10-2-2022``, ``10.02.2022``, ``10 tháng 2 năm 2022``.

    Example:
        >>> parse_date("ngày 10 tháng 2 năm 2022"), parse_date("ngày 31/02/2022")
        ('2022-02-10', None)
    """
    m = _DATE_FULL_RE.fullmatch(_canon(s))
    return _date_from(m) if m else None
