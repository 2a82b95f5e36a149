"""The entity-ruler layer: countries, demonyms and well-known organisations the small model misses."""

from spacy.language import Language

from worker.stages.countries import name_patterns
from worker.stages.lexicons import demonyms, load

_TITLE = {"IS_TITLE": True}
# "Ministry of Digital Development and Transport", "Turkish Ministry of Defense".
MINISTRY = [
    {"IS_TITLE": True, "OP": "?"},
    {"LOWER": {"IN": ["ministry", "department", "committee", "agency", "office", "service"]}},
    {"LOWER": {"IN": ["of", "for"]}},
    {**_TITLE, "OP": "+"},
    {"LOWER": "and", "OP": "?"},
    {**_TITLE, "OP": "*"},
]


def org_patterns() -> list[dict[str, object]]:
    """Organisations the model splits or misses: the team's list and ministry-shaped names."""
    patterns: list[dict[str, object]] = [{"label": "ORG", "pattern": MINISTRY}]
    for org in load("organizations")["organizations"]:
        for name in (org["name"], *org.get("aliases", [])):
            patterns.append({"label": "ORG", "pattern": name, "id": org["name"]})
    return patterns


def geo_patterns() -> list[dict[str, object]]:
    """Country names and demonyms."""
    patterns: list[dict[str, object]] = [{"label": "GPE", "pattern": n} for n in name_patterns()]
    return patterns + [{"label": "NORP", "pattern": d} for d in demonyms()]


def add_rulers(nlp: Language) -> None:
    """Organisations before NER (the model keeps them whole); countries and demonyms after it.

    Demonyms before NER would split the model's longer spans ("the Azerbaijani Army").
    """
    if "org_ruler" in nlp.pipe_names:
        return
    orgs = nlp.add_pipe("entity_ruler", name="org_ruler", before="ner",
                        config={"phrase_matcher_attr": "ORTH"})
    geo = nlp.add_pipe("entity_ruler", name="geo_ruler", after="ner",
                       config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False})
    # The ruler runs the pipes before it over every phrase pattern; matching on ORTH needs only the
    # tokenizer, so the model stays out of it (0.3 s less start-up per worker).
    with nlp.select_pipes(disable=[name for name in nlp.pipe_names if name not in ("org_ruler", "geo_ruler")]):
        orgs.add_patterns(org_patterns())  # type: ignore[attr-defined]
        geo.add_patterns(geo_patterns())  # type: ignore[attr-defined]
