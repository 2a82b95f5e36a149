"""Publication dates as pages print them, keeping the article's own UTC offset."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

_MONTH_NAMES = [  # English, then the other languages feeds carry (fr, de, es, it, pt, tr, az, ru and uk genitive)
    ("jan", "january", "janvier", "januar", "jänner", "enero", "gennaio", "gen", "janeiro", "ocak", "oca", "yanvar",
     "января", "січня", "янв"),
    ("feb", "february", "février", "fevrier", "februar", "febrero", "febbraio", "fevereiro", "şubat", "şub",
     "fevral", "февраля", "лютого", "фев"),
    ("mar", "march", "mars", "märz", "marz", "marzo", "março", "mart", "марта", "березня", "мар"),
    ("apr", "april", "avril", "abril", "aprile", "nisan", "nis", "aprel", "апреля", "квітня", "апр"),
    ("may", "mai", "mayo", "maggio", "mag", "maio", "mayıs", "мая", "травня"),
    ("jun", "june", "juin", "juni", "junio", "giugno", "giu", "junho", "haziran", "haz", "iyun", "июня", "червня",
     "июн"),
    ("jul", "july", "juillet", "juli", "julio", "luglio", "lug", "julho", "temmuz", "tem", "iyul", "июля", "липня",
     "июл"),
    ("aug", "august", "août", "aout", "agosto", "ago", "ağustos", "ağu", "avqust", "августа", "серпня", "авг"),
    ("sep", "sept", "september", "septembre", "septiembre", "setiembre", "settembre", "set", "setembro",
     "eylül", "eyl", "sentyabr", "сентября", "вересня", "сен"),
    ("oct", "october", "octobre", "oktober", "octubre", "ottobre", "ott", "outubro", "ekim", "eki", "oktyabr",
     "октября", "жовтня", "окт"),
    ("nov", "november", "novembre", "noviembre", "novembro", "kasım", "kas", "noyabr", "ноября", "листопада", "ноя"),
    ("dec", "december", "décembre", "decembre", "dezember", "diciembre", "dicembre", "dic", "dezembro",
     "aralık", "ara", "dekabr", "декабря", "грудня", "дек"),
]
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}

# Zone abbreviations seen in news feeds; ambiguous ones (IST, CST, AST) take their news-desk meaning
# (India, US Central, Arabia); Russian zones by their Latin abbreviations.
ZONES: dict[str, timedelta] = {
    name: timedelta(hours=h, minutes=m)
    for name, h, m in [
        ("UTC", 0, 0), ("GMT", 0, 0), ("WET", 0, 0), ("WEST", 1, 0), ("BST", 1, 0),
        ("CET", 1, 0), ("CEST", 2, 0), ("MEZ", 1, 0), ("MESZ", 2, 0), ("EET", 2, 0), ("EEST", 3, 0),
        ("MSK", 3, 0), ("TRT", 3, 0), ("AST", 3, 0), ("GST", 4, 0), ("AZT", 4, 0), ("GET", 4, 0),
        ("AMT", 4, 0), ("PKT", 5, 0), ("IST", 5, 30), ("ALMT", 5, 0), ("UZT", 5, 0), ("WIB", 7, 0),
        ("ICT", 7, 0), ("CST", -6, 0), ("HKT", 8, 0), ("SGT", 8, 0), ("MYT", 8, 0), ("PHT", 8, 0),
        ("AWST", 8, 0), ("JST", 9, 0), ("KST", 9, 0), ("AEST", 10, 0), ("AEDT", 11, 0),
        ("NZST", 12, 0), ("NZDT", 13, 0), ("EST", -5, 0), ("EDT", -4, 0), ("CDT", -5, 0),
        ("MST", -7, 0), ("MDT", -6, 0), ("PST", -8, 0), ("PDT", -7, 0),
        ("BDST", 6, 0), ("NPT", 5, 45), ("EAT", 3, 0), ("CAT", 2, 0), ("SAST", 2, 0), ("WAT", 1, 0),
        ("IRST", 3, 30), ("IRDT", 4, 30), ("AFT", 4, 30), ("TJT", 5, 0), ("TMT", 5, 0), ("KGT", 6, 0),
        ("IDT", 3, 0), ("MMT", 6, 30), ("WITA", 8, 0), ("WIT", 9, 0), ("ACST", 9, 30), ("ACDT", 10, 30),
        ("SAMT", 4, 0), ("YEKT", 5, 0), ("OMST", 6, 0), ("KRAT", 7, 0), ("IRKT", 8, 0), ("YAKT", 9, 0),
        ("VLAT", 10, 0), ("MAGT", 11, 0), ("PETT", 12, 0), ("HST", -10, 0), ("AKST", -9, 0), ("AKDT", -8, 0),
        ("ADT", -3, 0), ("NST", -3, -30), ("NDT", -2, -30), ("ART", -3, 0), ("BRT", -3, 0), ("UYT", -3, 0),
        ("CLT", -4, 0), ("CLST", -3, 0), ("VET", -4, 0), ("COT", -5, 0), ("PET", -5, 0),
    ]
}
# US desks write "ET"/"PT": standard or daylight time by the date (second Sunday of March to first
# Sunday of November, the rule since 2007).
_US_ZONES = {"ET": -5, "CT": -6, "MT": -7, "PT": -8}

HEADER = re.compile(r"^\s*date\s+(?P<iso>\d{4}-\d{2}(?:-\d{2})?)(?!\d)(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_MONTH = r"(?P<mon>[^\W\d_]{3,11})\.?"
_YEAR = r"(?P<y>(?:19|20)\d{2})(?!\d)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º)?\.?"
_DATES = [
    re.compile(rf"(?<![\w.]){_DAY}\s+(?:of\s+|de\s+)?{_MONTH}(?:,\s*|\s+)(?:de\s+)?{_YEAR}"),  # 24 July,2025
    re.compile(rf"(?<![\w.]){_MONTH}\s+{_DAY}(?:,\s*|\s+){_YEAR}"),  # July 24, 2025
    re.compile(rf"(?<![\w.]){_YEAR}[-/](?P<m>[01]?\d)[-/](?P<d>[0-3]?\d)(?!\d)"),  # 2013-08-20
    re.compile(rf"(?<![\w.]){_YEAR}\.(?P<m>[01]\d)\.(?P<d>[0-3]\d)(?!\d)"),  # 2013.08.20
    re.compile(rf"(?<![\w.])(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./]{_YEAR}"),  # 19.11.2016
    re.compile(rf"(?<![\w.])(?P<d>[0-3]?\d)-(?P<mon>[^\W\d_]{{3,9}})-{_YEAR}"),  # 01-Dec-2024
    re.compile(rf"(?<!\d){_YEAR}\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)\s*[日일]"),  # 2024年3月5日
]
# A day and month with no year: datelines ("Jan 9 (Reuters)") and short headers ("25 Nov. 14:30").
_DAY_MONTH = [
    re.compile(rf"^(?:\w+,\s+)?{_DAY}\s+{_MONTH}(?:\s|$|,)"),
    re.compile(rf"^(?:\w+,\s+)?{_MONTH}\s+{_DAY}(?:\s|$|,)"),
]
_ZONE_NAMES = "|".join(sorted([*ZONES, *_US_ZONES], key=len, reverse=True))
# 13:01, 1.05 pm, 10.15 Uhr, 10.47 GMT, the French and Portuguese 10h15, and the wires' 1245 GMT.
# A dot or no separator at all counts only before a meridiem, "Uhr" or a zone: elsewhere it is a number.
_TIME = re.compile(rf"(?<![\d.:])(?P<h>[01]?\d|2[0-3])(?::(?P<m>[0-5]\d)(?::[0-5]\d)?|"
                   rf"\.(?P<m2>[0-5]\d)(?=\s*(?:[ap]\.?m|Uhr|(?-i:{_ZONE_NAMES})\b))|h(?P<m3>[0-5]\d)(?!\d)|"
                   rf"(?<=\d\d)(?P<m4>[0-5]\d)(?=\s*(?-i:GMT|UTC)\b))"
                   r"(?:\s*(?P<ampm>[ap])\.?m\b\.?)?(?:\s*(?:Uhr|hrs?)\b\.?)?", re.IGNORECASE)  # "14:22 hrs IST"
# After a time: "UTC+3 MSK", "GMT", a zone's abbreviation, an ISO offset ("+01:00", "+0100", "Z"),
# or a city's clock ("Moscow time").
_ZONE = re.compile(r"^[\s(]*(?P<z>(?:UTC|GMT)\s*[+\-−]\s*\d{1,2}(?::?\d{2})?(?:\s+[A-Z]{2,5})?|"
                   r"(?:UTC|GMT)|BdST|[A-Z]{2,5}|[+\-−]\d{2}:?\d{2}(?!\d)|Z|"
                   r"[A-Z][a-z]+(?: [A-Z][a-z]+)? time|(?:heure|hora) de [A-Z][a-z]+(?: [A-Z][a-z]+)?|"
                   r"МСК|мск|по Москве|по московскому времени)(?![\w+])\)?")  # BdST: Bangladesh Standard Time
# A city's clock: "Moscow time", "heure de Paris", "hora de Madrid"; Moscow's in Russian, which needs no city.
_CITY_CLOCK = re.compile(r"^(?:(?P<en>[A-Z][a-z]+(?: [A-Z][a-z]+)?) time|"
                         r"(?:heure|hora) de (?P<fr>[A-Z][a-z]+(?: [A-Z][a-z]+)?))$")
_MOSCOW_CLOCK = {"мск", "по москве", "по московскому времени"}
# What may stand between a date and its time: "at", "|", "•", commas, dashes, weekday-free glue.
# A weekday may stand there too: "21 Eylül 2024 Cumartesi 18:05", "3 March 2024, Sunday, 10:00".
_WEEKDAYS = (r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|pazartesi|salı|çarşamba|perşembe|"
             r"cumartesi|cuma|pazar|lunes|martes|miércoles|jueves|viernes|sábado|domingo|lundi|mardi|mercredi|"
             r"jeudi|vendredi|samedi|dimanche|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|"
             r"segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|montag|dienstag|mittwoch|"
             r"donnerstag|freitag|samstag|sonntag")
# A year word may follow the year: "5 марта 2024 года, 14:22", "5 березня 2024 р.".
_GLUE = re.compile(rf"^[\s,|•·/\-–—@]*(?:(?:года|г\.|року|р\.)[\s,|•·/\-–—]*)?"
                   rf"(?:(?:{_WEEKDAYS}|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?)"
                   r"[\s,|•·/\-–—]*)?(?:at|on|um|à|às|a las|alle|ore|в|saat|kl\.?)?[\s,|•·/\-–—@]*$", re.IGNORECASE)
_PUBLISHED = re.compile(r"\b(?:published|posted|publish(?:ed)? date|date|publié|publicado|pubblicato|"
                        r"veröffentlicht|опубликовано|yayın(?:lanma)?|created|issued)\b", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated?|last updated|modified|aktualisiert|stand|mis à jour|actualizado|"
                      r"aggiornato|atualizado|обновлено|güncelleme|edited)\b", re.IGNORECASE)
_FILLER = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|"
                     r"thu|thur|thurs|fri|sat|sun|on|at|am|pm|a\.m|p\.m|uhr|updated?|published|posted|"
                     r"last|date|time|publish|stand|by|ist|edt|est|gmt|utc|bst)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedDate:
    """A date read from text, with what the text said about its zone."""

    value: datetime
    precision: str
    zone: str | None
    raw: str


@dataclass(frozen=True)
class Candidate:
    """A date found on a line, how the line labels it, and how much else the line says."""

    date: ParsedDate
    kind: str  # "published", "updated" or "plain"
    standalone: bool
    start: int = 0
    end: int = 0


def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation in the languages above, else None."""
    return MONTHS.get(word.lower().rstrip("."))


