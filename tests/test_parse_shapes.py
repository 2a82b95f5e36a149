"""Parse stage on real-world shapes: headers, datelines, bylines, attributions, boilerplate, formats."""

import json

import pytest

from tests.helpers import ROOT
from worker.errors import EmptyInputError, InvalidEnvelopeError, UnsupportedFormatError
from worker.stages.parse import parse
from worker.stages.parse.attributions import find_attributions

LABELLED = ROOT / "tests" / "data" / "labelled"
BODY = ("Officials in Baku and Tbilisi agreed on Tuesday to extend the rail freight corridor, "
        "the ministry said in a statement.\n\nThe second paragraph describes the corridor in detail.")


def parsed_file(message_for, name):
    return parse(message_for(next(LABELLED.glob(f"{name}*.txt"))))


def test_published_by_outlet_is_an_attribution_not_an_author(message_for):
    parsed = parsed_file(message_for, "004_")
    assert parsed.authors == []
    assert "Caspian Daily" in parsed.attributions
    assert parsed.published_at.isoformat() == "2025-03-02T00:00:00"
    assert parsed.date.precision == "day"
    assert "publication date has no UTC offset" in parsed.warnings


def test_widget_junk_on_the_header_is_ignored(message_for):
    parsed = parsed_file(message_for, "005_")
    assert parsed.published_at.isoformat() == "2025-05-26T10:15:00+04:00"
    assert parsed.authors == ["Samira Huseynova"]
    assert "px" not in parsed.title and "↺" not in parsed.body


def test_title_on_the_header_line_and_staff_writer(message_for):
    parsed = parsed_file(message_for, "006_")
    assert parsed.title.startswith("Rome Marathon Draws Record Field")
    assert parsed.title_derived is False
    assert parsed.authors == ["Giulia Rossi"]


def test_dateline_on_the_header_line(message_for):
    parsed = parsed_file(message_for, "015_")
    assert parsed.dateline_place == "Rome"
    assert parsed.published_at.isoformat() == "2025-04-08T11:05:00+02:00"
    assert parsed.body.startswith("Italian energy company Eni")


def test_no_header_first_line_is_the_title(message_for):
    parsed = parsed_file(message_for, "019_")
    assert parsed.title == "Kenyan Police and Interpol Arrest Suspected Ivory Traffickers"
    assert parsed.authors == ["Grace Wanjiru", "Peter Otieno"]
    assert parsed.published_at is None and "no publication date found" in parsed.warnings


def test_outlet_byline_and_dateline_tag(message_for):
    parsed = parsed_file(message_for, "003_")
    assert parsed.authors == []
    assert parsed.attributions == ["Trend"]
    assert parsed.dateline_place == "Tbilisi"
    assert parsed.published_at.isoformat() == "2025-03-03T11:20:00+04:00"


def test_dateline_date_resolves_against_the_header_year(message_for):
    text = f" date 2024-05-26 Published by\nTrend\n\nBAKU, Azerbaijan, May 26. {BODY}"
    parsed = parse(message_for(text))
    assert parsed.dateline == "BAKU, Azerbaijan, May 26"
    assert parsed.dateline_place == "Baku"
    # With no year anywhere on the page the date is unknown: a year is never guessed.
    text = f"Rail corridor extended\n\nBAKU, Azerbaijan, May 26. {BODY}"
    parsed = parse(message_for(text))
    assert parsed.dateline_place == "Baku" and parsed.published_at is None
    text = f"Rail corridor extended\n\nBAKU, Azerbaijan, May 26, 2024. {BODY}"
    parsed = parse(message_for(text))
    assert parsed.date.origin == "dateline" and parsed.published_at.isoformat() == "2024-05-26T00:00:00"


def test_body_event_date_is_not_the_publication_date(message_for):
    text = (" date 2025-03-02 2 March 2025 09:00 (UTC+01:00)\n\nAnna Petrova\n\n"
            "On January 17, the two sides first met in Vienna. " + BODY)
    parsed = parse(message_for(text))
    assert parsed.published_at.isoformat() == "2025-03-02T09:00:00+01:00"
    assert parsed.date.origin == "header"


