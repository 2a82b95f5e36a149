"""One type per name, from the model's votes over all mentions, the name's own words, the text and the gazetteers."""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import regex

from schemas.models import Mention
from worker.stages.countries import by_demonym, by_name
from worker.stages.gazetteer import Gazetteer, Regions, fold
from worker.stages.i18n.names import is_given_name
from worker.stages.lexicons import load
from worker.stages.tag.evidence import PLAIN_WORD_ZIPF, Evidence, common_english
from worker.stages.tag.names import COMPASS, FACILITY_WORDS, ORG_WORDS, PLACE_WORDS

LABEL_TYPE = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "OWNER": "ORGANIZATION", "GPE": "PLACE", "LOC": "PLACE",
              "FAC": "PLACE", "NORP": "NORP", "ADMIN": "PLACE"}
# "Sichuan Province", "Yibin city", "Kandahar City": the kind of place, when the name alone is the place.
_ADMIN_SUFFIX = re.compile(r"\s+(?i:city|province|county|region|district|prefecture|oblast|governorate|"
                           r"municipality|state)$")
# Heads of events and products: names of ours only when another mention says otherwise.
EVENT_WORDS = re.compile(
    r"\b(?:Cup|Championships?|Grand Prix|Olympics|Games|Masters|Festival|Tournament|Marathon|Derby|Expo|"
    r"Summit|Hurricane|Typhoon|Cyclone|Storm|Day|Week|Prize|Awards?)\b|\bTour de\b"
)
_ACRONYM = re.compile(r"^[A-Z][A-Z&+.-]{1,6}$")
# The last word of a place that administers (a territory, a province), whatever other words it holds.
_ADMIN_HEAD = re.compile(r"Territory|Province|Oblast|Prefecture|Governorate|County|District|Region")
# States that no longer exist: neither a country of today nor an organisation.
_FORMER_STATE = re.compile(r"(?:the )?(?:Soviet Union|USSR|U\.S\.S\.R\.|Yugoslavia|Czechoslovakia|East Germany|"
                           r"West Germany|Ottoman Empire|Russian Empire|Austria-Hungary|Austro-Hungarian Empire)")
_FORMER_STATE_TAIL = re.compile(r"\s(?:Democratic Republic|Soviet Socialist Republic|SSR|Empire|Khanate)$")
# Laws, stock indices and treaties are named like bodies but are none ("Clean Rivers Act", "All-Share Index").
_INSTRUMENT = re.compile(r"\s(?:Act|Bill|Index|Treaty|Accord|Protocol|Amendment|Doctrine|Average)$")
_AMOUNT = re.compile(r"^[A-Z][a-z]?\d[\d.,]*$")  # "N50" of "N50 million": a currency and a figure
_CODE_NAME = re.compile(r"^[A-Za-z]+-\d+$")  # "COVID-19", "MH-17": diseases and flight codes
_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|bin|ibn|bint|abu|de|da|di|del|della|dos|du|van|von|der|den|la|le|y|"
                       r"ul|ud|Jr\.?|Sr\.?)(?:-[A-Z][\w'’-]*)?$")
# Any capital and small letters, not only Latin-1's: 'Erdoğan', 'Əliyev', 'Bereś' and 'Ștefan' are names.
_NAME_TOKEN = regex.compile(r"^(?:\p{Lu}[\p{Ll}'’]*(?:-[\p{L}'’]+)*|\p{Lu}\.(?:\p{Lu}\.)*|Mc\p{Lu}\p{Ll}+|"
                            r"Mac\p{Lu}\p{Ll}+|\p{Lu}\p{Ll}*\p{Lu}\p{Ll}+|\p{Lu}\p{Ll}*(?:[-'’]\p{Lu}\p{Ll}+)+)$")
_MIN_LISTED_CITY = 100_000  # a city this large is known without the text saying where it is
_MIN_NAMESAKE = 20_000  # smaller towns share names with people and firms too often


@dataclass
class Group:
    """Mentions gathered under one canonical name, and the type they add up to."""

    name: str
    type: str = ""
    spans: list[Mention] = field(default_factory=list)
    votes: Counter[str] = field(default_factory=Counter)
    titles: list[str] = field(default_factory=list)
    from_ruler: bool = False

    @property
    def labels(self) -> set[str]:
        return {label for label in self.votes if label not in ("OWNER", "SEAT", "ADMIN")}  # the model's own


