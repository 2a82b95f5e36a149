"""Tag stage: spaCy NER plus the ruler layer, folded into canonical, typed entities."""

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from schemas.models import Entity, Mention, Role
from worker.documents import Parsed, Tagged
from worker.stages.countries import by_demonym, by_name
from worker.stages.gazetteer import Gazetteer, Regions, get_gazetteer, get_regions
from worker.stages.lexicons import outlets, person_titles
from worker.stages.tag.correct import Group, PlaceEvidence, decide, org_name, place_name
from worker.stages.tag.evidence import EVERYDAY_ZIPF, PLAIN_WORD_ZIPF, Evidence, common_english
from worker.stages.tag.fold import fold_acronyms, fold_people, fold_prefixed, merge, recover_full_names
from worker.stages.tag.long_text import pipe_whole
from worker.stages.tag.model import load_model
from worker.stages.tag.multilingual import tag_other_language
from worker.stages.tag.names import MEDIA_WORDS, is_glued
from worker.stages.tag.roles import person_role
from worker.stages.tag.ruler import add_rulers
from worker.stages.tag.sentences import split_at_paragraphs
from worker.stages.tag.spans import (
    RawMention,
    clean_mentions,
    cued_mentions,
    foreign_line,
    people_by_cue,
    team_mentions,
    titled_mentions,
    towns_in_country,
    towns_missed,
)
from worker.stages.tag.zone import Zone

_Raw = list[tuple[str, str, int, int, str]]
_JUNK_LINE = re.compile(r"[\W\d_]*")


class Tagger:
    """Built once per process: the model with its ruler and the gazetteers; called once per article."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, regions: Regions) -> None:
        add_rulers(nlp)
        self.nlp = nlp
        self.zone = Zone(nlp)
        self.gazetteer = gazetteer
        self.regions = regions

    def __call__(self, parsed: Parsed) -> Tagged:
        return self.tag_many([parsed])[0]

    def tag_many(self, articles: list[Parsed], batch_size: int = 16) -> list[Tagged]:
        """Tag several articles with one `nlp.pipe` pass (faster than one call per article)."""
        english = [p for p in articles if p.language == "en"]
        self.zone.open()  # plain data comes out of the Docs before the zone may close
        try:
            facts = {
                id(p): _facts(doc, p.body)
                for p, doc in zip(english, pipe_whole(self.nlp, (p.body for p in english), batch_size),
                                  strict=True)
            }
        except BaseException:
            self.zone.close()  # a batch cut short (a time limit, a broken text) leaves nothing half-made
            raise
        self.zone.spent(len(english))
        return [self._tagged(p, *facts[id(p)]) if id(p) in facts else tag_other_language(p)
                for p in articles]

    def _tagged(self, parsed: Parsed, raw: _Raw, sentences: list[tuple[int, int]]) -> Tagged:
        body = parsed.body
        ev = Evidence(body)
        towns = towns_in_country(body) | towns_missed(body, raw, ev.acts)
        cued = cued_mentions(ev.place_named | towns, body) \
            + cued_mentions(ev.org_named, body, "ORG") \
            + titled_mentions(body) + people_by_cue(body) + team_mentions(ev.teams, body, raw)
        mentions = clean_mentions(raw, body, _foreign_lines(body), cued)
        countries = {c.iso2 for m in mentions if (c := by_name(m.name) or by_demonym(m.name))}
        places = PlaceEvidence(self.gazetteer, self.regions, countries)
        groups = _group(mentions, body)
        # Longer names first: a one-word name may be the surname of a person decided before it.
        full_names: set[str] = set()
        orgs = {g.name for g in groups if g.votes["ORG"] * 2 > sum(g.votes.values())}
        typed = []
        for g in sorted(groups, key=lambda g: " " not in g.name):
            etype = decide(g, ev, places, full_names, orgs)
            if etype is not None:
                g.type = etype
                g.name = place_name(g.name, places) if etype == "PLACE" else g.name
                typed.append(g)
                if etype == "PERSON" and " " in g.name:
                    full_names.add(g.name)
        groups = fold_prefixed(fold_people(merge(recover_full_names(typed, ev))), ev)
        groups = [g for g in fold_acronyms(groups, ev) if _kept(g, ev, body, places)]
        lead_end = len(parsed.paragraphs[0]) if parsed.paragraphs else 0
        entities = [_with_role(_entity(g, lead_end, len(body)), g, body) for g in groups]
        entities.sort(key=lambda e: (-e.salience, e.first_offset))
        return Tagged(parsed=parsed, entities=entities, sentences=sentences)


def _facts(doc: Doc, text: str) -> tuple[_Raw, list[tuple[int, int]]]:
    """Plain data out of a Doc, taken before its memory zone closes; `text` is the Doc's text
    (`doc.text` would rebuild it token by token, a millisecond per article)."""
    raw = [(e.text, e.label_, e.start_char, e.end_char, e.ent_id_) for e in doc.ents]
    return raw, split_at_paragraphs([(s.start_char, s.end_char) for s in doc.sents], text)


def _foreign_lines(body: str) -> list[tuple[int, int]]:
    """Where the lines written in another language are (tag clouds, headlines in another script)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", body) if foreign_line(m.group())]