@pytest.mark.parametrize(("byline", "authors"), [
    ("By Anna Petrova and John Miller", ["Anna Petrova", "John Miller"]),
    ("Anna Petrova, John Miller", ["Anna Petrova", "John Miller"]),
    ("Anna Petrova, Staff Writer", ["Anna Petrova"]),
    ("Mehmet Yilmaz\nEmail the author", ["Mehmet Yilmaz"]),
    ("Алексей Иванов", ["Алексей Иванов"]),
    ("By Newser Editors and Wire Services", []),  # desks in the plural are no authors
    ("By Staff and Wire Reports", []),
    ("Anna Petrova @apetrova", ["Anna Petrova"]),  # a social-media handle after the name
    ("Story: Anna Petrova", ["Anna Petrova"]),  # a label with a colon
    ("By Dr. Anna Petrova", ["Anna Petrova"]),  # an honorific is no part of the name
    ("Posted by Anna Petrova on March 2, 2025", ["Anna Petrova"]),  # "on" and the date end the name
    # What the reporter is, in the article's language, follows the name; so do the wires it drew on.
    ("Par Anna Petrova, envoyée spéciale à Kiev", ["Anna Petrova"]),
    ("di Anna Petrova, inviata a Kiev", ["Anna Petrova"]),
    ("Автор: Анна Петрова, корреспондент", ["Анна Петрова"]),
    ("Por Anna Petrova, com agências", ["Anna Petrova"]),
])
def test_bylines(message_for, byline, authors):
    parsed = parse(message_for(f" date 2025-03-02 2 March 2025 09:00 (CET)\n\n{byline}\n\n{BODY}"))
    assert parsed.authors == authors


def test_a_wire_in_capitals_gets_its_usual_spelling(message_for):
    parsed = parse(message_for(f"Rail corridor extended\n\nMADRID, 5 Mar. (EUROPA PRESS) - {BODY}"))
    assert parsed.attributions == ["Europa Press"]


@pytest.mark.parametrize("line", ["La rédaction avec AFP", "Le Monde avec AFP", "Par Anna Petrova avec AFP"])
def test_a_newsroom_line_naming_its_wire_gives_the_wire(message_for, line):
    parsed = parse(message_for(f"Rail corridor extended\n\n{line}\n\n{BODY}"))
    assert parsed.attributions == ["AFP"] and "AFP" not in parsed.body


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The talks ended on Monday, Azernews reports.", ["Azernews"]),
    # Only news outlets are attributions; a ministry or committee is the source of a statement.
    ("Trend informs citing the State Customs Committee that exports rose.", ["Trend"]),
    ("The figures were first reported by Interfax on Monday.", ["Interfax"]),
    ("Two drills were held, according to the Turkish Ministry of Defense.", []),
    ("The deputy minister told Report that talks would resume.", ["Report"]),
    ("Strikes will continue into next week, dpa reports.", ["dpa"]),
    ("Hotels in the Black Sea city of Batumi reported near-full occupancy.", []),
    ("The minister said the talks were constructive, according to Colonel Aliyev.", []),
    # A capitalised word opening the sentence before "reports"/"writes" is no outlet.
    ("News reports suggested the talks had stalled before the weekend.", []),
    ("Quarterly Reports showed exports rising for the third month.", []),
    # A wire's code closing the story.
    ("The state government announced relief for farmers on Friday. (ANI)", ["ANI"]),
    ("The midfielder joined the club for an undisclosed fee. - REUTERS", ["Reuters"]),
    ("Thousands rallied on Friday, state-run BSS reported, and the vote was called fair.-UNB", ["BSS", "UNB"]),
    # Agencies after a preposition, an inverted verb or a source label, in several languages.
    ("NAN gathered that the two suspects had fled the village before dawn.", ["NAN"]),
    ("Talks will resume next week, says Reuters news agency.", ["Reuters"]),
    ("Le bilan s'est alourdi, a indiqué à l'AFP le procureur de la ville.", ["AFP"]),
    ("Il bilancio è salito a tre morti, ha detto il sindaco all'ANSA.", ["ANSA"]),
    ("El acuerdo se firmó ayer, según informó EFE.", ["EFE"]),
    ("Das Treffen wurde verschoben, wie die Nachrichtenagentur dpa meldet.", ["dpa"]),
    ("The river burst its banks overnight and flooded two villages.\n\nSource : Agence Xinhua", ["Xinhua"]),
    ("She flew to Paris on a Boeing jet with a delegation of ministers.", []),
    # National agencies beyond the big wires (names from Wikipedia's list of news agencies).
    ("The two ministers met in Bern on Monday, Keystone-SDA reported.", ["Keystone-SDA"]),
    ("Il vertice è stato rinviato, secondo quanto apprende l'Adnkronos.", ["Adnkronos"]),
])
def test_attribution_patterns(message_for, sentence, expected):
    parsed = parse(message_for(f" date 2025-03-02 2 March 2025 09:00 (CET)\n\nAnna Petrova\n\n{sentence}"))
    assert parsed.attributions == expected


