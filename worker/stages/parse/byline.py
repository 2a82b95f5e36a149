"""Bylines and credit lines: person names in order; outlets, job titles and desks are not authors."""

import re
from dataclasses import dataclass, field
from functools import cache

import wordfreq

from worker.stages.lexicons import demonyms, non_author_phrases, outlets, outlets_by_case
from worker.stages.parse.dates import find_dates
from worker.stages.parse.names import title_case

_PARTICLES = {"van", "von", "de", "da", "del", "der", "bin", "al", "el", "le", "la", "di", "du", "dos", "ibn"}
# A byline piece ending in one of these is a job description ("Berlin Correspondent"), not a name.
_JOB_WORDS = {"correspondent", "editor", "reporter", "writer", "staff", "contributor", "columnist",
              "journalist", "desk", "team", "photographer", "analyst", "producer", "bureau", "service",
              "reporters", "writers", "staffers", "newsroom", "agencies", "wires", "online", "editors",
              "services", "reports",  # "By Newser Editors and Wire Services", "By Staff and Wire Reports"
              # Newsrooms and agencies in other languages: "Rédaction", "com agências", "mit Agenturen".
              "rédaction", "redação", "redacción", "redazione", "redaktion", "редакция", "agences",
              "agencias", "agências", "agenzie", "agenturen"}
_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bи\b|\bve\b|\bvə\b|"
                    r"\bavec\b|\bcon\b|\bcom\b|\bmit\b)\s*")  # "Par X avec AFP", "Por X, com agências"
# Names on a line of their own are split on punctuation only: "X and Y Arrest Z" is a headline.
_BARE_SPLIT = re.compile(r"\s*(?:,|;|&|\bavec\b|\bcon\b|\bcom\b|\bmit\b)\s*")  # "La rédaction avec AFP"
_BY = re.compile(r"^\s*(?:by|written by|words by|story by|reported by|posted by|authors?:?|von|par|por|di|"
                 r"story:|words:|reporter:|writer:|автор:?|авторы:?|yazan:?|müəllif:?|texto:?|text:?)\s+",
                 re.IGNORECASE)
_HANDLE = re.compile(r"\s*(?<!\S)@\w+")  # "Ann Lee @annlee": the reporter's social-media handle
_HONORIFIC = re.compile(r"^(?:Dr|Prof|Mr|Mrs|Ms|Mx)\.?\s+(?=\S)")  # "By Dr. Ann Lee": the name is "Ann Lee"
_BY_ALONE = re.compile(r"^\s*(?:by|authors?|автор|авторы|yazan|müəllif)\s*:?\s*$", re.IGNORECASE)
# Where a byline's names stop: a separator before an outlet or a date ("By X – Trend:", "X | Reuters").
_TAIL = re.compile(r"\s+(?:[|–—]|-\s|\(|/|\bpublished\b|\bupdated\b|\bposted\b)", re.IGNORECASE)
_CREDIT = re.compile(r"\b(?:reporting|additional reporting|writing|reported|compiled)\s+by\s+"
                     r"(?P<names>[^;:()\n]+?)(?=\s*(?:;|\)|$|\.\s*$|\.\s+(?:editing|writing|additional|reporting)\b|"
                     r",?\s+(?:editing|writing|additional)\b))", re.IGNORECASE)
_CONTACT = re.compile(r"to contact the reporters? on this story:?\s*(?P<names>.+?)(?:\s+in\s+[A-Z][\w ]+)?"
                      r"\s+at\s+\S+@", re.IGNORECASE)
# Words that end a name in a byline: "Mehmet Yilmaz Email the author", "Jane Doe Published 4:51 PM".
_NAME_STOPS = _JOB_WORDS | {"email", "follow", "contact", "published", "updated", "posted", "photo", "photos",
                            "video", "in", "at", "for", "from", "with", "on"}
_PLACE_TAIL = re.compile(r"\s+(?:in|from|at)\s+[A-Z][\w.\- ]*$")


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
    letters = token.replace("-", "").replace("'", "").replace("’", "").replace(".", "")
    return token[0].isupper() and letters.isalpha() and not (token.isupper() and len(letters) > 1)


