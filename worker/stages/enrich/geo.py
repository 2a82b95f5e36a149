"""Countries from names, demonyms and places; places linked to the gazetteer with a stated reason."""

import re
from collections import Counter
from functools import cache

from schemas.models import Country, Entity, Place
from worker.stages.countries import CountryCode, by_demonym, by_iso2, by_name
from worker.stages.gazetteer import Gazetteer, GeoPlace
from worker.stages.lexicons import load


def entity_country(entity: Entity) -> CountryCode | None:
    """The country a COUNTRY, NORP or nationally named ORGANIZATION entity belongs to."""
    if entity.type == "COUNTRY":
        return by_name(entity.name)
    if entity.type == "NORP":
        return by_demonym(entity.name)
    if entity.type == "ORGANIZATION":
        listed = _listed_org_countries().get(entity.name)
        if listed:
            return by_iso2(listed)
        for word in entity.name.split():
            code = by_demonym(word) or by_name(word)
            if code:
                return code
    return None


# Without support from the article's countries, a small namesake is more likely wrong than right.
_MIN_UNSUPPORTED_POPULATION = 100_000
# Landmarks keep a place in `places` even without coordinates; seas and regions do not.
LANDMARK = re.compile(
    r"\b(?:Alley|Square|Street|Avenue|Boulevard|Park|Monument|Memorial|Bridge|Palace|Cathedral|"
    r"Mosque|Church|Tower|Stadium|Arena|Airport|Castle|Fortress|Statue|Mausoleum|Gate|Plaza|"
    r"Torch|Colosseum|Kremlin)\b"
)


@cache
def _listed_org_countries() -> dict[str, str]:
    orgs = load("organizations")["organizations"]
    return {n: o["country"] for o in orgs if o.get("country") for n in (o["name"], *o.get("aliases", []))}


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


def link_places(
    entities: list[Entity], gazetteer: Gazetteer, context: Counter[str], dateline: str | None = None
) -> tuple[list[Place], dict[str, str]]:
    """A Place per linkable PLACE entity and the dateline place; entity name -> country.

    Regions, seas and continents stay PLACE entities but are not `places`: they have no point.
    """
    places = []
    countries: dict[str, str] = {}
    names = {e.name for e in entities}
    if dateline and dateline not in names:
        entities = [*entities, Entity(name=dateline, type="PLACE", mentions=1, first_offset=0,
                                      in_lead=True, salience=0.5, confidence=0.9)]
    for e in entities:
        if e.type != "PLACE":
            continue
        candidates = gazetteer.lookup(e.name)
        chosen = choose(candidates, context) if candidates else None
        if chosen is None:
            if LANDMARK.search(e.name):
                places.append(Place(name=e.name, mentions=e.mentions,
                                    resolution="landmark or facility; not in the gazetteer"))
            continue
        best, reason = chosen
        countries[e.name] = best.country
        places.append(Place(
            name=best.name, country=best.country, lat=best.lat, lon=best.lon,
            geonames_id=best.geonames_id, admin1=best.admin1, feature_class="P",
            population=best.population, mentions=e.mentions, resolution=reason,
        ))
    return places, countries


def collect_countries(entities: list[Entity], places: list[Place]) -> list[Country]:
    """Countries with mention counts and how they were found (name, demonym, organisation, place)."""
    counts: Counter[str] = Counter()
    via: dict[str, set[str]] = {}
    for e in entities:
        code = entity_country(e)
        if code:
            counts[code.iso2] += e.mentions
            via.setdefault(code.iso2, set()).add(
                {"COUNTRY": "name", "NORP": "demonym"}.get(e.type, "organization"))
    for p in places:
        if p.country:
            counts[p.country] += p.mentions
            via.setdefault(p.country, set()).add("place")
    out = []
    for iso2, n in counts.most_common():
        code = by_iso2(iso2)
        if code:
            out.append(Country(iso2=code.iso2, iso3=code.iso3, name=code.name, mentions=n,
                               via=sorted(via[iso2])))
    return out