def build_date(year: int, month: int, day: int, hour: int | None, minute: int | None,
               tz: timezone | None) -> datetime | None:
    """A datetime, or None when the parts are not a real date."""
    try:
        return datetime(year, month, day, hour or 0, minute or 0, tzinfo=tz)
    except ValueError:
        return None


def _us_daylight(day: date) -> bool:
    march = date(day.year, 3, 8 + (6 - date(day.year, 3, 8).weekday()) % 7)
    november = date(day.year, 11, 1 + (6 - date(day.year, 11, 1).weekday()) % 7)
    return march <= day < november


def parse_zone(spec: str, on: date | None = None) -> tuple[timezone | None, str | None]:
    """A tzinfo and zone name from 'UTC+04:00', 'UTC+3 MSK', 'GMT+3', 'CET' or 'ET' (on a date)."""
    spec = spec.strip().strip("()")
    offset = re.search(r"(?:UTC|GMT)?\s*(?P<sign>[+\-−])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?", spec)
    names = [n.upper() for n in re.findall(r"\b(?:[A-Z]{2,5}|BdST)\b", spec) if n not in ("UTC", "GMT")]
    name = names[0] if names else None
    if offset:
        delta = timedelta(hours=int(offset["h"]), minutes=int(offset["m"] or 0))
        return timezone(-delta if offset["sign"] in "-−" else delta), name
    if name in ZONES:
        return timezone(ZONES[name]), name
    if name in _US_ZONES and on is not None:
        hours = _US_ZONES[name] + (1 if _us_daylight(on) else 0)
        return timezone(timedelta(hours=hours)), name
    if spec.upper() in ("UTC", "GMT", "Z"):
        return UTC, spec.upper()
    if spec.lower() in _MOSCOW_CLOCK:
        return timezone(ZONES["MSK"]), "MSK"
    if (clock := _CITY_CLOCK.match(spec)) and on is not None:
        return _city_clock(clock["en"] or clock["fr"], on), spec
    return None, name


