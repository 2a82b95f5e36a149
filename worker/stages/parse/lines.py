"""Lines into paragraphs: where the prose starts, and hard-wrapped lines joined back into sentences."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

_FIRST = itemgetter(0)  # a word's first character
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_SENTENCE_INSIDE = re.compile(r"[a-z\u00e0-\u024f\u0400-\u04ff)\"”’»%\d][.!?][\"”’»]?\s+"
                              r"[\"“«(]?[A-Z\u00c0-\u024f\u0400-\u04ff]")
# A line of prose has this many words and reads as sentences; headlines, bylines and menu items do not.
PROSE_MIN_WORDS = 12
# In a hard-wrapped text most lines stop at a fixed width without ending a sentence.
_WRAPPED_SHARE = 0.5
_WRAP_MIN_LINES = 6


@dataclass
class Line:
    """One line of the input, and whether a blank line came before it."""

    text: str
    after_blank: bool


def to_lines(text: str) -> list[Line]:
    """The non-empty lines of `text`, whitespace collapsed, with the blank-line breaks remembered."""
    lines: list[Line] = []
    blank = True
    for raw in text.split("\n"):
        collapsed = " ".join(raw.split())
        if not collapsed:
            blank = True
            continue
        lines.append(Line(collapsed, blank))
        blank = False
    return lines


def is_prose(text: str) -> bool:
    """A line that reads as running text: enough words and a sentence shape."""
    words = text.split()
    if len(words) < PROSE_MIN_WORDS:
        return False
    lowercase = sum(map(str.islower, map(_FIRST, words)))  # C-level loops: this runs on every line of every article
    return bool(_SENTENCE_END.search(text) or _SENTENCE_INSIDE.search(text)) and lowercase >= len(words) // 3


def is_hard_wrapped(lines: list[Line]) -> bool:
    """Whether the text was cut into fixed-width lines (print copy, e-mail, some feeds)."""
    long = [line.text for line in lines if len(line.text) >= 30]
    if len(long) < _WRAP_MIN_LINES:
        return False
    open_ended = sum(1 for text in long if not _SENTENCE_END.search(text))
    widths = sorted(len(text) for text in long)
    narrow = widths[len(widths) * 9 // 10] <= 100
    return narrow and open_ended / len(long) >= _WRAPPED_SHARE


def _continues(previous: str, line: Line, wrapped: bool) -> bool:
    """Whether `line` carries on the sentence of `previous` rather than starting a paragraph."""
    if line.after_blank or _SENTENCE_END.search(previous):
        return False
    first = line.text[:1]
    if previous.endswith("-") and first.islower():
        return True
    if _is_heading(previous) != _is_heading(line.text):
        return False  # "FIRST QUARTER RESULTS" above "New York, NY, ...": a heading ends where the case changes
    if previous.endswith(","):
        return True  # "New York," above "NY, November 12, 2008 –": a comma never ends a paragraph
    # A short line is a label ("AAP" above "by AAP"), not a sentence cut at the margin.
    return len(previous) >= 25 and (first.islower() or wrapped)


def join_lines(lines: list[Line]) -> list[str]:
    """Paragraphs: blank-line blocks and single lines, with wrapped lines joined into one."""
    wrapped = is_hard_wrapped(lines)
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1], line, wrapped):
            previous = paragraphs[-1]
            if previous.endswith("-") and line.text[:1].islower() and previous[-2:-1].isalpha():
                paragraphs[-1] = previous[:-1] + line.text  # "of-" + "fice": a word broken at the margin
            else:
                paragraphs[-1] = f"{previous} {line.text}"
        else:
            paragraphs.append(line.text)
    return paragraphs


def prose_start(paragraphs: list[str], is_banner: Callable[[str], bool], limit: int = 40) -> int:
    """Index of the first paragraph of running text (banners aside); before it is the header zone."""
    for index, text in enumerate(paragraphs[:limit]):
        if is_prose(text) and not is_banner(text):
            return index
    return 0


def _is_heading(text: str) -> bool:
    """A line in capitals, as headlines and section heads are printed ("COMTEX REPORTS RESULTS")."""
    return text.isupper() and sum(c.isalpha() for c in text) >= 8
