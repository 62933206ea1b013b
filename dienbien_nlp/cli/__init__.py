"""The command line, ``dienbien-nlp``: a thin Typer app over library functions.

- :mod:`.main` — the app, ``build``, ``tag``, ``ingest``, ``validate``, ``evaluate``, ``themes`` and :func:`main`;
- :mod:`.annotate` — Label Studio, doccano, agreement and adjudication;
- :mod:`.corpus` — ``corpus tag``;
- :mod:`.report` — ``report``.
"""

from __future__ import annotations

from .main import app, main, readable_metavars

__all__ = ["app", "main", "readable_metavars"]