def test_latest_news_block_is_removed_and_recorded(message_for):
    parsed = parsed_file(message_for, "008_")
    assert "Latest news" in parsed.removed_boilerplate
    assert "Share on Facebook" not in parsed.body and "Snowstorm disrupts" not in parsed.body
    assert any("Snowstorm disrupts" in item for item in parsed.removed_boilerplate)


def test_boilerplate_never_cuts_a_real_paragraph(message_for):
    long = ("Read more about the new budget: the finance ministry said spending on schools, "
            "hospitals and roads would rise by a fifth next year, with most of the money going to "
            "regions hit by last spring's floods, and that the deficit would stay below three percent.")
    text = f" date 2025-03-02 2 March 2025 09:00 (CET)\n\nAnna Petrova\n\n{BODY}\n\nRead more\n\n{long}"
    parsed = parse(message_for(text))
    assert long in parsed.paragraphs
    for path in LABELLED.glob("*.txt"):
        for removed in parse(message_for(path)).removed_boilerplate:
            assert len(removed.split()) <= 40, (path.name, removed)


def test_trailing_outlet_signoff(message_for):
    parsed = parsed_file(message_for, "013_")
    assert "Caspian News" in parsed.attributions
    assert not parsed.paragraphs[-1].startswith("Caspian News")


def test_json_envelope_keeps_its_fields(message_for):
    path = next(LABELLED.glob("035_*.json"))
    parsed = parse(message_for(path))
    envelope = json.loads(path.read_text())
    assert parsed.published_at.isoformat() == envelope["published_at"]
    assert parsed.authors == envelope["authors"] and parsed.title == envelope["title"]
    assert parsed.source.url == envelope["url"] and parsed.source.outlet == "nilewire-en"
    assert parsed.source.format == "json"


def test_html_page_through_trafilatura(message_for):
    parsed = parse(message_for(next(LABELLED.glob("038_*.html"))))
    assert parsed.source.format == "html"
    assert parsed.published_at is not None and parsed.published_at.tzinfo is not None
    assert parsed.authors and parsed.title
    assert "<" not in parsed.body


def test_an_html_page_without_date_or_author_metadata_gives_the_ones_it_prints(message_for):
    paragraphs = "".join(f"<p>{p} Officials said the work would start in spring and end within two years.</p>"
                         for p in BODY.split("\n\n"))
    menu = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(60))  # a long site menu
    page = (f"<html><head><title>Rail corridor extended</title></head><body><nav><ul>{menu}</ul></nav>"
            "<article><h1>Rail corridor extended</h1><div class='meta'>By Ann Okafor | Published 2:14 PM EST, "
            f"March 5, 2024</div>{paragraphs}</article></body></html>")
    parsed = parse(message_for(page, fmt="html", name="page.html"))
    assert parsed.published_at.isoformat() == "2024-03-05T14:14:00-05:00" and parsed.date.origin == "header"
    assert parsed.authors == ["Ann Okafor"] and "Okafor" not in parsed.body


@pytest.mark.parametrize(("payload", "fmt", "error"), [
    ('{"title": "x"', "json", InvalidEnvelopeError),
    ('{"title": "x", "text": ""}', "json", EmptyInputError),
    ('[1, 2]', "json", InvalidEnvelopeError),
    ('{"text": "hello", "authors": "not a list"}', "json", EmptyInputError),
    ('{"text": "hello there, this is a longer text", "url": "' + "x" * 5000 + '"}', "json",
     InvalidEnvelopeError),
    ("some bytes", "unknown", UnsupportedFormatError),
    ("<html><body><nav>menu</nav></body></html>", "html", EmptyInputError),
])
def test_bad_input_gets_a_clear_error(message_for, payload, fmt, error):
    with pytest.raises(error) as info:
        parse(message_for(payload, fmt=fmt))
    assert str(info.value)


