"""Fallback entities for languages without a model: capitalised runs confirmed by names, cue words or gazetteers."""

# Lower confidence than a model: a run nothing confirms is dropped rather than guessed.

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from worker.stages.i18n.countries import CountryMatch
from worker.stages.i18n.names import is_given_name
from worker.stages.i18n.places import resolve
from worker.stages.i18n.text import AGGLUTINATIVE, Token, cues, key, stems, suffix_chain, suffix_stems, surface
from worker.stages.tag.multilingual_models import RawSpan

SOURCE = "fallback:capitalised-spans+given-names+cues+gazetteer"
_MAX_PERSON_WORDS = 4
_ABBREVIATION = 4  # letters of an abbreviated title: 'Dr', 'Prof', 'Doç', 'Sn'
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})
# Connectors that may not open a run of connectors: "Vertreter der Feuerwehr" is not one name,
# "Pfaffenhofen an der Ilm" is.
_ARTICLES = frozenset({"der", "den", "die", "des", "la", "le", "las", "los", "l"})
_CONJUNCTIONS = frozenset({"und", "y", "e", "et", "ve", "və", "and"})
# Particles of names from any language, quoted in every other: 'Ursula von der Leyen', 'Lula da Silva'.
_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "du", "del", "della", "dos", "das", "do",
                        "bin", "ibn", "al", "el", "le", "la", "ter", "ten", "zu"})
# French and Italian elide a connector onto the next name: 'Banca d'Italia', 'Conseil de l'Europe'.
_ELIDED_GAP = re.compile(r" (?:(?:de |della |dell|dall|nell|sull|d|l)['’])")
# An indefinite article before a capitalised word makes it a noun ("eine Art Sonnensegel"), not a name.
_INDEFINITE = frozenset({"ein", "eine", "einen", "einem", "einer", "un", "une", "una", "uno", "um", "uma", "bir"})
# English heads of organisation names, which articles in every language quote as they are.
_ENGLISH_ORG_HEADS = frozenset({"university", "bank", "group", "agency", "council", "institute", "company",
                                "corporation", "foundation", "inc", "ltd", "airlines", "association", "fund"})
_LOCATIVE_ENDINGS = ("da", "de", "də", "dan", "den", "dən", "ta", "te", "tə")
# German capitalises every noun: a lone capitalised head ("Gericht") is a noun there, a name elsewhere.
_NOUN_CAPITALISING = frozenset({"de", "lb"})
# Where the press puts organisation and club names in quotes: «Спартак», “Qarabağ”.
_QUOTED_NAMES = frozenset({"tr", "az", "bg", "uk", "ru", "kk", "uz"})
_QUOTED = re.compile(r"[«“„\"]([^«»“”„\"\n]{2,60})[»”“\"]")