def is_person_name(text: str) -> bool:
    """Two to five name-shaped tokens, with a capitalised first and last token."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or not tokens[0][0].isupper() or not tokens[-1][0].isupper():
        return False
    return all(_name_token(t) for t in tokens)


def is_non_author(text: str) -> bool:
    """True for job titles, desks and prompts such as 'Staff Writer' or 'Email the author'."""
    lowered = text.lower().strip(" .:-")
    if lowered in non_author_phrases() or lowered.startswith(("email ", "follow ", "contact ")):
        return True
    return bool(lowered) and lowered.split()[-1] in _JOB_WORDS


# Last words of outlet names ("The Canadian Press", "Hindustan Times"); "Service" and "Agency" only
# after "News"/"Press", since "Kenya Wildlife Service" and "Environment Agency" are not outlets.
OUTLET_WORDS = {"News", "Newswire", "Wire", "Press", "Times", "Post", "Herald", "Tribune", "Gazette", "Journal",
                "Telegraph", "Chronicle", "Observer", "Express", "Mail", "Daily", "Weekly", "Shimbun",
                "Television", "TV", "Radio", "Magazine"}
_OUTLET_ENDINGS = {"News Service", "News Agency", "Press Agency", "Press Service"}


# A name on its own line whose every word is an everyday word ("Late Edition", "Risk Management",
# "Home World") is page furniture; real names have at least one rarer token.
_COMMON_ZIPF = 4.0
# Head nouns of organisations and places: "McDuffie County Sheriff's Office" is not a person.
_ORG_WORDS = {"office", "department", "ministry", "county", "council", "police", "university", "college",
              "school", "club", "team", "company", "group", "bank", "agency", "service", "services", "centre",
              "center", "court", "committee", "commission", "authority", "association", "institute",
              "foundation", "party", "government", "corporation", "inc", "ltd", "news", "city", "state",
              "district", "province", "region", "republic", "league", "cup", "festival", "products"}


@cache
def is_everyday_word(word: str) -> bool:
    """An everyday English word (zipf 4 and up: "late", "news"), not a name."""
    return wordfreq.zipf_frequency(word.lower(), "en") >= _COMMON_ZIPF


def _plausible_bare_name(name: str) -> bool:
    tokens = [t.strip(".").lower().removesuffix("'s").removesuffix("’s") for t in name.split()]
    if any(token in _ORG_WORDS for token in tokens):
        return False
    return not all(is_everyday_word(token) for token in tokens if len(token) > 1)


def is_outlet(text: str) -> bool:
    """A news outlet or agency: on the team's list (see stages/data/README.md) or outlet-shaped."""
    name = text.strip(" .:")
    if name in outlets() or re.sub(r"^The\s+", "", name) in outlets():
        return True
    if name.isupper() and name.casefold() in outlets_by_case():
        return True  # "ARMENPRESS", "REPORT.AZ": a known outlet in a dateline's capitals
    words = name.split()
    if not words:
        return False  # " : " alone, as French spacing leaves it before a colon
    shaped = words[-1] in OUTLET_WORDS or " ".join(words[-2:]) in _OUTLET_ENDINGS
    return 2 <= len(words) <= 5 and shaped and all(w[:1].isupper() for w in words)


def _leading_name(piece: str, longest: int = 5) -> tuple[str | None, str]:
    """The person name that starts `piece` ('SETH BORENSTEIN AP Science Writer') and what follows."""
    tokens = piece.split()
    # An outlet or an article starts what follows the name: "Ron Bousso Reuters", "X The Canadian Press".
    stop = next((i for i, t in enumerate(tokens)
                 if is_outlet(t) or t in ("The", "the") or t.lower().strip(".:,") in _NAME_STOPS), len(tokens))
    tokens, after = tokens[:stop], tokens[stop:]
    best: str | None = None
    end = 0
    for count in range(min(len(tokens), longest), 1, -1):
        candidate = title_case(" ".join(tokens[:count]))
        if is_person_name(candidate) and not is_outlet(candidate) and not is_non_author(candidate) \
                and candidate.split()[0] not in demonyms():  # "Kenyan Police"
            best, end = candidate, count
            break
    return best, " ".join(tokens[end:] + after)


