"""Tagging for languages other than English: lexicon countries, model or fallback entities, canonical groups."""

import re
from collections import Counter
from dataclasses import dataclass, field

from schemas.models import Entity, Mention
from worker.documents import Parsed, Tagged
from worker.stages.i18n.countries import CountryMatch, country_lexicon
from worker.stages.i18n.names import female_given_names, fold_name, is_given_name, latin
from worker.stages.i18n.places import resolve
from worker.stages.i18n.text import AGGLUTINATIVE, UNCASED, Token, cues, key, stems, suffix_chain, tokens
from worker.stages.tag.multilingual_fallback import SOURCE as FALLBACK
from worker.stages.tag.multilingual_fallback import Fallback, is_acronym, shouted_lines, stop_words
from worker.stages.tag.multilingual_models import RawSpan, backend_for, missing_model
from worker.stages.tag.names import is_glued
from worker.stages.tag.sentences import sentence_spans

# What the non-English path does not do yet; each becomes a "skipped ..." warning.
SKIPPED_STEPS = [f"{s} (English only)" for s in ("enrich:keywords", "enrich:sentiment", "enrich:topics",
                                                   "enrich:quotes", "enrich:events")]
# Azerbaijani surnames: a case ending after one of these is cut ('Əliyevanı' -> 'Əliyeva').
_AZ_SURNAME_ENDINGS = ("ov", "ova", "ev", "eva", "yev", "yeva", "in", "ina", "oglu", "zadə", "li", "lu")


@dataclass
class _Group:
    name: str
    type: str
    spans: list[Mention] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)
    confidence: float = 0.0
    country: str | None = None
    forms: Counter[str] = field(default_factory=Counter)


def ner_source(lang: str) -> str:
    """Which model, or the fallback, finds persons and organisations in `lang` in this process."""
    backend = backend_for(lang)
    return backend.name if backend else FALLBACK


def tag_other_language(parsed: Parsed) -> Tagged:
    """Entities of a non-English article, found in its own language."""
    lang, body = parsed.language, parsed.body
    words = tokens(body, lang)
    countries = country_lexicon(lang).find(words)
    backend = backend_for(lang)
    fallback = Fallback(lang)
    spans = _model_spans(backend.run(body), body, countries, lang) if backend else \
        [] if lang in UNCASED else fallback.spans(body, words, countries)
    spans += _places_in_organisations(spans, words, countries, fallback)
    groups = _organisations(_people(_group(countries, _split_adjacent_people(spans)), lang, body), lang)
    groups = [g for g in groups if not is_glued(g.name)]
    lead_end = len(parsed.paragraphs[0]) if parsed.paragraphs else 0
    entities = sorted((_entity(g, lead_end, len(body)) for g in groups), key=lambda e: (-e.salience, e.first_offset))
    warnings = [w for w in (missing_model(lang), _fallback_note(lang, backend is None, words)) if w]
    return Tagged(parsed=parsed.model_copy(update={"warnings": [*parsed.warnings, *warnings]}),
                  entities=entities, sentences=sentence_spans(body, lang), skipped_steps=list(SKIPPED_STEPS))


def _fallback_note(lang: str, used: bool, words: list[Token]) -> str | None:
    if not used:
        return None
    if lang in UNCASED or not any(t.capitalised for t in words):
        return f"no capital letters in this script ({lang}): persons, organisations and places not tagged"
    return (f"persons, organisations and places in '{lang}' from the fallback (capitalised spans confirmed by "
            "given names, cue words and gazetteers): lower confidence")


def _model_spans(raw: list[RawSpan], body: str, countries: list[CountryMatch], lang: str) -> list[RawSpan]:
    """A model's spans without its usual noise (no capital, shouted lines, stop words, countries), with
    an organisation's place in the genitive kept in its name ('суд Москвы', 'МИД РФ')."""
    shouted = shouted_lines(body)
    stop = stop_words(lang)
    taken = [(m.start, m.end) for m in countries if m.entry.kind == "name"]
    out: list[RawSpan] = []
    determiners = cues(lang).get("determiners", frozenset())
    seats = cues(lang).get("seats_of_power", frozenset())
    for span in _with_genitives(raw, body, countries, lang):
        first, _, rest = span.text.partition(" ")
        if rest and first.islower() and key(first) in determiners:  # 'la Seine' -> 'Seine'
            offset = len(span.text) - len(rest)
            span = RawSpan(rest, span.label, span.start + offset, span.end,
                           span.normal[offset:] if span.normal == span.text else span.normal,
                           span.confidence, span.source)
        text = span.text.strip()
        if not any(c.isupper() for c in text) or len(text) < 2 or text[-1] in "'’" or span.start in shouted:
            continue
        if key(text) in stop or (span.label != "ORGANIZATION" and any(s < span.end and span.start < e
                                                                        for s, e in taken)):
            continue
        if span.label == "MISC":
            if " " in text or not is_acronym(Token(text, span.start, span.end)):
                continue
            span = RawSpan(span.text, "ORGANIZATION", span.start, span.end, span.normal, 0.5, span.source)
        if span.label == "PLACE" and key(text) in seats:
            # 'в Кремле': the seat of a government speaks for it, so it is the institution, not a place.
            span = RawSpan(span.text, "ORGANIZATION", span.start, span.end, span.normal, span.confidence,
                           f"{span.source}+cue:seat-of-power")
        if span.label == "PERSON" and " " not in text and not is_given_name(text):
            # A lone capitalised word the model calls a person may be a town it does not know ('Sévaré').
            hit = resolve([text], lang, Counter(m.entry.iso2 for m in countries), True)
            if hit:
                span = RawSpan(span.text, "PLACE", span.start, span.end, hit.name, 0.6, span.source)
        out.append(span)
    return out


