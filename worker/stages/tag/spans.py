"""The model's spans cut into clean name mentions: separators, owners, nationalities, scripts, capitals."""

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from worker.stages.alternation import alternation
from worker.stages.countries import by_demonym, by_name, name_patterns
from worker.stages.gazetteer import fold, get_gazetteer, get_regions
from worker.stages.i18n.names import is_given_name
from worker.stages.lexicons import load, person_titles
from worker.stages.parse.byline import is_person_name
from worker.stages.tag.evidence import (
    ACTOR_CUE,
    COMPASS_ADJ,
    LIST_SPLIT,
    PATIENT_CUE,
    PLAIN_WORD_ZIPF,
    common_english,
)
from worker.stages.tag.names import FACILITY_WORDS, ORG_WORDS, canonical, strip_title

# Labels whose spans can be names of ours; the others (dates, money, ...) are never entities.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
# Our own label for a state or province named by its abbreviation after a city ('Augusta, Ga.').
# "Jiang Minhyuk/Seo Seung Jae", "Herbie Hordern + Australia", "Ferencváros (Hungary": a span the
# model ran across a separator holds several names, or one name and punctuation.
_SEPARATOR = re.compile(
    r"\s*(?:/|\s\+\s|•|\||\(|\)|\[|\]|\s[-–—]\s|:\s|\n|\t|,(?!\s*(?:Inc|Ltd|LLC|Corp|Co|plc|PLC|S\.A|AG|N\.V)\b))\s*"
)
_OWNER = re.compile(r"^([A-Z][\w.&-]*(?: (?:of|the|de) [A-Z][\w.&-]*| [A-Z][\w.&-]*){0,2})['’]s\s+(?=[A-Z])")
_SCRIPT_LETTER = re.compile(r"[^\W\d_]")
# Letters of Latin-script languages that English text does not use ('ə' is Azerbaijani, 'ı' Turkish).
_FOREIGN_LATIN = set("əƏıİğĞşŞţŢțȚąĄęĘłŁńŃśŚźŹżŻčČřŘůŮőŐűŰ")


@dataclass
class RawMention:
    """One name as the text writes it: its canonical form, the model's label and its place in the body."""

    name: str
    label: str
    start: int
    end: int
    ent_id: str = ""
    title: str | None = None
    untitled: str = ""  # the name before its title came off ('Sheriff Tiraspol' may be a club)


def _latin(name: str) -> bool:
    letters = _SCRIPT_LETTER.findall(name)
    return bool(letters) and all(ord(ch) < 0x250 or ch in _FOREIGN_LATIN for ch in letters)


def foreign_line(line: str) -> bool:
    """A line in another language: non-Latin script, or many words with letters English never uses."""
    words = line.split()
    if not words or line.isascii():
        return False
    marked = sum(1 for w in words if not _latin(w) and _SCRIPT_LETTER.search(w) or set(w) & _FOREIGN_LATIN)
    return marked / len(words) > 0.2


def _pieces(text: str, start: int) -> list[tuple[str, int]]:
    """The span's parts between separators, each with its offset in the body."""
    out, last = [], 0
    for sep in _SEPARATOR.finditer(text):
        out.append((text[last:sep.start()], start + last))
        last = sep.end()
    out.append((text[last:], start + last))
    return [(piece, offset) for piece, offset in out if any(ch.isalpha() for ch in piece)]


def _capitals(name: str, label: str) -> str:
    """'HARRIS COUNTY' -> 'Harris County', 'SEOUL' -> 'Seoul'; acronyms such as 'NATO' stay."""
    if not name.isupper() or len(name) < 4 or re.search(r"\w\.\w", name):
        return name  # "U.S." stays as it is
    if " " in name or len(name) > 5 or label in ("GPE", "LOC", "FAC"):
        return string.capwords(name)
    return name


def _split_leading(name: str, label: str) -> tuple[str | None, str]:
    """A nationality or country glued before a person ('Ukrainian Victor Matyash') comes off."""
    first, _, rest = name.partition(" ")
    if label == "PERSON" and rest and (by_demonym(first) or by_name(first)) and rest[:1].isupper():
        return first, rest
    return None, name