def test_non_english_is_parsed_with_its_language(message_for):
    parsed = parsed_file(message_for, "041_")
    assert parsed.language == "fr"
    assert parsed.published_at.isoformat() == "2025-03-14T10:30:00+01:00"


def test_every_parsed_field_has_provenance(seed_article):
    fields = {p.field for p in seed_article.provenance}
    assert {"published_at", "authors", "title", "language", "attributions"} <= fields
    assert all(0 <= p.confidence <= 1 and p.method for p in seed_article.provenance)


def test_a_city_alone_above_the_date_is_the_dateline(message_for):
    text = ("Geneva\n\n3 March 2021\n\nStatement by the spokesperson on the flooding in the river valley\n\n"
            + BODY + "\n")
    parsed = parse(message_for(text))
    assert parsed.dateline_place == "Geneva"
    assert parsed.published_at.date().isoformat() == "2021-03-03"
    assert not parsed.body.startswith("Geneva")


def test_a_capitals_headline_is_not_joined_to_a_dateline_wrapped_after_its_comma(message_for):
    text = ("ACME TOOLS\nREPORTS THIRD QUARTER RESULTS FOR FISCAL 2019\nDenver,\nCO, October 9, 2019 – Acme\n"
            "Tools Inc., a maker of hand tools, today announced results for\nthe quarter ended September 30, "
            "2019. Revenue rose to $12.4\nmillion from $11.9 million a year earlier, and the company said\n"
            "its order book for the fourth quarter was the largest in its\nhistory. The company will hold a "
            "call with analysts on\nThursday to discuss the results and its plans for a new plant\n"
            "in the southern part of the state.\n")
    parsed = parse(message_for(text))
    assert parsed.dateline_place == "Denver"
    assert parsed.published_at.date().isoformat() == "2019-10-09"
    assert parsed.body.startswith("Acme Tools Inc.")


def test_a_month_only_page_prefix_gives_a_dateline_its_year(message_for):
    text = f" date 2019-12\n\nRail corridor extended\n\nTBILISI, Dec 3 (Reuters) - {BODY}"
    parsed = parse(message_for(text))
    assert parsed.published_at.isoformat() == "2019-12-03T00:00:00"
    assert parsed.date.origin == "dateline" and "Reuters" in parsed.attributions


