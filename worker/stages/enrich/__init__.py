"""Enrich stage: link countries and places, then topics, keywords, summary and tone."""

from collections import Counter
from functools import cache

from schemas.models import Entity
from worker.documents import Enriched, Tagged
from worker.stages.enrich.events import find_events
from worker.stages.enrich.geo import collect_countries, entity_country, link_places
from worker.stages.enrich.keywords import KEYWORDS_VERSION, KeywordExtractor
from worker.stages.enrich.multilingual import enrich_other_language
from worker.stages.enrich.quotes import find_quotes
from worker.stages.enrich.text import VADER_VERSION, TextEnricher, summarise
from worker.stages.enrich.topics import TopicClassifier
from worker.stages.gazetteer import SOURCE as GAZETTEER_SOURCE
from worker.stages.gazetteer import Gazetteer, Regions, get_gazetteer, get_regions
from worker.stages.tag.model import load_model


class Enricher:
    """Built once per process: gazetteer, topic patterns, keyword word lists and VADER."""

    def __init__(self, gazetteer: Gazetteer, regions: Regions) -> None:
        self.gazetteer = gazetteer
        self.regions = regions
        self.text = TextEnricher()
        self.keywords = KeywordExtractor.for_model(load_model())
        self.topics = TopicClassifier()
        self.models = {"gazetteer": GAZETTEER_SOURCE, "keywords": KEYWORDS_VERSION,
                       "sentiment": VADER_VERSION, "topics": self.topics.version}

    def __call__(self, tagged: Tagged) -> Enriched:
        parsed = tagged.parsed
        if parsed.language != "en":
            return enrich_other_language(tagged)
        context: Counter[str] = Counter()
        for e in tagged.entities:
            if code := entity_country(e, listed=False):  # what the article names, not our list
                context[code.iso2] += e.mentions
        places, place_countries = link_places(tagged.entities, self.gazetteer, self.regions, context,
                                              parsed.dateline_place, parsed.dateline)
        entities = [_with_country(e, place_countries) for e in tagged.entities]
        summary = summarise(parsed.body, tagged.sentences, entities)
        keywords = self.keywords(parsed, tagged.sentences, entities)
        countries = collect_countries(entities, places)
        published = parsed.published_at.date() if parsed.published_at else None
        return Enriched(
            tagged=tagged, entities=entities, countries=countries, places=places,
            quotes=find_quotes(parsed.body, entities),
            events=find_events(parsed.body, tagged.sentences, entities, countries, places, published,
                               parsed.dateline_place, parsed.attributions),
            topics=self.topics.classify(parsed.body, parsed.title),
            keywords=keywords,
            summary=summary,
            sentiment=self.text.sentiment(parsed.body, summary),
            models=self.models,
        )


def _with_country(entity: Entity, place_countries: dict[str, str]) -> Entity:
    code = entity_country(entity)
    role_country = entity.role.affiliation_country if entity.role else None
    country = code.iso2 if code else role_country or place_countries.get(entity.name)
    return entity.model_copy(update={"country": country}) if country else entity


@cache
def get_enricher() -> Enricher:
    """The process's enricher, built on first use."""
    return Enricher(get_gazetteer(), get_regions())


def enrich(tagged: Tagged) -> Enriched:
    """Link and score a tagged article."""
    return get_enricher()(tagged)