def _split_trailing(name: str, label: str) -> tuple[str, str | None]:
    """'Ian Botham England' (a table row run together): a person, then a country."""
    words = name.split()
    if label in ("PERSON", "ORG") and len(words) >= 3:
        for cut in (len(words) - 1, len(words) - 2):
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            if by_name(tail) and is_person_name(head):
                return head, tail
    return name, None


def _locate(body: str, start: int, end: int, part: str) -> tuple[int, int]:
    """Offsets of `part` inside body[start:end], or the whole span when it is not there verbatim."""
    at = body.find(part, start, end)
    return (at, at + len(part)) if at >= 0 else (start, end)


_SEAT = re.compile(r"^([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)??) (?i:(?:city |county |town |district |municipal |regional "
                   r"|metropolitan |crown |high |magistrates' )?(?:council|municipality|city hall|police|court|"
                   r"public schools|schools))$")


def seat_of(m: RawMention) -> RawMention | None:
    """'Dunedin City Council', 'Erzincan Municipality': the place an institution is named after."""
    seat = _SEAT.match(m.name) if m.label == "ORG" else None
    if seat is None:
        return None
    return RawMention(seat.group(1), "SEAT", m.start, m.start + len(seat.group(1)))


@cache
def _abbreviated_title() -> re.Pattern[str]:
    """'DSP Anil Rao', 'Sgt. Maria Lopez': an abbreviated rank or title, then two or three name words."""
    short = [t for t in person_titles() if re.fullmatch(r"[A-Z]{2,4}|[A-Z][a-z]{0,4}\.", t)]
    return re.compile(r"\b" + alternation(short) +
                      r"[ \t]+([A-Z][a-z]+(?:[ \t][A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2})\b(?![ \t]*[A-Z]|-)")


def titled_mentions(body: str) -> list[RawMention]:
    """People named after an abbreviated rank, which the model may miss ('DSP Anil Rao of the Crime Branch')."""
    return [RawMention(m.group(1), "PERSON", m.start(1), m.end(1)) for m in _abbreviated_title().finditer(body)
            if not ORG_WORDS.search(m.group(1))]


_TWO_OR_THREE_NAMES = r"[A-Z][\w'’-]+(?:[ \t][A-Z][\w'’-]+){1,2}"
_NAME_BEFORE = re.compile(rf"{_TWO_OR_THREE_NAMES}$")
_NAME_AFTER = re.compile(rf"{_TWO_OR_THREE_NAMES}\b")


def people_by_cue(body: str) -> list[RawMention]:
    """'led by Nəzakət Cuvarlı, who arrived', 'Elke Fritsch met', 'Police arrested Martin Cobos': a first name
    and a surname next to what only people do or undergo are a person, whom the model may miss or call a
    firm ('Giorgia Turchetta')."""
    runs = [_NAME_BEFORE.search(body, max(0, m.start() - 60), m.start()) for m in ACTOR_CUE.finditer(body)]
    runs += [_NAME_AFTER.match(body, m.end()) for m in PATIENT_CUE.finditer(body)]
    out = []
    for run in runs:
        words = run.group(0).split() if run else []
        if run and is_given_name(words[0]) and not common_english(words[-1]) and not ORG_WORDS.search(run.group(0)):
            out.append(RawMention(run.group(0), "PERSON", run.start(), run.end()))
    return out


def team_mentions(teams: set[str], body: str, raw: list[tuple[str, str, int, int, str]]) -> list[RawMention]:
    """In a sports story, a team's whole name ('Orlando Pirates beat ...') where the model split it
    into a place and a word; a name the model reads as a person's ('Serena Williams beat ...') stays."""
    persons = [(s, e) for _, label, s, e, _ in raw if label == "PERSON"]
    out = []
    for team in {t.removeprefix("The ") for t in teams}:
        if " " not in team or by_name(team) or by_demonym(team.split("-")[0]):
            continue  # 'South African-born coach': a nationality, not a team
        for m in re.finditer(rf"(?<![\w-]){re.escape(team)}(?![\w-])", body):
            if not any(s < m.end() and m.start() < e for s, e in persons):
                out.append(RawMention(team, "ORG", m.start(), m.end()))
    return out