@cache
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop-word list of the language, keyed (capitalised at a sentence start, never a name)."""
    from spacy.util import get_lang_class

    try:
        words = get_lang_class(lang).Defaults.stop_words
    except ImportError:
        return frozenset()
    return frozenset(key(w) for w in words)


@dataclass
class _Article:
    """The per-article facts every step reads."""

    text: str
    words: list[Token]
    position: dict[int, int]
    in_country: set[int]

    def before(self, tok: Token) -> Token | None:
        index = self.position[tok.start]
        return self.words[index - 1] if index else None


class Fallback:
    """The fallback tagger of one language; stateless apart from its word lists."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.cue = cues(lang)
        self.never = self.cue.get("never_names", frozenset())
        self.stop = stop_words(lang) | self.never
        self.org_heads = self.cue.get("org_heads", frozenset()) | self.cue.get("club_heads", frozenset()) | \
            _ENGLISH_ORG_HEADS
        self.prefixed_heads = tuple(self.cue.get("org_prefixed_heads", ()))
        self.connectors = self.cue.get("connectors", frozenset()) | _PARTICLES
        self._text = ""
        self._sport = False

    def spans(self, text: str, words: list[Token], countries: list[CountryMatch]) -> list[RawSpan]:
        """Persons, organisations and places among the capitalised runs of `words`."""
        self._text = text
        sport_words = self.cue.get("sport_words", frozenset())
        self._sport = len({key(t.text) for t in words} & sport_words) >= 2  # 'il Paese' is no club
        art = _Article(text, words, {t.start: i for i, t in enumerate(words)},
                       {i for m in countries for i in range(m.first, m.last + 1) if m.entry.kind == "name"})
        shouting = shouted_lines(text)
        runs = [part for r in self._runs(art) if not any(t.start in shouting for t in r)
                for part in self._split_coordination(r) for part in self._split_countries(part, art)
                for part in _split_affiliation(part, self.connectors)]
        out = self._quoted(art) + self._lowercase_heads(runs, art)
        runs = [r for r in runs if not _covered(r, out)]
        rest: list[list[Token]] = []
        for run in runs:
            found, left = self._people(run, art)
            out += found
            rest += [left] if left else []
        surnames = {key(s.normal.split()[-1]) for s in out if s.label == "PERSON" and " " in s.normal}
        out += self._places(rest, art, Counter(m.entry.iso2 for m in countries), surnames)
        out += [s for run in rest if not _covered(run, out) for s in self._other(run, art)]
        out = _short_mentions(self._acronyms(out, art))
        out += self._lone_given_names(art, out)
        return out + self._surnames(art, out)

    def _runs(self, art: _Article) -> list[list[Token]]:
        """Capitalised words in a row, joined by spaces and connectors ('de', 'an der'), within a line."""
        runs: list[list[Token]] = []
        current: list[Token] = []
        pending: list[Token] = []
        for tok in art.words:
            last = (pending or current)[-1] if current else None
            gap = art.text[last.end:tok.start] if last is not None else ""
            joined = last is not None and not last.suffix and (gap in (" ", "  ") or bool(
                _ELIDED_GAP.fullmatch(gap) and not pending))
            connector = tok.text.islower() and (key(tok.text) in self.connectors or key(tok.text) in _CONJUNCTIONS)
            if tok.capitalised and not connector:
                if not joined:
                    runs.append(current)
                    current = []
                current += pending + [tok]
                pending = []
            elif joined and connector and len(pending) < 2 and (pending or key(tok.text) not in _ARTICLES):
                pending.append(tok)
            else:
                runs.append(current)
                current, pending = [], []
        runs.append(current)
        return [trimmed for r in runs if (trimmed := self._trim(r))]

    def _trim(self, run: list[Token]) -> list[Token]:
        """Without the stop word that opens its sentence ('Die', 'Em'; mid-sentence 'São Paulo' keeps its
        'São') and the connectors that end it."""
        while run and (not run[0].capitalised or key(run[0].text) in self.never or key(run[0].text) in self.stop
                       and (run[0].sentence_start or self.lang in _NOUN_CAPITALISING or len(run[0].text) == 1)):
            run = run[1:]
        while run and not run[-1].capitalised:
            run = run[:-1]
        return run

    def _split_countries(self, run: list[Token], art: _Article) -> list[list[Token]]:
        """A country name stays inside an organisation's name ('Türkiye Cumhuriyet Merkez Bankası') and
        is cut out of any other run: its mention is the lexicon's. A Turkic place in the locative is a run
        of its own: 'Ərdoğan Ankarada' is a man in Ankara, not a man's name."""
        if self.org_head(run) is not None:
            return [run]
        parts: list[list[Token]] = [[]]
        for tok in run:
            if art.position[tok.start] in art.in_country:
                parts.append([])
            elif len(run) > 1 and self._located(tok):
                parts += [[tok], []]
            else:
                parts[-1].append(tok)
        return [trimmed for p in parts if (trimmed := self._trim(p))]

    def _located(self, tok: Token) -> bool:
        """A known place with a locative ending ('Bakıda', 'İzmir'de'), in a language that adds one."""
        word = key(tok.text)
        ending = key(tok.suffix.lstrip("'’-")) or word
        if self.lang not in AGGLUTINATIVE or not ending.endswith(_LOCATIVE_ENDINGS):
            return False
        hit = resolve([tok.text], self.lang, Counter(), False)
        return hit is not None and (bool(tok.suffix) or key(hit.name) != word)

    def _split_coordination(self, run: list[Token]) -> list[list[Token]]:
        """'Horst Seehofer und Sigmar Gabriel' is two names; 'Fundação Ciência e Tecnologia' is one."""
        at = next((i for i, t in enumerate(run) if t.text.islower() and key(t.text) in _CONJUNCTIONS), None)
        if at is None:
            return [run]
        left, right = self._trim(run[:at]), self._trim(run[at + 1:])
        if left and right and self._one_organisation(left, right):
            return [run]
        return [p for part in (left, right) if part for p in self._split_coordination(part)]

    def _one_organisation(self, left: list[Token], right: list[Token]) -> bool:
        if self.lang in AGGLUTINATIVE:  # the head ends the name: "Afet ve Acil Durum Yönetimi Başkanlığı"
            return self.org_head(right) == len(right) - 1 and self.org_head(left) is None
        if any(is_given_name(t.text) or self._is_title(t) for t in (left[0], *right)):
            return False
        # The head starts it: "Autoridad Europea de Preparación y Respuesta".
        return self.org_head(left) == 0 and self.org_head(right) is None and not (
            len(right) == 1 and is_acronym(right[0]))

    def _quoted(self, art: _Article) -> list[RawSpan]:
        """«Спартак», “Qarabağ”: a quoted capitalised name is an organisation where the press writes them so."""
        if self.lang not in _QUOTED_NAMES:
            return []
        out = []
        for match in _QUOTED.finditer(art.text):
            inside = [t for t in art.words if match.start(1) <= t.start < match.end(1)]
            if inside and len(inside) <= 4 and inside[0].capitalised and not any(
                    art.position[t.start] in art.in_country for t in inside) and all(
                    t.capitalised or t.text.isdigit() for t in inside):
                out.append(self._span(inside, "ORGANIZATION", 0.55))
        return out

    def _lowercase_heads(self, runs: list[list[Token]], art: _Article) -> list[RawSpan]:
        """'hospital Amadora-Sintra', 'commissione Bilancio': a lower-case head before a name is part of it;
        'il gruppo Stellantis', 'el partido Vox': after a head that only says what kind of body follows,
        the name stands alone."""
        heads = self.cue.get("org_heads", frozenset())
        appositive = self.cue.get("appositive_heads", frozenset())
        out = []
        for run in runs:
            previous = art.before(run[0])
            if previous is not None and previous.text.islower() and art.text[previous.end:run[0].start] == " " \
                    and self.org_head(run) is None:
                if key(previous.text) in appositive:
                    out.append(self._span(run, "ORGANIZATION", 0.6))
                elif key(previous.text) in heads:
                    out.append(self._span([previous, *run], "ORGANIZATION", 0.6))
        return out

    def _people(self, run: list[Token], art: _Article) -> tuple[list[RawSpan], list[Token]]:
        """A given name and a surname, or any name after a title or speech verb ('Prof. Dr. Naci Görür');
        with the words before the person, which may name something else ('TCMB' in 'TCMB Başkanı ...')."""
        if self.org_head(run) is not None or self._feature(run) or self._landmark(run):
            return [], run
        titles = [i for i, t in enumerate(run) if self._is_title(t)]
        if titles:
            person = run[titles[-1] + 1:]
            # 'Ministra da Saúde': a title's complement, not a name.
            if 0 < len(person) <= _MAX_PERSON_WORDS and person[0].capitalised and not any(
                    is_acronym(t) for t in person):
                return [self._span(person, "PERSON", 0.7)], self._trim(run[:titles[0]])
            return [], self._trim(run[:titles[0]])
        previous = art.before(run[0])
        if previous is not None and key(previous.text) in _INDEFINITE:
            return [], run  # "eine Art Sonnensegel"
        if previous is not None and key(previous.text) in self.cue.get("landmark_heads", ()):
            return [], run  # 'estadio Ramón Sánchez-Pizjuán': a stadium named after a person
        # 'presidente Luiz ...' is cued; 'ministro dell'Economia' is the title's complement.
        gap = art.text[previous.end:run[0].start] if previous is not None else ""
        cued = previous is not None and (gap == " " and (
            self._is_title(previous) or key(previous.text) in self.cue.get("speech_verbs", ())) or
            # An abbreviated title keeps its full stop ('Prof. Dr. Naci ...'); a full word before one ends a sentence.
            gap == ". " and len(previous.text) <= _ABBREVIATION and self._is_title(previous))
        names = [t for t in run if key(t.text) not in self.connectors]
        if cued and 1 < len(names) <= _MAX_PERSON_WORDS and not any(is_acronym(t) for t in names):
            return [self._span(run, "PERSON", 0.7)], []  # 'presidente Luiz Inácio Lula da Silva'
        for first in range(len(run) - 1):
            if key(run[first].text) in self.connectors:
                continue  # 'il Napoli di Antonio Conte': the person starts after the connector
            names = [t for t in run[first:] if key(t.text) not in self.connectors]
            if self.lang in AGGLUTINATIVE and key(names[-1].text).endswith(("lari", "leri", "ləri")):
                break  # 'Hava Yolları': a plural with a possessive ending is a compound noun, no surname
            if len(names) > _MAX_PERSON_WORDS or any(is_acronym(t) for t in names):
                continue
            if is_given_name(names[0].text) and len(names) > 1:
                return [self._span(run[first:], "PERSON", 0.7 if cued else 0.6)], self._trim(run[:first])
        # 'secondo Confindustria', 'según Vox': one word after 'according to' is as often a body as a surname.
        sourced = len(run) == 1 and previous is not None and key(previous.text) in self.cue.get("according_to", ())
        if cued and not sourced and len(run) <= _MAX_PERSON_WORDS and not any(is_acronym(t) for t in run):
            return [self._span(run, "PERSON", 0.55)], []
        return [], run

    def _places(self, runs: list[list[Token]], art: _Article, context: Counter[str],
                surnames: set[str]) -> list[RawSpan]:
        """Places, the surest (regions, large cities) before the small ones: their countries are context
        for the rest ('Reichertshofen' is in the country of 'Bayern')."""
        placed: dict[int, RawSpan] = {}
        for lenient in (False, True):
            for run in runs:
                if run[0].start in placed or (len(run) == 1 and set(stems(key(run[0].text), self.lang)) & surnames):
                    continue
                if found := self._place(run, art, context, lenient):
                    placed[run[0].start], country = found
                    context.update([country] if country else [])
        return list(placed.values())

    def _place(self, run: list[Token], art: _Article, context: Counter[str],
               lenient: bool) -> tuple[RawSpan, str] | None:
        if self.org_head(run) is not None or self._feature(run) or self._landmark(run) or any(
                is_acronym(t) for t in run):
            return None
        previous = art.before(run[0])
        before = key(previous.text) if previous else ""
        ending = key(run[-1].suffix.lstrip("'’-")) or key(run[-1].text)
        locative = before in self.cue.get("locatives", ()) or (
            self.lang in AGGLUTINATIVE and ending.endswith(_LOCATIVE_ENDINGS))
        # After a determiner a capitalised word is a noun ('das Ende', 'seinem Tor'), unless a large city;
        # in German any lone capitalised word may be a noun ('die Lage'): a town needs 'in', 'nach', 'bei'.
        determined = before in self.cue.get("determiners", ()) or before in _INDEFINITE
        noun_like = determined or (self.lang in _NOUN_CAPITALISING and len(run) == 1 and not locative)
        if before in self.cue.get("club_articles", ()) and self._sport:
            # 'il Napoli', 'del Sevilla', 'o Fortaleza': in news a city takes no article in it, es or pt; its club does.
            hit = resolve([t.text for t in run], self.lang, context, True)
            if hit and not hit.region:
                return self._span(run, "ORGANIZATION", 0.5), ""
        for first in range(len(run)):
            part = run[first:]
            single = len(part) == 1
            if single and len(part[0].text) < 3:
                return None
            hit = resolve([t.text for t in part], self.lang, Counter() if noun_like else context,
                          (lenient or locative) and not noun_like, initial=single and part[0].sentence_start)
            if hit and single and not hit.own and not locative and is_given_name(part[0].text):
                continue  # 'Berkan' is a name before it is another spelling of Berkane
            if hit and single and hit.region and determined:
                continue  # 'die Bayern' are the club or the people; the Land takes no article
            if hit:
                return self._span(part, "PLACE", hit.confidence, hit.name), hit.country
        return None

    def _other(self, run: list[Token], art: _Article) -> list[RawSpan]:
        """Organisations by their head word or as acronyms; natural features and landmarks by theirs."""
        if self._landmark(run):
            return [self._span(run, "PLACE", 0.6)]
        head = self.org_head(run)
        extent = self._extent(run, head) if head is not None else []
        # A head alone is a noun in German ('die Regierung') or at a sentence start; 'il Senato' is a name.
        lone_noun = len(extent) == 1 and key(extent[0].text) in self.org_heads and (
            self.lang in _NOUN_CAPITALISING or extent[0].sentence_start)
        if extent and not lone_noun:
            return [self._organisation(extent)]
        if self._feature(run):
            return [self._span(run, "PLACE", 0.6)]
        return [self._span([t], "ORGANIZATION", 0.5) for t in run if self._acronym_name(t, art)]

    def _extent(self, run: list[Token], head: int) -> list[Token]:
        """Where the name is in a run: Turkic names and English ones end at their head ('Merkez Bankası',
        'San Francisco State University'), Roman and German ones start at it ('Borussia Dortmund')."""
        connectors = self.connectors - _CONJUNCTIONS
        if is_acronym(run[head]) and key(run[head].text) not in self.cue.get("club_heads", ()):
            return [run[head]]  # 'Azərbaycan XİN': the acronym is the name ('FC Bayern' is one name)
        if self.lang in AGGLUTINATIVE or head == len(run) - 1 and head > 0:
            start = max((i + 1 for i, t in enumerate(run[:head]) if key(t.text) in connectors), default=0)
            return run[start: head + 1]
        return run[head:]

    def _organisation(self, run: list[Token]) -> RawSpan:
        """An organisation span; a Turkic head's case ending comes off ('Bankasının' -> 'Bankası')."""
        normal = None
        if self.lang in AGGLUTINATIVE:
            last = run[-1]
            stem = next((s for s in suffix_stems(key(last.text)) if s in self.org_heads), None)
            if stem:
                normal = " ".join([*(t.text for t in run[:-1]), surface(last.text, stem)])
        return self._span(run, "ORGANIZATION", 0.65, normal)

    def _acronym_name(self, tok: Token, art: _Article) -> bool:
        """An acronym that names something: not a roman numeral, a currency ('US$') or a word of a
        line of capitals ('MIGUEL A. LOPES/LUSA', a photo credit)."""
        if not is_acronym(tok) or len(tok.text) > 8 or key(tok.text) in _ROMAN or key(tok.text) in self.stop:
            return False
        if tok.text.isupper() and len(tok.text) > 4 and resolve([tok.text], self.lang, Counter(), False):
            return False  # 'MADRID, 3 mar (EFE)': a dateline city in capitals
        index = art.position[tok.start]
        neighbours = art.words[max(index - 1, 0): index] + art.words[index + 1: index + 2]
        if any(n.text.isupper() and min(abs(n.start - tok.end), abs(tok.start - n.end)) < 4 for n in neighbours):
            return False
        line_end = art.text.find("\n", tok.end)
        line = art.text[art.text.rfind("\n", 0, tok.start) + 1: line_end if line_end >= 0 else len(art.text)]
        if line.strip() == tok.text:
            return False  # alone on its line: a credit or a label ('DR'), not a mention
        return art.text[tok.end: tok.end + 1] not in ("$", "€")

    def _acronyms(self, spans: list[RawSpan], art: _Article) -> list[RawSpan]:
        """'Instituto de Medicina Molecular (IMM)': an acronym in brackets after a name is that name's;
        after words that name nothing ('Derechos Especiales de Giro (DEG)') it is a term, not a name."""
        aliases: dict[str, RawSpan | None] = {}
        for span in spans:
            if span.label == "ORGANIZATION" and span.confidence == 0.5 and art.text[span.start - 1: span.start] == "(":
                before = re.sub(r"['’][^\W\d_]+$", "", art.text[: span.start - 1].rstrip())
                named = next((s for s in spans if s.end == len(before) and s is not span), None)
                run_before = _words_before(art, span.start)
                if named is not None and _initials(span.text, named.text):
                    aliases[span.text] = named
                elif named is None and run_before and _initials(span.text, " ".join(run_before)):
                    aliases[span.text] = None
        out = []
        for span in spans:
            if span.label == "ORGANIZATION" and span.text in aliases:
                alias = aliases[span.text]
                if alias is None:
                    continue
                span = RawSpan(span.text, alias.label, span.start, span.end, alias.normal, alias.confidence,
                               span.source)
            out.append(span)
        return out

    def _lone_given_names(self, art: _Article, found: list[RawSpan]) -> list[RawSpan]:
        """A given name on its own, mid-sentence and not part of another name: a person called by one
        name ('Pedro marcou'), at the fallback's lowest confidence."""
        out = []
        if self.lang in _NOUN_CAPITALISING:
            return []  # 'Leib und Leben': a capitalised noun that is also a given name
        for i, tok in enumerate(art.words):
            previous = art.words[i - 1] if i else None
            if not tok.capitalised or tok.sentence_start or i in art.in_country or _covered([tok], found) or \
                    key(tok.text) in self.stop or (previous is not None and previous.capitalised) or \
                    (i + 1 < len(art.words) and art.words[i + 1].capitalised and
                     art.text[tok.end:art.words[i + 1].start] == " "):
                continue
            if previous is not None and (key(previous.text) in self.cue.get("determiners", ())
                                         or key(previous.text) in _INDEFINITE):
                continue
            if is_given_name(tok.text) and resolve([tok.text], self.lang, Counter(), False) is None:
                out.append(self._span([tok], "PERSON", 0.5))
        return out

    def org_head(self, run: list[Token]) -> int | None:
        """Where the organisation head is in a run ('Ministerio', 'Bankası', 'Bundeswehr'), if anywhere."""
        suffixes = tuple(self.cue.get("org_head_suffixes", ()))
        prefixes = tuple(self.cue.get("org_prefixes", ()))
        for i, tok in enumerate(run):
            word = key(tok.text)
            options = suffix_stems(word) if self.lang in AGGLUTINATIVE else [word]
            if any(o in self.org_heads for o in options) or any(
                    w.endswith(s) and len(w) > len(s) + 2 for w in options for s in suffixes):
                return i
            if prefixes and word.startswith(prefixes) and word.endswith(self.prefixed_heads):
                return i
        return None

    def is_club(self, words: list[Token]) -> bool:
        """True for a sports club's name ('Eintracht Frankfurt'): its city is its name, not a place it is in."""
        clubs = self.cue.get("club_heads", frozenset())
        suffixes = tuple(self.cue.get("org_head_suffixes", ()))
        return any(key(t.text) in clubs or (self.lang in AGGLUTINATIVE and suffixes and key(t.text).endswith(
            suffixes)) for t in words)

    def _feature(self, run: list[Token]) -> bool:
        heads = self.cue.get("feature_heads", frozenset())
        if len(run) < 2:
            return False
        last = key(run[-1].text)
        return key(run[0].text) in heads or last in heads or (
            self.lang in AGGLUTINATIVE and any(s in heads for s in suffix_stems(last)))

    def _landmark(self, run: list[Token]) -> bool:
        heads = self.cue.get("landmark_heads", frozenset())
        return len(run) > 1 and any(key(t.text) in heads for t in run)

    def _is_title(self, tok: Token) -> bool:
        word = key(tok.text)
        suffixes = tuple(self.cue.get("person_title_suffixes", ()))
        return word in self.cue.get("person_titles", ()) or bool(
            suffixes and word.split("-")[-1].endswith(suffixes))

    def _surnames(self, art: _Article, found: list[RawSpan]) -> list[RawSpan]:
        """A lone word that is the surname of a person found elsewhere is another mention of them."""
        surnames = {key(s.normal.split()[-1]): s.normal for s in found if s.label == "PERSON" and " " in s.normal}
        out = []
        for i, tok in enumerate(art.words):
            if i in art.in_country or not tok.capitalised or _covered([tok], found):
                continue
            word = key(tok.text)
            stem = next((s for s in stems(word, self.lang) if s in surnames), None)
            if stem and (stem == word or self.lang not in AGGLUTINATIVE or suffix_chain(word[len(stem):])):
                out.append(RawSpan(tok.text, "PERSON", tok.start, tok.end, surnames[stem].split()[-1], 0.6, SOURCE))
        return out

    def _span(self, run: list[Token], label: str, confidence: float, normal: str | None = None) -> RawSpan:
        text = self._text[run[0].start:run[-1].end] if self._text else " ".join(t.text for t in run)
        return RawSpan(text, label, run[0].start, run[-1].end, normal or text, confidence, SOURCE)


