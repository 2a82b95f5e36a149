"""Per-article text cues that say what a name is: titles, speech, organisation nouns, place and time words.

Each cue is found with one regex pass over the body when the article is tagged; checking a name
afterwards is a set or prefix lookup, so the cost does not grow with the number of entities.
"""

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import TypeAlias

import regex

from worker.stages.alternation import alternation
from worker.stages.lexicons import person_titles

_OWNED = re.compile(r"['’]s\s+")
_COMMON_ZIPF = 3.5  # wordfreq's scale: 3.5 is about once per 300,000 words of English
EVERYDAY_ZIPF = 4.3  # 'kingdom', 'republic': far more often a noun than a name
PLAIN_WORD_ZIPF = 3.0  # 'gunmen', 'villagers': plain words, though rarer than 'therefore'
_RUN = r"[A-Z][\w'’.&-]*(?:[ \t]+(?:[A-Z][\w'’.&-]*|bin|al|de|van|von|der|la|le))*"
_SPEECH = r"(?:said|says|told|added|noted|stressed|explained|asked|insisted|commented|recalled)"
_ORG_NOUNS = (r"(?:company|group|firm|studio|operator|agency|giant|maker|manufacturer|producer|carrier|"
              r"alliance|bank|lender|regulator|club|broadcaster|start-?up|developer|supplier|provider|"
              r"insurer|airline|utility|association|organi[sz]ation|body|conglomerate|exchange|network|"
              r"team|side|franchise|outfit|band|group|retailer|miner|explorer|partner)")
_FREE = r"(?:(?!(?:at|of|for|in|with|from|by)\b)[\w'’-]+\s+)"
# The cue word before a name sits in a lookbehind, so the scan jumps from capital to capital instead of
# trying the words at every word boundary: a fifth of the time (0.1 ms an article less for _ORG_BEFORE alone).
_SPEAKER_BEFORE = regex.compile(rf"(?<=\b{_SPEECH}\s+)({_RUN})")
_SPEAKER_APPOSITION = re.compile(rf"({_RUN}),\s+(?:a|an|the)\s+[^,.]{{1,60}},\s+{_SPEECH}\b")
_RUN_END = re.compile(rf"{_RUN}$")
_RUN_AT = re.compile(_RUN)
# "led by Giorgia Turchetta, who arrived", "Gregory Pena met": what only people do. A literal scan; the
# name before the cue is read afterwards.
ACTOR_CUE = re.compile(r", who\b| (?:met|visited|arrived|resigned)\b")
# "Police arrested Martin Cobos", "was appointed ...": what is done only to people; the name after.
PATIENT_CUE = re.compile(r" (?:arrested|detained|sentenced|jailed|charged|kidnapped|abducted|appointed|elected|"
                         r"interviewed|sacked|dismissed|pardoned|extradited|acquitted|convicted|summoned)[ \t]+"
                         r"(?=[A-Z])")
# "Vontera's chief executive", "analysts at Capital Economics", "shares of Uzbekneftegaz": what only a
# firm has. Literal scans again; the name is read before or after the cue.
_OWNS_FIRM = re.compile(r"['’]s\s+(?:chief executive|chief financial officer|CEO|CFO|chairman|chairwoman|"
                        r"board of directors|shareholders|share price)\b")
# "Lovitex reported a net profit of ...", "Ulgarmi posted record quarterly revenue": a firm's results.
_FIRM_RESULTS = re.compile(r" (?:reported|posted|booked)\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?"
                           r"(?:profits?|loss(?:es)?|revenues?|sales|earnings|dividends?)\b")