def cued_mentions(names: set[str], body: str, label: str = "GPE") -> list[RawMention]:
    """Every occurrence of the names the text itself calls places ('Paktika province') or, with
    label ORG, organisations ('lenders such as Halyk Bank and Kaspi')."""
    out = []
    for name in names:
        if by_name(name) or by_demonym(name.split("-")[0].split()[0]):
            continue  # 'English-speaking region': a language, not a place name
        at = body.find(name)
        while at >= 0:
            if not body[at + len(name):at + len(name) + 1].isalnum():
                out.append(RawMention(name, label, at, at + len(name)))
            at = body.find(name, at + 1)
    return out


def clean_mentions(raw: list[tuple[str, str, int, int, str]], body: str,
                   skip: list[tuple[int, int]], cued: list[RawMention]) -> list[RawMention]:
    """Name mentions out of the model's spans, with the ones the text's own cues add where the model
    saw nothing; spans in `skip` (lines in another language) are dropped."""
    out: list[RawMention] = []
    located = located_mentions(body)
    taken = {(m.start, m.end) for m in located}
    raw = _split_located(_with_shared_areas(raw, body))
    for text, label, start, end, ent_id in raw:
        if label not in NAME_LABELS or any(s <= start < e for s, e in skip):
            continue
        text, end = _with_legal_tail(text, label, end, body)
        if ent_id:
            out.append(RawMention(canonical(text), label, start, end, ent_id))
            continue
        for piece, offset in _pieces(text, start):
            out.extend(_mentions_in(piece, offset, label, body))
    # A rank before a name, or a team's whole name in a sports story, outranks the model's label for
    # the span ('DSP Anil Rao' as a facility, 'Orlando' of 'Orlando Pirates' as a city).
    ruling = [c for c in cued if c.label in ("PERSON", "ORG")]
    out = [m for m in out if not any(s < m.end and m.start < e for s, e in taken)
           and not any(s <= m.start < e for s, e in skip)
           and (m.label == "PERSON" or not any(t.start < m.end and m.start < t.end for t in ruling))]
    out += [seat for m in out if (seat := seat_of(m))]
    covered = [(m.start, m.end) for m in (*out, *located)]
    extra = [c for c in cued if not any(s < c.end and c.start < e for s, e in covered)
             and not any(s <= c.start < e for s, e in skip)]
    out = sorted([*out, *located, *extra], key=lambda m: m.start)
    return [m for m in join_adjacent(out, body) if len(m.name) >= 2 and _latin(m.name)]


def _with_shared_areas(raw: list[tuple[str, str, int, int, str]], body: str) -> list[tuple[str, str, int, int, str]]:
    """'Redcar and Cleveland Borough Council', 'Avon and Somerset Police': a body of two areas is one
    name, though the model sees the second area's part only (and maybe the first as a place)."""
    out: list[tuple[str, str, int, int, str]] = []
    for text, label, start, end, ent_id in raw:
        area = _AREA_AND.search(body, max(0, start - 40), start) if label == "ORG" and _SHARED_BODY.search(
            text) else None
        if area and _is_area(area.group().split()[0]):
            out = [r for r in out if r[3] <= area.start()]  # the first area alone is not a mention
            text, start = body[area.start():end], area.start()
        out.append((text, label, start, end, ent_id))
    return out


_LOCATED_IN = re.compile(r"(?P<x>[A-Z][^ ]*(?: [A-Z][^ ]*){0,2}) in (?P<y>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+)?)")


