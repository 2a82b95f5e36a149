"""Parse on the shapes real news pages take; each fixture is written in our own words, one pattern each."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worker.queue.producer import make_message
from worker.stages.parse import parse

LEAD = ("The regional council approved a new budget for road repairs on Tuesday after a long debate "
        "about the cost of materials and the pace of the work.")
SECOND = ("Members said the first contracts would be signed next month, and that the repairs would "
          "start in the northern districts where the damage is worst.")


def _parse(message_for, text):  # type: ignore[no-untyped-def]
    return parse(message_for(text))


# --- bylines -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "authors", "attributions"), [
    ("By Maria Lopez – Trend:", ["Maria Lopez"], ["Trend"]),
    ("By DANIEL OKAFOR AP Technology Writer", ["Daniel Okafor"], []),
    ("By Tomas Berg | Reuters", ["Tomas Berg"], ["Reuters"]),
    ("Von Lena Krause und Paul Brandt", ["Lena Krause", "Paul Brandt"], []),
    ("By Staff", [], []),
    ("By Azernews", [], ["Azernews"]),
])
def test_byline_shapes(message_for, header, authors, attributions):
    parsed = _parse(message_for, f"Council passes road budget\n\n{header}\n\n{LEAD}\n\n{SECOND}")
    assert parsed.authors == authors
    assert parsed.attributions == attributions
    assert not any(a in parsed.body for a in authors)


def test_byline_then_wire_dateline(message_for):
    text = f"Council passes road budget\n\nBy Hana Sato\n\nOTTAWA (Reuters) - {LEAD}\n\n{SECOND}"
    parsed = _parse(message_for, text)
    assert parsed.authors == ["Hana Sato"] and parsed.attributions == ["Reuters"]
    assert parsed.dateline_place == "Ottawa" and parsed.body.startswith("The regional council")


def test_byline_mixed_with_a_published_time(message_for):
    text = f"Council passes road budget\nBy Hana Sato Published 4:51 PM EDT, June 3, 2024\n{LEAD}\n{SECOND}"
    parsed = _parse(message_for, text)
    assert parsed.authors == ["Hana Sato"]
    assert parsed.published_at.isoformat() == "2024-06-03T16:51:00-04:00"


def test_a_name_alone_under_the_title_is_the_author_but_not_a_headline(message_for):
    parsed = _parse(message_for, f"Council passes road budget\nIrina Volkova\n{LEAD}\n{SECOND}")
    assert parsed.authors == ["Irina Volkova"]
    parsed = _parse(message_for, f"Site News\nRisk Management\n{LEAD}\n{SECOND}")
    assert parsed.authors == []


def test_reporter_credit_and_contact_footers(message_for):
    text = (f"{LEAD}\n\n{SECOND}\n\n(Reporting by Omar Haddad in Amman; Additional reporting by Lea Roux; "
            "Editing by Sam Cole)\n\nTo contact the reporter on this story: Omar Haddad in Amman at "
            "ohaddad@example.com")
    parsed = _parse(message_for, text)
    assert parsed.authors == ["Omar Haddad", "Lea Roux"]
    assert "Reporting by" not in parsed.body and "To contact" not in parsed.body


# --- datelines -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("opening", "place", "attributions"), [
    ("LISBON, May 4 (Lusa) -- ", "Lisbon", ["Lusa"]),
    ("(Reuters) - ", None, ["Reuters"]),
    ("(MENAFN- Trend News Agency) BAKU, Azerbaijan, May 26. ", "Baku", ["Trend News Agency"]),
    ("CHICAGO, June 3, 2024 /PRNewswire/ -- ", "Chicago", ["PR Newswire"]),
    ("HAVANA — ", "Havana", []),
    ("Kochi: ", "Kochi", []),
])
def test_dateline_shapes(message_for, opening, place, attributions):
    parsed = _parse(message_for, f" date 2024-06-03 Council passes road budget\n\n{opening}{LEAD}\n\n{SECOND}")
    assert parsed.dateline_place == place
    assert parsed.attributions == attributions
    assert parsed.body.startswith("The regional council")


def test_a_dateline_agency_is_an_attribution_and_its_city_a_place(message_for):
    parsed = _parse(message_for, f"QUITO, March 2 (AFP) - {LEAD}")
    assert parsed.attributions == ["AFP"] and parsed.dateline_place == "Quito"
    assert parsed.published_at is None  # no year on the page: never guessed


# --- dates and times -----------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "expected", "precision"), [
    ("9 July 2025 15:23 (UTC+04:00)", "2025-07-09T15:23:00+04:00", "minute"),
    ("Politics • 08 October, 2025 • 17:10", "2025-10-08T17:10:00", "minute"),
    ("Published: Oct. 21, 2022 at 2:12 PM EDT | Updated: 30 minutes ago", "2022-10-21T14:12:00-04:00", "minute"),
    ("15:00 JST, December 23, 2022", "2022-12-23T15:00:00+09:00", "minute"),
    ("Updated 26 June 2017", "2017-06-26T00:00:00", "day"),
    ("26 декабря 2025 в 12:37", "2025-12-26T12:37:00", "minute"),
])
def test_date_lines(message_for, header, expected, precision):
    parsed = _parse(message_for, f"Council passes road budget\n{header}\n{LEAD}\n{SECOND}")
    assert parsed.published_at.isoformat() == expected
    assert parsed.date.precision == precision


def test_a_day_and_month_under_the_page_date_takes_its_year(message_for):
    parsed = _parse(message_for, f" date 2025-01-17 17 Jan. 14:30 (UTC+3 MSK)\n\n{LEAD}")
    assert parsed.published_at.isoformat() == "2025-01-17T14:30:00+03:00" and parsed.date.zone == "MSK"


def test_a_published_line_beats_the_site_date(message_for):
    header = "Sunday, March 9, 2025\nNews Code : 4412 | Publish Date :2024/11/2 - 08:15 | Category: WORLD"
    parsed = _parse(message_for, f"{header}\n\nCouncil passes road budget\n{LEAD}")
    assert parsed.published_at.isoformat() == "2024-11-02T08:15:00"


def test_a_time_on_its_own_line_joins_the_date_above(message_for):
    parsed = _parse(message_for, f"August 12th, 2019\n07:30 AM ET\n\nCouncil passes road budget\n\n{LEAD}")
    assert parsed.published_at.isoformat() == "2019-08-12T07:30:00-04:00"


def test_a_month_only_page_date_gives_no_date(message_for):
    parsed = _parse(message_for, f" date 2024-06 {LEAD}\n\n{SECOND}")
    assert parsed.published_at is None and parsed.body.startswith("The regional council")


def test_a_date_in_the_body_is_not_the_publication_date(message_for):
    text = f"Council passes road budget\n\n{LEAD} The last budget passed on 3 May 2021.\n\n{SECOND}"
    assert _parse(message_for, text).published_at is None


# --- layout ----------------------------------------------------------------------------------------

def test_single_newline_paragraphs(message_for):
    parsed = _parse(message_for, f"Council passes road budget\n{LEAD}\n{SECOND}")
    assert parsed.title == "Council passes road budget"
    assert parsed.paragraphs == [LEAD, SECOND]


def test_hard_wrapped_lines_are_joined_into_sentences(message_for):
    wrapped = ("BOSTON — The regional council ap-\nproved a new budget for road repairs\non Tuesday after "
               "a long debate about\nthe cost of materials and the pace of\nthe work, members of the "
               "council said\nin a statement released late in the\nevening after the vote was taken.\n"
               "Officials said contracts would be\nsigned next month.")
    parsed = _parse(message_for, wrapped)
    assert parsed.paragraphs[0].startswith("The regional council approved a new budget for road repairs on")
    assert "ap- proved" not in parsed.body


def test_an_appended_short_line_does_not_swallow_the_article(message_for):
    parsed = _parse(message_for, f"Council passes road budget\n{LEAD}\n{SECOND}\n\nReference number 7.")
    assert parsed.paragraphs[:2] == [LEAD, SECOND]


def test_ui_strings_and_other_script_furniture_stay_out_of_the_body(message_for):
    text = ("Advertisement 1\n\nCouncil passes road budget\n\nArticle content\n\n+ ↺ − 16 px\n\n"
            f"kk-1.jpg\n\n{LEAD}\n\nHide Ad\n\n{SECOND}\n\nRelated news\n\nБюджет принят\n\nOther headline here")
    parsed = _parse(message_for, text)
    assert parsed.paragraphs == [LEAD, SECOND]


def test_a_cookie_banner_is_not_the_lead(message_for):
    banner = ("If you choose not to accept profiling cookies you can subscribe to read all articles "
              "without limits, see our privacy policy and cookie policy for details.")
    parsed = _parse(message_for, f"{banner}\n\nCouncil passes road budget\n\n{LEAD}")
    assert parsed.paragraphs == [LEAD] and parsed.title == "Council passes road budget"


@pytest.mark.parametrize("banner", [
    "This site uses Cookies to improve your visit; by continuing you Accept their use on every page.",
    "Subscribe today for unlimited access to every story we publish and our weekly analysis.",
    "Sign up to our morning Newsletter and receive the five stories you need before work each day.",
    "Please Enable JavaScript in your browser settings to see the comments under this article.",
    "By using this page you agree to our Terms of Use and to the Privacy notice that governs it.",
])
def test_each_kind_of_site_banner_is_not_the_lead(message_for, banner):
    # One banner per alternative of the banner pattern: its cheap word prefilter must let each through.
    parsed = _parse(message_for, f"{banner}\n\nCouncil passes road budget\n\n{LEAD}")
    assert parsed.paragraphs == [LEAD]


def test_text_with_no_prose_is_refused_but_a_short_real_article_is_not(message_for):
    from worker.errors import EmptyInputError

    with pytest.raises(EmptyInputError, match="no prose"):
        _parse(message_for, "Home\n\nShare\n\nFollow\n\n16 px")
    assert _parse(message_for, "Flood closes the main bridge in the old town.").body


# --- attributions ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "expected"), [
    ("The board met on Friday, Kazinform reports.", ["Kazinform"]),
    ("Two people were hurt, the local news website 24.kg said.", ["24.kg"]),
    ("The minister said in an exclusive interview with The Straits Times that talks went well.",
     ["The Straits Times"]),
    ("The satellite reached orbit, the ITAR-TASS news agency said.", ["ITAR-TASS"]),
    ("The plan was announced, according to the central bank.", []),
    ("The plan was announced, the Ministry of Finance said.", []),
    ("Police reported two arrests on Sunday.", []),
    # A paper whose name starts with an article, and "a report by/in X".
    ("The talks failed, according to a report in Le Monde.", ["Le Monde"]),
    ("The talks failed, La Repubblica reported on Sunday.", ["La Repubblica"]),
    ("The talks failed, according to a report by the Financial Times.", ["Financial Times"]),
    ("Growth will slow, according to a report by the World Bank.", []),
])
def test_only_news_outlets_are_attributions(message_for, sentence, expected):
    parsed = _parse(message_for, f"Council passes road budget\n\n{LEAD} {sentence}")
    assert parsed.attributions == expected


# --- hygiene ---------------------------------------------------------------------------------------

def test_bidi_and_zero_width_characters_are_dropped(message_for):
    text = "\u202eBaku\u200b Ilham Aliyev met Giorgia\u2060 Meloni in Rome on Friday to discuss gas."
    parsed = _parse(message_for, text)
    invisible = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u2060\ufeff"
    for field in (parsed.title, parsed.body):
        assert not any(ch in field for ch in invisible)
    assert parsed.body.startswith("Baku Ilham Aliyev met Giorgia Meloni")


# --- properties --------------------------------------------------------------------------------------

PARAGRAPH = st.lists(st.sampled_from(
    ["council", "approved", "budget", "roads", "repairs", "members", "said", "month", "contracts", "north",
     "districts", "damage", "cost", "work", "Tuesday", "Officials", "city"]), min_size=14, max_size=30)


def _text(text: str):  # type: ignore[no-untyped-def]
    return parse(make_message("property.txt", "txt", text.encode(), 10**7))


@settings(max_examples=60, deadline=None)
@given(paragraphs=st.lists(PARAGRAPH, min_size=2, max_size=5), appended=st.sampled_from(
    ["Reference number 7.", "Share", "Ends", "Copyright 2025.", "Photo: city hall"]))
def test_separators_and_an_appended_line_never_change_the_body(paragraphs, appended):
    sentences = [" ".join(words).capitalize() + "." for words in paragraphs]
    base = _text("Council passes road budget\n\n" + "\n\n".join(sentences))
    single = _text("Council passes road budget\n" + "\n".join(sentences))
    extended = _text("Council passes road budget\n" + "\n".join(sentences) + "\n\n" + appended)
    assert single.body.split() == base.body.split()
    words = base.body.split()
    assert extended.body.split() in (words, words + appended.split())
