"""Trailing page furniture: 'Latest news' blocks, share prompts, widget junk, outlet sign-offs."""

import re

from worker.stages.parse.attributions import signoff_name

_BLOCK_HEADINGS = re.compile(
    r"^(?:latest news|latest|read more|read also|also read|related(?: news| articles| stories| posts)?|"
    r"most read|more news|other news|recommended|top stories|more from \w+|you may also like|"
    r"you might also like|featured|popular news|popular|trending(?: now)?|editor'?s picks|more stories|"
    r"latest stories|top news|more on this story|в тему|читайте также|другие новости|leggi anche|lire aussi|"
    r"à lire aussi|lea también|mehr zum thema|diğer haberler|digər xəbərlər|son xəbərlər|leia também|"
    r"guarda anche|vedi anche|voir aussi|ver también|lee también|veja também|veja mais|siehe auch|"
    r"lesen sie auch|das könnte sie auch interessieren|смотрите также|ayrıca bakınız|ilginizi çekebilir)\s*:?$",
    re.IGNORECASE,
)
# Whole lines of page furniture: image files, ad slots, share and read-time widgets, breadcrumbs.
_UI_LINE = re.compile(
    r"^(?:.*\.(?:jpe?g|png|gif|webp)|advertisement(?:\s+\d+)?|article content|story continues below|"
    r"hide ad|skip to .*|submit photos/videos|\[ad_\d+\]|follow|share|print|comments?|listen|"
    r"\d+\s*min(?:ute)?s?(?:\s+read)?|\d+ minuten?,? \d+ sekunden?|read more.*|also read.*|read:.*|"
    r"home\s*[»>›/].*|home(?:\s+(?-i:[A-Z][a-z]+)){1,2}|«.*»|view all newsletters|receive our newsletter.*|"
    r"tags?:.*|\d+\s+(?:hours?|minutes?|saat|dakika|часа?|минут)\s+(?:ago|önce|назад)|"
    r"(?:photo|image|picture|foto|фото|crédit photo|crédito)\s*(?:by|credit)?\s*:.*|\[?file:[^\]]*\]?|"
    r"/?[a-z]{2,3}/[A-Z]{2,3}(?:/[a-z]{2,3})+|"  # dpa's closing initials of editors and desk: '/lv/DP/zb'

    r"getty images|[\w .'-]+/\s*(?:getty images|reuters|afp|ap|epa|anadolu|xinhua|dpa)|"
    r"updated:? \d+ \w+ ago|author archives?:.*|"
    r"in progress at unhq|plus .*|zur bildergalerie|—|–)\s*$",
    re.IGNORECASE,
)
# Prose-like page furniture: cookie, consent, subscription and newsletter notices, site banners.
_BANNER = re.compile(
    r"\bcookies?\b.*\b(?:accept|policy|privacy|consent|profilazione|tracciamento)|"
    r"\b(?:subscribe|subscription|abbonamento|newsletter|sign up|log in to|create an account)\b.*"
    r"\b(?:access|read|receive|free|deliver|unlimited|articles)|enable javascript|"
    r"for all official information and updates regarding covid|рейтинг@mail|"
    r"\bterms (?:of use|and conditions)\b.*\bprivacy\b",
    re.IGNORECASE,
)
# Every alternative of _BANNER holds one of these words; a paragraph with none of them is skipped
# with a substring test, since the regex scan costs a tenth of the parse stage on plain prose.
_BANNER_CUES = ("cookie", "subscri", "abbonamento", "newsletter", "sign up", "log in to", "create an account",
                "enable javascript", "regarding covid", "рейтинг@mail", "terms ")
_PROMPT = re.compile(
    r"^(?:share(?: on| this)?|follow us|subscribe|tweet|print|like us|join us|"
    r"download our app|sign up)\b",
    re.IGNORECASE,
)
_WIDGET = re.compile(r"^[\s+\-−–↺⟳©|•·*#=_/\\]*(?:\d+\s*px)?[\s+\-−–↺⟳|•·]*$")
# A block of headlines is short lines; a paragraph this long is article text and stops the cut.
_HEADLINE_MAX_WORDS = 40
_WEB = re.compile(r"\bwww\.|https?://")
# Headlines in a related-links block end without a full stop; a sentence that ends with one is the
# story going on after a "Read also" link, and is kept.
_SENTENCE = re.compile(r"^(?=(?:\S+\s+){5})[^\n]*[a-z][^\n]*[.!?…][\"”»’)]?$")
_PROMPT_MAX_WORDS = 12


def is_ui_line(line: str) -> bool:
    """A whole line of page furniture: an image file name, an ad slot, a share widget, a breadcrumb."""
    return bool(_UI_LINE.match(line.strip()))


def is_banner(paragraph: str) -> bool:
    """Cookie, consent, paywall and newsletter notices, which read like prose but are not the story."""
    lowered = paragraph.lower()
    return any(cue in lowered for cue in _BANNER_CUES) and bool(_BANNER.search(paragraph))


_TWO_LETTERS = re.compile(r"[^\W\d_][^\n]*?[^\W\d_]")


def is_widget_junk(line: str) -> bool:
    """Lines with no words: font-size widgets, separators, bullets."""
    return bool(_WIDGET.match(line)) or not _TWO_LETTERS.search(line)


def _is_prompt(paragraph: str) -> bool:
    return bool(_PROMPT.match(paragraph)) and len(paragraph.split()) <= _PROMPT_MAX_WORDS


def _is_outlet_promo(paragraph: str, known_outlets: set[str]) -> bool:
    """An outlet describing itself with its web address, as wires append to every story."""
    words = paragraph.split()
    return bool(words) and len(words) <= _HEADLINE_MAX_WORDS * 2 and bool(_WEB.search(paragraph)) \
        and signoff_name(words[0], known_outlets) is not None


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
        elif in_block and words <= _HEADLINE_MAX_WORDS and not _SENTENCE.search(paragraph) \
                or is_widget_junk(paragraph) or _is_prompt(paragraph):
            removed.append(paragraph)
        else:
            in_block = False
            kept.append(paragraph)
    while kept and _is_outlet_promo(kept[-1], known_outlets):
        removed.append(kept.pop())  # "BERNAMA provides ... www.bernama.com" after the sign-off
    signoffs: list[str] = []
    while kept and (outlet := signoff_name(kept[-1], known_outlets)) is not None:
        removed.append(kept.pop())
        if outlet not in signoffs:
            signoffs.insert(0, outlet)
    return kept, removed, signoffs
