"""Countries from names, demonyms and places; places linked to the gazetteer with a stated reason."""

from collections import Counter
from functools import cache

from schemas.models import Country, Entity, Place
from worker.stages.countries import CountryCode, by_demonym, by_iso2, by_name
from worker.stages.gazetteer import Gazetteer, GeoPlace, Region, Regions, fold
from worker.stages.lexicons import load
from worker.stages.tag.names import COMPASS, FACILITY_WORDS
from worker.stages.tag.spans import located_mentions


def entity_country(entity: Entity, places: frozenset[str] = frozenset(),
                   listed: bool = True) -> CountryCode | None:
    """The country a COUNTRY, NORP or nationally named ORGANIZATION entity belongs to.

    A word of the organisation's name that the article uses as a place of its own ('Georgia' the US
    state, in 'Georgia State Patrol') does not make it national. `listed` admits the country our
    organisation list gives ('Congress' -> US), which the name itself does not say.
    """
    if entity.type == "COUNTRY":
        return by_name(entity.name)
    if entity.type == "NORP":
        return by_demonym(entity.name)
    if entity.type == "ORGANIZATION":
        known = _listed_org_countries().get(entity.name)
        if known:
            return by_iso2(known) if listed else None
        for word in entity.name.split():
            if word in places:
                return None
            code = by_demonym(word) or by_name(word)
            if code:
                return code
    return None


# Without support from the article's countries, a small namesake is more likely wrong than right.
_MIN_UNSUPPORTED_POPULATION = 100_000
# A city this large is what its name means on its own ("New York", "Washington"), before a region.
_WELL_KNOWN = 500_000


@cache
def _listed_org_countries() -> dict[str, str]:
    orgs = load("organizations")["organizations"]
    return {n: o["country"] for o in orgs if o.get("country") for n in (o["name"], *o.get("aliases", []))}


@cache
def _broad_regions() -> frozenset[str]:
    return frozenset(fold(r) for r in load("broad_regions")["regions"])


def is_broad(name: str) -> bool:
    """A continent or broad region ('Central Asia', 'East Coast', 'Europe'): no point on a map."""
    core = [w for w in name.split() if w not in COMPASS]
    return fold(name) in _broad_regions() or bool(core) and fold(" ".join(core)) in _broad_regions()


def choose(candidates: list[GeoPlace], context: Counter[str]) -> tuple[GeoPlace, str] | None:
    """A candidate in a country the article names (most populous); else a large place; else None.

    `candidates` come with the places whose own name matches first ("New Delhi" before Delhi).
    """
    in_context = [c for c in candidates if context.get(c.country)]
    if in_context:
        best = max(in_context, key=lambda c: (context[c.country], c.population))
        if len(candidates) == 1:
            return best, "only gazetteer entry with this name"
        return best, (f"{len(candidates)} candidates; in {best.country}, a country the article "
                      "names; then largest population")
    large = [c for c in candidates if c.population >= _MIN_UNSUPPORTED_POPULATION]
    if not large:
        return None
    return large[0], (f"{len(candidates)} candidates; none in the article's countries; "
                      f"own name first, then population over {_MIN_UNSUPPORTED_POPULATION:,}")


def _cities(name: str, gazetteer: Gazetteer) -> list[GeoPlace]:
    """Gazetteer entries for the name; a short alias ('SG', 'BB') only counts as a place's own name."""
    found = gazetteer.lookup(name)
    return found if len(name) > 3 else [c for c in found if fold(c.name) == fold(name)]


def _part_of(name: str, mentions: int, gazetteer: Gazetteer, context: Counter[str]) -> Place | None:
    """'South London', 'Greater Khartoum': part of a known city, listed in that city's country."""
    core = " ".join(w for w in name.split() if w not in COMPASS)
    chosen = choose(_cities(core, gazetteer), context) if core and core != name else None
    if chosen is None:
        return None
    return Place(name=name, country=chosen[0].country, mentions=mentions,
                 resolution=f"part of {chosen[0].name} (geonames {chosen[0].geonames_id}); no point of its own")


def _exact(region: str, name: str) -> bool:
    return region == name or region.startswith(name + " ")  # 'Sichuan Sheng' for 'Sichuan'


def _region_place(name: str, regions: list[Region], context: Counter[str], mentions: int) -> Place:
    best = max(regions, key=lambda r: context.get(r.country, 0))
    return Place(name=name, country=best.country, admin1=best.code, feature_class="A", mentions=mentions,
                 resolution=f"{best.kind.lower()} {best.code} (ISO 3166-2); no coordinates in the gazetteer")