def _with_genitives(raw: list[RawSpan], body: str, countries: list[CountryMatch], lang: str) -> list[RawSpan]:
    """Russian names an institution's seat in the genitive after it: 'Никулинский суд' + 'Москвы',
    'МИД' + 'РФ', 'прокуратура' + 'Москвы'. The place stays a place of its own as well."""
    if lang != "ru":
        return raw
    heads = cues(lang).get("org_heads", frozenset())
    places = [(s.start, s.end, s.text, s.normal) for s in raw if s.label == "PLACE"] + [
        (m.start, m.end, m.text, m.entry.canonical) for m in countries if m.entry.kind == "name"]
    out = list(raw)
    for start, end, text, normal in places:
        before = body[:start].rstrip()
        if body[len(before):start] != " " or (key(text) == key(normal) and not text.isupper()):
            continue  # only an inflected name ('Москвы', not 'Москва') or an abbreviation ('РФ')
        org = next((s for s in out if s.label == "ORGANIZATION" and s.end == len(before)), None)
        if org is not None:
            out[out.index(org)] = RawSpan(f"{org.text} {text}", org.label, org.start, end, f"{org.normal} {text}",
                                          org.confidence, org.source)
            continue
        word = before.rsplit(maxsplit=1)[-1] if before else ""
        if word.islower() and key(word) in heads:
            out.append(RawSpan(f"{word} {text}", "ORGANIZATION", len(before) - len(word), end, f"{word} {text}",
                               0.6, FALLBACK))
    return out


def _places_in_organisations(spans: list[RawSpan], words: list[Token], countries: list[CountryMatch],
                             fallback: Fallback) -> list[RawSpan]:
    """A city in an institution's name is a place the article is about ('Procura di Milano' -> Milano);
    not in a club's name ('Eintracht Frankfurt'), which is a name, not a location."""
    context = Counter(m.entry.iso2 for m in countries)
    in_country = {(m.start, m.end) for m in countries}
    out = []
    for span in spans:
        if span.label != "ORGANIZATION":
            continue
        inside = [t for t in words if span.start <= t.start < span.end]
        head = fallback.org_head(inside) or 0
        # Only after the head: 'Landgericht München', 'суд Москвы'; 'San Francisco State University' is a name.
        if fallback.is_club(inside) or (head == len(inside) - 1 and head > 0):
            continue
        for tok in inside[head + 1:]:
            if not tok.capitalised or (tok.start, tok.end) in in_country:
                continue
            # Names in a name are often adjectives ('Banco Central'): only a large city, or a city the
            # article's country has, after a connector ('Procura di Milano'), is taken as the seat.
            after_connector = key(inside[inside.index(tok) - 1].text) in fallback.connectors
            hit = resolve([tok.text], fallback.lang, context if after_connector else Counter(), False)
            if hit:
                out.append(RawSpan(tok.text, "PLACE", tok.start, tok.end, hit.name, hit.confidence, span.source))
    return out


def _group(countries: list[CountryMatch], spans: list[RawSpan]) -> list[_Group]:
    groups: dict[tuple[str, str], _Group] = {}
    for m in countries:
        etype = "COUNTRY" if m.entry.kind == "name" else "NORP"
        group = groups.setdefault((etype, m.entry.iso2 if etype == "COUNTRY" else key(m.entry.canonical)),
                                  _Group(m.entry.canonical, etype, country=m.entry.iso2))
        group.spans.append(Mention(text=m.text, start=m.start, end=m.end))
        group.labels.add(f"lexicon:{m.entry.kind}")
        group.confidence = 0.95
    for span in spans:
        group = groups.setdefault((span.label, key(span.normal)), _Group(span.normal, span.label))
        group.spans.append(Mention(text=span.text, start=span.start, end=span.end))
        group.labels.add(f"{span.source}:{span.label}")
        group.confidence = max(group.confidence, span.confidence)
        group.forms[span.normal] += 1
        if span.label == "ORGANIZATION" and group.country is None:
            # 'Türkiye Cumhuriyet Merkez Bankası', 'МИД РФ': the country named in the name.
            group.country = next((m.entry.iso2 for m in countries if span.start <= m.start and m.end <= span.end
                                  and m.entry.kind == "name"), None)
    return list(groups.values())


