"""Enrichment of a non-English article: places linked, countries collected, a summary; English-only steps skipped."""

from collections import Counter

from schemas.models import Country, Entity, Place
from worker.documents import Enriched, Tagged
from worker.stages.countries import by_iso2
from worker.stages.enrich.text import summarise
from worker.stages.gazetteer import Region
from worker.stages.i18n.countries import SOURCE as COUNTRIES_SOURCE
from worker.stages.i18n.countries import world_regions
from worker.stages.i18n.names import GIVEN_NAMES, TRANSLITERATION
from worker.stages.i18n.places import SOURCE as PLACES_SOURCE
from worker.stages.i18n.places import locate
from worker.stages.i18n.text import feature_head, key, landmark_head
from worker.stages.tag.multilingual import ner_source

_VIA = {"COUNTRY": "name", "NORP": "demonym", "ORGANIZATION": "organization"}


def enrich_other_language(tagged: Tagged) -> Enriched:
    """Places, countries and entity countries of a non-English article."""
    parsed = tagged.parsed
    lang = parsed.language
    context: Counter[str] = Counter()
    for e in tagged.entities:
        if e.country and e.type in _VIA:
            context[e.country] += e.mentions
    entities = tagged.entities
    if parsed.dateline_place and parsed.dateline_place not in {e.name for e in entities}:
        entities = [*entities, Entity(name=parsed.dateline_place, type="PLACE", mentions=1, first_offset=0,
                                      in_lead=True, salience=0.5, confidence=0.9, labels=["dateline"])]
    found: dict[str, Place] = {}
    # Twice: the countries of the places linked first (regions, large cities) are context for small
    # ones ('Reichertshofen' is in the country of 'Bayern').
    for _ in range(2):
        for e in entities:
            if e.type == "PLACE" and e.name not in found and (place := link(e, lang, context)):
                found[e.name] = place
                if place.country:
                    context[place.country] += 1
    places = list(found.values())
    linked = {name: p.country for name, p in found.items() if p.country}
    entities = [e.model_copy(update={"country": linked[e.name]}) if e.name in linked and not e.country else e
                for e in tagged.entities]
    models = {"ner_model": ner_source(lang), "countries": COUNTRIES_SOURCE, "gazetteer": PLACES_SOURCE,
              "given_names": GIVEN_NAMES, "transliteration": TRANSLITERATION}
    # The summary picks sentences by position and salient entities, which needs no English.
    summary = summarise(parsed.body, tagged.sentences, entities)
    return Enriched(tagged=tagged, entities=entities, countries=collect(entities, places), places=places,
                    topics=[], keywords=[], summary=summary, sentiment=None, models=models)


def link(entity: Entity, lang: str, context: Counter[str]) -> Place | None:
    """The gazetteer entry for a PLACE entity: a city or a region, else a named natural feature."""
    found = locate(key(entity.name), lang, context)
    if isinstance(found, Region):
        return Place(name=found.name, country=found.country, admin1=found.code.split("-", 1)[1],
                     feature_class="A", mentions=entity.mentions,
                     resolution=f"ISO 3166-2 subdivision {found.code} ({found.kind}); no coordinates offline")
    if found:
        city, _, reason = found
        return Place(name=city.name, country=city.country, lat=city.lat, lon=city.lon,
                     geonames_id=city.geonames_id, admin1=city.admin1, feature_class="P",
                     population=city.population, mentions=entity.mentions, resolution=reason)
    head = feature_head(entity.name, lang)
    if head:
        return Place(name=entity.name, mentions=entity.mentions,
                     resolution=f"natural feature ('{head}'); not in the offline gazetteers")
    model = next((label.rsplit(":", 1)[0] for label in entity.labels if label.endswith(":PLACE")
                  and not label.startswith(("fallback:", "lexicon:"))), None)
    if model and key(entity.name) not in world_regions(lang) and landmark_head(entity.name, lang) is None:
        # A model's place the offline data does not know (a village, a river): kept, unlinked.
        return Place(name=entity.name, mentions=entity.mentions,
                     resolution=f"a place by {model}; not in the offline gazetteers")
    return None


def collect(entities: list[Entity], places: list[Place]) -> list[Country]:
    """Countries with mention counts and how they were found (name, demonym, organisation, place)."""
    counts: Counter[str] = Counter()
    via: dict[str, set[str]] = {}
    for e in entities:
        if e.country and e.type in _VIA:
            counts[e.country] += e.mentions
            via.setdefault(e.country, set()).add(_VIA[e.type])
    for p in places:
        if p.country:
            counts[p.country] += p.mentions
            via.setdefault(p.country, set()).add("place")
    return [Country(iso2=code.iso2, iso3=code.iso3, name=code.name, mentions=n, via=sorted(via[iso2]))
            for iso2, n in counts.most_common() if (code := by_iso2(iso2))]
