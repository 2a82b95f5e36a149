"""Canonical entity names, titles, and the head words that say what kind of thing a name is."""

import re
from functools import cache

from worker.stages.alternation import alternation
from worker.stages.lexicons import person_titles

_QUOTES = "\"'“”‘’«»„`"
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_LOWER_LEAD = re.compile(r"^(?:[a-z][\w-]*\s+)+(?=[A-Z])")
_LOWER_TAIL = re.compile(r"(?:\s+(?:of|the|and|at|for|in|on|to|de|by|with))+$")
_OWNER_PREFIX = re.compile(r"^[A-Z][\w.]*(?: [A-Z][\w.]*)?['’]s\s+(?=[A-Z])")

_ABBREVIATED_END = re.compile(r"(?:^|\s)(?:(?:[A-Z]\.)+[A-Z]|Jr|Sr|Co|Corp|Inc|Ltd|Bros)$")
# Words that make a name an organisation, whatever the model says.
ORG_WORDS = re.compile(
    r"\b(?:Ministry|Bank|Company|Companies|Corporation|Corp|Co|University|Agency|Council|Committee|Group|"
    r"Association|Federation|Army|Forces?|Navy|Institute|Service|Office|Department|Union|Inc|Ltd|LLC|"
    r"Plc|PLC|Fund|Organi[sz]ation|Airlines|Authority|Commission|Party|Club|Court|Parliament|Assembly|"
    r"Police|Guard|Academy|School|Schools|College|Hospital|Foundation|Holding|Holdings|Energy|"
    r"Electronics|Motors|Systems|Administration|Bureau|Municipality|Centre|Center|Secretariat|Cabinet|"
    r"Government|Senate|Congress|Alliance|Society|Network|Partners|Technologies|FC|Mission|Board|"
    r"Directorate|Inspectorate|Chamber|Trust|Charities|Patrol|Corps|Brigade|Division|Regiment|United|"
    r"Elementary|OJSC|JSC|PJSC|CJSC|GmbH|AG|SpA|NV|BV|LLP|Bancorp|Airways|Railways?|Television|Studios?|"
    r"Laboratories|Labs|Pharmaceuticals|Industries|Enterprises|Ventures|Capital|Media|Records)\b"
)
# Heads of natural and administrative places: the name is a place on a map.
PLACE_WORDS = re.compile(
    r"\b(?:Lake|River|Mountains?|Mount|Mt|Island|Islands|Bay|Gulf|Sea|Ocean|Strait|Valley|Canyon|Ridge|"
    r"Desert|Peninsula|Basin|Plateau|Province|Region|County|District|Oblast|Prefecture|Governorate|"
    r"Darya|Delta|Coast|Highlands|Hills|Sound|Channel|Creek|Falls|Glacier|Volcano)\b"
)
# Heads of buildings, streets and venues: places in the text, but not places on a map.
FACILITY_WORDS = re.compile(
    r"\b(?:Alley|Square|Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Highway|Interstate|Park|"
    r"Monument|Memorial|Bridge|Palace|Cathedral|Mosque|Church|Temple|Tower|Stadium|Arena|Airport|"
    r"Harbour|Harbor|Port|Castle|Fortress|Museum|Statue|Mausoleum|Tomb|Gate|Plaza|Hall|Hotel|Theatre|"
    r"Theater|Circuit|Autodromo|Torch|Colosseum|Kremlin|Terminal|Station|Canal|Pipeline|Field|Mall|Facility|"
    r"Prison|Jail|Penitentiary|Base|Camp|Racecourse|Speedway|Raceway)\b"
)
# Names of news media: the source of the text or the page's own name, not a subject of it.
MEDIA_WORDS = re.compile(
    r"\b(?:News|Newswire|Wire|Times|Herald|Shimbun|Post|Tribune|Gazette|Journal|Telegraph|Chronicle|"
    r"Courier|Observer|Press|TV|Television|Radio|Broadcasting|Newspaper|Images|Photos|(?i:news agency))\b"
)
# "Greater Khartoum", "Khartoum North", "Eastern Washington": a place with a part-of word.
COMPASS = frozenset({"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western",
                     "Central", "Greater", "Upper", "Lower", "Inner", "Outer", "Old", "New", "Northeast",
                     "Northwest", "Southeast", "Southwest", "Northeastern", "Northwestern", "Southeastern",
                     "Southwestern"})


# A lower-case letter then a capital inside one word: 'ПесковВладимир', 'ПутинСтив' ('McCarthy' is one name).
_GLUED = re.compile(r"(?<!^Mc)(?<!^Mac)(?<!^De)(?<!^Di)(?<!^Le)(?<!^La)[a-zà-ÿа-яёəğış][A-ZÀ-ÞА-ЯЁƏĞİŞ]")


_ROMAN = re.compile(r"(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})")  # Roman 2 to 39: rounds, centuries, sequels


def is_glued(name: str) -> bool:
    """A tag cloud or menu run together ('Песков РоссияСШАДмитрий ПесковВладимир'): two or more of its
    words glued at a capital, which no real name has; or a Roman numeral ('XIV' of 'XIV turda')."""
    return sum(1 for word in name.split() if _GLUED.search(word)) >= 2 or _ROMAN.fullmatch(name) is not None


def canonical(text: str) -> str:
    """A mention's surface form cleaned to a canonical name."""
    whole = " ".join(text.split()).strip(_QUOTES + " ,;:")
    name = whole.rstrip(".")
    name = _LEADING_THE.sub("", name).strip(_QUOTES + " ")
    name = _OWNER_PREFIX.sub("", name)  # "Germany's Uniper" -> "Uniper"; the owner is its own mention
    name = _LOWER_LEAD.sub("", name)  # "striker Youssef Hamdy": a name starts at its capital
    name = _LOWER_TAIL.sub("", name)  # "Future Leaders Forum of": the model stopped mid-phrase
    if not name.endswith(("s'", "ss")):
        name = _POSSESSIVE.sub("", name) if name.endswith(("'s", "’s")) else name
    if whole.endswith(".") and _ABBREVIATED_END.search(name):
        name += "."  # "U.S.", "Guerrero Jr.": the full stop belongs to the abbreviation
    return name.strip(_QUOTES + " ,;:").replace("’", "'")  # one apostrophe: "Sheriff’s" is "Sheriff's"


@cache
def _title_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    titles = person_titles()  # longest first, so the alternation prefers 'Lieutenant General'
    trailing = {t.rstrip("."): t for t in titles}
    return (re.compile(rf"^({alternation(titles)}) (?=\S)"), re.compile(rf" ({alternation(trailing)})$"), trailing)


def strip_title(name: str) -> tuple[str, str | None]:
    """'General Luciano Portolano' -> ('Luciano Portolano', 'General'); 'HCSO Sgt' -> ('HCSO', 'Sgt.')."""
    leading, trailing, full = _title_patterns()
    found = leading.match(name)
    if found:
        return name[found.end():].strip(), found.group(1)
    found = trailing.search(name)
    if found and name[:found.start()].isupper():
        return name[:found.start()].strip(), full[found.group(1)]  # "HCSO Sgt.": a unit, then a rank
    return name, None
