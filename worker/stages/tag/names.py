"""Canonical entity names and types: no leading 'the', no stray quotes, nationalities and landmarks typed right."""

import re

from worker.stages.lexicons import demonyms, person_titles

_QUOTES = "\"'“”‘’«»„`"
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_LOWER_LEAD = re.compile(r"^(?:[a-z][\w-]*\s+)+(?=[A-Z])")
_OWNER_PREFIX = re.compile(r"^[A-Z][\w.]*(?: [A-Z][\w.]*)?['’]s\s+(?=[A-Z])")
# Heads of names that are places on a map even when the model calls them organisations.
_PLACE_HEADS = re.compile(
    r"\b(?:Alley|Square|Street|Avenue|Boulevard|Park|Monument|Memorial|Bridge|Palace|Cathedral|"
    r"Mosque|Church|Tower|Stadium|Arena|Airport|Harbour|Harbor|Port|Castle|Fortress|Museum|"
    r"Valley|Lake|River|Mountains?|Island|Bay|Gulf|Sea|Strait|Pass|Canal|Desert|Region|Province|"
    r"Statue|Mausoleum|Gate|Plaza)\b"
)
SPACY_TO_TYPE = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "PLACE", "LOC": "PLACE",
                 "FAC": "PLACE", "NORP": "NORP"}


def canonical(text: str) -> str:
    """A mention's surface form cleaned to a canonical name."""
    name = " ".join(text.split()).strip(_QUOTES + " ,.;:")
    name = _LEADING_THE.sub("", name).strip(_QUOTES + " ")
    name = _OWNER_PREFIX.sub("", name)  # "Germany's Uniper" -> "Uniper"; the owner is its own mention
    name = _LOWER_LEAD.sub("", name)  # "striker Youssef Hamdy": a name starts at its capital
    if not name.endswith(("s'", "ss")):
        name = _POSSESSIVE.sub("", name) if name.endswith(("'s", "’s")) else name
    return name.strip(_QUOTES + " ,.;:")


def strip_title(name: str) -> tuple[str, str | None]:
    """'General Luciano Portolano' -> ('Luciano Portolano', 'General')."""
    for title in person_titles():
        if name.startswith(title + " ") and len(name) > len(title) + 1:
            return name[len(title) + 1:].strip(), title
    return name, None


def entity_type(name: str, spacy_label: str, is_country: bool, next_word: str = "") -> str | None:
    """Our type for a span, correcting the small model's usual mistakes.

    `next_word` is the word after the span: 'the "Eternal Torch" monument' names a place.
    """
    if name in demonyms() or (spacy_label == "NORP"):
        return "NORP"
    if is_country:
        return "COUNTRY"
    if spacy_label in ("ORG", "FAC", "WORK_OF_ART") and _PLACE_HEADS.search(
        f"{name} {next_word.capitalize()}"
    ):
        return "PLACE"
    if spacy_label == "FAC":
        institution = r"\b(?:Center|Centre|Headquarters|Hospital|University|School|Institute|College)\b"
        return "ORGANIZATION" if re.search(institution, name) else "PLACE"
    return SPACY_TO_TYPE.get(spacy_label)
