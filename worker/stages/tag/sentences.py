"""Sentence spans: a paragraph break always ends one; other languages split by spaCy's rule-based sentencizer."""

import re
from functools import cache

import spacy
from spacy.language import Language

_SENTENCE = re.compile(r"[^\n.!?…]+[.!?…]*")  # for a language spaCy has no tokenizer for


def split_at_paragraphs(sentences: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """A paragraph break always ends a sentence, whatever the sentence splitter thought."""
    out = []
    for start, end in sentences:
        for part in re.finditer(r"[^\n]+", text[start:end]):
            if part.group().strip():
                out.append((start + part.start(), start + part.end()))
    return out


@cache
def _splitter(lang: str) -> Language | None:
    """spaCy's blank pipeline for `lang` plus the punctuation sentencizer; None where spaCy has no such language."""
    try:
        nlp = spacy.blank(lang)
    except ImportError:
        return None
    nlp.add_pipe("sentencizer")
    return nlp


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentences of a non-English text. The language's own tokenizer keeps its abbreviations whole
    ("M. Dupont", "z. B.", "г. Москва"), which a split at every full stop would cut."""
    nlp = _splitter(lang)
    if nlp is None:
        return split_at_paragraphs([(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()],
                                   text)
    with nlp.memory_zone():  # the strings each text adds are freed, as in the English tagger
        spans = [(s.start_char, s.end_char) for s in nlp(text).sents]
    return split_at_paragraphs(spans, text)