@cache
def known_orgs() -> frozenset[str]:
    """The team's organisation list, every name and alias."""
    orgs = load("organizations")["organizations"]
    return frozenset(n for o in orgs for n in (o["name"], *o.get("aliases", [])))


@cache
def _org_forms() -> dict[str, tuple[str, ...]]:
    return {o["name"]: (o["name"], *o.get("aliases", [])) for o in load("organizations")["organizations"]}


def org_name(lexicon_name: str, body: str) -> str:
    """A listed organisation's name as this article spells it in full ('UNDP' or its full name)."""
    forms = [f for f in _org_forms().get(lexicon_name, (lexicon_name,)) if f in body]
    return max(forms, key=len, default=lexicon_name)


class PlaceEvidence:
    """How surely a name is a place: the gazetteers, weighed by the countries the article names."""

    def __init__(self, gazetteer: Gazetteer, regions: Regions, countries: set[str]) -> None:
        self.gazetteer, self.regions, self.countries = gazetteer, regions, countries

    def strength(self, name: str) -> int:
        """2: a large city, or a city or region in one of the article's countries; 1: a namesake; 0: none."""
        cities = self.gazetteer.lookup(name)
        if name.isupper() or len(name) <= 3:  # 'NOAA', 'SG': only a place's own name, never an alias
            cities = [c for c in cities if fold(c.name) == fold(name)]
        regions = [r for r in self.regions.lookup(name) if r.kind != "County" or " " in name]
        if any(c.country in self.countries for c in cities) or any(r.country in self.countries for r in regions):
            return 2
        own = [c for c in cities if fold(c.name) == fold(name)]
        if any(c.population >= _MIN_LISTED_CITY for c in own) or regions and len(name) > 3:
            return 2
        return 1 if any(c.population >= _MIN_NAMESAKE for c in cities) else 0


def person_shaped(name: str) -> bool:
    """Two to eight name-shaped words ('Abdel Fattah al-Burhan', 'Eric M. Johnson'), no acronyms."""
    words = name.split()
    return 2 <= len(words) <= 8 and bool(_NAME_TOKEN.match(words[0])) and bool(_NAME_TOKEN.match(words[-1]) or
                                                                               _PARTICLE.match(words[-1])) \
        and all(_NAME_TOKEN.match(w) or _PARTICLE.match(w) for w in words)


def _name_type(name: str, places: PlaceEvidence) -> str | None:
    """The type the name's own words give: 'Ministry of ...', 'Gulf of Mexico', 'Greater Khartoum'."""
    if by_name(name):
        return "COUNTRY"
    if by_demonym(name):
        return "NORP"
    if name in known_orgs():
        return "ORGANIZATION"
    words = name.split()
    if len(words) > 1 and (FACILITY_WORDS.fullmatch(words[-1]) or FACILITY_WORDS.fullmatch(words[0])):
        return "PLACE"
    if len(words) > 1 and _ADMIN_HEAD.fullmatch(words[-1]) and not ORG_WORDS.fullmatch(words[0]):
        return "PLACE"  # 'Federal Capital Territory', 'Sindh Province' ('School District' is a body)
    if ORG_WORDS.search(name):
        return "ORGANIZATION"
    if len(words) > 1 and PLACE_WORDS.search(name):
        return "PLACE"
    core = [w for w in words if w not in COMPASS]
    if len(words) > 1 and core and len(core) < len(words) and places.strength(" ".join(core)):
        return "PLACE"
    return None


def _votes(g: Group) -> Counter[str]:
    out: Counter[str] = Counter()
    for label, n in g.votes.items():
        if label in LABEL_TYPE:
            out[LABEL_TYPE[label]] += n
    return out


