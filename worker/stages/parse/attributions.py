"""News outlets the text cites as its source ('Azernews reports', 'told Reuters'); never a ministry or a person."""

import re

from worker.stages.lexicons import outlet_spellings
from worker.stages.parse.byline import OUTLET_WORDS, is_outlet, is_person_name

_CAP = r"(?:[A-ZÀ-ÖØ-ÞА-ЯЁ0-9][\w'’&.\-]*|[a-z]{2,6}(?:-[A-Z]{2,5})?)"  # "Reuters", "dpa", "dpa-AFX", "24.kg"
_NAME = rf"(?<![\w'’.\-]){_CAP}(?:\s+(?:(?:of|for|and|de|del)\s+)?{_CAP}){{0,5}}"
_BEFORE_VERB = rf"(?P<x>{_NAME})(?:['’]s)?,?\s+"
# Verbs only a news outlet does ("Expresso avança", "Trend informs"): any name before them is one.
_OUTLET_VERB = re.compile(rf"{_BEFORE_VERB}(?:reports|informs|writes|xəbər verir|сообщает|пишет|передает|"
                          r"berichtet|rapporte|informa|riporta|noticia|avança|adianta|escreve|haber verdi)\b")
_PATTERNS = [
    # "Azernews reports", "dpa reported", "Yonhap News Agency said": a known or outlet-shaped name
    re.compile(rf"{_BEFORE_VERB}(?:reports|reported|informs|informed|writes|wrote|cites|quotes|"
               r"says|said|learned|learnt|has learned|xəbər verir|сообщает|сообщил[аи]?|пишет|передает|"
               r"berichtet|berichtete|rapporte|informa|informó|riporta|noticia|avança|adianta|escreve|"
               r"haber verdi)\b"),
    # "according to Interfax", "told Reuters", "in an interview with The Yomiuri Shimbun"
    re.compile(rf"(?:according to|told|said to|in an? (?:\w+ )?interview with|speaking to|quoted by|cited by|"
               r"carried by|reported by|citing|informs citing|via|selon|d'après|según|secondo|segundo|"
               r"laut|zufolge|по данным|по информации|сообщает|передает|пишет|со ссылкой на)"
               rf"\s+(?:the\s+|la\s+|le\s+|el\s+|l['’])?(?P<x>{_NAME})"),
    # "the ITAR-TASS news agency", "news agency Kyodo", "X-in məlumatına görə"
    re.compile(rf"(?:the\s+)?(?P<x>{_NAME})\s+news\s+agency\b", re.IGNORECASE),
    re.compile(rf"\bnews\s+agency\s+(?P<x>{_NAME})"),
    re.compile(rf"(?P<x>{_NAME})[-‑]?(?:in|ın|un|ün|nin|nın)\s+məlumatına\s+görə"),
    re.compile(r"(?P<x>[\w.\-]+\.[a-z]{2,4})[-‑]?(?:a|ə|ya|yə)\s+verilən\s+məlumat"),
    # "the local news website 24.kg", "the news agency Kazinform"
    re.compile(rf"\b(?:website|site|portal|outlet|newspaper|daily|channel|broadcaster)\s+(?P<x>{_NAME})"),
    # Release wires in the dateline: "(GLOBE NEWSWIRE) --", "/PRNewswire/ --", "(BUSINESS WIRE) --"
    re.compile(r"[/(](?P<x>(?:[A-Z][\w\-]*\s)?[A-Za-z\-]*(?:NEWSWIRE|Newswire|WIRE|Wire))[/)]"),
    # A quoted name after a media noun: "в интервью телеканалу «Россия 24»", "как отмечает «Медиазона»"
    re.compile(r"(?:телеканал[ау]?|газет[аеуы]|агентств[оау]|издани[еяю]|радио|отмечает|сообщает|пишет|"
               r"channel|newspaper|broadcaster|agency|journal)\s+[«\"“](?P<x>[^»\"”]{2,40})[»\"”]"),
]
# Sentence openers and pronouns that can stand before "writes"/"reports" without naming an outlet.
_NOT_NAMES = {"He", "She", "It", "They", "We", "I", "This", "That", "The", "A", "An", "Who", "Which", "And",
              "But", "As", "Also", "Police", "Officials", "Он", "Она", "Они", "Как", "Это", "Также", "Об",
              "Ele", "Ela", "Il", "Elle", "Comme", "Wie", "Come", "Como", "Ve", "Və"}
_LEADING = re.compile(r"^(?:the|The|la|La|le|Le|el|El)\s+")
_DOMAIN = re.compile(r"^[\w\-]+(?:\.[\w\-]+)*\.(?:com|az|kg|kz|uz|ge|am|ru|net|org|co|in|pk|news|info|tv)$", re.I)


def _outlet(raw: str) -> str | None:
    """`raw` trimmed to the outlet it names, or None when it names no news outlet."""
    name = _LEADING.sub("", raw.strip(" .,'’\"«»“”-‑"))
    name = re.sub(r"[-‑](?:in|ın|un|ün|nin|nın|a|ə|ya|yə)$", "", name)  # Azerbaijani cases: "ANS PRESS-in"
    words = name.split()
    # "Trend News Agency" is listed whole; "Reuters Breakingviews columnist" starts with an outlet.
    article = re.match(r"^The\s", raw.strip(" .,'’\"«»“”")) is not None
    for end in range(len(words), 0, -1):
        candidate = " ".join(words[:end])
        if is_outlet(candidate) or _DOMAIN.match(candidate):
            # "The Straits Times" keeps its article; "the ITAR-TASS news agency" does not.
            return outlet_name(f"The {candidate}" if article and is_outlet(f"The {candidate}") else candidate)
    return None


def outlet_name(name: str) -> str:
    """The usual spelling of a wire's name: 'PRNewswire' -> 'PR Newswire'."""
    name = name.strip(" .:")
    return outlet_spellings().get(name, name)


def _named(raw: str) -> str | None:
    """The name before an outlet-only verb, unless it is a person's ("John Smith writes")."""
    name = _LEADING.sub("", raw.strip(" .,'’\"«»“”"))
    words = name.split()
    capitalised = all(w[0].isupper() or w[0].isdigit() or w in ("of", "for", "and", "de") for w in words)
    if not words or not capitalised or words[0] in _NOT_NAMES or (len(words) > 1 and is_person_name(name)):
        return None
    return outlet_name(name)


def find_attributions(paragraphs: list[str]) -> list[str]:
    """Cited outlets in order of first appearance, without duplicates."""
    found: list[str] = []
    for paragraph in paragraphs:
        hits = sorted([(m.start("x"), _outlet(m["x"])) for pattern in _PATTERNS for m in pattern.finditer(paragraph)]
                      + [(m.start("x"), _named(m["x"])) for m in _OUTLET_VERB.finditer(paragraph)],
                      key=lambda hit: hit[0])
        for _, name in hits:
            if name and name not in found:
                found.append(name)
    return found


def is_signoff(paragraph: str, known: set[str]) -> bool:
    """A trailing line that is just an outlet's name, as sites append to their copy."""
    text = paragraph.strip().strip(".")
    words = text.split()
    shaped = 0 < len(words) <= 4 and words[-1] in OUTLET_WORDS and all(w[0].isupper() for w in words)
    return is_outlet(text) or text in known or shaped
