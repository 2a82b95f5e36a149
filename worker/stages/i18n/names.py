"""Persons' names across scripts: given names (Faker's name lists) and Latin transliteration (iuliia, anyascii)."""

import importlib
import pkgutil
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib.metadata import version

from anyascii import anyascii

from worker.stages.lexicons import load

TRANSLITERATION = f"iuliia-{version('iuliia')}:wikipedia+anyascii-{version('anyascii')}"
GIVEN_NAMES = f"faker-{version('faker')}:person-first-names+given_names_extra"
# The scripts whose names consumers cannot join with the Latin spelling without help.
_JOINED_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "GEORGIAN")
# Scripts with capital letters: the only ones the fallback reads names in.
_CASED_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN")
_FIRST_NAME_LISTS = ("first_names", "first_names_male", "first_names_female")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def script_of(name: str) -> str | None:
    """The first letter's Unicode script, e.g. 'CYRILLIC' for 'Ильхам Алиев'."""
    letter = next((c for c in name if c.isalpha()), "")
    return unicodedata.name(letter, "").split(" ")[0] or None if letter else None


def latin(name: str) -> str | None:
    """A Latin spelling for a name in Cyrillic, Greek, Armenian or Georgian script, else None.

    'Ильхам Алиев' -> 'Ilkham Aliyev': Cyrillic by the Wikipedia scheme English news follows,
    the others letter by letter; ejective marks dropped and words capitalised (Georgian has no case).
    """
    script = script_of(name)
    if script not in _JOINED_SCRIPTS:
        return None
    text = _cyrillic(name) if script == "CYRILLIC" else name
    ascii_text = re.sub(r"['’ʼ]", "", anyascii(text))
    return " ".join(w[:1].upper() + w[1:] for w in ascii_text.split()) or None


def _cyrillic(text: str) -> str:
    import iuliia  # a few hundred kB of schemes, loaded with the first Cyrillic name

    return str(iuliia.WIKIPEDIA.translate(text))


def fold_name(word: str) -> str:
    """'Hüseyin', 'Huseyin' and 'HÜSEYIN' are one key; so are 'Андрей' and 'Andrei'."""
    return anyascii(word).casefold()


def _locale_first_names(module: str) -> Iterable[str]:
    provider = importlib.import_module(f"faker.providers.person.{module}").Provider
    for attribute in _FIRST_NAME_LISTS:
        names = getattr(provider, attribute, None)
        # A tuple, a list or a weighted dict; a few locales make `first_names` a property of the instance.
        if isinstance(names, (tuple, list, dict)):
            yield from names


@cache
def given_names() -> frozenset[str]:
    """The first names of every Faker person locale (about 80, 30,000 names), as written and folded.

    All locales, not the article's own: news in any language quotes foreign names ('Selenskyj',
    'Recep Tayyip' in a German article), and Faker's per-locale lists are short (tr_TR lacks 'Mehmet',
    which de_DE has). Loaded on the first look-up, once per process, in about 0.1 s.
    """
    import faker.providers.person as person

    keys: set[str] = set()
    names = [n for module in pkgutil.iter_modules(person.__path__) for n in _locale_first_names(module.name)]
    # Faker's tr_TR and az_AZ lists miss common names ('Tolga', 'Bülent', 'Günel'): the team's list adds them.
    names += _extra_given_names(("male", "female"))
    for name in names:
        for word in name.split():
            if _WORD.fullmatch(word) and script_of(word) in _CASED_SCRIPTS:
                keys.update((word.casefold(), fold_name(word)))
    return frozenset(keys)


@cache
def female_given_names() -> frozenset[str]:
    """The female first names of every Faker person locale, folded ('Leyla', 'Ofeliya', 'Gülnar')."""
    import faker.providers.person as person

    keys: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        names = getattr(provider, "first_names_female", None)
        if isinstance(names, (tuple, list, dict)):
            keys.update(fold_name(w) for name in names for w in name.split() if _WORD.fullmatch(w))
    keys.update(fold_name(n) for n in _extra_given_names(("female",)))
    return frozenset(keys)


def _extra_given_names(genders: tuple[str, ...]) -> list[str]:
    """The team's additions to Faker's lists, by language and gender (`stages/data/given_names_extra.json`)."""
    return [n for by_gender in load("given_names_extra")["names"].values() for g in genders for n in by_gender[g]]


def is_given_name(word: str) -> bool:
    """True when `word` is a first name in Faker's lists, as written or transliterated to Latin script."""
    # An all-capitals word is an acronym ('US', 'ONU'), not a name.
    if len(word) < 2 or not word[:1].isupper() or word.isupper():
        return False
    candidates = [word, *word.split("-")[:1]]
    if not word.isascii():
        # Azerbaijani 'ə' is 'a' in the Turkish and English spelling of a name ('Rəşad', 'Rashad').
        candidates.append(word.replace("ə", "a").replace("Ə", "A"))
        if script_of(word) == "CYRILLIC":
            candidates.append(_cyrillic(word))
    names = given_names()
    return any(c.casefold() in names or fold_name(c) in names for c in candidates if c)