@pytest.mark.parametrize(("header", "expected"), [
    ("Updated: Feb 9, 2022, 21:14:37 IST", "2022-02-09T21:14:00+05:30"),  # seconds before the zone
    ("Published 14 March,2021 09:20 pm", "2021-03-14T21:20:00"),  # no space after the comma
    ("08 Nis 2016 10:45 Son Güncelleme: 09 Nis 2016 08:00", "2016-04-08T10:45:00"),  # Turkish short months
    ("14 Mart 2023 Salı 09:30 - Güncelleme: 14 Mart 2023 10:00", "2023-03-14T09:30:00"),  # weekday before the time
    ("Publié le 12 mars 2024 à 10h15", "2024-03-12T10:15:00"),  # French and Portuguese hours
    ("Veröffentlicht am 12.03.2024 um 10.15 Uhr", "2024-03-12T10:15:00"),
    ("Published: March 3, 2024 12:30 BdST", "2024-03-03T12:30:00+06:00"),  # Bangladesh Standard Time
    ("Updated 01-Dec-2024 10:30 IST", "2024-12-01T10:30:00+05:30"),  # day-month-year with dashes
    ("2024-03-05T14:22:00+01:00", "2024-03-05T14:22:00+01:00"),  # ISO 8601 with its offset
    ("2024-07-05T14:22Z", "2024-07-05T14:22:00+00:00"),
    ("05 Mar 2024 14:22 +0100", "2024-03-05T14:22:00+01:00"),  # a numeric offset after the time
    ("First published on Tue 5 Mar 2024 14.22 GMT", "2024-03-05T14:22:00+00:00"),  # a dot before a zone
    ("Mar 5, 2024 1422 GMT", "2024-03-05T14:22:00+00:00"),  # the wires' four-digit time
    ("Updated 2:14 PM ET, Tue March 5, 2024", "2024-03-05T14:14:00-05:00"),  # a short weekday between
    ("Posted: March 5, 2024 @ 2:14 pm", "2024-03-05T14:14:00"),
    ("5 March 2024 14:22 (Moscow time)", "2024-03-05T14:22:00+03:00"),  # a city's clock, summer time included
    ("5 July 2024, 19:35 Kyiv time", "2024-07-05T19:35:00+03:00"),
    ("5 July 2024 19:35 local time", "2024-07-05T19:35:00"),  # no city: no offset is guessed
    ("Published on March 5, 2024 | 14:22 hrs IST", "2024-03-05T14:22:00+05:30"),  # "hrs" before the zone
    ("3/5/2024 2:14 PM ET", "2024-03-05T14:14:00-05:00"),  # a US zone: the month comes first
    ("5/3/2024 14:22 CET", "2024-03-05T14:22:00+01:00"),  # elsewhere the day does
    ("Date: 5 March 2024\nTime: 14:22 GMT", "2024-03-05T14:22:00+00:00"),  # a labelled time on its own line
    ("5 марта 2024 года, 14:22 (МСК)", "2024-03-05T14:22:00+03:00"),  # a year word, Moscow time in Russian
    ("5 марта 2024, 14:22 по Москве", "2024-03-05T14:22:00+03:00"),
    ("5 березня 2024 р., 14:22", "2024-03-05T14:22:00"),  # Ukrainian months
    ("5 mars 2024 à 14h22 (heure de Paris)", "2024-03-05T14:22:00+01:00"),  # a city's clock in French
    ("2024年3月5日 14:22", "2024-03-05T14:22:00"),  # Chinese and Japanese year-month-day
    ("14:22 GMT\n5 March 2024", "2024-03-05T14:22:00+00:00"),  # the time on the line above the date
    ("5 March 2024 14:22 IRST", "2024-03-05T14:22:00+03:30"),  # more zones: Iran, Newfoundland, Hawaii
    ("5 March 2024 14:22 NST", "2024-03-05T14:22:00-03:30"),
    ("Mar 5, 2024 9:00 a.m. HST", "2024-03-05T09:00:00-10:00"),
    ("Updated 6 March 2024 09:00 GMT | Published 5 March 2024 14:22 GMT", "2024-03-05T14:22:00+00:00"),
])
def test_header_date_shapes(message_for, header, expected):
    parsed = parse(message_for(f"Rail corridor extended\n\n{header}\n\n{BODY}"))
    assert parsed.published_at.isoformat() == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Story by Ann Okafor • 5 March 2024 • 2 min read", "2024-03-05T00:00:00"),  # a byline carrying the date
    ("Ann Okafor, Staff Writer | March 5, 2024 2:14 PM", "2024-03-05T14:14:00"),  # a date line carrying the byline
    ("March 5, 2024 | Ann Okafor", "2024-03-05T00:00:00"),
])
def test_a_byline_and_a_date_on_one_line_give_both(message_for, line, expected):
    parsed = parse(message_for(f"Rail corridor extended\n\n{line}\n\n{BODY}"))
    assert parsed.published_at.isoformat() == expected and parsed.authors == ["Ann Okafor"]
    assert "Ann Okafor" not in parsed.body


def test_a_time_stamp_at_the_foot_completes_the_page_date_but_an_update_does_not(message_for):
    story = "\n\n".join([BODY] * 5)  # the stamp is below the top of the page
    parsed = parse(message_for(f" date 2019-01-10 Rail corridor extended\n\n{story}\n\n"
                               "First Published on Jan 10, 2019 11:00 am\n"))
    assert parsed.published_at.isoformat() == "2019-01-10T11:00:00"
    parsed = parse(message_for(f" date 2019-01-10 Rail corridor extended\n\n{story}\n\n"
                               "Last Updated on Jan 10, 2019 11:00 am\n"))
    assert parsed.published_at.isoformat() == "2019-01-10T00:00:00" and parsed.date.precision == "day"


def test_a_colon_alone_after_french_spacing_is_no_crash(message_for):
    text = f"Hausse discrète\n\nÉlections 2022 : la participation en hausse\n\n : \n\n{BODY}"
    parsed = parse(message_for(text))
    assert parsed.body.startswith("Officials in Baku")


