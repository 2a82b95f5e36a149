"""Events in CAMEO style: who met, signed, said, drilled, attacked or appointed whom, where and when."""

import re
from datetime import date, timedelta

from schemas.models import Country, Entity, Event, Place

# (type, CAMEO code, cue pattern). Appointments have no CAMEO code: X01 is our extension.
_KINDS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (kind, code, re.compile(pattern, re.IGNORECASE))
    for kind, code, pattern in [
        ("agreement", "057", r"\b(?:signed|signing|sign|inked)\b.{0,60}\b(?:agreement|memorandum|deal|"
                             r"accord|treaty|contract|protocol)\b|\bagreed\s+to\b"),
        ("meeting", "040", r"\b(?:met|meets|meeting|held talks|talks with|bilateral talks|discussed)\b"),
        ("visit", "042", r"\b(?:visit(?:ed|ing|s)?|arrived in|toured)\b"),
        ("exercise", "150", r"\b(?:military )?(?:exercises?|drills?|manoeuvres|maneuvers)\b"),
        ("attack", "190", r"\b(?:attack(?:ed|s)?|shelled|shelling|air ?strikes?|bombed|bombing|"
                          r"explosion|struck)\b"),
        ("appointment", "X01", r"\b(?:appointed|named as|was named|nominated|sworn in)\b"),
        ("statement", "010", r"\b(?:said|stated|announced|declared)\b"),
    ]
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _sentence_date(text: str, published: date | None) -> str | None:
    """A weekday in the sentence resolves to the latest such day on or before publication."""
    if published is None:
        return None
    for index, name in enumerate(_WEEKDAYS):
        if re.search(rf"\bon {name}\b", text, re.IGNORECASE):
            back = (published.weekday() - index) % 7
            return (published - timedelta(days=back)).isoformat()
    return published.isoformat()


def find_events(
    body: str, sentences: list[tuple[int, int]], entities: list[Entity], countries: list[Country],
    places: list[Place], published: date | None, dateline_place: str | None, sources: list[str],
) -> list[Event]:
    """One event per sentence: the first kind whose cue it carries, with at least one actor.

    Outlets the article cites (`sources`) report events; they are not actors in them.
    """
    actors_all = [e for e in entities if e.type in ("PERSON", "ORGANIZATION", "COUNTRY")
                  and e.name not in sources]
    place_names = {p.name for p in places}
    events: list[Event] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for start, end in sentences:
        text = body[start:end]
        kind = next(((k, c) for k, c, cue in _KINDS if cue.search(text)), None)
        actors = [e for e in actors_all if any(start <= m.start < end for m in e.spans)]
        if kind is None or not actors:
            continue
        names = tuple(sorted(e.name for e in actors))
        if (kind[0], names) in seen or (kind[0] == "statement" and len(events) >= 5):
            continue
        seen.add((kind[0], names))
        place = next((e.name for e in entities if e.type == "PLACE" and e.name in place_names
                      and any(start <= m.start < end for m in e.spans)), dateline_place)
        events.append(Event(
            type=kind[0], cameo=kind[1], actors=[e.name for e in actors],  # type: ignore[arg-type]
            countries=_sides(actors, countries), place=place,
            date=_sentence_date(text, published), sentence=text.strip(), start=start,
        ))
    return events


def _sides(actors: list[Entity], countries: list[Country]) -> list[str]:
    """The countries the actors stand for: their own country or their role's affiliation."""
    known = {c.iso2 for c in countries}
    sides: list[str] = []
    for e in actors:
        code = (e.role.affiliation_country if e.role else None) or e.country
        if code and code in known and code not in sides:
            sides.append(code)
    return sides