_FIRM_STAFF = frozenset({"analysts", "economists", "strategists", "executives", "employees", "researchers"})
# Patterns compiled with `regex` are those it runs faster than `re` here (long alternations, a
# capitalised run before a literal): 0.4 ms an article together.
_ORG_BEFORE = regex.compile(rf"(?<=\b(?i:{_ORG_NOUNS})\s+)({_RUN})")
_ORG_BASED = regex.compile(rf"\w\.?-based\s+({_RUN})")  # "Pa.-based Tower Health", "Dubai-based Emirates"
_ORG_APPOSITION = re.compile(rf"({_RUN}),\s+(?:the|a|an)\s+{_FREE}{{0,4}}(?i:{_ORG_NOUNS})[,.]")
# "state-owned companies such as Uzbekneftegaz and Uzbekistan Airways": each name of the list is one.
_ORG_PLURALS = frozenset({
    "companies", "firms", "banks", "lenders", "groups", "operators", "carriers", "airlines", "agencies",
    "organisations", "organizations", "manufacturers", "makers", "automakers", "producers", "insurers",
    "retailers", "miners", "utilities", "conglomerates", "clubs", "broadcasters", "developers", "suppliers",
    "providers", "startups", "start-ups", "exchanges", "brands", "charities", "giants", "parties", "unions",
    "militias"})
# "Molde (Norway)": a competitor listed with its country in brackets.
_LISTED_WITH_COUNTRY = regex.compile(rf"({_RUN})\s+\(([A-Z][\w ]+)\)")
COMPASS_ADJ = r"(?:(?:north|south|east|west|central)(?:ern)?(?:-(?:east|west)(?:ern)?)?\s+)?"
_PLACE_NOUNS = (r"(?:district|province|county|region|city|town|village|governorate|prefecture|"
                r"municipality|oblast|island|police station)s?")
_LIST = rf"{_RUN}(?:,\s+{_RUN})*(?:,?\s+and\s+{_RUN})?"


class ListBefore:
    r"""Finds what `(names),?\s+(?:between\s+)?nouns\b` finds (the comma only with `comma`), with the
    same non-overlapping matches, but scans for the noun first, a word the engine skips to, and reads
    the names that end before it.

    The single pattern tried the names at every capital letter of the body: for the place nouns,
    0.052 ms an article against 0.033 ms this way. A list longer than 300 characters is read from its
    last 300.
    """

    def __init__(self, nouns: str, between: str = "", names: str = _LIST, comma: bool = False) -> None:
        self.nouns = re.compile(rf"{nouns}\b")
        self.between = re.compile(rf"\s(?:{between})\s+\Z") if between else None
        self.names = re.compile(rf"({names})\Z")
        self.comma = comma

    def finditer(self, body: str) -> Iterator[re.Match[str]]:
        """The list before each noun, as a match whose one group is the list."""
        last = 0
        for noun in self.nouns.finditer(body):
            at = noun.start()
            if self.between and (word := self.between.search(body, max(0, at - 24), at)):
                at = word.start() + 1  # "Tengiz oil field": the list ends before the optional word
            stop = at
            while stop > last and body[stop - 1].isspace():
                stop -= 1
            if stop == at or stop <= last:
                continue  # the noun ends a longer word ("subdistrict"), or the last list took its place
            if self.comma and body[stop - 1] == ",":
                stop -= 1  # "Ilham Aliyev, said"
            if found := self.names.search(body, max(last, stop - 300), stop):
                last = noun.end()
                yield found


_PLACE_BEFORE = regex.compile(rf"(?<=\b(?:[Ii]n|[Nn]ear|[Oo]utside|[Ff]rom|across|into|towards?|around|visited|"
                              rf"[Aa]t)\s+{COMPASS_ADJ})({_LIST})")