@cache
def _city_zones() -> dict[str, str]:
    """IANA zone names by their city ("Moscow" -> "Europe/Moscow"), from the system's tz database."""
    return {zone.rsplit("/", 1)[-1].replace("_", " "): zone for zone in available_timezones() if "/" in zone}


def _city_clock(city: str, on: date) -> timezone | None:
    """The offset a city's clock had that day ("Moscow time", "Kyiv time"), summer time included."""
    zone = _city_zones().get(city)
    if zone is None:
        return None  # "local time", or a city the tz database does not name
    offset = datetime(on.year, on.month, on.day, 12, tzinfo=ZoneInfo(zone)).utcoffset()
    return timezone(offset) if offset is not None else None


def _time_near(line: str, start: int, end: int) -> tuple[re.Match[str], int, int] | None:
    """A time just after the date ("July 24, 2025 at 13:01"), or just before it ("15:00 JST, Dec 23")."""
    for match in _TIME.finditer(line):
        glue = line[end:match.start()]
        if match.start() >= end and (_GLUE.match(glue) or glue == "T"):  # "T": ISO 8601
            return match, match.end(), match.end()
        if match.end() <= start:
            between = line[match.end():start]
            zone = _ZONE.match(between)
            rest = between[zone.end():] if zone else between
            if _GLUE.match(rest):
                return match, match.end(), start
    return None