def _group(mentions: list[RawMention], body: str) -> list[Group]:
    """Mentions under one name: 'Khartoum' typed GPE once and PERSON once is one name with two votes."""
    groups: dict[str, Group] = {}
    names = {m.name for m in mentions}
    for m in mentions:
        if m.untitled in names:  # 'Sheriff Tiraspol' is also written whole: the title was part of the name
            m.name, m.title = m.untitled, None
        name = org_name(m.ent_id, body) if m.ent_id else m.name
        if m.ent_id and m.name.startswith(name + " "):
            name = m.name  # "Boeing Co.": the list's name with the legal form the text adds
        group = groups.setdefault(name, Group(name=name))
        group.spans.append(Mention(text=body[m.start:m.end], start=m.start, end=m.end))
        group.votes[m.label] += 1
        group.from_ruler = group.from_ruler or bool(m.ent_id)
        if m.title:
            group.titles.append(m.title)
    return list(groups.values())


_CLOCK = re.compile(r"\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)", re.IGNORECASE)
# A capitalised preposition inside a name: a Title-Case headline the model cut a name from.
_HEADLINE_WORD = re.compile(r"(?<=\S) (?:As|For|To|With|By|On|At|From|Into|After|Before|Over|Is|Are|Was|Will) ")
_PORTFOLIO = re.compile(r"[ \t]+(?:Minister|Ministers|Secretary|Secretaries|Spokesman|Spokeswoman|Spokesperson|"
                        r"Adviser|Advisor|Czar|Tsar)\b")


def _kept(g: Group, ev: Evidence, body: str, places: PlaceEvidence) -> bool:
    """Stray words, page furniture and credit lines are not entities."""
    if g.type in ("COUNTRY", "NORP"):
        return True
    if g.name in outlets() or MEDIA_WORDS.search(g.name):
        return False  # the text's source or the page's own name, not a subject of the article
    if g.from_ruler:
        return True
    if g.name in person_titles() or ev.is_common_abbreviation(g.name):
        return False  # "Spokesperson"; "PFS" for "prefeasibility study"
    if g.type == "ORGANIZATION" and len(g.name) <= 2 and g.name.isupper():
        return False  # "AK", "LO": initials the text never spells out
    if g.type == "PLACE" and (any(c.isdigit() for c in g.name) or len(g.name) <= 2):
        return False  # "F1", "Route 66", "AI" are not places on a map
    if g.type == "PLACE" and " " not in g.name and not places.strength(g.name) and (
            common_english(g.name, EVERYDAY_ZIPF) or common_english(g.name, PLAIN_WORD_ZIPF)
            and all(ev.sentence_initial(m.start) for m in g.spans)):
        return False  # "the Kingdom", "Gunmen stormed": a word no gazetteer knows as a place
    if g.type in ("ORGANIZATION", "PERSON") and ev.is_common_word(g.name):
        return False  # "Energy", "Company": a word the text also writes in lower case
    if " " in g.name and any(any(c.isdigit() for c in w) for w in g.name.split()):
        return False  # "Page D8", "3rd Test Day 4"
    if g.name[:1].islower() or is_glued(g.name) or _CLOCK.fullmatch(g.name):
        return False  # "oAggregates": a bullet glued to a word; a tag cloud run together; "8.50pm"
    if g.type in ("ORGANIZATION", "PERSON") and _HEADLINE_WORD.search(g.name):
        return False  # "Reappointment As Board", "Office of the Sheriff For Immediate Release": a headline
    if g.type == "ORGANIZATION" and " " not in g.name and all(_PORTFOLIO.match(body, m.end) for m in g.spans):
        return False  # "Health Minister Ana Ruiz": a minister's portfolio, not a body of its own
    if " " not in g.name and not g.name.isupper() and all(ev.sentence_initial(m.start) for m in g.spans) \
            and common_english(g.name) and not g.titles and not places.strength(g.name):
        return False  # "Therefore", "Meanwhile", "Consolidated": capitalised only by its place
    if ev.only_in_credits(g.name, len(g.spans)):
        return False
    return g.type == "PLACE" or not all(_alone_on_line(m, body) for m in g.spans)


def _alone_on_line(m: Mention, body: str) -> bool:
    """'Latest National Stories', 'Advertisement 2': a name that is the whole line is a heading or a menu."""
    start = body.rfind("\n", 0, m.start) + 1
    end = body.find("\n", m.end)
    line = body[start:end if end >= 0 else len(body)]
    rest = line[:m.start - start] + line[m.end - start:]
    return _JUNK_LINE.fullmatch(rest) is not None


def _entity(g: Group, lead_end: int, body_len: int) -> Entity:
    spans = sorted(g.spans, key=lambda m: m.start)
    first = spans[0].start
    in_lead = first < lead_end
    # Salience: presence in the lead, how early, and how often; each weighted to stay in 0..1.
    salience = 0.4 * in_lead + 0.3 * (1 - first / max(body_len, 1)) + 0.3 * min(len(spans), 5) / 5
    confidence = 0.95 if g.from_ruler else 0.85 if len(spans) > 1 else 0.75
    return Entity(
        name=g.name, type=g.type, mentions=len(spans), spans=spans,  # type: ignore[arg-type]
        first_offset=first, in_lead=in_lead, salience=round(salience, 3),
        confidence=confidence, labels=sorted(g.labels),
    )


def _with_role(entity: Entity, group: Group, body: str) -> Entity:
    if entity.type != "PERSON":
        return entity
    role = person_role(entity, body)
    if role is None and group.titles:
        role = Role(title=group.titles[0])
    return entity.model_copy(update={"role": role}) if role else entity


@cache
def get_tagger() -> Tagger:
    """The process's tagger, built on first use."""
    return Tagger(load_model(), get_gazetteer(), get_regions())


def tag(parsed: Parsed) -> Tagged:
    """Run NER over the body and return canonical entities."""
    return get_tagger()(parsed)
