"""The shape of a plain-text page: header zone (title, byline, date lines, junk), dateline, paragraphs."""

import re
from dataclasses import dataclass, field

from worker.stages.gazetteer import get_gazetteer
from worker.stages.lexicons import agencies, outlets
from worker.stages.parse.attributions import outlet_name
from worker.stages.parse.boilerplate import is_banner, is_ui_line, is_widget_junk
from worker.stages.parse.byline import (
    Byline,
    is_byline_junk,
    is_byline_prompt,
    is_credit_line,
    is_outlet,
    read_byline,
    read_credits,
)
from worker.stages.parse.dateline import Dateline, read_dateline
from worker.stages.parse.dates import Candidate, ParsedDate, find_dates, read_prefix
from worker.stages.parse.lines import is_prose, join_lines, prose_start, to_lines

_PUBLISHED_BY = re.compile(r"\bpublished\s+by\b\s*:?\s*(?P<outlet>.*)$", re.IGNORECASE)
_FROM = re.compile(r"(?:^|\|\s*)(?:from|source|quelle|fuente|fonte|источник)\s*:\s*(?P<outlet>[^|]{2,40}?)\s*(?:\||$)",
                   re.IGNORECASE)
_BY_WORD = re.compile(r"^\s*by\b", re.IGNORECASE)
_DASH_SIGNOFF = re.compile(r"^\s*(?:[-–—]{1,2})\s*(?P<name>[^\W\d_][^\n]*)$")
_WIRE_ENDINGS = {"News Service", "News Agency", "Press Agency", "Press Service"}
_LABEL = r"(?:time|heure|hora|ora|uhrzeit|saat|время)\s*:\s*"  # "Time: 14:22" on its own line
_TIME_LABEL = re.compile(rf"^\s*{_LABEL}", re.IGNORECASE)
_TIME_ONLY = re.compile(rf"^\s*(?:{_LABEL})?(?:[01]?\d|2[0-3])[:.][0-5]\d\s*(?:[ap]\.?m\.?)?"
                        r"\s*(?:\(?[A-Z]{2,5}\)?)?\s*$", re.IGNORECASE)
# Ranked sources of the publication date: a labelled "Published" line first, an update stamp and
# a date at the foot of the page only when nothing better is there.
_RANK = {"published": 0, "plain": 1, "dateline": 2, "prefix": 3, "updated": 4, "trailing": 5,
         "trailing_updated": 6}
_ORIGIN = {"published": "header", "plain": "header", "prefix": "header", "updated": "header",
           "dateline": "dateline", "trailing": "body", "trailing_updated": "body"}
_TOP_PARAGRAPHS = 8  # short lines this far into the text still belong to the page header
_TITLE_MAX_WORDS = 25
_CITY_POPULATION = 100_000


