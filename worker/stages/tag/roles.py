"""People's roles as the text states them: rank or title, position, and the country they serve."""

import re
from functools import cache

from schemas.models import Entity, Role
from worker.stages.countries import by_demonym, by_name
from worker.stages.lexicons import load, person_titles

_CAPS_RUN = re.compile(r"((?:[A-Z][\w'’-]*|of|the|and|for|on)(?:\s+(?:[A-Z][\w'’-]*|of|the|and|for|on))*)\s*,?\s*$")
_APPOSITIVE_BEFORE = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:with|by|and)\s+)((?:his|her|their|the|an?)\s+[^,;()]{2,80}?)\s*,\s*$"
)


def _heads() -> tuple[str, ...]:
    return tuple(load("roles")["position_heads"])


def _country_in(text: str) -> str | None:
    for word in re.findall(r"[A-Z][\w'’-]+", text):
        code = by_demonym(word) or by_name(word)
        if code:
            return code.iso2
    return None


@cache
def _titles_by_ending() -> dict[str, tuple[str, ...]]:
    """The titles, longest first, under their last two letters: a prefix is checked against a handful
    of titles, not all 235 (0.3 ms an article)."""
    index: dict[str, list[str]] = {}
    for title in person_titles():
        index.setdefault(title[-2:], []).append(title)
    return {ending: tuple(titles) for ending, titles in index.items()}


def _title_before(prefix: str) -> tuple[str | None, str]:
    """The rank or title ending `prefix`, and the prefix without it."""
    stripped = prefix.rstrip()
    for title in _titles_by_ending().get(stripped[-2:], ()):
        if stripped.endswith(title) and (len(stripped) == len(title) or not stripped[-len(title) - 1].isalpha()):
            return title, stripped[: -len(title)]
    return None, stripped


def _position_before(prefix: str) -> str | None:
    """'First Deputy Minister of Defense ..., ' or 'his Italian counterpart, ' before a name."""
    if prefix.rstrip().endswith(","):
        before = prefix.rstrip()[:-1].rstrip()
        caps = _CAPS_RUN.search(before)
        if caps and any(h in caps.group(1) for h in _heads()):
            return caps.group(1).strip()
        appositive = _APPOSITIVE_BEFORE.search(prefix)
        if appositive:
            return re.sub(r"^(?:his|her|their|the|an?)\s+", "", appositive.group(1).strip())
        return None
    caps = _CAPS_RUN.search(prefix)
    if caps and any(h in caps.group(1) for h in _heads()):
        return caps.group(1).strip()
    return None


def _position_after(body: str, end: int) -> str | None:
    """'Tatyana Belova, a climate researcher, said' -> 'climate researcher'."""
    match = re.match(r",\s+(?:the\s+|an?\s+)?([^,;.()\"“]{3,80}?)\s*[,;.]", body[end:])
    if match and not match.group(1)[0].isupper() and " " in match.group(1) \
            and not match.group(1).startswith(("who ", "which ", "that ", "whose ")):
        return match.group(1).strip()
    return None


def person_role(entity: Entity, body: str) -> Role | None:
    """The role of a PERSON entity from the text around its mentions, or None if the text gives none."""
    title = position = country = None
    for mention in entity.spans:
        sentence_start = max(body.rfind(". ", 0, mention.start), body.rfind("\n", 0, mention.start)) + 1
        found_title, rest = _title_before(body[sentence_start:mention.start])
        if found_title and not title:
            title = found_title
            # "Georgian Foreign Minister Nino Kapanadze": the words right before the title.
            caps = _CAPS_RUN.search(rest)
            country = _country_in(caps.group(1)) if caps else None
        position = position or _position_before(rest) or _position_after(body, mention.end)
    if not (title or position):
        return None
    country = _country_in(position or "") or country
    return Role(title=title, position=position, affiliation_country=country)