def _with_time(line: str, day: date, start: int, end: int) -> tuple[datetime, str, str | None, int, int]:
    """The date's datetime with the time and zone printed next to it: value, precision, zone, span."""
    found = _time_near(line, start, end)
    if found is None:
        return datetime(day.year, day.month, day.day), "day", None, start, end
    match, zone_from, span_end = found
    hour, minute = int(match["h"]), int(match["m"] or match["m2"] or match["m3"] or match["m4"])
    if match["ampm"]:
        hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
    zone_match = _ZONE.match(line[zone_from:])
    tz, zone = parse_zone(zone_match["z"], day) if zone_match else (None, None)
    value = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
    zone_end = zone_from + (zone_match.end() if zone_match else 0)
    return value, "minute", zone, min(start, match.start()), max(end, span_end, zone_end)


def _match_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    month = month_number(groups["mon"]) if groups.get("mon") else int(groups["m"])
    if not month:
        return None
    try:
        return date(int(groups["y"]), month, int(groups["d"]))
    except ValueError:
        return None


_US_NAMES = {*_US_ZONES, "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"}
_SLASHED = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


def find_dates(line: str, year: int | None = None) -> list[Candidate]:
    """Every full date on `line` (with its time and zone), labelled published/updated/plain.

    With `year` (the page's own, from elsewhere), a day and month opening the line count too:
    "17 Jan. 14:30 (UTC+3 MSK)" under a dated page header.
    """
    hits: list[tuple[int, int, date]] = []
    for pattern in _DATES:
        for match in pattern.finditer(line):
            day = _match_date(match)
            if day and not any(s <= match.start() < e for s, e, _ in hits):
                hits.append((match.start(), match.end(), day))
    if not hits and year is not None:
        day_month = read_day_month(line, year)
        if day_month is not None:
            parsed, _ = day_month
            hits.append((line.find(parsed.raw), line.find(parsed.raw) + len(parsed.raw), parsed.value.date()))
    found: list[Candidate] = []
    for start, end, day in sorted(hits):
        value, precision, zone, span_start, span_end = _with_time(line, day, start, end)
        if zone in _US_NAMES and _SLASHED.fullmatch(line[start:end]) and day.day <= 12:
            # "3/5/2024 2:14 PM ET": a US desk writes the month first.
            day = date(day.year, day.day, day.month)
            value, precision, zone, span_start, span_end = _with_time(line, day, start, end)
        before = line[:span_start]
        updated = _UPDATED.search(before) and not _PUBLISHED.search(before[_UPDATED.search(before).end():])  # type: ignore[union-attr]
        kind = "updated" if updated else "published" if _PUBLISHED.search(before) else "plain"
        leftover = _FILLER.sub(" ", line[:span_start] + " " + line[span_end:])
        words = re.findall(r"[^\W\d_]{2,}", leftover)
        raw = line[span_start:span_end].strip()
        found.append(Candidate(ParsedDate(value, precision, zone, raw), kind, len(words) <= 4, span_start, span_end))
    return found


