"""Trailing page furniture: 'Latest news' blocks, share prompts, widget junk, outlet sign-offs."""

import re

from worker.stages.parse.attributions import is_signoff

_BLOCK_HEADINGS = re.compile(
    r"^(?:latest news|latest|read more|read also|also read|related(?: news| articles| stories)?|"
    r"most read|more news|recommended|top stories|more from \w+|you may also like)\s*:?$",
    re.IGNORECASE,
)
_PROMPT = re.compile(
    r"^(?:share(?: on| this)?|follow us|subscribe|tweet|print|like us|join us|"
    r"download our app|sign up)\b",
    re.IGNORECASE,
)
_WIDGET = re.compile(r"^[\s+\-−–↺⟳©|•·*#=_/\\]*(?:\d+\s*px)?[\s+\-−–↺⟳|•·]*$")
# A block of headlines is short lines; a paragraph this long is article text and stops the cut.
_HEADLINE_MAX_WORDS = 40
_PROMPT_MAX_WORDS = 12


def is_widget_junk(line: str) -> bool:
    """Lines with no words: font-size widgets, separators, bullets."""
    return bool(_WIDGET.match(line)) or sum(ch.isalpha() for ch in line) < 2


def _is_prompt(paragraph: str) -> bool:
    return bool(_PROMPT.match(paragraph)) and len(paragraph.split()) <= _PROMPT_MAX_WORDS


def strip_boilerplate(
    paragraphs: list[str], known_outlets: set[str]
) -> tuple[list[str], list[str], list[str]]:
    """(kept paragraphs, removed items, sign-off outlets); real paragraphs are never removed."""
    kept: list[str] = []
    removed: list[str] = []
    in_block = False
    for paragraph in paragraphs:
        words = len(paragraph.split())
        if _BLOCK_HEADINGS.match(paragraph.strip()):
            in_block = True
            removed.append(paragraph)
        elif in_block and words <= _HEADLINE_MAX_WORDS or is_widget_junk(paragraph) or _is_prompt(paragraph):
            removed.append(paragraph)
        else:
            in_block = False
            kept.append(paragraph)
    signoffs: list[str] = []
    while kept and is_signoff(kept[-1], known_outlets):
        outlet = kept.pop().strip().strip(".")
        removed.append(outlet)
        if outlet not in signoffs:
            signoffs.insert(0, outlet)
    return kept, removed, signoffs
