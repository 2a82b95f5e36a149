"""Mentions of one thing under several names become one entity: surnames, acronyms, prefixed names."""

import re

from worker.stages.countries import by_demonym, by_name
from worker.stages.tag.correct import EVENT_WORDS, Group, full_name_in_text, person_shaped, resolve_lone_person
from worker.stages.tag.evidence import Evidence, initials_match

_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]{0,2}[A-Z&]{1,6}$")


def _absorb(target: Group, g: Group) -> None:
    target.spans.extend(g.spans)
    target.votes.update(g.votes)
    target.titles.extend(g.titles)
    target.from_ruler = target.from_ruler or g.from_ruler


def merge(groups: list[Group]) -> list[Group]:
    """Groups that now share a name and type become one."""
    merged: dict[tuple[str, str], Group] = {}
    for g in groups:
        key = (g.name, g.type)
        if key in merged:
            _absorb(merged[key], g)
        else:
            merged[key] = g
    return list(merged.values())


def recover_full_names(groups: list[Group], ev: Evidence) -> list[Group]:
    """A lone surname takes the full name the text gives elsewhere; unresolvable ones are retyped or dropped."""
    full = {g.name for g in groups if g.type == "PERSON" and " " in g.name}
    kept = []
    for g in groups:
        lone = g.type == "PERSON" and " " not in g.name
        if lone and not any(f.endswith(" " + g.name) or f.startswith(g.name + " ") for f in full):
            found = full_name_in_text(g.name, ev.body, ev.lower_words)
            if found and not person_shaped(found) or found and EVENT_WORDS.search(found):
                continue  # 'Hurricane Irene': the full name is not a person's
            if found:
                g.name = found
            else:
                new_type = resolve_lone_person(g, ev)
                if new_type is None:
                    continue
                g.type = new_type
        kept.append(g)
    return kept


def fold_people(groups: list[Group]) -> list[Group]:
    """Surname-only, title-plus-surname and nationality-plus-name mentions join the full name."""
    people = [g for g in groups if g.type == "PERSON" and len(g.name.split()) > 1]
    orgs = [g for g in groups if g.type == "ORGANIZATION" and " " in g.name]
    out = []
    for g in groups:
        target = None
        if g.type in ("PERSON", "ORGANIZATION", "PLACE"):
            target = next((p for p in people if p is not g and (
                p.name.endswith(" " + g.name) or (g.type == "PERSON" and p.name.startswith(g.name + " "))
                or _prefixed(g.name, p.name))), None)
        if target is None and g.type == "ORGANIZATION" and " " not in g.name:
            # "Health" split off "Ministry of Health" is a mention of the ministry.
            target = next((o for o in orgs if o is not g and g.name in o.name.split()), None)
        if target is not None:
            _absorb(target, g)
        else:
            out.append(g)
    return out


_LEGAL = frozenset({"Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Ltd", "Ltd.", "LLC", "plc", "PLC", "Company",
                    "Corporation", "Companies", "Group", "Holdings", "AG", "SA", "S.A.", "N.V.", "OJSC", "JSC"})


def fold_prefixed(groups: list[Group], ev: Evidence) -> list[Group]:
    """One organisation or place under its fullest name, without a stray leading word.

    'Paramilitary Rapid Support Forces' at a sentence start is 'Rapid Support Forces' (a common word
    is not part of the name); 'Ministry of Emergency Management' is the 'Chinese Ministry of Emergency
    Management' the text names in full; 'Trex' is 'Trex Company', and 'Man United' 'Manchester United'.
    """
    named = {(g.name, g.type): g for g in groups}
    into: dict[int, Group] = {}
    for g in groups:
        if g.type not in ("ORGANIZATION", "PLACE"):
            continue
        first, _, rest = g.name.partition(" ")
        shorter = named.get((rest, g.type)) if rest else None
        if shorter is not None and first.lower() in ev.lower_words:
            into[id(g)] = shorter
        elif shorter is not None and (by_demonym(first) or by_name(first)):
            into[id(shorter)] = g
        for other in groups:
            if other is not g and other.type == g.type and _fuller(g.name, other.name):
                into[id(g)] = other
                break
    out = []
    for g in groups:
        target = into.get(id(g))
        while target is not None and id(target) in into:
            target = into[id(target)]
        if target is not None and target is not g:
            _absorb(target, g)
        else:
            out.append(g)
    return out


def _fuller(name: str, other: str) -> bool:
    """`other` is `name` in full: a legal suffix added ('Trex Company'), or its words spelt out ('Man United')."""
    if other.startswith(name + " ") or other.startswith(name + ", "):
        return all(w in _LEGAL for w in other[len(name):].replace(",", " ").split())
    words, full = name.split(), other.split()
    return len(words) == len(full) > 1 and name != other and all(
        f.startswith(w) for w, f in zip(words, full, strict=True))


def _prefixed(name: str, person: str) -> bool:
    """'Kazakhstan Roman Sklyar', 'Ukrainian Victor Matyash': a country or nationality glued to a person."""
    first, _, rest = name.partition(" ")
    return rest == person and bool(by_name(first) or by_demonym(first))


def fold_acronyms(groups: list[Group], ev: Evidence) -> list[Group]:
    """'RSF' joins 'Rapid Support Forces', and '(CVX)' the name it follows: the fullest name is kept."""
    longs = [g for g in groups if g.type in ("ORGANIZATION", "PLACE") and " " in g.name]
    by_end = {m.end: g for g in groups for m in g.spans}
    out = []
    for g in groups:
        target = None
        if _ACRONYM.match(g.name) and g.type in ("ORGANIZATION", "PLACE", "PERSON"):
            defined = ev.defined.get(g.name)
            target = next((o for o in longs if o is not g and defined and (o.name in defined or defined in o.name)),
                          None) or next((o for o in longs if o is not g and initials_match(g.name, o.name)), None)
            if target is None:
                target = _bracketed_after(g, ev.body, by_end)
        if target is not None:
            _absorb(target, g)
        else:
            out.append(g)
    return out


def _bracketed_after(g: Group, body: str, by_end: dict[int, Group]) -> Group | None:
    """'Chevron (CVX)', 'Doctors Without Borders (MSF)': a code in brackets right after a name is its alias."""
    for m in g.spans:
        before = body[max(0, m.start - 3):m.start]
        if (before.endswith(" (") or before.endswith("(")) and body[m.end:m.end + 1] == ")":
            end = m.start - (2 if before.endswith(" (") else 1)
            owner = by_end.get(end)
            if owner is not None and owner is not g and owner.type == "ORGANIZATION":
                return owner
    return None
