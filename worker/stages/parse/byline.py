"""Bylines: person names in order; outlets, job titles and 'Email the author' are not authors."""

import re
from dataclasses import dataclass, field

from worker.stages.lexicons import non_author_phrases, outlets

_PARTICLES = {"van", "von", "de", "da", "del", "der", "bin", "al", "el", "le", "la", "di", "du", "dos"}
# A byline piece ending in one of these is a job description ("Berlin Correspondent"), not a name.
_JOB_WORDS = {"correspondent", "editor", "reporter", "writer", "staff", "contributor", "columnist",
              "journalist", "desk", "team", "photographer", "analyst", "producer", "bureau"}
_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*")
_BY = re.compile(r"^\s*(?:by|written by|author:?|authors:?)\s+", re.IGNORECASE)


@dataclass
class Byline:
    """What a byline line held."""

    authors: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)


def _name_token(token: str) -> bool:
    # Any script: "Алексей" and "María" are names as much as "Karim".
    if token in _PARTICLES:
        return True
    if len(token) == 2 and token[0].isupper() and token[1] == ".":
        return True
    letters = token.replace("-", "").replace("'", "").replace("’", "")
    return token[0].isupper() and letters.isalpha() and not token.isupper()


def is_person_name(text: str) -> bool:
    """Two to five name-shaped tokens, with a capitalised first and last token."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or not tokens[0][0].isupper() or not tokens[-1][0].isupper():
        return False
    return all(_name_token(t) for t in tokens)


def is_non_author(text: str) -> bool:
    """True for job titles and prompts such as 'Staff Writer' or 'Email the author'."""
    lowered = text.lower().strip(" .:-")
    if lowered in non_author_phrases() or lowered.startswith(("email ", "follow ", "contact ")):
        return True
    return bool(lowered) and lowered.split()[-1] in _JOB_WORDS


def _strip_trailing_junk(text: str) -> str:
    """'Mehmet Yilmaz Email the author' (two lines joined) -> 'Mehmet Yilmaz'."""
    lowered = text.lower()
    for phrase in sorted(non_author_phrases(), key=len, reverse=True):
        if lowered.endswith(" " + phrase) and len(phrase) > 3:
            return text[: -len(phrase)].rstrip(" ,;|-–")
    return text


def read_byline(line: str) -> Byline | None:
    """The byline in `line`, or None when the line is not a byline."""
    text = line.strip()
    if not text or len(text) > 120 or text.endswith((".", "?", "!", ":")) and not _BY.match(text):
        return None
    stripped = _BY.sub("", text).strip()
    if stripped in outlets():
        return Byline(outlets=[stripped])
    result = Byline()
    for piece in filter(None, (p.strip(" .") for p in _SPLIT.split(stripped))):
        if is_non_author(piece):
            continue
        piece = _strip_trailing_junk(piece)
        if piece in outlets():
            result.outlets.append(piece)
        elif is_person_name(piece):
            result.authors.append(piece)
        else:
            return None
    return result if (result.authors or result.outlets) else None


def is_byline_junk(line: str) -> bool:
    """Lines that follow a byline and carry no article text ('Email the author', 'Staff')."""
    pieces = [p for p in _SPLIT.split(line.strip()) if p.strip(" .")]
    return bool(pieces) and all(is_non_author(p) for p in pieces)
