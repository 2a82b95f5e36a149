"""Keywords on the real pipeline: frequency in the article x rarity in English, and what must never be one."""

from collections.abc import Callable

import pytest

from schemas.models import Article, TaskMessage
from worker.pipeline import run_pipeline
from worker.stages.enrich.keywords import KEYWORDS_VERSION

HEADER = " date 2024-03-14 14 March 2024 09:30 (UTC+02:00)"


@pytest.fixture
def keywords_of(message_for: Callable[..., TaskMessage]) -> Callable[..., list[str]]:
    """Factory: the keyword texts of an article written as a header, an optional byline and paragraphs."""

    def run(*paragraphs: str, byline: str | None = None) -> list[str]:
        text = "\n\n".join([HEADER, *([byline] if byline else []), *paragraphs]) + "\n"
        article: Article = run_pipeline(message_for(text))
        return [k.text.lower() for k in article.keywords]

    return run


def test_a_rare_word_the_article_repeats_comes_first(keywords_of):
    found = keywords_of(
        "Engineers at the northern port began removing silt from the harbour channel this week, the port "
        "authority said.",
        "The silt has made the channel too shallow for larger container ships, and removing it is expected "
        "to take four months.",
        "Local fishermen said the disturbed silt had already clouded the water near the harbour entrance, "
        "and they asked for the work to pause during the spawning season.",
    )
    assert found[0] == "silt"  # three times, and far rarer in English than "port" or "work"
    assert any("harbour" in k or "channel" in k for k in found[:5])  # "harbour channel" is written whole


def test_singular_and_plural_count_as_one_keyword(keywords_of):
    found = keywords_of(
        "The agency placed two weather satellites in orbit on a single rocket from the coastal launch site.",
        "Each satellite carries an infrared camera, and the satellites will share data with ground stations "
        "run by the agency's partners.",
        "A third satellite is planned for next year, officials at the launch site said after the flight.",
    )
    satellites = [k for k in found if "satellite" in k]
    assert len(satellites) == 1


def test_names_bylines_and_cited_sources_are_never_keywords(keywords_of):
    found = keywords_of(
        "Trend reports that Minister Farhad Qasimov opened the new desalination plant near the coast on "
        "Thursday, promising cheaper water for the region's farms.",
        "Qasimov said the desalination plant would supply irrigation water to more than two hundred farms, "
        "and Trend quoted him as saying a second plant was under study.",
        "The desalination project cost less than planned, according to Qasimov's ministry.",
        byline="By Leyla Mammadli",
    )
    text = " ".join(found)
    for word in ("trend", "reports", "qasimov", "farhad", "minister", "leyla", "mammadli", "thursday"):
        assert word not in text.split(), (word, found)
    assert any("desalination" in k for k in found)


def test_dateline_weekdays_and_page_furniture_are_skipped(keywords_of):
    found = keywords_of(
        "OSLO, Norway, March 14. Ferry operators on Thursday showed off the first electric ferry on the "
        "fjord route, which will replace two diesel boats.",
        "The electric ferry charges at each pier in ten minutes, and the operators said ferry tickets "
        "would not rise in price this year.",
        "Click here to read more articles and subscribe to our newsletter for daily updates on ferry news.",
    )
    text = " ".join(found)
    for word in ("oslo", "norway", "thursday", "showed", "click", "newsletter", "subscribe", "updates"):
        assert word not in text.split(), (word, found)
    assert found[0] in ("ferry", "electric ferry")


def test_units_after_figures_are_not_keywords(keywords_of):
    found = keywords_of(
        "Wheat prices rose 4 percent in February, and maize prices rose 6 percent, the grain exchange said.",
        "Traders blamed the wheat shortfall on drought, which cut the harvest by 12 percent to 3 million tonnes.",
        "Exporters expect wheat prices to ease by 2 percent once the southern harvest reaches the ports.",
    )
    assert "percent" not in found and "tonnes" not in found
    assert any("wheat" in k for k in found)


def test_scores_run_from_one_down_and_the_version_is_recorded(seed_article):
    scores = [k.score for k in seed_article.keywords]
    assert scores[0] == 1.0 and scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert seed_article.processing.models["keywords"] == KEYWORDS_VERSION


def test_a_rank_is_no_keyword_unless_the_headline_is_about_it(keywords_of):
    found = keywords_of(
        "The board of the regional grain cooperative approved the merger with its northern rival, the vice "
        "chairman told members at the annual assembly.",
        "The vice chairman said the merger would give the cooperative four more silos and a rail siding, "
        "and the vice chairman of the rival board agreed.",
        "Members will vote on the merger terms in May, after an audit of both cooperatives' silos.",
    )
    assert not any("chairman" in k for k in found), found
    assert "merger" in found


def test_nouns_the_text_uses_for_people_are_not_keywords_alone(keywords_of):
    found = keywords_of(
        "A landslide blocked the mountain road above the village after three days of rain, and residents "
        "who live below the slope were moved to the school.",
        "Residents said the landslide had buried two barns, and engineers warned that the slope could move "
        "again if the rain continued.",
        "The road will stay closed until the landslide debris is cleared, residents were told.",
    )
    assert "residents" not in found and "resident" not in found, found
    assert found[0] == "landslide"


def test_a_word_mostly_written_inside_a_longer_term_is_shown_as_that_term(keywords_of):
    found = keywords_of(
        "The state extended voter registration by two weeks after the online portal failed on its first day.",
        "Officials said voter registration had reached record numbers before the outage, and that every "
        "voter who lost a form could submit it again.",
        "Voter registration now closes on the last Friday of the month, the election board said.",
    )
    assert "voter registration" in found and "voter" not in found, found


def test_an_everyday_word_is_no_keyword_unless_the_headline_names_it(keywords_of):
    found = keywords_of(
        "The city began fluoridation of its water supply this week, after a decade of debate over the "
        "fluoridation plan.",
        "Dentists said water fluoridation would cut tooth decay among children, while opponents said the "
        "water was safe as it was.",
        "The council will review the fluoridation results and the cost of treating the water next year.",
    )
    assert "water" not in found, found
    assert any("fluoridation" in k for k in found)


def test_a_verb_and_its_object_is_no_keyword(keywords_of):
    found = keywords_of(
        "The copper miner plans to raise output at its smelter by a fifth, and to cut smelter emissions "
        "with a new filter.",
        "Managers said the plan to raise output depends on ore grades at the western pit, where the smelter "
        "gets most of its copper ore.",
        "Unions asked the miner to raise output only after the smelter filter is fitted.",
    )
    assert not any(k.startswith("raise") for k in found), found
    assert "smelter" in " ".join(found)
