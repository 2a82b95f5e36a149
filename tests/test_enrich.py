"""Enrich stage on the seed: countries, places, keywords, summary, tone, versions."""


def test_countries_from_names_and_demonyms(seed_article):
    countries = {c.iso2: c for c in seed_article.countries}
    assert {"AZ", "IT"} <= set(countries)
    assert countries["AZ"].iso3 == "AZE" and countries["IT"].iso3 == "ITA"
    assert "demonym" in countries["IT"].via


def test_baku_has_coordinates(seed_article):
    baku = next(p for p in seed_article.places if p.name == "Baku")
    assert abs(baku.lat - 40.4) < 0.1 and abs(baku.lon - 49.9) < 0.1
    assert baku.country == "AZ" and baku.geonames_id == 587084


def test_keywords_summary_tone(seed_article):
    assert 3 <= len(seed_article.keywords) <= 10
    names = {e.name.lower() for e in seed_article.entities}
    assert not {k.text.lower() for k in seed_article.keywords} & names
    assert 2 <= len(seed_article.summary) <= 3
    assert all(s in seed_article.body for s in seed_article.summary)
    assert seed_article.sentiment.positive > seed_article.sentiment.negative


def test_processing_records_versions(seed_article):
    models = seed_article.processing.models
    assert models["ner_model"].endswith("3.8.0")
    assert models["sentiment"].startswith("vaderSentiment-")
    assert set(seed_article.processing.stage_ms) == {"parse", "tag", "enrich"}