def test_a_time_before_the_date_joined_by_on_and_a_slashed_wire_after_a_dateline(message_for):
    parsed = parse(message_for(f"Rail corridor extended\n\nPosted 4:10 p.m. on Mar 2, 2021\n\n{BODY}"))
    assert parsed.published_at.isoformat() == "2021-03-02T16:10:00"
    parsed = parse(message_for(f" date 2023-03\n\nRail corridor extended\n\nTBILISI, March 3. /TASS/. {BODY}"))
    assert parsed.dateline_place == "Tbilisi" and "TASS" in parsed.attributions
    assert parsed.published_at.isoformat() == "2023-03-03T00:00:00"


@pytest.mark.parametrize("signoff", ["— Bernama", "-- BERNAMA", "(With inputs from PTI)",
                                     "- African News Agency (ANA)"])
def test_wrapped_agency_signoffs_are_attributions(message_for, signoff):
    parsed = parse(message_for(f"Rail corridor extended\n\n{BODY}\n\n{signoff}\n"))
    assert len(parsed.attributions) == 1 and parsed.attributions[0].lower() in signoff.lower()
    assert signoff not in parsed.body


@pytest.mark.parametrize(("opening", "place", "agency"), [
    ("Pune (Maharashtra) [India], Mar 3 (ANI):", "Pune", "ANI"),
    ("Madrid, 1 jun (EFE).-", "Madrid", "EFE"),
    ("MADRID, 19 May. (EUROPA PRESS) -", "Madrid", "Europa Press"),
    ("RIYADH, 3rd May, 2023 (SNA) --", "Riyadh", "SNA"),  # an ordinal day and a comma before the year
    # The region's agencies: a slashed wire before the text, the name after the date, capitals.
    ("BAKU, Azerbaijan, May 19. /Trend/", "Baku", "Trend"),
    ("Baku. 19 May. REPORT.AZ/", "Baku", "Report.az"),
    ("ASTANA. May 19. KAZINFORM -", "Astana", "Kazinform"),
    ("Yerevan, May 19. ARMENPRESS.", "Yerevan", "Armenpress"),
])
def test_agency_datelines_with_a_bracketed_state_or_the_day_first(message_for, opening, place, agency):
    parsed = parse(message_for(f" date 2023-05-20\n\nRail corridor extended\n\n{opening} {BODY}"))
    assert parsed.dateline_place == place
    assert [a.lower() for a in parsed.attributions] == [agency.lower()]


@pytest.mark.parametrize(("opening", "place", "agency", "day"), [
    ("MADRID, 19 Jul. (EUROPA PRESS) -", "Madrid", "Europa Press", None),  # the page gives no year
    ("Lisboa, 8 de janeiro de 2024 (Lusa) -", "Lisboa", "Lusa", "2024-01-08"),
    ("Bakı, 2 oktyabr 2025, AZƏRTAC", "Bakı", "AZƏRTAC", "2025-10-02"),
    ("VALENCIA 3 Jun. (EUROPA PRESS) -", "Valencia", "Europa Press", None),  # no comma after the place
    ("Bakı, 28 dekabr 2024 /Trend, müxbir E.Mehdiyev/", "Bakı", "Trend", "2024-12-28"),  # the reporter is no agency
])
def test_day_first_datelines_in_other_languages(message_for, opening, place, agency, day):
    parsed = parse(message_for(f"Rail corridor extended\n\n{opening}\n\n{BODY}"))
    assert parsed.dateline_place == place
    assert [a.lower() for a in parsed.attributions] == [agency.lower()]
    assert (parsed.published_at.date().isoformat() if parsed.published_at else None) == day


@pytest.mark.parametrize("line", ["Tuesday, May 3, 2016", "Sale Price: $20 million for the two titles."])
def test_a_weekday_or_a_label_opening_a_line_is_no_dateline(message_for, line):
    parsed = parse(message_for(f"Rail corridor extended\n\n{line}\n\n{BODY}"))
    assert parsed.dateline is None and parsed.dateline_place is None
    parsed = parse(message_for(f"Rail corridor extended\n\n{BODY}\n\n{line}\n\n{BODY}"))
    assert parsed.dateline is None and parsed.dateline_place is None


@pytest.mark.parametrize("furniture", ["Guarda anche", "Lesen Sie auch:", "Ver también", "/lv/DP/zb",
                                       "Crédit photo : Jean Dupont"])
