"""The entity-ruler layer: countries, demonyms and well-known organisations the small model misses."""

from spacy.language import Language

from worker.countries import name_patterns
from worker.lexicons import demonyms, load


def ruler_patterns() -> list[dict[str, object]]:
    """Phrase patterns for spaCy's EntityRuler."""
    patterns: list[dict[str, object]] = [{"label": "GPE", "pattern": n} for n in name_patterns()]
    patterns += [{"label": "NORP", "pattern": d} for d in demonyms()]
    for org in load("organizations")["organizations"]:
        for name in (org["name"], *org.get("aliases", [])):
            patterns.append({"label": "ORG", "pattern": name, "id": org["name"]})
    return patterns


def add_ruler(nlp: Language) -> None:
    """Put the ruler after NER without overwriting: it adds what the model missed.

    Before NER it would split the model's longer spans ("the Azerbaijani Army" -> "Azerbaijani").
    """
    if "entity_ruler" in nlp.pipe_names:
        return
    ruler = nlp.add_pipe("entity_ruler", after="ner",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False})
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