def _split_located(raw: list[tuple[str, str, int, int, str]]) -> list[tuple[str, str, int, int, str]]:
    """'Ajegunle-Oko in Ikorodu' tagged as one organisation is a place in a town: two places (a body
    named with its words, 'Bank of Ghana in Accra', keeps its label)."""
    out: list[tuple[str, str, int, int, str]] = []
    for text, label, start, end, ent_id in raw:
        m = _LOCATED_IN.fullmatch(text) if label in ("ORG", "FAC", "GPE") else None
        if m is None or not _is_area(m["y"]):
            out.append((text, label, start, end, ent_id))
            continue
        first = label if ORG_WORDS.search(m["x"]) or FACILITY_WORDS.search(m["x"]) else "GPE"
        out.append((m["x"], first, start, start + m.end("x"), ""))
        out.append((m["y"], "GPE", start + m.start("y"), end, ""))
    return out


def _is_area(word: str) -> bool:
    """A town or region the gazetteers know ('Redcar', 'Kent'), not a word like 'Mayor'."""
    return bool(get_gazetteer().lookup(word) or get_regions().lookup(word))


_ARTICLE = re.compile(r"\s*(?:the|The)\s+")


def _mentions_in(piece: str, offset: int, label: str, body: str) -> list[RawMention]:
    out = []
    article = _ARTICLE.match(piece)
    if article:  # "the Gulf of Mexico's Walker Ridge": the owner starts after the article
        offset, piece = offset + article.end(), piece[article.end():]
    owner = _OWNER.match(piece.strip())
    if owner and not ORG_WORDS.fullmatch(piece.strip()[owner.end():]):  # "Sheriff's Office" is one name
        # "Moldova's Sheriff", "McLaren's Lando Norris": the owner is a mention of its own.
        lead = len(piece) - len(piece.lstrip())
        o_start = offset + lead
        out.append(RawMention(owner.group(1), "GPE" if by_name(owner.group(1)) else "OWNER", o_start,
                              o_start + len(owner.group(1))))
        offset, piece = o_start + owner.end(), piece.strip()[owner.end():]
    name = canonical(piece)
    if " " in name:  # "Q3 Hamilton", "Southampton 2-0": a code or a score is not part of the name
        words = name.split()
        while len(words) > 1 and any(c.isdigit() for c in words[0]):
            words = words[1:]
        while len(words) > 1 and not any(c.isalpha() for c in words[-1]):
            words = words[:-1]
        name = " ".join(words)
    name = _capitals(name, label)
    title, untitled = None, name
    if label in ("PERSON", "ORG"):
        stripped, found = strip_title(name)
        # An organisation keeps a leading title word unless a person's name follows it.
        if found and (label == "PERSON" or is_person_name(stripped) and not ORG_WORDS.search(stripped)
                      or stripped.isupper()):
            name, title = stripped, found
    nationality, name = _split_leading(name, label)
    if nationality:
        s, e = _locate(body, offset, offset + len(piece), nationality)
        out.append(RawMention(nationality, "NORP", s, e))
    name, country = _split_trailing(name, label)
    for part, part_label in ((name, label), (country, "GPE")):
        if part:
            s, e = _locate(body, offset, offset + len(piece), part)
            out.append(RawMention(part, part_label, s, e, title=title if part is name else None,
                                  untitled=untitled if part is name and title else ""))
    return out


