"""The claim extractor's vocabularies: units, scale words, number words and cue words, read from ``resources/claims/*.tsv``."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal

from ..tables import read_tsv


def _read_rows(filename: str) -> list[dict[str, str]]:
    return read_tsv(f"claims/{filename}")


@dataclass(frozen=True)
class ClaimVocab:
    """The extractor's vocabularies, read from ``resources/claims/*.tsv``."""

    units: tuple[tuple[str, str, str], ...]
    scales: tuple[tuple[str, Decimal], ...]
    words: dict[str, tuple[Decimal, str]]
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def role(self, name: str) -> tuple[str, ...]:
        """The cues of one role, longest first."""
        return self.cues.get(name, ())


@functools.lru_cache(maxsize=1)
def load_vocab() -> ClaimVocab:
    """The shipped vocabularies (cached)."""
    units = sorted(((r["unit"].lower(), r["norm"], r["kind"]) for r in _read_rows("units.tsv")), key=lambda u: -len(u[0]))
    scales = sorted(((r["word"].lower(), Decimal(r["factor"])) for r in _read_rows("scales.tsv")), key=lambda s: -len(s[0]))
    words = {r["word"].lower(): (Decimal(r["value"]), r["after"].lower()) for r in _read_rows("number_words.tsv")}
    cues: dict[str, list[str]] = {}
    for r in _read_rows("cues.tsv"):
        cues.setdefault(r["role"], []).append(r["cue"].lower())
    return ClaimVocab(
        tuple(units), tuple(scales), words, {k: tuple(sorted(set(v), key=lambda c: -len(c))) for k, v in cues.items()}
    )