def decide(g: Group, ev: Evidence, places: PlaceEvidence, full_names: set[str], orgs: set[str]) -> str | None:
    """The group's type, or None when the name is not an entity of ours (an event, a code, a stray word).

    `full_names` are the people decided so far (longer names go first); `orgs` the names the model
    saw mostly as organisations.
    """
    name = g.name
    if g.votes["ADMIN"]:
        return "PLACE"  # 'Ga.' after 'Augusta,' is the state of Georgia, not the country
    if set(g.votes) == {"SEAT"}:
        return "PLACE" if places.strength(name) else None
    if g.from_ruler:
        return _name_type(name, places) or "ORGANIZATION"
    if ev.team(name) and not by_name(name) and not by_demonym(name) and (
            not person_shaped(name) or FACILITY_WORDS.search(name) or ORG_WORDS.search(name)):
        return "ORGANIZATION"
    if _FORMER_STATE.fullmatch(name) or _FORMER_STATE_TAIL.search(name) and by_name(name.split()[0]):
        return None  # 'Soviet Union', 'Azerbaijan Democratic Republic' (1918-20): a state of the past
    votes = _votes(g)
    shaped = person_shaped(name)
    speaks = ev.speaks(name) or ev.titled(name) or bool(g.titles)
    fixed = _name_type(name, places)
    if fixed == "PLACE" and ev.org_context(name):
        return "ORGANIZATION"  # "Pa.-based Tower Health": the text calls it a firm, whatever its words
    if fixed and not (fixed == "PLACE" and shaped and speaks and votes["PERSON"] * 2 > sum(votes.values())):
        return fixed  # ... but "Daniel Park, an analyst, said" is a person, though parks are places
    if ev.project(name) and places.strength(name) < 2:
        return None
    if EVENT_WORDS.search(name) or _CODE_NAME.match(name) or ev.is_zone_or_unit(name) or ev.is_ticker(name):
        return None
    if _INSTRUMENT.search(name) or _AMOUNT.match(name) and re.search(
            rf"\b{re.escape(name)}(?:\.\d+)?\s*(?:million|billion|trillion|bn|m)\b", ev.body):
        return None
    if (g.titles or ev.titled(name)) and (shaped or " " not in name) and places.strength(name) < 2:
        return "PERSON"
    if " " not in name and any(f.endswith(" " + name) or f.startswith(name + " ") for f in full_names):
        return "PERSON"  # "Lukaku" of "Romelu Lukaku", "Kobe" of "Kobe Bryant"
    # 'oil producer Aramco' is a firm; 'French producer Isabelle Marchand', whom the model reads as a
    # person and who has a first name, is a person.
    named_person = shaped and votes["PERSON"] * 2 > sum(votes.values()) and is_given_name(name.split()[0])
    if ev.org_context(name) and not named_person or ev.competitor(name) and not shaped:
        return "ORGANIZATION"
    if ev.named_place(name):
        return "PLACE"
    if " " not in name and (votes["ORGANIZATION"] or votes["PERSON"]):
        full = full_name_in_text(name, ev.body, ev.lower_words)
        if full and person_shaped(full) and (ev.speaks(full) or ev.titled(full)):
            return "PERSON"  # "Murat Yildiz, a senior executive, said": the model saw 'Yildiz' as a firm
    if " " not in name and votes["ORGANIZATION"] * 2 > sum(votes.values()) and not g.votes["SEAT"] \
            and any(o.startswith(name + " ") for o in orgs):
        return "ORGANIZATION"  # "Samsung" of "Samsung Electronics": a namesake village does not count
    if not votes:  # a product or work title to the model: a place only when the text uses it as one
        return "PLACE" if places.strength(name) == 2 and ev.place_context(name) else None
    if " " not in name and votes["PERSON"] * 2 > sum(votes.values()) and (
            ev.speaks(name) or full_name_in_text(name, ev.body, ev.lower_words)):
        return "PERSON"  # "Bayraktar said": a surname, though a town in Turkey has the name too
    strength = places.strength(name) if votes["PERSON"] <= 1 or " " not in name else 0
    if strength == 2 or (strength == 1 or " " not in name and votes["PERSON"]) and (
            votes["PLACE"] > votes["ORGANIZATION"] or ev.place_context(name)):
        return "PLACE"
    if sum(votes.values()) == 1 and votes["ORGANIZATION"] and " " not in name and ev.place_context(name) \
            and not name.isupper():
        return "PLACE"  # "at Mugello": one mention, used as a location
    best = max(votes, key=lambda t: (votes[t], t == LABEL_TYPE.get(next(iter(g.votes)), "")))
    if best == "ORGANIZATION" and (_speaking_person(name, votes, ev, shaped)
                                   or _named_like_a_person(name, votes, ev, shaped)):
        return "PERSON"
    if best == "PERSON" and " " in name and (not shaped or votes["PERSON"] == 1 and name.split()[0] in orgs):
        # "DTX Manchester", "Nissan Altima": an acronym or a company's name is not part of a person's.
        return "ORGANIZATION" if votes["ORGANIZATION"] or _ACRONYM.match(name.split()[0]) else None
    if best == "NORP":
        return "PERSON" if shaped and votes["PERSON"] else "NORP"
    return best


