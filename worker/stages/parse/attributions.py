"""Outlets and bodies the text cites as its source: 'X reports', 'according to the X Ministry'."""

import re

from worker.stages.lexicons import outlets, person_titles

_CAP = r"[A-Z][\w'’&.\-]*"
_NAME = rf"{_CAP}(?:\s+(?:(?:of|for|and)\s+(?:the\s+)?)?{_CAP})*"
_PATTERNS = [
    re.compile(rf"(?P<x>{_NAME}),?\s+(?:reports|informs|writes)\b"),
    # Past tense only where it closes a clause: "Hotels in Batumi reported full occupancy" is no citation.
    re.compile(rf"(?P<x>{_NAME}),?\s+(?:reported|informed|wrote)(?=\s*[.,;]|\s+(?:that|citing|on)\b)"),
    # Lower-case agency names ("dpa", "ANSAmed") are cited after a comma: ", dpa reports."
    re.compile(r",\s+(?P<x>[a-z][A-Za-z]{1,12})\s+(?:reports|reported)\s*[.,;]"),
    re.compile(rf"\binforms?\s+citing\s+(?:the\s+)?(?P<x>{_NAME})"),
    re.compile(rf"\breported\s+by\s+(?:the\s+)?(?P<x>{_NAME})"),
    re.compile(rf"\b[Aa]ccording\s+to\s+(?:the\s+)?(?P<x>{_NAME})"),
    re.compile(rf"\btold\s+(?:the\s+)?(?P<x>{_NAME})"),
    re.compile(rf"\bquoted\s+by\s+(?:the\s+)?(?P<x>{_NAME})"),
]
# Words that start a sentence or name a person's office; a capture starting so is not an outlet.
_NOT_SOURCE = {"The", "He", "She", "They", "It", "We", "I", "This", "That", "His", "Her", "Their",
               "Earlier", "Later", "Meanwhile", "Also", "As", "In", "On", "At", "Officials",
               "he", "she", "it", "they", "we", "who", "which", "officials", "media", "police"}
# Words that end outlet names: a short last line "Caspian News" is a sign-off, not a sentence.
_OUTLET_WORDS = {"News", "Monitor", "Daily", "Times", "Post", "Press", "Agency", "Media", "Today",
                 "Herald", "Gazette", "Journal", "Report", "Review", "Wire", "TV", "Radio", "Tribune",
                 "Telegraph", "Observer", "Chronicle", "Weekly", "Insider", "Online", "Info"}


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
    words = text.split()
    outlet_shaped = 0 < len(words) <= 4 and words[-1] in _OUTLET_WORDS and all(w[0].isupper() for w in words)
    return text in outlets() or text in known or outlet_shaped
