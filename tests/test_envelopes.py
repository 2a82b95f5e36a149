"""JSON envelopes from other systems (news APIs, feeds, extractors) are mapped onto ours, not refused."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from worker.errors import EmptyInputError
from worker.queue.producer import make_message
from worker.stages.parse import parse

BODY = ("The ministers of Italy and Azerbaijan met in Baku on Monday to discuss energy trade. "
        "They agreed to expand cooperation in gas transport and renewable power.")


def _parse(document: dict[str, object]):  # type: ignore[no-untyped-def]
    return parse(make_message("api.json", "json", json.dumps(document).encode(), 10**7))


def test_a_newsapi_article_is_mapped() -> None:
    parsed = _parse({"source": {"id": "ap", "name": "Associated Press"}, "author": "Jane Doe and John Roe",
                     "title": "Ministers meet", "description": "Short summary.", "url": "https://x.test/a",
                     "urlToImage": "https://x.test/a.jpg", "publishedAt": "2025-06-10T12:30:00Z",
                     "content": BODY})
    assert parsed.body == BODY  # content wins over the description
    assert parsed.title == "Ministers meet" and parsed.authors == ["Jane Doe", "John Roe"]
    assert parsed.published_at == datetime(2025, 6, 10, 12, 30, tzinfo=UTC)
    assert parsed.source.outlet == "Associated Press" and parsed.source.url == "https://x.test/a"
    assert parsed.source.extra == {"urlToImage": "https://x.test/a.jpg", "description": "Short summary."}
    assert any("source.extra" in w and "urlToImage" in w for w in parsed.warnings)
    methods = {p.field: p.method for p in parsed.provenance}
    assert methods["envelope.text"] == "envelope:content"
    assert methods["envelope.published_at"] == "envelope:publishedAt"


def test_an_rss_item_keeps_its_offset() -> None:
    parsed = _parse({"title": "Ministers meet", "link": "https://x.test/b", "body": BODY,
                     "pubDate": "Tue, 10 Jun 2025 16:30:00 +0400", "dc:creator": ["Akbar Novruz"],
                     "source_name": "Azernews", "lang": "en-GB"})
    assert parsed.published_at == datetime(2025, 6, 10, 16, 30, tzinfo=timezone(timedelta(hours=4)))
    assert parsed.authors == ["Akbar Novruz"] and parsed.source.outlet == "Azernews"
    assert parsed.language == "en" and parsed.source.extra is None


def test_epoch_dates_and_language_names() -> None:
    parsed = _parse({"text": BODY, "published": 1749558600, "language": "english"})
    assert parsed.published_at == datetime(2025, 6, 10, 12, 30, tzinfo=UTC)
    assert parsed.language == "en"


def test_unusable_values_are_kept_not_lost() -> None:
    parsed = _parse({"text": BODY, "date": "sometime last week", "rating": 5})
    assert parsed.published_at is None
    assert parsed.source.extra == {"date": "sometime last week", "rating": 5}


@pytest.mark.parametrize("document", [{"title": "Only a title"}, {"txt": BODY}, {"content": ["a"]}])
def test_an_envelope_without_usable_text_is_refused_by_name(document: dict[str, object]) -> None:
    with pytest.raises(EmptyInputError, match="no usable text"):
        _parse(document)


def test_a_dateline_opening_an_envelope_or_a_page_is_read_as_in_plain_text() -> None:
    sent = _parse({"title": "Ministers meet", "text": "BAKU, June 9 (Trend) - " + BODY,
                   "publishedAt": "2025-06-10T12:30:00+04:00"})
    assert sent.body == BODY and sent.dateline_place == "Baku" and sent.attributions == ["Trend"]
    assert sent.published_at == datetime(2025, 6, 10, 8, 30, tzinfo=UTC)  # the sender's date wins
    undated = _parse({"title": "Ministers meet", "text": "BAKU, 9 June 2025 (Trend) - " + BODY})
    assert undated.published_at is not None and undated.published_at.date().isoformat() == "2025-06-09"
    page = (f"<html><head><title>Ministers meet</title></head><body><article><h1>Ministers meet</h1>"
            f"<p>ROME (ANSA) — {BODY}</p><p>Officials said the next round of talks would follow in the "
            f"autumn, after the summer recess of both parliaments.</p></article></body></html>")
    parsed = parse(make_message("page.html", "html", page.encode(), 10**7))
    assert parsed.dateline_place == "Rome" and "ANSA" in parsed.attributions
    assert parsed.body.startswith("The ministers of Italy")


def test_a_feed_text_that_keeps_its_byline_date_and_credits_gives_them_and_loses_them_from_the_body() -> None:
    text = f"By Ann Okafor | March 5, 2024 2:14 PM EST\n\n{BODY}\n\n(Reporting by Tom Baker; Editing by Li Wei)"
    parsed = _parse({"title": "Ministers meet", "text": text, "source": "feed"})
    assert parsed.authors == ["Ann Okafor", "Tom Baker"]
    assert parsed.published_at == datetime(2024, 3, 5, 14, 14, tzinfo=timezone(timedelta(hours=-5)))
    assert parsed.body == BODY
    # What the sender states wins over what its text prints; the printed lines still leave the body.
    parsed = _parse({"title": "Ministers meet", "text": text, "author": "Jane Doe",
                     "publishedAt": "2025-06-10T12:30:00Z"})
    assert parsed.authors == ["Jane Doe"] and parsed.published_at == datetime(2025, 6, 10, 12, 30, tzinfo=UTC)
    assert parsed.body == BODY