# "Kottayam, Idukki and Kannur districts", "districts—Malappuram, Kozhikode and Kannur", "Fleury Road, Gleadless".
_PLACE_LIST_BEFORE_NOUN = ListBefore(_PLACE_NOUNS)
_SPEAKER_AFTER = ListBefore(_SPEECH, names=_RUN, comma=True)  # "Ilham Aliyev said"
_PLACE_LIST_AFTER_NOUN = re.compile(rf"\b{_PLACE_NOUNS}(?:\s+of|\s*[—–:-]\s*)\s*({_LIST})")
# "the mayor of Crewe", "residents of Osh and Uzgen", "the outskirts of Kharkiv": only a place has these.
# The pattern starts with a literal, which the regex engine skips to at once; the noun before it is
# checked afterwards (an alternation of nouns first made the scan ten times slower).
_OF_LIST = re.compile(rf" of\s+({_LIST})")
_PLACE_OF_NOUNS = frozenset({"mayor", "governor", "residents", "inhabitants", "outskirts", "suburbs", "streets",
                             "centre", "center"})
_AFTER_STREET = regex.compile(rf"\b(?:Road|Street|Avenue|Lane|Rd|St)\.?,\s+({_RUN})")
# "the Tiber discovery", "Tengiz oil field", "Bougouni lithium project": a project, not a place.
_PROJECT_BEFORE_NOUN = ListBefore(r"(?:field|well|discovery|discoveries|prospect|project|pipeline|mine|deposit|"
                                  r"block|reservoir|platform|rig|terminal)s?",
                                  between=r"oil|gas|gold|lithium|copper|coal|uranium|offshore")
_PROJECT_AFTER_NOUN = regex.compile(
    rf"\b(?:discoveries|prospects|fields|projects|wells)\s+(?:at|in|such as)\s+({_LIST})")
# Sport: a team is what plays, beats, is played against and has a manager.
_SPORT_WORDS = regex.compile(r"(?i)\b" + alternation([
    "match", "game", "season", "scored", "goal", "goals", "coach", "manager", "league", "innings", "pitch", "striker",
    "midfielder", "defender", "inning", "homer", "tournament", "championship", "qualifying", "pole", "lap", "fixture",
    "kick-off", "playoff", "playoffs", "quarterfinal", "semifinal", "final", "squad", "try", "tries"]) + r"\b")
_TEAM = re.compile(rf"\b(?:against|beat|beating|defeated|vs\.?|versus|host|hosts|hosting|face|faces|facing|"
                   rf"for last-place|with)\s+({_RUN})|({_RUN})['’]s\s+(?:game|match|manager|coach|boss|players?|"
                   rf"fans|squad|striker|captain|goalkeeper|defence|defense|win|victory|defeat)\b|"
                   rf"({_RUN})(?=\s+(?:manager|coach|boss|beat|won|lost|drew|defeated)\b)")  # "beat" opens the next
LIST_SPLIT = re.compile(r",\s+(?:and\s+)?|,?\s+and\s+")
_AT_RUN = re.compile(rf" at\s+({_RUN})")  # its noun is checked after, as for "such as"
_SUCH_AS_LIST = re.compile(rf"(?:such as|including|like)\s+({_LIST})")  # its noun is checked after, as above
# "10:30 GMT", "1245 JST", "4:51 p.m. EDT": a capitalised word right after a clock time is a zone.
_AFTER_TIME = regex.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:[AaPp]\.?[Mm]\.?|hrs|hours|h)?\s+\(?([A-Z]{2,5})\b"
                         r"|\b\d{4}\s+([A-Z]{3,4})\b")
_AFTER_UNIT_WORD = regex.compile(r"\bdegrees?\s+([A-Z]\w+)")
_BRACKETED = re.compile(r"\(([A-Z][A-Za-z&+]{1,7})\)")
_SKIP_WORDS = frozenset({"of", "and", "for", "the", "on", "in", "de", "&", "to", "at"})
_TICKER = re.compile(r"\((?:[A-Z][\w .]*)?:\s*([A-Z][A-Z.]{0,6})\s*\)")
# "Reporting by", "Photo:": the cue word sits in a lookbehind, so the scan stops only at "by", ":", "©", "C", "c".
_CREDIT = regex.compile(
    r"(?:(?<=(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Pp]hotos?|[Pp]hotograph|[Ii]mage|[Pp]icture|[Vv]ideo|"
    r"[Ss]ource|[Cc]redit)\s*)(?:by\b|:)|©|[Cc]opyright|(?<=[Cc]ontributed\s+)by)\s*([^;\n()|]{2,80})"
)
_PHOTO_AGENCY = regex.compile(r"({_RUN})\s*/\s*(?:Reuters|AFP|AP|EPA|Getty(?: Images)?|Shutterstock|Xinhua|"
                           r"Anadolu|TASS|Bloomberg|PA)\b".replace("{_RUN}", _RUN))


