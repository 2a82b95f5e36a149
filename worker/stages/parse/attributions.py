"""Outlets and bodies the text cites as its source: 'X reports', 'according to the X Ministry'."""

import re

from worker.lexicons import outlets, person_titles

_CAP = r"[A-Z][\w'’&.\-]*"
_NAME = rf"{_CAP}(?:\s+(?:(?:of|for|and|on)\s+(?:the\s+)?)?{_CAP})*"
_PATTERNS = [
    re.compile(rf"(?P<x>{_NAME}),?\s+(?:reports|reported|informs|informed|writes|wrote)\b"),
    re.compile(rf"\binforms?\s+citing\s+(?:the\s+)?(?P<x>{_NAME})"),
    re.compile(rf"\breported\s+by\s+(?:the\s+)?(?P<x>{_NAME})"),
    re.compile(rf"\b[Aa]ccording\s+to\s+(?:the\s+)?(?P<x>{_NAME})"),
    re.compile(rf"\btold\s+(?:the\s+)?(?P<x>{_NAME})"),
    re.compile(rf"\bquoted\s+by\s+(?:the\s+)?(?P<x>{_NAME})"),
]
# Words that start a sentence or name a person's office; a capture starting so is not an outlet.
_NOT_SOURCE = {"The", "He", "She", "They", "It", "We", "I", "This", "That", "His", "Her", "Their",
               "Earlier", "Later", "Meanwhile", "Also", "As", "In", "On", "At", "Officials"}


def _clean(name: str) -> str | None:
    name = re.sub(r"^(?:the|The)\s+", "", name).strip(" .,'’\"")
    if not name or name.split()[0] in _NOT_SOURCE:
        return None
    if any(name == t or name.startswith(t + " ") for t in person_titles()):
        return None
    return name


def find_attributions(paragraphs: list[str]) -> list[str]:
    """Cited sources in order of first appearance, without duplicates."""
    found: list[str] = []
    for paragraph in paragraphs:
        hits = sorted(
            (m.start("x"), m["x"]) for pattern in _PATTERNS for m in pattern.finditer(paragraph)
        )
        for _, raw in hits:
            name = _clean(raw)
            if name and name not in found:
                found.append(name)
    return found


def is_signoff(paragraph: str, known: set[str]) -> bool:
    """A trailing line that is just an outlet's name, as sites append to their copy."""
    text = paragraph.strip().strip(".")
    return text in outlets() or text in known
