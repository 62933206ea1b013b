"""Word segmentation and POS tagging with underthesea's fast CRF POS model.

underthesea ships two POS models. ``pos_tag()`` runs the 2017 CRF, whose
features are computed in Python; the 2023 model ``pos_crf_vlsp2013_20230303``
is run by ``FastCRFSequenceTagger``, whose features are computed in Rust
(``underthesea_core``). Words come from the same ``word_tokenize`` in both,
so segmentation is unchanged; only the tags differ. The 2023 model is called
directly here, because ``pos_tag(model="v2.0")`` fails from its second call on
(underthesea 9.5 returns a variable it only sets on the first call).

Both models ship inside the underthesea wheel: nothing is downloaded. The model
is loaded once, on first use.

Example:
    >>> from dienbien_nlp.pipeline.postag import fast_pos_tag
    >>> fast_pos_tag("Tỉnh ủy Điện Biên họp.")  # doctest: +SKIP
    [('Tỉnh', 'N'), ('ủy', 'N'), ('Điện Biên', 'Np'), ('họp', 'V'), ('.', 'CH')]
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

#: The folder of underthesea's fast POS model, inside ``underthesea/pipeline/pos_tag/models``.
FAST_POS_MODEL = "pos_crf_vlsp2013_20230303"


@functools.lru_cache(maxsize=1)
def _fast_model() -> Any:
    import underthesea.pipeline.pos_tag as pos_pkg
    from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

    folder = Path(pos_pkg.__file__).parent / "models" / FAST_POS_MODEL
    if not (folder / "models.bin").is_file():
        from ..errors import DienbienError, Errors

        raise DienbienError(Errors.E063.format(path=folder))
    model = FastCRFSequenceTagger()
    model.load(str(folder))
    return model


def _strip_bio(tag: str) -> str:
    # the model's labels are BIO-prefixed POS tags ("B-N", "B-CH")
    return tag[2:] if tag[:2] in ("B-", "I-") else tag


def fast_pos_tag(line: str) -> list[tuple[str, str]]:
    """``(word, VLSP tag)`` pairs of one line: underthesea's words, the fast CRF's tags."""
    from underthesea import word_tokenize

    words = word_tokenize(line)
    if not words:
        return []
    tags = _fast_model().predict([[w] for w in words])
    return [(w, _strip_bio(t)) for w, t in zip(words, tags)]