@cache
def _zipf() -> Callable[[str, str], float]:
    from wordfreq import zipf_frequency  # its word list loads on first use, once per process

    return zipf_frequency  # type: ignore[no-any-return]


def common_english(word: str, at_least: float = _COMMON_ZIPF) -> bool:
    """A frequent English word ('therefore', 'republic'): written capitalised, it may just start a sentence."""
    return _zipf()(word.lower(), "en") >= at_least


@cache
def _title_pattern() -> regex.Pattern[str]:
    return regex.compile(r"\b" + alternation(person_titles()) + r"[ \t]+")


Finder: TypeAlias = re.Pattern[str] | regex.Pattern[str] | ListBefore

# A sentence ending inside a run of capitalised words ("on Tuesday. The county"); "St. Petersburg" is none.
_SENTENCE_BREAK = re.compile(r"(?<=[a-z]{3})\.\s+(?=[A-Z])")
_DETERMINERS = {"The", "A", "An", "This", "That", "These", "Those", "Its", "His", "Her", "Their", "Our", "My"}


def _runs(pattern: Finder, body: str, after: frozenset[str] = frozenset()) -> set[str]:
    """The names `pattern` captures; with `after`, only where the word before the match is one of those."""
    # A run that ends a sentence carries its full stop ("in Omdurman."); "U.S." keeps its own.
    # "Afghanistan’s Paktika province": the run after the owner is the name.
    names = {_OWNED.split(g.strip() if g.count(".") > 1 else g.strip().rstrip("."))[-1]
             for m in pattern.finditer(body) if not after or _word_before(body, m.start()) in after
             for g in m.groups() if g for g in [_SENTENCE_BREAK.split(g)[-1]]}
    return names - _DETERMINERS


def _runs_before(pattern: re.Pattern[str], body: str) -> set[str]:
    """The capitalised run right before each match ("Giorgia Turchetta" of "Giorgia Turchetta, who")."""
    runs = (_RUN_END.search(body, max(0, m.start() - 80), m.start()) for m in pattern.finditer(body))
    return {r.group(0) for r in runs if r} - _DETERMINERS


def _word_before(body: str, at: int) -> str:
    """The lower-cased word that ends just before `at`, with any punctuation after it ("firms,")."""
    words = body[max(0, at - 24):at].split()
    return words[-1].lower() if words else ""