def join_adjacent(mentions: list[RawMention], body: str) -> list[RawMention]:
    """Two spans with only a space between are one name: 'Mohd Kamarudin' + 'Md Din' (people),
    'CIS' + 'Electric Power Council', and 'U.S.' + 'Senate' (a country before an organisation)."""
    out: list[RawMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        gap = body[prev.end:m.start] if prev is not None else ""
        people = prev is not None and prev.label == m.label == "PERSON" and not m.title
        joined = prev is not None and (gap in (" ", "\xa0") and (
            people or prev.label == m.label == "ORG"
            or prev.label == "GPE" and m.label == "ORG" and by_name(prev.name) is not None)
            or people and _GAP_NAME.fullmatch(gap) is not None  # 'Datuk Mohd' Azman 'Ahmad Sapri'
            # 'Jordan' + 'Mensah', 'Dane' + 'Okoro': a first name the model read as a country or people.
            or gap == " " and prev.label in ("NORP", "GPE") and m.label == "PERSON" and " " not in m.name
            and " " not in prev.name and is_given_name(prev.name))
        # 'Ursula von der' + 'Leyen', 'Pieter van' + (den) 'Hoogenband': a person's name cut at its
        # particle, the rest read as a place.
        particle = prev is not None and prev.label == "PERSON" and " " not in m.name and m.name[:1].isupper() \
            and (gap == " " and _PARTICLE_END.search(prev.name) is not None or _PARTICLE_GAP.fullmatch(gap) is not None)
        if prev is not None and (joined or particle):
            label = "PERSON" if particle else m.label
            whole = f"{prev.untitled or prev.name}{gap}{m.name}"
            name, title = strip_title(whole) if label == "PERSON" else (whole, None)
            out[-1] = RawMention(name, label, prev.start, m.end, title=title or prev.title,
                                 untitled=whole if title else "")
        else:
            out.append(m)
    return out


_GAP_NAME = re.compile(r" [A-Z][a-z]+ ")
_PARTICLES = r"(?:von|van|der|den|de|da|di|du|dos|das|del|della|bin|ibn|ben|al|el|le|la)"
_PARTICLE_END = re.compile(rf" {_PARTICLES}$")
_PARTICLE_GAP = re.compile(rf"(?: {_PARTICLES})+ ")
_AREA_AND = re.compile(r"(?<![\w-])[A-Z][a-z]+ and \Z")  # searched up to where the body's name starts
_SHARED_BODY = re.compile(r"\b(?:Council|Board|Authority|Trust|Commission|Partnership|Police|Constabulary|"
                          r"Fire and Rescue Service|Health Board)$")


_LEGAL_TAIL = re.compile(r"(?:,?\s+(?:Inc|Ltd|LLC|Corp|Co|plc|PLC)\b\.?|\+)")


def _with_legal_tail(text: str, label: str, end: int, body: str) -> tuple[str, int]:
    """'Boeing' followed by ' Co.', 'CoreCivic' by ', Inc.', 'OPEC' by '+': the name goes on."""
    tail = _LEGAL_TAIL.match(body, end) if label == "ORG" else None
    return (text + tail.group(), tail.end()) if tail else (text, end)


@cache
def _abbreviations() -> dict[str, str]:
    return {a: v["name"] for a, v in load("region_abbreviations")["abbreviations"].items()}


@cache
def _state_names() -> frozenset[str]:
    """States and provinces of the federations whose datelines name them ('BOISE, Idaho')."""
    import pycountry

    return frozenset(sub.name for sub in pycountry.subdivisions if sub.country_code in ("US", "CA", "AU", "IN")
                     and sub.type in ("State", "Province", "Territory", "Union territory"))


_TOWN = r"[A-Z][\w'’.-]*(?:[ \t][A-Z][\w'’.-]*){0,2}"
_CITY = rf"({_TOWN})"


@cache
def _located_pattern() -> re.Pattern[str]:
    abbreviations = alternation({*_abbreviations(), *_state_names()})
    return re.compile(rf"{_CITY},[ \t]+(?:({abbreviations})|({alternation(name_patterns())})\b(?![’'-]))"
                      r"(?=[\s,;:.)(-]|$)")


_TOWNS_BEFORE = re.compile(rf"{_TOWN}(?:,[ \t]+{_TOWN})*(?:,?[ \t]+and[ \t]+{_TOWN})?$")


@cache
def _in_country_pattern() -> re.Pattern[str]:
    # " in <country>" first, a literal the scan skips to; the towns before it are read afterwards.
    return re.compile(rf" in[ \t]+(?:the[ \t]+)?{COMPASS_ADJ}({alternation(name_patterns())})\b(?![’'-])")


def towns_in_country(body: str) -> set[str]:
    """'Residents of Osh and Jalal-Abad in southern Kyrgyzstan': the names before 'in <country>' that the
    gazetteer knows as towns of that country, which the model often misses in that frame."""
    gazetteer = get_gazetteer()
    found = set()
    for m in _in_country_pattern().finditer(body):
        country = by_name(m.group(1))
        towns = _TOWNS_BEFORE.search(body, max(0, m.start() - 120), m.start())
        if country is None or towns is None:
            continue
        for name in LIST_SPLIT.split(towns.group(0)):
            if any(place.country == country.iso2 for place in gazetteer.lookup(name)):
                found.add(name)
    return found


_CAPITALISED_RUN = re.compile(r"(?<![\w'’.-])[A-Z][\w'’-]{3,}(?:[ \t][A-Z][\w'’-]+){0,2}(?![\w'’-])")


_LOCATIVE = re.compile(r"(?:^|[\s(])(?:[Ii]n|to|from|between|near|outside|around|across|central|downtown)[ \t]+\Z")


def towns_missed(body: str, raw: list[tuple[str, str, int, int, str]], is_person: Callable[[str], bool]) -> set[str]:
    """Names the model saw nothing in that the gazetteer knows, by their own name, as a town: of a country
    the article names ('Częstochowa was hit by snow ... across Poland'), or anywhere after 'in', 'to',
    'from', 'between' ('Flights to Mahajanga'). A common English word or a first name is never taken
    ('Police', 'Florence'): those need the model's own reading; nor is a name that `is_person` says acts
    as a person ('Tanabe said')."""
    countries = {c.iso2 for text, label, *_ in raw
                 if label in ("GPE", "NORP") and (c := by_name(text) or by_demonym(text))}
    tagged = bytearray(len(body) + 1)  # 1 where the model's spans are: a run touching one is taken
    for _, _, start, end, _ in raw:
        tagged[start:end] = b"\x01" * (end - start)
    gazetteer = get_gazetteer()
    found = set()
    for m in _CAPITALISED_RUN.finditer(body):
        name = m.group(0)
        if any(tagged[m.start():m.end()]) or name in found or is_person(name):
            continue
        towns = [p for p in gazetteer.lookup(name) if fold(p.name) == fold(name)]  # cached: most runs stop here
        if not any(p.country in countries for p in towns) and not (
                towns and _LOCATIVE.search(body, max(0, m.start() - 12), m.start())):
            continue
        if " " not in name and (common_english(name, PLAIN_WORD_ZIPF) or is_given_name(name)):
            continue
        if any(is_given_name(g) for g in re.findall(rf"\b([A-Z][\w'’-]+)[ \t]+{re.escape(name)}\b", body)):
            continue  # "Aiko Tanabe ... Tanabe said": the surname of a person, though Tanabe is a town
        found.add(name)
    return found


@cache
def _party_state_pattern() -> re.Pattern[str]:
    """'Sen. Ann Lo, D-Maine,' / 'R-Calif.': a US legislator's party and state."""
    # The letter first and the character before it in a lookbehind: the scan skips to D, R and I.
    return re.compile(rf"[DRI](?<=[\s(,][DRI])-({alternation(_abbreviations().keys() | _state_names())})"
                      r"(?=[\s,;:.)]|$)")


def located_mentions(body: str) -> list[RawMention]:
    """'Augusta, Ga.', 'COLMAR, France:': a city named with its state or country, as datelines do."""
    out = []
    for m in _located_pattern().finditer(body):
        city = _capitals(canonical(m.group(1)), "GPE")
        if by_name(city) or by_demonym(city.split()[0]):
            continue
        out.append(RawMention(city, "GPE", m.start(1), m.end(1)))
        if m.group(2):
            state = _abbreviations().get(m.group(2), m.group(2))
            out.append(RawMention(state, "ADMIN", m.start(2), m.end(2)))
    for m in _party_state_pattern().finditer(body):
        out.append(RawMention(_abbreviations().get(m.group(1), m.group(1)), "ADMIN", m.start(1), m.end(1)))
    return out
