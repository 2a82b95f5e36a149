"""Direct quotations with their speaker (an entity) and reporting verb."""

import re

from schemas.models import Entity, Quote

_QUOTE = re.compile(r"[\"“]([^\"“”]{12,600}?)[\"”]")
_VERB = r"(said|says|told|added|noted|stressed|explained|stated|declared|warned|insisted|wrote|asked)"
_AFTER = re.compile(rf"^\s*,?\s*(?:(?P<who>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*|he|she|they)\s+{_VERB}"
                    rf"|{_VERB}\s+(?P<who2>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*|he|she))")
_BEFORE = re.compile(rf"(?P<who>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)\s+{_VERB}\s*(?:that\s*)?[:,]?\s*$")


def _resolve(who: str | None, at: int, speakers: list[Entity]) -> str | None:
    """An entity name for the speaker: by name, by surname, or the nearest person before a pronoun."""
    if not who:
        return None
    if who.lower() in ("he", "she", "they"):
        before = [(m.start, e.name) for e in speakers if e.type == "PERSON" for m in e.spans if m.start < at]
        return max(before)[1] if before else None
    for e in speakers:
        if who == e.name or any(who == m.text for m in e.spans) or e.name.endswith(" " + who.split()[-1]):
            return e.name
    return None


def find_quotes(body: str, entities: list[Entity]) -> list[Quote]:
    """Every quotation of at least four words, attributed where the text says who spoke."""
    speakers = [e for e in entities if e.type in ("PERSON", "ORGANIZATION")]
    quotes = []
    for match in _QUOTE.finditer(body):
        text = match.group(1).strip()
        if len(text.split()) < 4:  # shorter quoted strings are titles and names ("Book of Honor")
            continue
        after = _AFTER.match(body[match.end():match.end() + 120])
        before = _BEFORE.search(body[max(0, match.start() - 120):match.start()])
        if after:
            who, verb = after.group("who") or after.group("who2"), after.group(2) or after.group(3)
        elif before:
            who, verb = before.group("who"), before.group(2)
        else:
            who = verb = None
        quotes.append(Quote(text=text, speaker=_resolve(who, match.start(), speakers), verb=verb,
                            start=match.start(1), end=match.end(1)))
    return quotes