def _speaking_person(name: str, votes: Counter[str], ev: Evidence, shaped: bool) -> bool:
    """'Giorgia Meloni said', which the small model reads as a firm: a first name, a surname that is no
    first name ('Morgan Stanley said' is a bank), and a speech verb or a person's act after it."""
    words = name.split()
    return shaped and not votes["PERSON"] and ev.acts(name) and not ev.org_context(name) \
        and is_given_name(words[0]) and not is_given_name(words[-1]) and not common_english(words[-1])


def _named_like_a_person(name: str, votes: Counter[str], ev: Evidence, shaped: bool) -> bool:
    """'Gregory Pena', 'Elke Fritsch', read as a firm with no cue either way: a first name and then a rare
    word that is no first name are a person. Firms named after people ('Calvin Klein') are on the
    organisation list, which is read first; 'Morgan Stanley' ends in a first name."""
    words = name.split()
    return shaped and len(words) <= 3 and not votes["PERSON"] and not ev.org_context(name) \
        and is_given_name(words[0]) and not is_given_name(words[-1]) \
        and not common_english(words[-1], PLAIN_WORD_ZIPF) and not ORG_WORDS.search(name)


def place_name(name: str, places: PlaceEvidence) -> str:
    """'Sichuan Province' -> 'Sichuan', 'Yibin city' -> 'Yibin'; 'Harris County' and 'Mexico City' stay."""
    bare = _ADMIN_SUFFIX.sub("", name)
    if bare == name or not bare:
        return name
    suffix = name[len(bare):].strip()
    whole_is_named = any(fold(c.name) == fold(name) for c in places.gazetteer.lookup(name)) or any(
        r.kind == "County" for r in places.regions.lookup(name))
    if whole_is_named and suffix[0].isupper():
        return name
    return bare if suffix.islower() or places.strength(bare) else name


def full_name_in_text(token: str, body: str, common: frozenset[str] = frozenset()) -> str | None:
    """'Volkov' -> 'Dmitry Volkov', 'Ekanem' -> 'Udo Okokon Ekanem', when the text spells the name out.

    Titles, words the text also writes in lower case and frequent English words ('Natural Resources
    Alparslan Bayraktar') are not part of the name, but the word right before the surname always is.
    """
    stop = _name_stops()
    # Where the token stands as a word; the name's other words are read around each place (one
    # anchored look each, not a scan of the whole body per name).
    places = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(token)}\b", body)]
    for at in places:
        match = _WORDS_BEFORE.search(body, max(0, at - 120), at)
        if match is None:
            continue
        words = match.group(1).split()
        # After 'of' or 'and' the capitalised words may end an institution's name: 'Minister of
        # Energy and Natural Resources Alparslan Bayraktar'.
        inside = body[max(0, match.start() - 5):match.start()].rstrip().endswith((" of", " and", " for"))
        while len(words) > 1 and (words[0] in stop or words[0].lower() in common
                                  or inside and common_english(words[0])):
            words = words[1:]
        if words[0] not in stop:
            return " ".join([*words, token])
    # Family name first (Chinese, Korean, Hungarian usage): "Zhao Mingde", "Lee Soo-min".
    for at in places:
        match = _WORD_AFTER.match(body, at + len(token))
        if match and match.group(1) not in stop:
            return f"{token} {match.group(1)}"
    return None


_WORDS_BEFORE = regex.compile(r"((?:\p{Lu}[\p{Ll}'’\-]+[ \t]+){1,3})\Z")  # searched up to the token
_WORD_AFTER = regex.compile(r"\s+(\p{Lu}[\p{Ll}'’]+(?:-\p{Ll}+)?)\b(?!\s+\p{Lu})")


@cache
def _name_stops() -> frozenset[str]:
    from worker.stages.lexicons import person_titles

    return frozenset({"The", "A", "An", "In", "On", "At", "Mr", "Mrs", "Ms", "Dr", "And", "But", "He",
                      "She", "President", *(t for title in person_titles() for t in title.split())})


def resolve_lone_person(g: Group, ev: Evidence) -> str | None:
    """The type for a one-word PERSON with no full name anywhere: news introduces people by full name.

    Returns ORGANIZATION when the text says it is one, PERSON when a title stands before it or the
    model saw a person in it more than once, and None (drop) otherwise.
    """
    if ev.org_context(g.name) or g.name.isupper():
        return "ORGANIZATION"
    if g.titles or ev.titled(g.name) or g.votes["PERSON"] >= 2 or ev.speaks(g.name):
        return "PERSON"
    return None
