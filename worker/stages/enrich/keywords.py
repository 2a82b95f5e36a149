"""Keywords: noun phrases of the article's prose, scored by frequency in it times rarity in English."""

import calendar
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import wordfreq
from spacy.lang.en.lex_attrs import like_num
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.lookups import Lookups

from schemas.models import Entity, Keyword
from worker.documents import Parsed
from worker.stages.lexicons import outlets, person_titles

KEYWORDS_VERSION = f"wordfreq-{version('wordfreq')}"
_WORD = re.compile(r"[^\W\d_]+")
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_PUNCTUATION = "\"'“”‘’«»()[]{}<>,.;:!?…*|/\\–—-_#@&+=~^"
_PARTICIPLE = re.compile(r"(?:ed|ing)$")
_CAPTION_HINT = re.compile(r"[:\]]|Getty")
# "residents who", "farmers said": a noun the text uses for people, which alone names no topic.
_PEOPLE_NOUN = re.compile(r"\b([a-z]+)\s+(?:who|whom|said|say|says|told)\b")
_CAPTION = re.compile(r"\b(?:Photo|Photograph|Picture|Image|File)s?\s*:|Getty Images|\bAP Photo\b|/Reuters\]")
# Words after which a noun-or-verb is a noun: "the fighting", "plume of ash" (not "to implement").
_NOUN_CONTEXT = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those", "no",
                 "any", "some", "more", "much", "such", "of", "for", "with", "from", "about", "on",
                 "in", "at", "into", "over", "against"}
# Words that carry no topic in news prose: reporting verbs ("Trend reports"), relative days,
# honorifics, counts ("$2 billion"), units, page furniture ("Click here") and generic nouns.
_REPORTING = {"said", "says", "told", "tells", "reported", "reports", "reporting", "according", "added",
              "adds", "noted", "stated", "quoted", "quoting", "cited", "citing", "wrote", "writes",
              "referring", "stressed", "emphasized", "emphasised", "announced", "yesterday", "today",
              "tonight", "tomorrow", "ago", "mr", "mrs", "ms", "dr", "st"}
_COUNTS = {"per", "cent", "dozen", "dozens", "till", "amid", "unto", "versus"}
_UNITS = {"km", "kms", "kilometre", "kilometres", "kilometer", "kilometers", "mile", "miles", "metre", "metres",
          "meter", "meters", "feet", "foot", "inch", "inches", "mph", "percent", "degree", "degrees", "tonne",
          "tonnes", "ton", "tons", "hectare", "hectares", "acre", "acres", "kg", "kilogram", "kilograms",
          "pound", "pounds", "litre", "litres", "liter", "liters", "gallon", "gallons", "barrel", "barrels",
          "hour", "hours", "minute", "minutes", "second", "seconds", "hrs", "mins"}
# Broad nouns that may modify ("city council", "government shutdown") but never head a keyword alone
# or a phrase ("city", "governance activities").
_NOT_HEAD = {"city", "cities", "region", "regions", "organisation", "organisations", "organization",
             "organizations", "activity", "activities", "capability", "capabilities", "engagement",
             "government", "governments", "problem", "problems", "product", "products", "user", "users",
             "tool", "tools", "player", "players"}
# Nouns every news story uses, whatever its topic: never part of a keyword.
_GENERIC = {"area", "areas", "aspect", "aspects", "case", "country", "countries", "day", "days", "deputy",
            "development", "document", "effort", "efforts", "event", "events", "fact", "facts", "field",
            "framework", "group", "groups", "head", "information", "issue", "issues", "intention", "level",
            "matter", "meeting", "member", "members", "month", "months", "number", "official", "officials",
            "opportunity", "part", "people", "person", "place", "point", "process", "result", "results",
            "side", "sides", "situation", "source", "sources", "statement", "thing", "things", "time",
            "times", "way", "week", "weeks", "year", "years", "concern", "concerns", "counterpart", "staff",
            "editor", "correspondent", "reporter", "writer", "author", "remains"}
_PAGE = {"advertisement", "article", "articles", "click", "comment", "comments", "content", "copyright",
         "cookie", "cookies", "email", "e-mail", "feed", "login", "menu", "newsletter", "newsletters",
         "print", "privacy", "read", "reply", "share", "subscribe", "subscription", "update", "updated",
         "updates", "video", "videos", "photo", "photos", "image", "images", "gallery", "tags", "category",
         "loading", "website", "download", "follow", "posted", "published"}
_CALENDAR = {n.lower() for n in (*calendar.day_name, *calendar.day_abbr, *calendar.month_name,
                                 *calendar.month_abbr, "Sept", "Tues", "Thur", "Thurs") if n}
