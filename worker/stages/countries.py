"""ISO 3166 country lookup from names, aliases and demonyms (pycountry plus the team's alias list)."""

from dataclasses import dataclass
from functools import cache

import pycountry

from worker.stages.lexicons import demonyms, load


@dataclass(frozen=True)
class CountryCode:
    """One ISO 3166-1 country."""

    iso2: str
    iso3: str
    name: str


@cache
def _by_name() -> dict[str, CountryCode]:
    index: dict[str, CountryCode] = {}
    for c in pycountry.countries:
        code = CountryCode(c.alpha_2, c.alpha_3, getattr(c, "common_name", c.name))
        for attr in ("name", "common_name", "official_name"):
            if value := getattr(c, attr, None):
                index.setdefault(value.lower(), code)
    for iso2, aliases in load("country_aliases")["aliases"].items():
        listed = by_iso2(iso2)
        if listed:
            for alias in aliases:
                index[alias.lower()] = listed
    return index


@cache
def by_iso2(iso2: str) -> CountryCode | None:
    """The country for an alpha-2 code (Kosovo's user-assigned XK included)."""
    if iso2 == "XK":
        return CountryCode("XK", "XKX", "Kosovo")
    c = pycountry.countries.get(alpha_2=iso2)
    return CountryCode(c.alpha_2, c.alpha_3, getattr(c, "common_name", c.name)) if c else None


def by_name(name: str) -> CountryCode | None:
    """The country a name or alias denotes ('Italy', 'Türkiye', 'the UK'), else None."""
    key = name.lower().removeprefix("the ").strip()
    return _by_name().get(key)


def by_demonym(word: str) -> CountryCode | None:
    """The country of a demonym ('Azerbaijani', 'Italians'), else None."""
    iso2 = demonyms().get(word)
    return by_iso2(iso2) if iso2 else None


@cache
def name_patterns() -> list[str]:
    """Every country name and alias as written in text, for the entity ruler."""
    names: set[str] = set()
    for c in pycountry.countries:
        names.update(v for a in ("name", "common_name") if (v := getattr(c, a, None)))
    for aliases in load("country_aliases")["aliases"].values():
        names.update(aliases)
    return sorted(names)