@dataclass
class Layout:
    """The parts of a plain-text article before cleaning."""

    date: ParsedDate | None = None
    date_origin: str | None = None
    date_method: str | None = None
    title: str | None = None
    byline: Byline = field(default_factory=Byline)
    has_byline: bool = False
    outlet: str | None = None
    site_name: str | None = None
    dateline: str | None = None
    dateline_place: str | None = None
    agencies: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class _Dates:
    """Publication-date candidates found on the page, by kind."""

    found: list[tuple[str, ParsedDate]] = field(default_factory=list)
    year: int | None = None  # the stored page's prefix year, which a month-only prefix gives too

    def add(self, kind: str, date: ParsedDate | None) -> None:
        if date is not None:
            self.found.append((kind, date))

    def best(self) -> tuple[str, ParsedDate] | None:
        if not self.found:
            return None
        kind, best = min(self.found, key=lambda item: _RANK[item[0]])
        if best.precision == "day":
            # The page's date often comes without its time, which a stamp of the same day elsewhere
            # gives ("First Published on Jan 10, 2019 11:00 am" at the foot); an update's time is not it.
            timed = (d for k, d in self.found if "updated" not in k and d.precision == "minute"
                     and d.value.date() == best.value.date())
            best = next(timed, best)
        return kind, best


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a text with no page furniture (an envelope's text): lines joined where wrapped."""
    return join_lines(to_lines(text))


def _looks_like_title(line: str) -> bool:
    words = line.split()
    # "Last Updated :", "Section:": a label whose value the page lost is no headline.
    return 2 <= len(words) <= _TITLE_MAX_WORDS and not is_prose(line) and sum(c.isalpha() for c in line) > 8 \
        and not line.rstrip().endswith(":")


def _date_line(text: str, following: str | None, year: int | None = None) -> Candidate | None:
    """The publication-date candidate a short line is, joining a time printed on the next line."""
    found = find_dates(text, year)
    # A date line, or a line that opens with the date ("3 April 2025 09:40 (UTC+02:00) Rome Marathon …").
    if not found or not (found[0].standalone or found[0].start <= 1):
        return None
    # "Updated 6 March … | Published 5 March …": the publication date, wherever the line puts it.
    first = next((c for c in found if c.kind != "updated"), found[0])
    if first.date.precision == "day" and following and _TIME_ONLY.match(following):
        # "Time: 14:22 GMT" under "Date: 5 March 2024": the label goes, the time joins the date.
        joined = find_dates(f"{text} {_TIME_LABEL.sub('', following)}", year)
        return joined[0] if joined else first
    return first


def _is_place(name: str) -> bool:
    """A name the gazetteer knows, of any size ("Thiruvananthapuram:" opens a story; "Sale Price:" does not)."""
    return bool(get_gazetteer().lookup(name))


def _is_city(line: str) -> bool:
    """A header line that is only the name of a city of 100,000 or more, as press offices print where
    they write from above the date."""
    name = line.strip(" ,.:")
    words = name.split()
    if not 1 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return False
    return any(p.population >= _CITY_POPULATION for p in get_gazetteer().lookup(name))


def _take_byline(layout: Layout, byline: Byline) -> None:
    for name in byline.authors:
        if name not in layout.byline.authors:
            layout.byline.authors.append(name)
    for outlet in byline.outlets:
        # A wire after the name is the copy's source ("By X – Trend:"); a paper's own name is the site.
        if outlet in outlets():
            layout.byline.outlets += [] if outlet in layout.byline.outlets else [outlet]
        else:
            layout.site_name = layout.site_name or outlet
    layout.has_byline = layout.has_byline or bool(byline.authors)


def _take_outlet_line(layout: Layout, byline: Byline, line: str) -> None:
    """A byline's names and outlets; an outlet alone on a line is the site's own name, unless a wire."""
    if byline.outlets and not byline.authors and not _BY_WORD.match(line):
        for outlet in byline.outlets:  # "Le Monde avec AFP": the site's own name, and its wire
            if _is_wire(outlet):  # "Tribune News Service", "AAP": the copy's source
                layout.agencies.append(outlet_name(outlet))
            else:  # "The Korea Herald": the site's own name
                layout.site_name = layout.site_name or outlet
        return
    if _BY_WORD.match(line) and byline.outlets and not byline.authors:
        for outlet in byline.outlets:  # "By Azernews", "by AAP"; "By HT Correspondent | Hindustan Times"
            if outlet in outlets() or _is_wire(outlet):
                layout.agencies.append(outlet_name(outlet))
            else:
                layout.site_name = layout.site_name or outlet
        return
    _take_byline(layout, byline)


def _is_wire(outlet: str) -> bool:
    """A news agency or wire (its copy is the story's source), not a paper's own name."""
    return outlet in agencies() or " ".join(outlet.split()[-2:]) in _WIRE_ENDINGS


def _take_dateline(layout: Layout, found: Dateline, dates: _Dates) -> None:
    layout.dateline, layout.dateline_place = found.text, found.place
    layout.agencies += [outlet_name(a) for a in found.agencies]
    _take_byline(layout, Byline(authors=found.reporters))
    dates.add("dateline", found.date)


def _beside_date(line: str, candidate: Candidate) -> str:
    """What a date line says besides its date, separators trimmed."""
    return (line[: candidate.start] + " " + line[candidate.end:]).strip(" |•·-–—/:,")


def _byline_beside(rest: str, layout: Layout, bare: bool) -> bool:
    """The byline printed on a date line, beside the date ("Ann Lee, Staff Writer | March 5, 2024")."""
    byline = read_byline(rest, bare=bare) if rest else None
    if byline is None or not byline.authors:
        return False
    _take_outlet_line(layout, byline, rest)
    return True


def _take_first_date(line: str, year: int | None, dates: _Dates) -> None:
    """A byline line's date: the byline is what the line is, but the date printed on it still counts."""
    for found in find_dates(line, year)[:1]:
        dates.add(found.kind, found.date)


def _read_header(header: list[str], layout: Layout, dates: _Dates) -> None:
    """Title, byline, date lines and outlet from the lines above the prose; the rest is page furniture."""
    year = dates.found[0][1].value.year if dates.found else dates.year  # the stored page's date prefix
    skip_next = False
    for index, line in enumerate(header):
        if skip_next:
            skip_next = False
            continue
        following = header[index + 1] if index + 1 < len(header) else None
        source = _FROM.search(line)
        if source and is_outlet(source["outlet"]):  # "Date : 2013-08-20 | From : Xinhua"
            layout.agencies.append(outlet_name(source["outlet"]))
            line = (line[: source.start()] + line[source.end():]).strip(" |")
        if following and _TIME_ONLY.match(line) and (below := _date_line(following, None, year)) \
                and below.date.precision == "day":
            header[index + 1] = f"{following} {_TIME_LABEL.sub('', line)}"  # "14:22" above "5 March 2024"
            continue
        dateline = read_dateline(line, year, is_outlet, _is_place)
        if dateline is not None and not dateline.rest.strip() and (dateline.agencies or dateline.date):
            _take_dateline(layout, dateline, dates)  # "MOSCOW (AFP) Jun 05, 2003" on a line of its own
            continue
        if layout.dateline is None and following and _date_line(following, None, year) and _is_city(line):
            layout.dateline = layout.dateline_place = line.strip()  # "New York" above "24 November 2014"
            continue
        if _BY_WORD.match(line):  # "By Hana Sato Published 4:51 PM EDT, June 3, 2024"
            _take_first_date(line, year, dates)
            byline = read_byline(line)
            if byline is not None:
                _take_outlet_line(layout, byline, line)
                continue
        candidate = _date_line(line, following, year)
        published_by = _PUBLISHED_BY.search(line)
        if candidate is not None:
            dates.add(candidate.kind, candidate.date)
            skip_next = bool(following and _TIME_ONLY.match(following))
            rest = _beside_date(line, candidate)
            if not _byline_beside(rest, layout, bare=index > 0) and layout.title is None \
                    and _looks_like_title(rest) and not find_dates(rest):
                layout.title = rest  # " date 2025-03-02 2 March 2025 Rome Marathon Draws Record Field"
            continue
        if published_by:
            outlet = published_by["outlet"].strip() or (following or "")
            layout.outlet, skip_next = outlet.strip() or None, not published_by["outlet"].strip()
            continue
        if is_widget_junk(line) or is_ui_line(line) or is_banner(line):
            layout.removed.append(line)
            continue
        if is_outlet(line):  # "Tribune News Service", "The Korea Herald"
            _take_outlet_line(layout, Byline(outlets=[line.strip(" .:")]), line)
            continue
        if is_byline_prompt(line) and following:
            line, skip_next = following, True
        # A name alone on a line is the author's, except on the first line, where sites print their name.
        byline = read_byline(line, bare=index > 0)
        if byline is not None:
            _take_first_date(line, year, dates)  # "Story by Ann Lee • 5 March 2024 • 2 min read"
            _take_outlet_line(layout, byline, line)
            continue
        if is_byline_junk(line):
            layout.removed.append(line)
        elif layout.title is None and _looks_like_title(line):
            layout.title = line
        else:
            layout.removed.append(line)


def _read_top_of_body(body: list[str], layout: Layout, dates: _Dates) -> list[str]:
    """Date lines, bylines and furniture among the short lines at the top of the text."""
    kept: list[str] = []
    prose_seen = 0
    for index, paragraph in enumerate(body):
        if prose_seen >= 3 or index >= _TOP_PARAGRAPHS or is_prose(paragraph):
            prose_seen += is_prose(paragraph)
            kept.append(paragraph)
            continue
        candidate = _date_line(paragraph, None)
        # Above the second paragraph of prose, a name alone on its line is still the byline.
        byline = read_byline(paragraph, bare=prose_seen < 2)
        if candidate is not None:
            dates.add(candidate.kind, candidate.date)
            _byline_beside(_beside_date(paragraph, candidate), layout, bare=prose_seen < 2)
            layout.removed.append(paragraph)
        elif byline is not None:
            _take_outlet_line(layout, byline, paragraph)
            layout.removed.append(paragraph)
        else:
            kept.append(paragraph)
    return kept


def _read_foot(body: list[str], layout: Layout, dates: _Dates) -> list[str]:
    """Credit lines anywhere, and a date printed at the foot of the page."""
    kept: list[str] = []
    for index, paragraph in enumerate(body):
        credits = read_credits(paragraph)
        if credits or is_credit_line(paragraph):
            _take_byline(layout, Byline(authors=credits))
            if is_credit_line(paragraph) or len(paragraph.split()) <= 40:
                layout.removed.append(paragraph)
                continue
        # "By Tom Walsh" or "— Tom Walsh" signing off a story with no byline above (a teaser list's
        # bylines are not it).
        dashed = _DASH_SIGNOFF.match(paragraph)
        if index >= len(body) - 2 and not layout.byline.authors and (_BY_WORD.match(paragraph) or dashed) \
                and len(paragraph.split()) <= 8:
            byline = read_byline(dashed["name"], bare=True) if dashed else read_byline(paragraph)
            if byline is not None and byline.authors:
                _take_byline(layout, byline)
                layout.removed.append(paragraph)
                continue
        if index >= len(body) - 3 and len(paragraph.split()) <= 12:
            candidate = _date_line(paragraph, None)
            if candidate is not None:
                dates.add("trailing_updated" if candidate.kind == "updated" else "trailing", candidate.date)
                layout.removed.append(paragraph)
                continue
        kept.append(paragraph)
    return kept


def _read_dateline(paragraphs: list[str], layout: Layout, dates: _Dates, year: int | None) -> None:
    """The dateline opening one of the first paragraphs: place, date, agencies, reporters."""
    for index, paragraph in enumerate(paragraphs[:5]):
        found: Dateline | None = read_dateline(paragraph, year, is_outlet, _is_place)
        if found is None:
            continue
        _take_dateline(layout, found, dates)
        if found.rest.strip():
            paragraphs[index] = found.rest.strip()
        else:
            paragraphs.pop(index)
        return


def read_sent_text(layout: Layout) -> None:
    """A sender's text or a page's main text, read as plain text is: byline and date lines at its top
    (feeds leave them in), credit lines at its foot, and the dateline opening it ('WASHINGTON (Reuters) -');
    its dates date the article only when nothing else did."""
    dates = _Dates()
    layout.paragraphs = _read_foot(_read_top_of_body(layout.paragraphs, layout, dates), layout, dates)
    _read_dateline(layout.paragraphs, layout, dates, layout.date.value.year if layout.date else None)
    if layout.date is None:
        _take_best_date(layout, dates)


def _take_best_date(layout: Layout, dates: _Dates) -> None:
    best = dates.best()
    if best is not None:
        kind, layout.date = best
        layout.date_origin, layout.date_method = _ORIGIN[kind], kind


def read_layout(text: str) -> Layout:
    """Split a plain-text page into header zone, byline, dates, dateline and paragraphs."""
    layout = Layout()
    lines = to_lines(text)
    if not lines:
        return layout
    dates = _Dates()
    prefix = read_prefix(lines[0].text)
    if prefix is not None:
        prefix_date, rest, dates.year = prefix
        dates.add("prefix", prefix_date)
        rest = " ".join(rest.split())
        opening = find_dates(rest, dates.year)
        if opening and opening[0].start <= 1 and not opening[0].standalone:
            # The page's own date line runs on into its text: " date … 8 April 2025 11:05 (UTC+02:00) ROME, …"
            dates.add(opening[0].kind, opening[0].date)
            rest = rest[opening[0].end:].strip(" |•·-–—,")
        lines[0].text = rest
        if not lines[0].text:
            lines.pop(0)
    paragraphs = join_lines(lines)
    start = prose_start(paragraphs, is_banner)
    _read_header(paragraphs[:start], layout, dates)
    body = [p for p in paragraphs[start:] if not _drop(p, layout)]
    body = _read_foot(_read_top_of_body(body, layout, dates), layout, dates)
    # A dateline gives no year ("SEOUL, Dec 31 (Reuters) -"): the page's, or its month-only prefix's.
    year = next((d.value.year for kind, d in dates.found if kind != "trailing"), dates.year)
    _read_dateline(body, layout, dates, year)
    _take_best_date(layout, dates)
    layout.paragraphs = body
    return layout


def _drop(paragraph: str, layout: Layout) -> bool:
    """Page furniture inside the text: UI strings, banners, widget junk."""
    junk = is_widget_junk(paragraph) or (len(paragraph.split()) <= 12 and is_ui_line(paragraph)) \
        or (is_banner(paragraph) and len(paragraph.split()) <= 80)
    if junk:
        layout.removed.append(paragraph)
    return junk