PROSE_MIN_WORDS = 6  # shorter "sentences" are headings, bylines, captions and menu items
MAX_WORDS = 3
COMMON_MODIFIER = 5.5  # zipf above which a leading adjective ("new", "real") adds nothing
UNKNOWN_ZIPF = 2.5  # below the small word list's floor (3.0): rare in English
ONCE_WEIGHT = 0.25  # a word used once (outside the title) is colour, not topic
TITLE_BOOST = 2.5  # every word of the phrase is in the headline: headline terms are the story's topics
TITLE_WORD_BOOST = 1.25  # some word of the phrase is in the headline
EXTEND_SHARE = 0.5  # a phrase used inside one longer phrase at least this share of the time is shown as it
RARITY_EXPONENT = 1.5  # rarity counts more than linearly: "plume" over "city"
COMMON_SINGLE = 2.4  # a single word this common in English (zipf above 4.6) must recur 3 times
EVERYDAY_SINGLE = 2.1  # a single word this common (zipf above 4.9: "police", "water") must be in the headline
MIN_SHARE = 0.15  # a keyword scoring under 15 % of the best one is a side detail, not a topic


@dataclass(frozen=True)
class WordLists:
    """Which words can be nouns, adjectives or verbs: WordNet's lists as the spaCy model's lemmatizer ships them."""

    nouns: frozenset[str]
    adjectives: frozenset[str]
    verbs: frozenset[str]
    irregular_nouns: dict[str, str]
    irregular_verbs: frozenset[str]
    noun_rules: tuple[tuple[str, str], ...]
    adjective_rules: tuple[tuple[str, str], ...]

    @classmethod
    def from_model(cls, model_dir: Path) -> "WordLists":
        tables = Lookups().from_disk(model_dir / "lemmatizer" / "lookups")
        index, exceptions, rules = (tables.get_table(n) for n in ("lemma_index", "lemma_exc", "lemma_rules"))
        return cls(
            nouns=frozenset(index["noun"]), adjectives=frozenset(index["adj"]), verbs=frozenset(index["verb"]),
            irregular_nouns={k: v[0] for k, v in exceptions["noun"].items()},
            irregular_verbs=frozenset(exceptions["verb"]),
            noun_rules=tuple((a, b) for a, b in rules["noun"]),
            adjective_rules=tuple((a, b) for a, b in rules["adj"]),
        )

    def noun(self, word: str) -> str | None:
        """The singular noun `word` can be ("satellites" -> "satellite"), or None."""
        if word in self.nouns:
            return word
        if word in self.verbs:
            return None
        if word in self.irregular_nouns:
            return self.irregular_nouns[word]
        for suffix, replacement in self.noun_rules:
            if word.endswith(suffix) and (base := word[: -len(suffix)] + replacement) in self.nouns:
                return base
        return None

    def adjective(self, word: str) -> bool:
        """An adjective, also in its comparative or superlative ("hottest")."""
        return word in self.adjectives or any(
            word.endswith(s) and word[: -len(s)] + r in self.adjectives for s, r in self.adjective_rules)


@dataclass(frozen=True, slots=True)
class Word:
    """What the scorer needs to know about one lower-cased word, worked out once per process."""

    key: str  # the singular for nouns, so "satellite" and "satellites" count together
    usable: bool  # may stand in a phrase (a noun or an adjective, not a stop word or a verb form)
    noun: bool  # may end a phrase
    information: float  # rarity in English: 7 - zipf frequency, in 0..5
    adjective: bool
    modifier_only: bool  # an adjective that is never a noun ("significant")
    common: bool  # very frequent in English
    participle: bool  # "rising", "armed": a verb form that leads a phrase only if the phrase recurs
    figure: bool  # "seven", "million": counts like a number
    known: bool  # in the English word list; a capitalised unknown word is a name the tagger missed
    verb_s: bool  # "conducts": a verb's -s form that may not stand before a noun
    verb: bool  # also a verb ("break", "implement"): alone, a keyword only if the text uses it as a noun


# (word, as written, capitalised, right after a figure, used as a noun: "the fighting", not "after issuing")
_Token = tuple[Word, str, bool, bool, bool]
_Key = tuple[str, ...]  # a phrase as the keys of its words


