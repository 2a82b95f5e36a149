"""People's roles, quotations and events, on the seed and on small written cases."""

from worker.pipeline import run_pipeline

HEADER = " date 2025-03-03 3 March 2025 11:20 (UTC+04:00)\n\nAnna Petrova\n\n"


def _person(article, name):
    return next(e for e in article.entities if e.type == "PERSON" and e.name == name)


def test_seed_roles(seed_article):
    valiyev = _person(seed_article, "Karim Valiyev")
    assert valiyev.role.title == "Colonel General"
    assert valiyev.role.position == ("First Deputy Minister of Defense and Chief of the General Staff "
                                     "of the Azerbaijani Army")
    assert valiyev.role.affiliation_country == "AZ" and valiyev.country == "AZ"
    portolano = _person(seed_article, "Luciano Portolano")
    assert portolano.role.title == "General"
    assert portolano.role.affiliation_country == "IT"


def test_seed_meeting_event(seed_article):
    meetings = [e for e in seed_article.events if e.type == "meeting" and e.place == "Baku"]
    assert meetings, seed_article.events
    meeting = meetings[0]
    assert {"Karim Valiyev", "Luciano Portolano"} <= set(meeting.actors)
    assert set(meeting.countries) == {"AZ", "IT"}
    assert meeting.date == "2025-07-24" and meeting.cameo == "040"
    assert "Azernews" not in meeting.actors
    assert meeting.sentence in seed_article.body


def test_quotes_have_speakers_and_verbs(message_for):
    text = HEADER + (
        "Georgian Foreign Minister Nino Kapanadze met Pieter Van Dijk, a senior envoy of the "
        "European Commission, in Tbilisi on Monday.\n\n"
        "\u201cWe have agreed to return to regular meetings,\u201d Kapanadze told reporters.\n\n"
        "Van Dijk said: \u201cThe door remains open for further steps.\u201d"
    )
    article = run_pipeline(message_for(text))
    quotes = {q.speaker: q for q in article.quotes}
    assert quotes["Nino Kapanadze"].verb == "told"
    assert quotes["Pieter Van Dijk"].text.startswith("The door remains open")
    kapanadze = _person(article, "Nino Kapanadze")
    assert kapanadze.role.title == "Foreign Minister" and kapanadze.role.affiliation_country == "GE"
    envoy = _person(article, "Pieter Van Dijk")
    assert envoy.role.position == "senior envoy of the European Commission"
    meeting = next(e for e in article.events if e.type == "meeting")
    assert meeting.date == "2025-03-03" and meeting.place == "Tbilisi"
    for quote in article.quotes:
        assert article.body[quote.start:quote.end] == quote.text


def test_signing_and_exercise_events(message_for):
    text = HEADER + (
        "Azerbaijan and Turkey signed a memorandum on energy cooperation in Baku on Friday.\n\n"
        "Troops of both countries began joint military exercises near Kars, the Turkish Ministry "
        "of National Defense said."
    )
    kinds = {e.type: e for e in run_pipeline(message_for(text)).events}
    assert kinds["agreement"].cameo == "057" and kinds["agreement"].date == "2025-02-28"
    assert kinds["exercise"].cameo == "150"


def test_non_english_skips_english_steps(message_for):
    from tests.helpers import ROOT

    path = next((ROOT / "tests" / "data" / "labelled").glob("041_*.txt"))
    article = run_pipeline(message_for(path))
    assert article.language == "fr"
    assert article.events == [] and article.topics == []
    assert article.keywords == [] and article.sentiment is None
    assert any(w.startswith("skipped enrich:topics") for w in article.warnings)
    assert article.paragraphs and article.published_at is not None
