"""Shared fixtures: one pipeline and the interview, loaded once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("DIENBIEN_SHARED", ROOT.parent / "shared"))  # ../shared unless set
INTERVIEW_ID = "dcsvn-2024-06-28-dien-bien-interview"


@pytest.fixture(scope="session")
def nlp():
    import dienbien_nlp

    return dienbien_nlp.load()


@pytest.fixture(scope="session")
def interview():
    from dienbien_nlp.corpus import get_document

    return get_document(INTERVIEW_ID, CORPUS)


@pytest.fixture(scope="session")
def interview_doc(nlp, interview):
    return nlp(interview.text)