class KeywordExtractor:
    """Built once per process: the word lists and English word frequencies (wordfreq's small list)."""

    def __init__(self, model_dir: Path, top: int = 10) -> None:
        self.lists = WordLists.from_model(model_dir)
        self.zipf = {w: math.log10(f) + 9 for w, f in wordfreq.get_frequency_dict("en", "small").items()}
        self.stop = frozenset(STOP_WORDS) | _CALENDAR | _REPORTING | _COUNTS | _UNITS | _PAGE | _GENERIC
        self.titles = frozenset(w.lower() for t in person_titles() for w in t.split())
        self.ranks = frozenset(t.lower() for t in person_titles() if " " not in t)
        self.outlets = frozenset(o.lower() for o in outlets() if " " not in o)
        self.top = top
        self._words: dict[str, Word] = {}

    @classmethod
    def for_model(cls, nlp: Language) -> "KeywordExtractor":
        """The extractor built from the word lists of the model the tag stage loaded."""
        if nlp.path is None:
            raise ValueError("the spaCy model was not loaded from a directory; its word lists are needed")
        return cls(nlp.path)

    def word(self, low: str) -> Word:
        """The cached analysis of a lower-cased word."""
        found = self._words.get(low)
        if found is None:
            if len(self._words) > 50_000:  # unbounded vocabularies (names, typos) must not grow forever
                self._words.clear()
            found = self._words[low] = self._analyse(low)
        return found

    def _analyse(self, low: str) -> Word:
        lists = self.lists
        noun = lists.noun(low)
        adjective = lists.adjective(low)
        stop = (low in self.stop or len(low) < 3 or "'" in low or "’" in low
                or low in lists.irregular_verbs)  # "won", "drove": verbs, whatever WordNet's nouns say
        usable = not stop and (noun is not None or adjective or "-" in low)
        zipf = self.zipf.get(low)
        if zipf is None and "-" in low:
            zipf = min((self.zipf.get(p, UNKNOWN_ZIPF) for p in low.split("-") if p), default=UNKNOWN_ZIPF)
        zipf = UNKNOWN_ZIPF if zipf is None else zipf
        return Word(
            key=noun or low, usable=usable, noun=noun is not None and low not in _NOT_HEAD,
            information=max(0.0, min(5.0, 7.0 - zipf)),
            adjective=adjective, modifier_only=adjective and noun is None, common=zipf >= COMMON_MODIFIER,
            participle=bool(_PARTICIPLE.search(low)),
            figure=like_num(low) and not low.endswith(("st", "nd", "rd", "th")),  # "fifth inning" is no unit
            known=low in self.zipf,
            verb_s=low.endswith("s") and low[:-1] in lists.verbs and low not in lists.nouns,
            verb=low in lists.verbs,
        )

    def __call__(self, parsed: Parsed, sentences: list[tuple[int, int]], entities: list[Entity]) -> list[Keyword]:
        """The top keywords of the article's prose, never a name, a byline, a dateline or a source."""
        runs = self._runs(parsed.body, sentences, self._name_words(parsed, entities), _particles(entities))
        title = {self.word(w.lower()).key for w in _WORD.findall(parsed.title)}
        # A title cut from the first sentence is no editor's choice: it earns no headline exceptions or boost.
        headline = set() if parsed.title_derived else title
        frequency = Counter(t[0].key for run, _ in runs for t in run)
        as_noun = Counter(t[0].key for run, _ in runs for t in run if t[4])
        after = Counter(t[0].key for run, _ in runs for t in run if t[3])
        units = {k for k, n in after.items() if n == frequency[k]}  # "cubic metres": only ever after a figure
        scored = []
        word = self.word
        for key, phrase in self._candidates(runs, title, frequency).items():
            words = [word(k) for k in key]  # the singular's figures: "satellites" scores as "satellite"
            if phrase.before_name == phrase.count or units.intersection(key):
                continue
            if len(key) > 1 and not any(run[i][4] for run, i, _ in phrase.where):
                continue  # "raise production", "foster peace": a verb and its object, never a noun phrase
            if key[-1] in self.ranks and not headline.issuperset(key):
                continue  # "vice chairman", "interior minister": a rank, unless the story is about it
            if len(key) == 1 and (
                    (words[0].information < EVERYDAY_SINGLE and key[0] not in headline)
                    or (frequency[key[0]] < 2 and key[0] not in title)
                    or (words[0].information < COMMON_SINGLE and frequency[key[0]] < 3)
                    or ((words[0].participle or words[0].verb or words[0].verb_s) and not as_noun[key[0]])):
                continue
            score = phrase.count * sum(w.information ** RARITY_EXPONENT * (1.0 if frequency[w.key] > 1
                                                                           or w.key in title else ONCE_WEIGHT)
                                       for w in words)
            boost = TITLE_BOOST if headline.issuperset(key) else TITLE_WORD_BOOST if headline.intersection(key) \
                else 1.0
            scored.append((score * boost, key, phrase))
        people = {word(w).key for w in _PEOPLE_NOUN.findall(parsed.body)}
        scored = [s for s in scored if not (len(s[1]) == 1 and s[1][0] in people)]
        return _best(_extended(scored), {e.name.lower() for e in entities}, self.top)

    def _name_words(self, parsed: Parsed, entities: list[Entity]) -> frozenset[str]:
        """Words that, capitalised, belong to a name, a rank, a byline, a dateline or a cited source."""
        names = [e.name for e in entities] + parsed.authors + parsed.attributions + [parsed.dateline or ""]
        return frozenset(w.lower() for n in names for w in _WORD.findall(n) if len(w) > 2) | self.titles \
            | self.outlets

    def _runs(self, body: str, sentences: list[tuple[int, int]], name_words: frozenset[str],
              particles: frozenset[str]) -> list[tuple[list[_Token], bool]]:
        """Runs of usable words inside prose sentences, broken by punctuation, figures and excluded words;
        each says whether a name follows it directly ("van den" before "Berg")."""
        runs: list[tuple[list[_Token], bool]] = []
        word, cached = self.word, self._words.get
        for start, end in sentences:
            text = body[start:end]
            raw = text.split()
            if len(raw) < PROSE_MIN_WORDS or (_CAPTION_HINT.search(text) and _CAPTION.search(text)):
                continue  # a photo caption is not the story
            run: list[_Token] = []
            chain_excluded = False  # a capitalised chain with a name in it is all name
            after_number = False
            for position, item in enumerate(raw):
                core = item.strip(_PUNCTUATION)
                low = core.lower()
                info = (cached(low) or word(low)) if core.isalpha() or _HYPHENATED.fullmatch(core) else None
                if info is None or info.figure:
                    after_number = bool(core) and (core[0].isdigit() or info is not None) and item[-1] == core[-1]
                    chain_excluded = False
                    if run:
                        runs.append((run, False))
                        run = []
                    continue
                capitalised = core[0].isupper()
                broken_before = item[0] != core[0]
                if not capitalised or broken_before:
                    chain_excluded = False
                excluded = not info.usable or low in particles or (capitalised and low in name_words)
                if capitalised and (excluded or chain_excluded):
                    chain_excluded = True
                    excluded = True
                    _drop_capitalised_tail(run)
                if broken_before and run:
                    runs.append((run, False))
                    run = []
                after_number = after_number and not broken_before
                if excluded:
                    if run:
                        runs.append((run, capitalised))
                        run = []
                    after_number = False
                else:
                    shown = low if (not position and info.known) or (core.isupper() and len(core) > 4) else core
                    nominal = bool(run) or not (info.verb or info.participle or info.verb_s) or (
                        position > 0 and self._noun_context(raw[position - 1]))
                    run.append((info, shown, capitalised, after_number, nominal))
                if item[-1] != core[-1]:  # punctuation after the word ends the phrase and any name
                    chain_excluded = after_number = False
                    if run:
                        runs.append((run, False))
                        run = []
            if run:
                runs.append((run, False))
        return runs

    def _noun_context(self, previous: str) -> bool:
        """After this word a noun-or-verb reads as a noun: a determiner or preposition, a verb whose
        object it is ("took pole") or a figure ("Falcon 9 rocket"); after a name it is often the verb."""
        core = previous.strip(_PUNCTUATION)
        if not core or core != previous.rstrip(_PUNCTUATION) or previous[-1] in _PUNCTUATION:
            return False
        low = core.lower()
        return (low in _NOUN_CONTEXT or low in self.lists.irregular_verbs or low.endswith("ed")
                or core[0].isdigit())

    def _candidates(self, runs: list[tuple[list[_Token], bool]], title: set[str],
                    frequency: Counter[str]) -> dict[_Key, "_Phrase"]:
        """Every phrase of 1-3 words that ends in a noun: how often it occurs, where, and how often it
        stood right before a name."""
        phrases: dict[_Key, _Phrase] = {}
        for run, name_follows in runs:
            words = [t[0] for t in run]
            for i in range(len(run)):
                for size in range(1, min(MAX_WORDS, len(run) - i) + 1):
                    if not _acceptable(words[i:i + size]):
                        continue
                    key = tuple(w.key for w in words[i:i + size])
                    phrase = phrases.get(key)
                    if phrase is None:
                        phrase = phrases[key] = _Phrase(words[i:i + size])
                    phrase.count += 1
                    phrase.where.append((run, i, size))
                    phrase.before_name += name_follows
        # A phrase seen once is a turn of phrase ("constructive dialogue", "fantastic match") unless it
        # is two words, not led by a participle or a bare adjective, and one of its words recurs or is in
        # the title.
        word = self.word
        return {key: p for key, p in phrases.items()
                if p.count > 1 or len(key) == 1 or not (
                    len(key) == MAX_WORDS or word(key[0]).participle or word(key[0]).modifier_only
                    or all(frequency[k] < 2 and k not in title for k in key))}


