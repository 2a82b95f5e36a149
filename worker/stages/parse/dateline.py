"""Datelines that open a story: 'WASHINGTON (Reuters) -', 'BEIJING, July 22 (Xinhua) --', '(MENAFN- Trend) BAKU'."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from worker.stages.parse.dates import ParsedDate, find_dates, month_number, read_day_month
from worker.stages.parse.names import title_case

_DASH = r"(?:-{1,2}|–|—|:|\.(?=\s+[A-Z\"“«]))"
# PLACE: upper-case words ("NEW YORK", "ST. PETERSBURG"), or title-case words before a state or
# country part ("Baku, Azerbaijan", "AUGUSTA, Ga.", "Banda (UP)").
_UPPER_PLACE = r"[A-ZÀ-ÖØ-ÞА-ЯЁ][A-ZÀ-ÖØ-ÞА-ЯЁ.'’\-]+(?:[ /][A-ZÀ-ÖØ-ÞА-ЯЁ][A-ZÀ-ÖØ-ÞА-ЯЁ.'’\-]+){0,3}"
_TITLE_PLACE = r"[A-ZÀ-ÖØ-Þ][\w.'’\-]+(?:[ /][A-ZÀ-ÖØ-Þ][\w.'’\-]+){0,3}"
# ", Ga.", " (UP)", and ANI's " (Maharashtra) [India]" / " [India]".
_REGION = (r"(?P<region>,\s*(?![A-Z][a-z]{2,8}\.?\s+\d)[A-Z][\w.'’\-]*(?:\s[A-Z][\w.'’\-]*){0,2}|\s\([A-Z]{1,4}\)|"
           r"(?:\s\([A-Z][\w ]{2,30}\))?\s\[[A-Z][\w ]{2,30}\])?")
_AGENCY = r"\((?P<agency>(?:[^()]|\([^()]{1,20}\)){2,80})\)"  # one level inside: '(MENAFN- Kuwait News Agency (KUNA))'
_BARE_DAY_MONTH = re.compile(r"^\s*(?P<month>[A-Z][a-z]{2,8})\.?\s+\d{1,2}\b")
# The agency's code again after the place and date: '(MENAFN- ...) ISTANBUL, Oct 1 (KUNA) --'.
_REPEATED_AGENCY = re.compile(rf"^\s*,?\s*\((?P<code>[^()]{{2,30}})\)\s*{_DASH}")
# "July 5", "5 Jul.", "8 de janeiro de 2024", "2 oktyabr 2025", or a bare day ("BUENOS AIRES, 31 (NA)").
_WHEN = (r"(?P<when>[^\W\d_]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,\s*\d{4})?|"
         r"\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?[^\W\d_]{3,9}\.?(?:,?\s+(?:de\s+)?\d{4})?|\d{1,2})")
# An agency in capitals after the date, in any Latin or Cyrillic script ("Baku, 2 October, AZƏRTAC").
_CAPS_AGENCY = r"[A-ZÀ-ÖØ-ÞƏĞİŞА-ЯЁ]{3,12}"
_END = rf"(?:\.?{_DASH}|\.?$|\.(?=\s)|(?<=[)/])\s(?=[A-Z\"“«]))"  # ".-" after "(EFE)"; "/Trend/ The"
_OPENERS = [
    # (MENAFN- Trend News Agency) BAKU, Azerbaijan, May 26.   /   (Reuters) -
    re.compile(rf"^{_AGENCY}\s*(?:{_DASH}\s*)?(?:(?P<place>{_UPPER_PLACE}){_REGION}\b[,.]?)?"),
    # WASHINGTON (Reuters) -   /   AUGUSTA, Ga. (WRDW/WAGT) -   /   MOSCOW (AFP) Jun 05, 2003
    re.compile(rf"^(?P<place>{_UPPER_PLACE}){_REGION},?\s*{_AGENCY}\s*{_DASH}?"),
    # Berlin (dpa) -   (a title-case place needs the dash)
    re.compile(rf"^(?P<place>{_TITLE_PLACE}){_REGION},?\s*{_AGENCY}\s*{_DASH}"),
    # BEIJING, July 22 (Xinhua) --  /  NEW YORK, Sept. 22, 2023 /PRNewswire/ --  /  Baku, Azerbaijan, Jan. 11
    # MOSCOW, March 3. /TASS/.
    re.compile(rf"^(?P<place>{_UPPER_PLACE}|{_TITLE_PLACE}){_REGION},\s*{_WHEN}"
               rf"(?:[,.]?\s*(?:{_AGENCY}|/(?P<wire>[^/]{{2,30}})/|,\s*(?P<agency3>{_CAPS_AGENCY})))?\s*{_END}"),
    # VALENCIA 3 Jun. (EUROPA PRESS) -   (no comma: capitals, a day-first date and the agency)
    re.compile(rf"^(?P<place>{_UPPER_PLACE})\s+{_WHEN}\s*{_AGENCY}\s*{_DASH}"),
    # Bakı. Rauf Səmədov – APA.   (APA's place, reporter and agency; the agency must be a known one)
    re.compile(rf"^(?P<place>{_TITLE_PLACE})\.\s+(?P<reporter>[A-ZÀ-ÖØ-ÞƏĞİŞ][\w'’-]+(?:\s[A-ZÀ-ÖØ-ÞƏĞİŞ][\w'’-]+)"
               rf"{{1,2}})\s+[–—-]\s+(?P<agency4>[A-ZƏ][\w.]{{1,20}}?)\.?(?=\s|$)"),
    # Baku. 5 March. REPORT.AZ/   (Report.az's place, date and name; the name must be a known outlet)
    re.compile(rf"^(?P<place>{_TITLE_PLACE})\.\s+{_WHEN}\.\s+(?P<agency4>[A-ZƏ][\w.]{{1,20}}?)/"),
    # BOSTON —   /   JEDDAH:   /   HARRIS COUNTY, Texas —   /   SEOUL. KAZINFORM -   /   ASTANA. March 5. KAZINFORM -
    re.compile(rf"^(?P<place>{_UPPER_PLACE}){_REGION}(?:\.\s+{_WHEN})?(?:\.\s+(?P<agency2>[A-Z][\w\-]+))?"
               rf"\s*{_DASH}\s"),
    # Thiruvananthapuram:   (a title-case place alone needs the colon, and must be a known place)
    re.compile(rf"^(?P<colon_place>{_TITLE_PLACE}){_REGION}:\s"),
]
# Words that open a paragraph with a colon or dash and are no place.
_NOT_PLACES = {"Note", "Update", "Updated", "Photo", "Photos", "Source", "Sources", "Read", "Watch", "Video",
               "Also", "Related", "Breaking", "Exclusive", "Analysis", "Opinion", "Comment", "Warning",
               "Editor", "Editors", "Advertisement", "Caption", "Credit", "Q", "A", "Answer", "Question",
               "Summary", "Background", "Context", "Disclaimer", "Correction", "Reporting", "Contact",
               "Tags", "Topics", "Category", "Published", "Posted", "Date", "Time", "By", "From", "Image",
               "Meanwhile", "However", "But", "And", "So", "Now", "Then", "Here", "There", "Today",
               "Yesterday", "Tomorrow", "This", "That", "These", "Those", "The", "In", "On", "At", "For",
               "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
# Agency parts that are not agencies: photo credits, dates, "Reporter X" (an author).
_REPORTER = re.compile(r"^(?:reporter|correspondent|by|müxbir|muhabir|корр\.|корреспондент)\s+(?P<name>.+)$",
                       re.IGNORECASE)


@dataclass
class Dateline:
    """What a dateline says: where, when, which agencies, and any reporter named in it."""

    text: str
    place: str | None
    date: ParsedDate | None
    agencies: list[str] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    rest: str = ""


def _agencies(raw: str) -> tuple[list[str], list[str]]:
    agencies: list[str] = []
    reporters: list[str] = []
    if re.search(r"https?:|www\.|\b(?:logo|photo|image|video)\s*:", raw, re.IGNORECASE):
        return agencies, reporters  # "(Logo: http://photos.prnewswire.com/…)" is a link, not a source
    for part in re.split(r"\s*(?:/|,|\s-\s|;)\s*", raw):
        part = part.strip(" .-–—")
        day_month = _BARE_DAY_MONTH.match(part)
        if day_month and month_number(day_month["month"]):
            continue  # "KUALA LUMPUR (June 9):" brackets the date, not a source
        if not part or find_dates(part) or re.fullmatch(r"[\d\s\w]{0,4}\d[\w\s,]*", part) \
                or ":" in part or "http" in part.lower() or "www." in part.lower():
            continue
        reporter = _REPORTER.match(part)
        if reporter:
            reporters.append(reporter["name"].strip())
        elif part.upper().startswith("MENAFN"):
            # '(MENAFN- Kuwait News Agency (KUNA))': the agency, without the code in its own brackets
            agencies += [re.sub(r"\s*\([^()]*\)$", "", part.split("-", 1)[1].strip())] if "-" in part else []
        elif len(part.split()) <= 5:
            agencies.append(part)
    return agencies, reporters


def _when(text: str, year: int | None) -> ParsedDate | None:
    full = find_dates(text)
    if full:
        return full[0].date
    day_month = read_day_month(text.strip(" ,."), year) if year else None
    return day_month[0] if day_month else None


_OUTLET_LEAD = re.compile(r"^(?P<outlet>\w[\w.\-]{1,20}(?:\s\w[\w.\-]{1,20})?)\.\s+(?=[^\W\d_]|[\"“«])")


def read_dateline(paragraph: str, year: int | None, is_outlet: Callable[[str], bool],
                  is_place: Callable[[str], bool] = lambda _: True) -> Dateline | None:
    """The dateline opening `paragraph` (and the text after it), or None when it has none.

    `year` completes a day and month printed without one (the page's own year, if it gave one);
    `is_outlet` tells an agency written where the place usually stands ("Xinhua News Agency, Kuala Lumpur");
    `is_place` confirms a title-case name before a colon, which is as often a label ("Sale Price: $2m").
    """
    lead = _OUTLET_LEAD.match(paragraph)
    if lead and is_outlet(lead["outlet"]):  # "ArmInfo. Armenian Prime Minister …"
        return Dateline(lead["outlet"], None, None, [lead["outlet"]], [], paragraph[lead.end():])
    for pattern in _OPENERS:
        match = pattern.match(paragraph)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("colon_place") and not is_place(groups["colon_place"]) or \
                groups.get("agency4") and not is_outlet(groups["agency4"]):
            continue
        place = groups.get("place") or groups.get("colon_place")
        if place and place.split()[0].rstrip(":") in _NOT_PLACES:
            continue
        when = None
        if groups.get("when") is not None:
            when = _when(groups["when"], year)
            bare_day = groups["when"].isdigit() and bool(groups.get("agency"))
            names_month = any(month_number(w) for w in re.findall(r"[^\W\d_]{3,}", groups["when"]))
            if when is None and not bare_day and not (names_month and year is None):
                continue  # "Paris, 3 people died" is not a dateline; "MADRID, 5 Jul." with no year is
        elif groups.get("agency"):
            when = _when(groups["agency"], year) or _when(paragraph[match.end():match.end() + 40], year)
        agencies, reporters = _agencies(groups.get("agency") or "")
        wire_agencies, wire_reporters = _agencies(groups.get("wire") or "")  # "/Trend, müxbir E.Mehdiyev/"
        agencies += wire_agencies + [a for a in (groups.get("agency2"), groups.get("agency3")) if a]
        reporters += wire_reporters + ([groups["reporter"]] if groups.get("reporter") else [])
        agencies += [groups["agency4"]] if groups.get("agency4") else []
        rest = paragraph[match.end():]
        if when is not None and groups.get("when") is None and rest.lstrip().startswith(when.raw):
            rest = rest.lstrip()[len(when.raw):]  # "MOSCOW (AFP) Jun 05, 2003"
        elif when is None and groups.get("agency") and (bare := _BARE_DAY_MONTH.match(rest)) \
                and month_number(bare["month"]):
            rest = rest[bare.end():]  # '(MENAFN- KUNA) ISTANBUL, Oct 1 (KUNA) --' on a page with no year
        if not (agencies or when or place):
            continue
        repeated = _REPEATED_AGENCY.match(rest)
        if repeated and agencies:
            rest = rest[repeated.end():]  # the same agency's code again, not a second source
        trailing = _OUTLET_LEAD.match(rest.lstrip(" -–—:.,"))
        if trailing and is_outlet(trailing["outlet"]):  # "МОСКВА, 5 мар - РИА Новости. Российская …"
            agencies.append(trailing["outlet"])
            rest = rest.lstrip(" -–—:.,")[trailing.end():]
        if place and ". " in place:  # "SEOUL. KAZINFORM -"
            place, agency = place.split(". ", 1)
            agencies.append(agency)
        region = (groups.get("region") or "").strip(" ,()")
        if place and is_outlet(place) and region:  # "Xinhua News Agency, Kuala Lumpur, May 28"
            agencies.insert(0, place)
            place = region
        elif place and is_outlet(place) and agencies and not any(is_outlet(a) for a in agencies):
            # "Hawzah News Agency (Istanbul, Turkey) -": the parenthesis holds the place.
            place, agencies = agencies[0], [place]
        return Dateline(match.group(0).strip(" -–—:.,"), title_case(place.split("/")[0]) if place else None,
                        when, agencies, reporters, rest.lstrip(" -–—:.,"))
    return None
