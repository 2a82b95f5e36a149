"""Tag stage: spaCy NER plus the ruler layer, folded into canonical, typed entities."""

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from schemas.models import Entity, Mention, Role
from worker.documents import Parsed, Tagged
from worker.stages.countries import by_demonym, by_name
from worker.stages.gazetteer import Gazetteer, get_gazetteer
from worker.stages.parse.byline import is_person_name
from worker.stages.tag.correct import (
    Group,
    full_name_in_text,
    is_common_word,
    org_name,
    resolve_lone_person,
    retype,
)
from worker.stages.tag.model import load_model
from worker.stages.tag.names import canonical, entity_type, strip_title
from worker.stages.tag.roles import person_role
from worker.stages.tag.ruler import add_rulers

_WORD_AFTER = re.compile(r"[\s\"'”’]*(\w+)")
_Raw = list[tuple[str, str, int, int, str]]
ENGLISH_ONLY_STEPS = ["tag:ner", "enrich:keywords", "enrich:summary", "enrich:sentiment",
                      "enrich:topics"]


class Tagger:
    """Built once per process: the model with its ruler; called once per article."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        add_rulers(nlp)
        self.nlp = nlp
        self.gazetteer = gazetteer

    def __call__(self, parsed: Parsed) -> Tagged:
        return self.tag_many([parsed])[0]

    def tag_many(self, articles: list[Parsed], batch_size: int = 16) -> list[Tagged]:
        """Tag several articles with one `nlp.pipe` pass (faster than one call per article)."""
        english = [p for p in articles if p.language == "en"]
        # memory_zone frees the strings each batch adds, so the vocabulary does not grow forever.
        with self.nlp.memory_zone():
            facts = {
                id(p): _facts(doc)
                for p, doc in zip(english, self.nlp.pipe((p.body for p in english), batch_size=batch_size),
                                  strict=True)
            }
        return [self._tagged(p, *facts[id(p)]) if id(p) in facts else _skipped(p) for p in articles]

    def _population(self, name: str) -> int:
        places = self.gazetteer.lookup(name)
        return places[0].population if places else 0

    def _tagged(self, parsed: Parsed, raw: _Raw, sentences: list[tuple[int, int]]) -> Tagged:
        body = parsed.body
        groups = _group(raw, body)
        singles = {g.name for g in groups if " " not in g.name}
        for g in groups:
            retype(g, body, singles, self._population)
        groups = _fold_people(_merge(_recover_full_names(groups, body)))
        groups = [g for g in groups if not (g.type == "ORGANIZATION" and is_common_word(g.name, body))]
        lead_end = len(parsed.paragraphs[0]) if parsed.paragraphs else 0
        entities = [_with_role(_entity(g, lead_end, len(body)), g, body) for g in groups]
        entities.sort(key=lambda e: (-e.salience, e.first_offset))
        return Tagged(parsed=parsed, entities=entities, sentences=sentences)




def _facts(doc: Doc) -> tuple[_Raw, list[tuple[int, int]]]:
    """Plain data out of a Doc, taken before its memory zone closes."""
    raw = [(e.text, e.label_, e.start_char, e.end_char, e.ent_id_) for e in doc.ents]
    return raw, _split_at_paragraphs([(s.start_char, s.end_char) for s in doc.sents], doc.text)


def _split_at_paragraphs(sentences: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """A paragraph break always ends a sentence, whatever the sentence splitter thought."""
    out = []
    for start, end in sentences:
        for part in re.finditer(r"[^\n]+", text[start:end]):
            if part.group().strip():
                out.append((start + part.start(), start + part.end()))
    return out


def _skipped(parsed: Parsed) -> Tagged:
    return Tagged(parsed=parsed, entities=[], sentences=[],
                  skipped_steps=[f"{s} (English model only)" for s in ENGLISH_ONLY_STEPS])


def _next_word(body: str, end: int) -> str:
    match = _WORD_AFTER.match(body, end)
    return match.group(1) if match else ""


def _group(raw: _Raw, body: str) -> list[Group]:
    groups: dict[tuple[str, str], Group] = {}
    for text, label, start, end, ent_id in raw:
        name = canonical(org_name(ent_id, body) if ent_id else text)
        title = None
        if label in ("PERSON", "ORG"):
            stripped, found = strip_title(name)
            # "General Arslan" typed ORG is a person: a rank or title before a name says so.
            if found and (label == "PERSON" or is_person_name(stripped) or " " not in stripped):
                name, title, label = stripped, found, "PERSON"
        country = by_name(name) if label in ("GPE", "LOC", "ORG") else None
        etype = entity_type(name, label, country is not None, _next_word(body, end))
        if etype is None or len(name) < 2:
            continue
        if etype == "NORP" and by_demonym(name) is None and label != "NORP":
            etype = "ORGANIZATION"
        key = (name, etype)
        group = groups.setdefault(key, Group(name=name, type=etype))
        offset = start + text.find(name) if name in text else start
        group.spans.append(Mention(text=text, start=start, end=end)
                           if offset == start else Mention(text=name, start=offset,
                                                           end=offset + len(name)))
        group.labels.add(label)
        group.from_ruler = group.from_ruler or bool(ent_id) or etype in ("COUNTRY", "NORP")
        if title:
            group.titles.append(title)
    return list(groups.values())


def _recover_full_names(groups: list[Group], body: str) -> list[Group]:
    """A lone surname takes the full name the text gives elsewhere; unresolvable ones are retyped."""
    full = {g.name for g in groups if g.type == "PERSON" and " " in g.name}
    kept = []
    for g in groups:
        lone = g.type == "PERSON" and " " not in g.name
        if lone and not any(f.endswith(" " + g.name) or f.startswith(g.name + " ") for f in full):
            found = full_name_in_text(g.name, body)
            if found:
                g.name = found
            else:
                new_type = resolve_lone_person(g, body)
                if new_type is None:
                    continue
                g.type = new_type
        kept.append(g)
    return kept


def _merge(groups: list[Group]) -> list[Group]:
    """Groups that now share a name and type become one."""
    merged: dict[tuple[str, str], Group] = {}
    for g in groups:
        key = (g.name, g.type)
        if key in merged:
            target = merged[key]
            target.spans.extend(g.spans)
            target.labels |= g.labels
            target.titles.extend(g.titles)
            target.from_ruler = target.from_ruler or g.from_ruler
        else:
            merged[key] = g
    return list(merged.values())


def _fold_people(groups: list[Group]) -> list[Group]:
    """Surname-only and title-plus-surname mentions join the full name they abbreviate."""
    people = [g for g in groups if g.type == "PERSON" and len(g.name.split()) > 1]
    orgs = [g for g in groups if g.type == "ORGANIZATION" and " " in g.name]
    out = []
    for g in groups:
        target = None
        if g.type in ("PERSON", "ORGANIZATION", "PLACE"):
            target = next((p for p in people if p is not g and (
                p.name.endswith(" " + g.name) or (g.type == "PERSON" and p.name.startswith(g.name + " "))
            )), None)
        if target is None and g.type == "ORGANIZATION" and " " not in g.name:
            # "Health" split off "Ministry of Health" is a mention of the ministry.
            target = next((o for o in orgs if o is not g and g.name in o.name.split()), None)
        if target is not None:
            target.spans.extend(g.spans)
            target.labels |= g.labels
            target.titles.extend(g.titles)
        else:
            out.append(g)
    return out


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
    return Tagger(load_model(), get_gazetteer())


def tag(parsed: Parsed) -> Tagged:
    """Run NER over the body and return canonical entities."""
    return get_tagger()(parsed)
