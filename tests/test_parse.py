"""Parse stage on the seed and on the other header shapes (pure, no broker)."""

from datetime import datetime, timedelta

from worker.stages.parse import article_id, parse

SEED_HEADER = " date 2025-07-24 24 July 2025 13:01 (UTC+04:00)\n\nAkbar Novruz\n\n"
LEAD = ("Azerbaijan and Georgia agreed on Tuesday to expand rail freight, officials said, "
        "Trend reports.\n\nThe second paragraph has more detail about the corridor.")


def test_seed_fields(seed_article):
    assert seed_article.published_at.isoformat() == "2025-07-24T13:01:00+04:00"
    assert seed_article.date.utc.isoformat() == "2025-07-24T09:01:00+00:00"
    assert seed_article.date.precision == "minute"
    assert seed_article.authors == ["Akbar Novruz"]
    assert "Azernews" in seed_article.attributions
    assert seed_article.title_derived is True
    assert seed_article.title.startswith("Azerbaijan has reaffirmed its commitment")
    assert "title derived from the lead" in seed_article.warnings
    assert len(seed_article.paragraphs) == 8
    assert seed_article.word_count == len(seed_article.body.split()) > 300
    assert seed_article.language == "en"


def test_byline_is_not_in_body(seed_article):
    assert "Akbar Novruz" not in seed_article.body
    assert not seed_article.body.startswith("date")


def test_zone_name_and_abbreviated_month(message_for):
    text = " date 2025-01-17 17 Jan. 14:30 (UTC+3 MSK)\n\nIvan Petrov\n\n" + LEAD
    parsed = parse(message_for(text))
    assert parsed.published_at.isoformat() == "2025-01-17T14:30:00+03:00"
    assert parsed.date.zone == "MSK"
    assert parsed.authors == ["Ivan Petrov"]


def test_no_byline_warns(message_for):
    parsed = parse(message_for(" date 2025-03-02 2 March 2025 09:00 (CET)\n\n" + LEAD))
    assert parsed.authors == []
    assert "no byline: authors unknown" in parsed.warnings
    assert parsed.published_at.isoformat() == "2025-03-02T09:00:00+01:00"


def test_same_content_same_id(message_for):
    a = parse(message_for(SEED_HEADER + LEAD))
    b = parse(message_for(SEED_HEADER.replace("Akbar", "Other") + LEAD.replace("  ", " ")))
    assert a.id == b.id == article_id(LEAD.replace("\n\n", " "))


def test_future_date_is_flagged(message_for):
    future = datetime.now().astimezone() + timedelta(days=400)
    header = f" date {future:%Y-%m-%d} {future:%d %B %Y} 10:00 (UTC+00:00)\n\nJane Roe\n\n"
    assert "publication date is later than the time of ingestion" in parse(
        message_for(header + LEAD)).warnings