def _short_mentions(spans: list[RawSpan]) -> list[RawSpan]:
    """'Marmara' where the article names 'Marmara Denizi': the first word of a longer place's name is
    a short mention of it, not a namesake town."""
    longer = {key(s.normal.split()[0]): s for s in spans if s.label == "PLACE" and " " in s.normal}
    return [RawSpan(s.text, "PLACE", s.start, s.end, longer[key(s.normal)].normal, s.confidence, s.source)
            if s.label == "PLACE" and " " not in s.normal and key(s.normal) in longer else s for s in spans]


def _covered(run: list[Token], spans: list[RawSpan]) -> bool:
    return any(s.start <= t.start < s.end for t in run for s in spans)


def _words_before(art: _Article, start: int) -> list[str]:
    """The capitalised words just before an opening bracket at `start - 1`."""
    index = next((i for i, t in enumerate(art.words) if t.start >= start), len(art.words))
    out: list[str] = []
    for tok in reversed(art.words[:index]):
        if not (tok.capitalised or tok.text.islower() and len(tok.text) <= 3):
            break
        out.insert(0, tok.text)
    while out and not out[0][:1].isupper():
        out.pop(0)
    return out


def _initials(acronym: str, name: str) -> bool:
    """'AFAD' and 'Afet ve Acil Durum Yönetimi Başkanlığı': the acronym's letters in order in the name,
    the first one starting it."""
    letters, text = key(acronym), key(name)
    if not letters or not text or letters[0] != text[0]:
        return False
    at = 0
    for ch in letters:
        at = text.find(ch, at)
        if at < 0:
            return False
        at += 1
    return True