def _pieces(text: str, splitter: re.Pattern[str] = _SPLIT) -> list[str]:
    return [p.strip(" .,") for p in splitter.split(text) if p and p.strip(" .,")]


_GLUED_OUTLET = re.compile(r"^(?P<name>.*[a-z])(?P<outlet>[A-Z]{2,6})$")


def read_byline(line: str, bare: bool = False) -> Byline | None:
    """The byline in `line`, or None when the line is not one.

    With `bare`, a line of names without "By" counts too (the header zone of a page, where a name
    on its own line is the author's).
    """
    text = line.strip()
    had_by = bool(_BY.match(text))
    if not text or len(text) > 160 or (not had_by and not bare):
        return None
    text = re.sub(r"\s+by\s*$", "", _BY.sub("", text), flags=re.IGNORECASE).strip()
    text = _HONORIFIC.sub("", _HANDLE.sub("", text))
    dates = find_dates(text)
    if dates:
        text = text[: dates[0].start].strip()
    result = Byline()
    glued = _GLUED_OUTLET.match(text)
    if glued and is_outlet(glued["outlet"]):  # "Jane DoeAAP": the page lost the space before the wire
        text = glued["name"]
        result.outlets.append(glued["outlet"])
    single = len(_pieces(text, _SPLIT if had_by else _BARE_SPLIT)) == 1
    head, tail = (text[: m.start()], text[m.end():]) if (m := _TAIL.search(text)) else (text, "")
    for outlet in filter(None, (t.strip(" :)(.") for t in re.split(r"[|:()/]", tail))):
        if is_outlet(outlet) or (had_by and len(outlet.split()) <= 4 and not find_dates(outlet)
                                 and outlet[:1].isupper() and not is_non_author(outlet)):
            result.outlets.append(outlet)
    for piece in _pieces(head, _SPLIT if had_by else _BARE_SPLIT):
        name, rest = _leading_name(piece, 5 if had_by else 4)
        rest = rest.strip(" ,")
        if name is None and is_outlet(piece):
            result.outlets.append(piece)
            continue
        if name is None:
            if is_non_author(piece):
                continue
            if had_by and result.authors and len(piece.split()) == 1 and piece[:1].isupper():
                continue  # "By Peter Okafor, Lagos": where the reporter files from
            if had_by and result.authors and piece[:1].islower():
                continue  # "Par Jean Dupont, envoyé spécial à Kiev": what the reporter is, in any language
            return None if not had_by or result.authors else (result if result.outlets else None)
        if rest and is_outlet(rest):
            result.outlets.append(rest)
        elif rest and not had_by and not is_non_author(rest):
            return None  # "Lewis Hamilton took pole": a sentence, not a byline
        # A list of names is evidence enough; one name alone must look like one.
        if not had_by and single and not _plausible_bare_name(name):
            return None
        result.authors.append(name)
    return result if (result.authors or result.outlets) else None


def is_byline_prompt(line: str) -> bool:
    """A line that is only 'By' or 'Author:', with the names on the next line."""
    return bool(_BY_ALONE.match(line))


def is_byline_junk(line: str) -> bool:
    """Lines that follow a byline and carry no article text ('Email the author', 'Staff')."""
    pieces = [p for p in _SPLIT.split(line.strip()) if p.strip(" .")]
    return bool(pieces) and all(is_non_author(p) for p in pieces)


def read_credits(paragraph: str) -> list[str]:
    """Authors named in wire credit lines: '(Reporting by X in Y; Editing by Z)', 'To contact the reporter'."""
    names: list[str] = []
    for pattern in (_CREDIT, _CONTACT):
        for match in pattern.finditer(paragraph):
            for piece in _pieces(match["names"]):
                piece = _PLACE_TAIL.sub("", piece)
                name, _ = _leading_name(piece)
                if name and name not in names:
                    names.append(name)
    return names


def is_credit_line(paragraph: str) -> bool:
    """A short paragraph that only credits the staff ('(Reporting by …; Editing by …)')."""
    text = paragraph.strip()
    return len(text.split()) <= 40 and (
        bool(re.match(r"^\(?\s*(?:reporting|additional reporting|writing|editing|compiled|"
                      r"to contact the (?:reporter|editor))", text, re.IGNORECASE)))