def _split_adjacent_people(spans: list[RawSpan]) -> list[RawSpan]:
    """'İlham Əliyev Ərdoğanla' (Aliyev with Erdogan): a known person's full name followed by one more
    word is two people."""
    known = {key(s.normal) for s in spans if s.label == "PERSON" and " " in s.normal}
    out = []
    for span in spans:
        parts = span.normal.split()
        head = " ".join(parts[:-1])
        if span.label == "PERSON" and len(parts) > 2 and key(head) in known and span.text.startswith(head):
            cut = span.start + len(head)
            last_start = span.start + span.text.rindex(" ") + 1
            out += [RawSpan(head, "PERSON", span.start, cut, head, span.confidence, span.source),
                    RawSpan(parts[-1], "PERSON", last_start, span.end, parts[-1], span.confidence, span.source)]
        else:
            out.append(span)
    return out


def _organisations(groups: list[_Group], lang: str) -> list[_Group]:
    """A Turkic organisation named by the end of its full name joins it ('Merkez Bankası' ->
    'Türkiye Cumhuriyet Merkez Bankası'): the head comes last there, so the end is what is repeated."""
    if lang not in AGGLUTINATIVE:
        return groups
    orgs = [g for g in groups if g.type == "ORGANIZATION" and " " in g.name]
    out = []
    for g in groups:
        target = next((o for o in orgs if o is not g and g.type == "ORGANIZATION" and
                       key(o.name).endswith(" " + key(g.name))), None)
        if target is not None:
            _absorb(target, g)
        else:
            out.append(g)
    return out


def _people(groups: list[_Group], lang: str, body: str) -> list[_Group]:
    """Inflected and surname-only mentions join the person's full name ('Əliyevin' -> 'İlham Əliyev')."""
    named: dict[tuple[str, str], _Group] = {}
    for g in groups:
        if g.type == "PERSON":
            g.name = _person_name(g, lang, body)
        same = named.setdefault((g.type, key(g.name)), g)
        if same is not g:
            _absorb(same, g)
    full = [g for g in named.values() if g.type == "PERSON" and len(g.name.split()) > 1]
    out = []
    for g in named.values():
        target = None
        if g.type == "PERSON":
            target = next((f for f in full if f is not g and _same_person(g.name, f.name, lang)), None)
            # 'Rəcəb' alone for the one 'Rəcəb Tayyib Ərdoğan' the article names.
            firsts = [f for f in full if " " not in g.name and key(f.name.split()[0]) == key(g.name)]
            target = target or (firsts[0] if len(firsts) == 1 else None)
        if target is not None:
            _absorb(target, g)
        else:
            out.append(g)
    return out


def _absorb(target: _Group, other: _Group) -> None:
    target.spans += other.spans
    target.labels |= other.labels
    target.confidence = max(target.confidence, other.confidence)
    target.forms.update(other.forms)


def _person_name(group: _Group, lang: str, body: str) -> str:
    name = group.forms.most_common(1)[0][0] if group.forms else group.name
    parts = name.split()
    if lang == "de" and len(parts) > 1 and parts[-1].endswith("s") and not parts[-1].endswith("ss"):
        # German genitive ('die Wahl Donald Trumps'), when the text also has the bare name ('Trump-Trauma').
        bare = parts[-1][:-1]
        if len(bare) > 3 and re.search(rf"(?<!\w){re.escape(bare)}(?!\w)", body):
            parts[-1] = bare
    if lang == "az" and parts:
        word = key(parts[-1])
        cut = next((s for s in stems(word, lang)[1:] if s.endswith(_AZ_SURNAME_ENDINGS)), None)
        # 'Leyla Həsənova' is a woman's surname, not 'Həsənov' in the dative.
        female = len(parts) > 1 and word.endswith(("ova", "eva")) and fold_name(parts[0]) in female_given_names()
        if cut and not female:
            parts[-1] = parts[-1][: len(cut)]
    return " ".join(parts)


def _same_person(short: str, full: str, lang: str) -> bool:
    """'Лавров' and 'Сергей Лавров'; 'Ərdoğanla' and 'Rəcəb Tayyib Ərdoğan'; 'Əliyevi' and 'İlham Əliyev'."""
    a, b = short.split(), full.split()
    if len(a) > len(b) or a[:-1] != b[: len(a) - 1] and len(a) > 1:
        return False
    last, target = key(a[-1]), key(b[-1])
    if last == target:
        return True
    if lang in AGGLUTINATIVE:
        return last.startswith(target) and suffix_chain(last[len(target):])
    return target in stems(last, lang)


def _entity(g: _Group, lead_end: int, body_len: int) -> Entity:
    spans = sorted(g.spans, key=lambda m: m.start)
    first = spans[0].start
    in_lead = first < lead_end
    # Salience: presence in the lead, how early, and how often, as on the English path.
    salience = 0.4 * in_lead + 0.3 * (1 - first / max(body_len, 1)) + 0.3 * min(len(spans), 5) / 5
    confidence = min(0.95, g.confidence + (0.05 if len(spans) > 1 else 0))
    return Entity(
        name=g.name, type=g.type, mentions=len(spans), spans=spans,  # type: ignore[arg-type]
        first_offset=first, in_lead=in_lead, salience=round(salience, 3), confidence=round(confidence, 2),
        country=g.country, labels=sorted(g.labels), name_latin=latin(g.name) if g.type == "PERSON" else None,
    )