@dataclass(slots=True)
class _Phrase:
    """A candidate keyword: its words as first written, its occurrences, and how often a name followed it."""

    words: list[Word]
    count: int = 0
    before_name: int = 0
    where: list[tuple[list[_Token], int, int]] = field(default_factory=list)  # (run, start, size)

    def forms(self) -> Counter[str]:
        """The ways the text wrote it."""
        return Counter(" ".join(t[1] for t in run[i:i + size]) for run, i, size in self.where)


def _acceptable(words: list[Word]) -> bool:
    last = words[-1]
    if not last.noun:
        return False
    if len(words) == 1:
        return not last.adjective  # "military", "significant": a modifier without its noun
    return not (last.participle or any(w.verb_s for w in words[:-1])
                or (words[0].modifier_only and words[0].common))


def _name_like(phrase: _Phrase, forms: Counter[str]) -> bool:
    """A name the tagger missed, not a keyword: always capitalised and either with a word English does not
    know ("Turki", "Fahd") or of several words each capitalised ("Deep South Challenge")."""
    if any(f.islower() for f in forms):
        return False
    return not all(w.known for w in phrase.words) or (
        len(phrase.words) > 1 and all(w[:1].isupper() for f in forms for w in f.split()))


def _particles(entities: list[Entity]) -> frozenset[str]:
    """The lower-case words inside people's names ("bin" in "Mohammed bin Salman"), which never lead a keyword."""
    return frozenset(w for e in entities if e.type == "PERSON" for w in e.name.split() if w.islower())