def _split_affiliation(run: list[Token], connectors: frozenset[str]) -> list[list[Token]]:
    """'Elly Rossi del Pd', 'Marco Bianchi del M5S': a name, then the party or body it belongs to, written
    as an acronym or a two-letter short form after a connector, is two runs."""
    for i in range(2, len(run) - 1):
        tail = run[i + 1]
        short = len(tail.text) == 2 and tail.text.isascii() and tail.text[0].isupper() and tail.text[1].islower()
        if key(run[i].text) in connectors and run[i].text.islower() and (is_acronym(tail) or short):
            return [run[:i], run[i + 1:]]
    return [run]


def is_acronym(tok: Token) -> bool:
    """'TCMB', 'FAMa', 'XİN': capitals outnumber small letters; 'Frank-Walter' is no acronym."""
    letters = [c for c in tok.text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return tok.text.isalnum() and upper >= 2 and upper > len(letters) - upper


_KICKER = re.compile(r"^\W*(?:[^\W\d_a-zà-ÿа-яё]+\s+){1,3}[^\W\d_a-zà-ÿа-яё]{2,}\s*:")


def shouted_lines(text: str) -> set[int]:
    """Offsets of the words on lines written in capitals (headlines, menus) or behind a capitals kicker
    ('→ A LIRE AUSSI : ...', a link to another article): not names of this one."""
    out: set[int] = set()
    offset = 0
    for line in text.split("\n"):
        letters = [c for c in line if c.isalpha()]
        shouting = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7
        if len(line.split()) >= 2 and (shouting or _KICKER.match(line)):
            out.update(range(offset, offset + len(line)))
        offset += len(line) + 1
    return out
