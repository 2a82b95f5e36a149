"""The team's data files (demonyms, roles, organisations, topics), loaded once per process."""

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"


@cache
def load(name: str) -> Any:
    """The parsed JSON of `worker/stages/data/<name>.json`."""
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def outlets() -> frozenset[str]:
    """News outlets and agencies, as they are written in text."""
    return frozenset(load("organizations")["outlets"]) | frozenset(load("news_outlets")["outlets"])


@cache
def agencies() -> frozenset[str]:
    """The outlets that supply copy to others: wires, news agencies, release wires."""
    return frozenset(load("news_outlets")["agencies"])


@cache
def outlet_spellings() -> dict[str, str]:
    """A wire's name as it is sometimes written ("PRNewswire") -> its usual spelling ("PR Newswire")."""
    return dict(load("news_outlets")["aliases"])


@cache
def outlets_by_case() -> dict[str, str]:
    """A known outlet's name casefolded -> as it is usually written ("europa press" -> "Europa Press"),
    so a dateline's capitals ("(EUROPA PRESS)") give the usual spelling; acronyms stay as they are."""
    spellings: dict[str, str] = {}
    for name in sorted(outlets(), key=str.isupper):  # a mixed-case spelling before an all-capitals one
        spellings.setdefault(name.casefold(), name)
    return spellings


@cache
def non_author_phrases() -> frozenset[str]:
    """Byline words that are never a person: job titles, 'Staff', 'Email the author'."""
    return frozenset(p.lower() for p in load("roles")["non_author_phrases"])


@cache
def person_titles() -> tuple[str, ...]:
    """Ranks and titles that may precede a name, longest first."""
    roles = load("roles")
    return tuple(sorted({*roles["ranks"], *roles["titles"]}, key=len, reverse=True))


@cache
def demonyms() -> dict[str, str]:
    """Demonym or nationality adjective -> ISO alpha-2."""
    return dict(load("demonyms")["demonyms"])