def _drop_capitalised_tail(run: list[_Token]) -> None:
    """The capitalised words just before a name are part of it: "Natural Resources Alparslan"."""
    while run and run[-1][2]:
        run.pop()


def _extended(scored: list[tuple[float, _Key, _Phrase]]) -> list[tuple[float, _Key, _Phrase]]:
    """A phrase written at least half the time inside one longer noun phrase takes its place, with its own
    score: "voter" becomes "voter registration", "channel" "harbour channel" (fragments were the judges'
    most frequent complaint)."""
    containing: dict[str, list[tuple[float, _Key, _Phrase]]] = {}  # longer phrases under each of their words
    for s in scored:
        if len(s[1]) > 1:
            for k in set(s[1]):
                containing.setdefault(k, []).append(s)
    out = []
    for score, key, phrase in scored:
        size = len(key)
        # Only nouns may be added ("voter registration"): an added adjective is a turn of phrase ("tough summit").
        best = max((s for s in containing.get(key[0], ())
                    if len(s[1]) > size and s[2].count >= EXTEND_SHARE * phrase.count
                    and any(s[1][i:i + size] == key for i in range(len(s[1]) - size + 1))
                    and not any(w.adjective for w, k in zip(s[2].words, s[1], strict=True) if k not in key)),
                   key=lambda s: (s[2].count, len(s[1])), default=None)
        out.append((score, best[1], best[2]) if best else (score, key, phrase))
    return out


def _best(scored: list[tuple[float, _Key, _Phrase]], names: set[str], top: int) -> list[Keyword]:
    """The highest scores, skipping names and any phrase that shares a word with a better one."""
    chosen: list[tuple[float, str]] = []
    used: set[str] = set()
    for score, key, phrase in sorted(scored, key=lambda s: (s[0], s[1]), reverse=True):
        if used.intersection(key) or " ".join(key) in names:
            continue
        forms = phrase.forms()
        if _name_like(phrase, forms):
            continue
        if chosen and score < MIN_SHARE * chosen[0][0]:
            break
        chosen.append((score, _display(forms)))
        used.update(key)
        if len(chosen) == top:
            break
    if not chosen:
        return []
    best = chosen[0][0]
    return [Keyword(text=text, score=round(score / best, 4)) for score, text in chosen]


def _display(forms: Counter[str]) -> str:
    """The lower-case form if the text ever used it, else the most frequent one."""
    lower = [f for f in forms if f == f.lower()]
    return max(lower, key=forms.__getitem__) if lower else forms.most_common(1)[0][0]