def link_place(name: str, mentions: int, gazetteer: Gazetteer, regions: Regions,
               context: Counter[str]) -> Place | None:
    """The Place for one PLACE name: a city with coordinates, a region with its country, or the name alone.

    Facilities (streets, stadiums, bridges) and broad regions are places in the text, not on a map: None.
    A city whose own name holds such a word before its last one ('Port Sudan', 'St. Louis') is a city;
    one that ends in it ('Union Square', 'Hyde Park') stays a facility, as the word is its head.
    """
    if is_broad(name) or FACILITY_WORDS.fullmatch(name.split()[-1].rstrip(".")):
        return None
    cities = _cities(name, gazetteer)
    if FACILITY_WORDS.search(name) and not any(fold(c.name) == fold(name) for c in cities):
        return None
    # A region elsewhere must be named exactly ('Falcon' is not Venezuela's Falcón).
    found = [r for r in regions.lookup(name) if (r.kind != "County" or " " in name)
             and (context.get(r.country) or _exact(r.name, name))]
    chosen = choose(cities, context) if cities else None
    in_context = [r for r in found if context.get(r.country)]
    if found and (chosen is None or in_context and not context.get(chosen[0].country)
                  or chosen[0].population < _WELL_KNOWN and fold(chosen[0].name) != fold(name)):
        return _region_place(name, found, context, mentions)
    if chosen is None:
        return _part_of(name, mentions, gazetteer, context) or Place(
            name=name, mentions=mentions, resolution="not in the gazetteer; listed by name only")
    best, reason = chosen
    return Place(
        name=name, country=best.country, lat=best.lat, lon=best.lon, geonames_id=best.geonames_id,
        admin1=best.admin1, feature_class="P", population=best.population, mentions=mentions,
        resolution=f"{reason} ({best.name})",
    )


def link_places(
    entities: list[Entity], gazetteer: Gazetteer, regions: Regions, context: Counter[str],
    dateline: str | None = None, dateline_text: str | None = None,
) -> tuple[list[Place], dict[str, str]]:
    """A Place per PLACE entity on a map, and the dateline place; entity name -> country."""
    places: dict[str, Place] = {}
    countries: dict[str, str] = {}
    named = [(e.name, e.mentions) for e in entities if e.type == "PLACE"]
    if dateline and dateline not in {name for name, _ in named}:
        named.insert(0, (dateline, 1))
    # "MONROE, La.": the state or country after the dateline city is a place of the article too.
    for m in located_mentions(dateline_text + ".") if dateline_text else []:
        if m.name not in {name for name, _ in named} and not by_name(m.name):
            named.append((m.name, 1))
    # States and provinces the article names are context for its cities ('Augusta' with 'Georgia').
    context = context.copy()
    for name, mentions in named:
        big_city = any(c.population >= _MIN_UNSUPPORTED_POPULATION for c in _cities(name, gazetteer)
                       if fold(c.name) == fold(name))  # 'Birmingham' is a city before a district
        for region in regions.lookup(name)[:1]:
            if region.kind != "County" and _exact(region.name, name) and not big_city:
                context[region.country] += mentions
    for name, mentions in named:
        place = link_place(name, mentions, gazetteer, regions, context)
        if place is None or place.name in places:
            continue
        places[place.name] = place
        if place.country:
            countries[name] = place.country
    return list(places.values()), countries


def collect_countries(entities: list[Entity], places: list[Place]) -> list[Country]:
    """Countries with mention counts and how they were found (name, demonym, organisation, place)."""
    counts: Counter[str] = Counter()
    via: dict[str, set[str]] = {}
    place_names = frozenset(e.name for e in entities if e.type == "PLACE")
    for e in entities:
        code = entity_country(e, place_names, listed=False)
        if code:
            counts[code.iso2] += e.mentions
            via.setdefault(code.iso2, set()).add(
                {"COUNTRY": "name", "NORP": "demonym"}.get(e.type, "organization"))
    for p in places:
        if p.country:
            counts[p.country] += p.mentions
            via.setdefault(p.country, set()).add("place")
    # A listed organisation's country only adds to one the article names: 'Congress' in a story from
    # Bhopal is India's party, not the US Congress.
    for e in entities:
        code = entity_country(e, place_names)
        if code and code.iso2 in counts and entity_country(e, place_names, listed=False) is None:
            counts[code.iso2] += e.mentions
            via[code.iso2].add("organization")
    out = []
    for iso2, n in counts.most_common():
        code = by_iso2(iso2)
        if code:
            out.append(Country(iso2=code.iso2, iso3=code.iso3, name=code.name, mentions=n,
                               via=sorted(via[iso2])))
    return out
