"""Publication dates from header lines and datelines, keeping the article's own UTC offset."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
# Month names of the other languages the feeds carry (French, German, Spanish, Russian genitive).
MONTHS.update({
    m: i + 1
    for i, names in enumerate(
        [
            ("janvier", "januar", "jänner", "enero", "января"),
            ("février", "fevrier", "februar", "febrero", "февраля"),
            ("mars", "märz", "marz", "marzo", "марта"),
            ("avril", "april", "abril", "апреля"),
            ("mai", "mayo", "мая"),
            ("juin", "juni", "junio", "июня"),
            ("juillet", "juli", "julio", "июля"),
            ("août", "aout", "august", "agosto", "августа"),
            ("septembre", "septiembre", "setiembre", "сентября"),
            ("octobre", "oktober", "octubre", "октября"),
            ("novembre", "noviembre", "ноября"),
            ("décembre", "decembre", "dezember", "diciembre", "декабря"),
        ]
    )
    for m in names
})

# Zone abbreviations seen in news feeds; ambiguous ones (IST, CST) take their news-desk meaning.
ZONES: dict[str, timedelta] = {
    name: timedelta(hours=h, minutes=m)
    for name, h, m in [
        ("UTC", 0, 0), ("GMT", 0, 0), ("WET", 0, 0), ("WEST", 1, 0), ("BST", 1, 0),
        ("CET", 1, 0), ("CEST", 2, 0), ("EET", 2, 0), ("EEST", 3, 0), ("MSK", 3, 0),
        ("TRT", 3, 0), ("AST", 3, 0), ("GST", 4, 0), ("AZT", 4, 0), ("GET", 4, 0),
        ("AMT", 4, 0), ("PKT", 5, 0), ("IST", 5, 30), ("ALMT", 5, 0), ("UZT", 5, 0),
        ("ICT", 7, 0), ("CST", -6, 0), ("HKT", 8, 0), ("SGT", 8, 0), ("JST", 9, 0),
        ("KST", 9, 0), ("AEST", 10, 0), ("EST", -5, 0), ("EDT", -4, 0), ("CDT", -5, 0),
        ("MST", -7, 0), ("MDT", -6, 0), ("PST", -8, 0), ("PDT", -7, 0),
    ]
}

HEADER = re.compile(r"^\s*date\s+(?P<iso>\d{4}-\d{2}-\d{2})\b(?P<rest>.*)$", re.IGNORECASE)
HUMAN = re.compile(
    r"^\s*(?P<day>\d{1,2})\.?\s+(?:de\s+)?(?P<mon>[^\W\d_]{3,10})\.?,?(?:\s+de)?(?:\s+(?P<year>\d{4}))?,?"
    r"(?:\s+(?P<h>\d{1,2}):(?P<m>\d{2}))?"
    r"(?:\s*\((?P<zone>[^)]{1,40})\))?"
)
_OFFSET = re.compile(r"(?:UTC|GMT)?\s*(?P<sign>[+\-−])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?")
_ZONE_NAME = re.compile(r"\b(?P<name>[A-Z]{2,5})\b")


@dataclass(frozen=True)
class ParsedDate:
    """A date read from text, with what the text said about its zone."""

    value: datetime
    precision: str
    zone: str | None
    raw: str


def parse_zone(spec: str) -> tuple[timezone | None, str | None]:
    """A tzinfo and zone name from text such as 'UTC+04:00', 'UTC+3 MSK', 'GMT+3' or 'CET'."""
    name_match = next(
        (m["name"] for m in _ZONE_NAME.finditer(spec) if m["name"] not in ("UTC", "GMT")), None
    )
    offset = _OFFSET.search(spec)
    if offset:
        delta = timedelta(hours=int(offset["h"]), minutes=int(offset["m"] or 0))
        sign = -1 if offset["sign"] in "-−" else 1
        return timezone(sign * delta), name_match
    if name_match and name_match in ZONES:
        return timezone(ZONES[name_match]), name_match
    bare = spec.strip().upper()
    if bare in ("UTC", "GMT", "Z"):
        return UTC, bare
    return None, name_match


def month_number(word: str) -> int | None:
    """1-12 for an English month name or abbreviation, else None."""
    return MONTHS.get(word.lower().rstrip("."))


def build_date(
    year: int, month: int, day: int, hour: int | None, minute: int | None, tz: timezone | None
) -> datetime | None:
    """A datetime, or None when the parts are not a real date."""
    try:
        return datetime(year, month, day, hour or 0, minute or 0, tzinfo=tz)
    except ValueError:
        return None


def parse_human(text: str, default_year: int) -> tuple[ParsedDate, str] | None:
    """Read '24 July 2025 13:01 (UTC+04:00)' at the start of `text`; returns the date and the rest."""
    match = HUMAN.match(text)
    if not match or month_number(match["mon"]) is None:
        return None
    tz, zone = parse_zone(match["zone"]) if match["zone"] else (None, None)
    has_time = match["h"] is not None
    value = build_date(
        int(match["year"] or default_year), month_number(match["mon"]) or 0, int(match["day"]),
        int(match["h"]) if has_time else None, int(match["m"]) if has_time else None, tz,
    )
    if value is None:
        return None
    parsed = ParsedDate(value, "minute" if has_time else "day", zone, match.group(0).strip())
    return parsed, text[match.end():]


def to_utc(value: datetime | None) -> datetime | None:
    """The same instant in UTC; None for naive datetimes, whose offset is unknown."""
    if value is None or value.tzinfo is None:
        return None
    return value.astimezone(UTC)