def test_related_links_and_editor_initials_in_other_languages_are_furniture(message_for, furniture):
    parsed = parse(message_for(f"Rail corridor extended\n\n{BODY}\n\n{furniture}\n\n{BODY}"))
    assert furniture not in parsed.body


def test_an_aggregator_prefix_with_the_agency_code_inside_and_repeated(message_for):
    parsed = parse(message_for(f"(MENAFN- Kuwait News Agency (KUNA)) ISTANBUL, Oct 1 (KUNA) -- {BODY}"))
    assert parsed.dateline_place == "Istanbul" and parsed.attributions == ["Kuwait News Agency"]
    assert parsed.paragraphs[0].startswith("Officials in Baku")


def test_a_wire_glued_to_the_byline_and_a_wire_promo_after_the_signoff(message_for):
    parsed = parse(message_for(f"Rail corridor extended\n\nJane DoeAAP\n\n{BODY}"))
    assert parsed.authors == ["Jane Doe"] and parsed.attributions == ["AAP"]
    promo = "BERNAMA provides news and information via BERNAMA Wires; www.bernama.com; BERNAMA TV on Astro 502."
    parsed = parse(message_for(f"Rail corridor extended\n\n{BODY}\n\n-- BERNAMA\n\n{promo}"))
    assert parsed.attributions == ["Bernama"] and "www.bernama.com" not in parsed.body


def test_a_label_that_lost_its_value_is_no_title_and_a_derived_title_keeps_abbreviations(message_for):
    parsed = parse(message_for(f"Last Updated :\n\nRail corridor extended\n\n{BODY}"))
    assert parsed.title == "Rail corridor extended"
    parsed = parse(message_for("Several U.S. hospitals cut staff on Monday as costs rose for the third year, "
                               "officials said.\n\nThe second paragraph describes the cuts in detail."))
    assert parsed.title.startswith("Several U.S. hospitals cut staff")


def test_a_bracketed_date_is_no_agency(message_for):
    parsed = parse(message_for(f" date 2023-06-09\n\nRail corridor extended\n\nKUALA LUMPUR (June 9): {BODY}"))
    assert parsed.dateline_place == "Kuala Lumpur" and parsed.attributions == []


def test_an_agency_line_with_place_and_reporter(message_for):
    parsed = parse(message_for(f"Rail corridor extended\n\nBakı. Rauf Səmədov – APA. {BODY}"))
    assert parsed.dateline_place == "Bakı" and parsed.authors == ["Rauf Səmədov"]
    assert parsed.attributions == ["APA"] and parsed.paragraphs[0].startswith("Officials in Baku")


def test_an_agency_closing_a_photo_caption_mid_page_is_no_attribution(message_for):
    caption = "Firefighters work at the scene of a warehouse fire in the port district on Friday. (AP)"
    parsed = parse(message_for(f"Rail corridor extended\n\n{caption}\n\n{BODY}\n"))
    assert parsed.attributions == []


def test_a_byline_signing_off_the_story_and_one_with_the_reporters_city(message_for):
    parsed = parse(message_for(f"Rail corridor extended\n\n{BODY}\n\nBy Tom Walsh\n"))
    assert parsed.authors == ["Tom Walsh"] and "Tom Walsh" not in parsed.body
    parsed = parse(message_for(f"Rail corridor extended\n\n{BODY}\n\n— Tom Walsh\n"))  # a dash sign-off
    assert parsed.authors == ["Tom Walsh"] and "Tom Walsh" not in parsed.body
    parsed = parse(message_for(f"Rail corridor extended\n\nBy Peter Okafor, Lagos\n\n{BODY}\n"))
    assert parsed.authors == ["Peter Okafor"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The News Agency of Nigeria (NAN) reports that the governor signed the bill.", "News Agency of Nigeria"),
    ("The minister spoke on Friday, the News Agency of Nigeria quoted him as saying.", "News Agency of Nigeria"),
    ("Переговори тривають, Reuters повідомило в п'ятницю.", "Reuters"),
    ("Переговоры продолжатся, сообщают «Интерфакс» и другие агентства.", "Интерфакс"),
])
def test_citations_with_an_acronym_a_past_verb_or_a_quoted_name(sentence, expected):
    assert [a.removeprefix("The ") for a in find_attributions([sentence])] == [expected]