def read_day_month(text: str, year: int | None) -> tuple[ParsedDate, int] | None:
    """A day and month at the start of `text` with no year of its own, in `year`; and where it ends."""
    for pattern in _DAY_MONTH:
        match = pattern.match(text)
        month = month_number(match["mon"]) if match else None
        if match and month and year:
            value = build_date(year, month, int(match["d"]), None, None, None)
            if value:
                return ParsedDate(value, "day", None, match.group(0).strip(" ,")), match.end()
    return None


def read_prefix(line: str) -> tuple[ParsedDate | None, str, int] | None:
    """The stored-page prefix ' date 2025-07-24 …': its date (None for a month-only prefix), the
    rest of the line, and its year (which a month-only prefix gives too)."""
    match = HEADER.match(line)
    if not match:
        return None
    iso = match["iso"]
    if len(iso) == 7:
        return None, match["rest"], int(iso[:4])
    value = build_date(int(iso[:4]), int(iso[5:7]), int(iso[8:10]), None, None, None)
    return (ParsedDate(value, "day", None, iso) if value else None), match["rest"], int(iso[:4])


def to_utc(value: datetime | None) -> datetime | None:
    """The same instant in UTC; None for naive datetimes, whose offset is unknown."""
    if value is None or value.tzinfo is None:
        return None
    return value.astimezone(UTC)
