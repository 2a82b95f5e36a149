"""Type and name corrections for what the small model gets wrong, using text evidence and the gazetteer."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from schemas.models import Mention
from worker.stages.countries import by_demonym, by_name
from worker.stages.lexicons import load, person_titles
from worker.stages.parse.byline import is_person_name

# Words that make a name an organisation, whatever the model says.
_ORG_WORDS = re.compile(
    r"\b(?:Ministry|Bank|Company|Corporation|University|Agency|Council|Committee|Group|Association|"
    r"Federation|Army|Forces?|Navy|Institute|Service|Office|Department|Union|Inc|Ltd|LLC|Fund|"
    r"Organi[sz]ation|Airlines|Authority|Commission|Party|Club|Court|Parliament|Assembly|Police|"
    r"Guard|Academy|School|Hospital|Museum|Foundation|Holding|Energy|Electronics|Motors|Systems)\b"
)
_PLACE_WORDS = re.compile(r"\b(?:Lake|River|City|Mountains?|Island|Bay|Valley|Province|Region|Sea)\b")
_SPEECH = r"(?:said|says|told|added|noted|stressed|explained)"
_MIN_PLACE_POPULATION = 20_000  # smaller towns share names with people and firms too often


@dataclass
class Group:
    """Mentions gathered under one canonical name and type."""

    name: str
    type: str
    spans: list[Mention] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)
    from_ruler: bool = False


@cache
def _known_orgs() -> frozenset[str]:
    orgs = load("organizations")["organizations"]
    return frozenset(n for o in orgs for n in (o["name"], *o.get("aliases", [])))


@cache
def _org_forms() -> dict[str, tuple[str, ...]]:
    return {o["name"]: (o["name"], *o.get("aliases", [])) for o in load("organizations")["organizations"]}


def org_name(lexicon_name: str, body: str) -> str:
    """A listed organisation's name as this article spells it in full ('UNDP' or its full name)."""
    forms = [f for f in _org_forms().get(lexicon_name, (lexicon_name,)) if f in body]
    return max(forms, key=len, default=lexicon_name)


@cache
def _title_pattern() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, person_titles())) + r")\s+")


def _titled_in_text(name: str, body: str) -> bool:
    # The title alternation is compiled once; each call only checks what follows its matches.
    return any(body.startswith(name, m.end()) and not body[m.end() + len(name):][:1].isalnum()
               for m in _title_pattern().finditer(body))


@cache
def _name_stops() -> frozenset[str]:
    return frozenset({"The", "A", "An", "In", "On", "At", "Mr", "Mrs", "Ms", "Dr", "And", "But", "He",
                      "She", *(t for title in person_titles() for t in title.split())})


def _speaks(name: str, body: str) -> bool:
    # "X said", "said X", and "X, a climate researcher, said".
    n = re.escape(name)
    pattern = rf"{n},?\s+{_SPEECH}\b|\b{_SPEECH}\s+{n}\b|{n},\s+(?:a|an|the)\s+[^,.]{{1,60}},\s+{_SPEECH}\b"
    return re.search(pattern, body) is not None


_ORG_NOUNS = (r"(?:company|group|firm|studio|operator|agency|giant|maker|manufacturer|producer|carrier|"
              r"alliance|bank|lender|regulator|club|broadcaster|start-?up|developer|supplier|provider|"
              r"insurer|airline|utility|association|organi[sz]ation|body|conglomerate|exchange|network)")


def org_context(name: str, body: str) -> bool:
    """'energy company Eni', 'Gavi, the Vaccine Alliance,': the text says the name is an organisation.

    The appositive must end on the organisation noun and hold no preposition: "Ayse Kaya, an
    economist at an Istanbul investment bank," describes a person.
    """
    t = re.escape(name)
    nouns = f"(?i:{_ORG_NOUNS})"
    free = r"(?:(?!(?:at|of|for|in|with|from|by)\b)[\w'’-]+\s+)"
    return re.search(rf"\b{nouns}\s+{t}\b|\b{t},\s+(?:the|a|an)\s+{free}{{0,4}}{nouns}[,.]",
                     body) is not None


def _national(name: str) -> bool:
    # "Natural Resources Canada", "Deutsche Bahn": a country or nationality inside a name.
    return any(by_name(w) or by_demonym(w) for w in name.split())


def is_common_word(name: str, body: str) -> bool:
    """A one-word name the text also writes in lower case ('Energy', 'Health') is a common word."""
    return " " not in name and not name.isupper() and re.search(
        rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", body) is not None


def retype(g: Group, body: str, surnames: set[str], place_population: Callable[[str], int]) -> None:
    """Fix one group's type in place: people typed as organisations, cities as people, and so on."""
    if g.type not in ("PERSON", "ORGANIZATION") or g.from_ruler or g.name in _known_orgs():
        if g.name in _known_orgs():
            g.type = "ORGANIZATION"
        return
    if g.type == "PERSON" and " " in g.name and _PLACE_WORDS.search(g.name):
        g.type = "PLACE"  # "Lake Baikal", "Ho Chi Minh City"
    elif g.type == "PERSON" and (" " in g.name and (_national(g.name) or _ORG_WORDS.search(g.name))
                                 or org_context(g.name, body)):
        g.type = "ORGANIZATION"  # "airline Air Peace", "Natural Resources Canada"
    elif by_name(g.name):
        g.type = "COUNTRY"
    elif not _ORG_WORDS.search(g.name) and place_population(g.name) >= _MIN_PLACE_POPULATION \
            and not (g.type == "PERSON" and len(g.name.split()) > 1):
        g.type = "PLACE"
    elif g.type == "ORGANIZATION" and is_person_name(g.name) and not _ORG_WORDS.search(g.name) \
            and not _national(g.name) and (
                g.name.split()[-1] in surnames or _titled_in_text(g.name, body) or _speaks(g.name, body)):
        g.type = "PERSON"
    elif g.type == "ORGANIZATION" and " " not in g.name:
        # "Murat Yildiz, a senior Baykar executive, said": the model saw only "Yildiz", as an ORG.
        full = full_name_in_text(g.name, body)
        if full and (_speaks(full, body) or _titled_in_text(full, body)):
            g.name, g.type = full, "PERSON"


def full_name_in_text(token: str, body: str) -> str | None:
    """'Volkov' -> 'Dmitry Volkov', 'Zhao' -> 'Zhao Mingde', when the text spells the name out."""
    stop = _name_stops()
    t = re.escape(token)
    for match in re.finditer(rf"\b([A-Z][a-zà-ÿ'’\-]+)\s+{t}\b", body):
        if match.group(1) not in stop:
            return f"{match.group(1)} {token}"
    # Family name first (Chinese, Korean, Hungarian usage): "Zhao Mingde", "Lee Soo-min".
    for match in re.finditer(rf"\b{t}\s+([A-Z][a-zà-ÿ'’]+(?:-[a-z]+)?)\b(?!\s+[A-Z])", body):
        if match.group(1) not in stop:
            return f"{token} {match.group(1)}"
    return None


def resolve_lone_person(g: Group, body: str) -> str | None:
    """The type for a one-word PERSON with no full name anywhere: news introduces people by full name.

    Returns ORGANIZATION when the text says it is one, PERSON when a title stands before it,
    and None (drop) otherwise: a lone capitalised word is not evidence of a person.
    """
    if org_context(g.name, body) or g.name.isupper():
        return "ORGANIZATION"
    if g.titles or _titled_in_text(g.name, body):
        return "PERSON"
    return None