class Evidence:
    """What the article's own words say about its names."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.lower_words = frozenset(re.findall(r"(?<![\w-])[a-z][a-z'’-]*(?![\w-])", body))
        self._after_titles = [body[m.end():m.end() + 80] for m in _title_pattern().finditer(body)]
        # A name matches a run it ends (or, for organisations, starts): kept as sets of those ends and
        # starts, so a name is one look-up, not a scan of every run.
        self._speaker_ends = _ends(_runs(_SPEAKER_AFTER, body) | _runs(_SPEAKER_BEFORE, body) | _runs(
            _SPEAKER_APPOSITION, body))
        self._actor_ends = _ends(_runs_before(ACTOR_CUE, body) | {
            run.group(0) for m in PATIENT_CUE.finditer(body) if (run := _RUN_AT.match(body, m.end()))})
        listed = _runs(_SUCH_AS_LIST, body, _ORG_PLURALS) | _runs(_OF_LIST, body, frozenset({"shares"}))
        self.org_named = {part for run in listed for part in LIST_SPLIT.split(run)} \
            | _runs_before(_OWNS_FIRM, body) | _runs_before(_FIRM_RESULTS, body) | _runs(_AT_RUN, body, _FIRM_STAFF)
        org_cued = _runs(_ORG_BEFORE, body) | _runs(_ORG_APPOSITION, body) | _runs(_ORG_BASED, body) \
            | self.org_named
        self._org_parts = _ends(org_cued) | _starts(org_cued)
        self._listed_ends = _ends({m.group(1).strip() for m in _LISTED_WITH_COUNTRY.finditer(body)})
        self.place_cued = {part for run in _runs(_PLACE_BEFORE, body) for part in LIST_SPLIT.split(run)}
        self.place_named = {part for run in _runs(_PLACE_LIST_BEFORE_NOUN, body) | _runs(
            _PLACE_LIST_AFTER_NOUN, body) | _runs(_OF_LIST, body, _PLACE_OF_NOUNS) for part in LIST_SPLIT.split(run)} \
            | _runs(_AFTER_STREET, body)
        self.projects = {part for run in _runs(_PROJECT_BEFORE_NOUN, body) | _runs(_PROJECT_AFTER_NOUN, body)
                         for part in LIST_SPLIT.split(run)}
        sport = len(set(_SPORT_WORDS.findall(body))) >= 3
        self.teams = {t.removeprefix("The ") for t in _runs(_TEAM, body)} if sport else set()
        self.zones = _runs(_AFTER_TIME, body) | _runs(_AFTER_UNIT_WORD, body)
        self.tickers = _runs(_TICKER, body)
        self.defined: dict[str, str] = {}  # 'RSF' -> 'Rapid Support Forces', from 'Rapid Support Forces (RSF)'
        self._common_abbreviations: set[str] = set()  # 'PFS' from 'prefeasibility study (PFS)'
        for m in _BRACKETED.finditer(body):
            before = body[max(0, m.start() - 120):m.start()].split("\n")[-1].split()[-10:]
            long = definition(m.group(1), before)
            if long is None:
                continue
            if any(w[:1].isupper() for w in long.split() if w.lower() not in _SKIP_WORDS):
                self.defined.setdefault(m.group(1), long)
            else:
                self._common_abbreviations.add(m.group(1))
        self.credits = " | ".join(m.group(1) for m in _CREDIT.finditer(body)) + " | " + " | ".join(
            _runs(_PHOTO_AGENCY, body))

    def sentence_initial(self, start: int) -> bool:
        """The offset starts a line or a sentence, where any word is capitalised."""
        before = self.body[max(0, start - 4):start].rstrip(" \t\"“‘'(")
        return not before or before[-1] in ".!?:\n—–-•|"

    def is_common_word(self, word: str) -> bool:
        """The text also writes this one word in lower case ('Energy', 'Company')."""
        return " " not in word and not word.isupper() and word.lower() in self.lower_words

    def titled(self, name: str) -> bool:
        """A rank or title stands right before the name somewhere in the text."""
        return any(after.startswith(name) and not after[len(name):][:1].isalnum()
                   for after in self._after_titles)

    def speaks(self, name: str) -> bool:
        """'X said', 'said X', 'X, a climate researcher, said'."""
        return name in self._speaker_ends

    def acts(self, name: str) -> bool:
        """Speaks, or does or undergoes what only people do: 'X, who arrived', 'X met', 'arrested X'.
        A weaker cue than speech alone ('Victoria Station arrived' at a record), so kept apart from it."""
        return name in self._actor_ends or self.speaks(name)

    def org_context(self, name: str) -> bool:
        """'energy company Eni', 'Gavi, the Vaccine Alliance,': the text calls it an organisation."""
        return name in self._org_parts

    def place_context(self, name: str) -> bool:
        """'in Omdurman', 'at Imola': the text uses the name as a location (weak: 'at Google')."""
        return name in self.place_cued or self.named_place(name)

    def named_place(self, name: str) -> bool:
        """'Idukki and Kannur districts', 'Fleury Road, Gleadless': the text says the name is a place."""
        return name in self.place_named

    def project(self, name: str) -> bool:
        """'the Gila discovery', 'Tengiz oil field': the name of a project, well or field."""
        return name in self.projects

    def team(self, name: str) -> bool:
        """In a sports article, 'against Liverpool', "Ulster's game": a team named after its city."""
        return name in self.teams

    def competitor(self, name: str) -> bool:
        """'Molde (Norway)': listed with its country, as teams and athletes are."""
        return name in self._listed_ends

    def is_zone_or_unit(self, name: str) -> bool:
        """'GMT' after a clock time, 'Fahrenheit' after 'degrees'."""
        return name in self.zones

    def is_common_abbreviation(self, name: str) -> bool:
        """'PFS' defined in the text as 'prefeasibility study': a term, not a name."""
        return name in self._common_abbreviations

    def is_ticker(self, name: str) -> bool:
        """'(NYSE: VMC)': an exchange symbol, not an organisation of its own."""
        return name in self.tickers

    def only_in_credits(self, name: str, mentions: int) -> bool:
        """Every mention is in a credit line ('Reporting by ...', 'Photo: ... /Reuters')."""
        return self.credits.count(name) >= mentions


def _ends(runs: set[str]) -> set[str]:
    """Each run and every tail of it that starts after a space: 'Ilham Aliyev', 'Aliyev'."""
    return {run[i + 1:] for run in runs for i, ch in enumerate(run) if ch == " "} | runs


def _starts(runs: set[str]) -> set[str]:
    """Every head of each run that ends before a space: 'Gavi' of 'Gavi the Alliance'."""
    return {run[:i] for run in runs for i, ch in enumerate(run) if ch == " "}


def abbreviates(short: str, long: str) -> bool:
    """Schwartz & Hearst (2003): every letter of the short form, right to left, found in the long form,
    the first one at the start of a word ('SEPTA' for 'Southeastern Pennsylvania Transit Authority')."""
    letters = [c.lower() for c in short if c.isalnum()]
    text = long.lower()
    if len(letters) < 2 or len(long.split()) < 2:
        return False
    pos = len(text)
    for i in range(len(letters) - 1, -1, -1):
        pos -= 1
        while pos >= 0 and (text[pos] != letters[i] or i == 0 and pos > 0 and text[pos - 1].isalnum()):
            pos -= 1
        if pos < 0:
            return False
    # Each significant word should lend a letter: 'UN' does not abbreviate 'United Nations Mission'.
    return len([w for w in long.split() if w.lower() not in _SKIP_WORDS]) <= len(letters) + 1


def definition(short: str, words: list[str]) -> str | None:
    """The shortest run of the words before '(SHORT)' that the short form abbreviates, if any."""
    first = short[0].lower()
    for k in range(2, min(len(words), len(short) + 3) + 1):
        long = words[-k:]
        if long[0][:1].lower() == first and long[0].lower() not in _SKIP_WORDS and abbreviates(short, " ".join(long)):
            return " ".join(long).strip(" ,")
    return None


def initials_match(short: str, long: str) -> bool:
    """'KDCA' for 'Korea Disease Control and Prevention Agency': the capitals are the words' initials
    in order, with at most one word left out, and the first letters agree."""
    initials = [w[0] for w in long.split() if w.lower() not in _SKIP_WORDS and w[:1].isalpha()]
    letters = [c for c in short if c.isalpha()]
    if len(letters) < 2 or not initials or initials[0].upper() != letters[0] or len(initials) - len(letters) > 1:
        return False
    it = iter(i.upper() for i in initials)
    return all(any(c == i for i in it) for c in letters)
