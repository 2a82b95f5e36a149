"""Name casing: 'SETH BORENSTEIN' and 'NEW YORK' as a reader writes them, mixed-case names untouched."""

import re

_SMALL = {"of", "de", "da", "del", "der", "van", "von", "al", "el", "la", "le", "bin", "ibn", "and"}


def _word(word: str, first: bool) -> str:
    lowered = word.lower()
    if not first and lowered in _SMALL:
        return lowered
    # Hyphens and apostrophes start a new capital: "Abdel-Fattah", "O'Neil".
    return re.sub(r"(^|[-'’])(\w)", lambda m: m.group(1) + m.group(2).upper(), lowered)


def title_case(text: str) -> str:
    """`text` in title case when it is written all in capitals; unchanged otherwise."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or any(ch.islower() for ch in letters):
        return text
    return " ".join(_word(w, i == 0) for i, w in enumerate(text.split()))
