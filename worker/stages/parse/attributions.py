"""News outlets the text cites as its source ('Azernews reports', 'told Reuters'); never a ministry or a person."""

import re

from worker.stages.lexicons import outlet_spellings, outlets_by_case
from worker.stages.parse.byline import OUTLET_WORDS, is_everyday_word, is_outlet, is_person_name

_CAP = r"(?:[A-ZÀ-ÖØ-ÞА-ЯЁ0-9][\w'’&.\-]*|[a-z]{2,6}(?:-[A-Z]{2,5})?)"  # "Reuters", "dpa", "dpa-AFX", "24.kg"
_NAME = rf"{_CAP}(?:\s+(?:(?:of|for|and|de|del)\s+)?{_CAP}){{0,5}}"  # read right after a cue: "selon l'AFP"


def _both_cases(alternatives: str) -> str:
    """'says|reported' -> 'says|Says|reported|Reported': a capitalised cue still matches without
    re.IGNORECASE, which made this scan a third of the parse stage's time (literal alternatives let the
    regex engine skip to the letters that can start one)."""
    return "|".join(f"{a}|{a[0].upper()}{a[1:]}" for a in alternatives.split("|"))


# Cues after the outlet's name: "Azernews reports", "the ITAR-TASS news agency", "ANS PRESS-in məlumatına görə".
# Verbs only an outlet does ("Expresso avança", "Trend informs") admit any name; the rest need a known one.
_OUTLET_ONLY = (r"reports|informs|writes|xəbər verir|сообщает|сообщают|пишет|передает|повідомляє|повідомило|"
                r"пише|berichtet|rapporte|informa|riporta|noticia|avança|adianta|escreve|haber verdi")
_AFTER_NAME = re.compile(
    rf"\b(?:(?P<only>{_both_cases(_OUTLET_ONLY)})|" + _both_cases(
        r"reported|informed|wrote|cites|quotes|quoted|says|said|learned|learnt|has learned|gathered|"
        r"сообщил[аи]?|berichtete|meldet|meldete|informó|riferisce|news\s+agency|News\s+Agency") + r")\b|"
    # Azerbaijani and Turkish case endings glued to the name: "ANS PRESS-in məlumatına görə".
    r"\b(?:in|ın|un|ün|nin|nın)\s+məlumatına\s+görə|\b(?:a|ə|ya|yə)\s+verilən\s+məlumat|"
    r"['’](?:in|ın|un|ün|nin|nın|nun|nün)\s+haberine\s+göre")
# Cues before it: "according to Interfax", "told Reuters", "the local news website 24.kg".
_BEFORE_NAME = re.compile(
    r"\b(?:according to|told|said to|in an? (?:\w+ )?interview with|speaking to|quoted by|cited by|"
    r"carried by|reported by|citing|informs citing|via|says|selon|d'après|"
    r"(?:report|article|story|editorial|investigation|interview)\s+(?:by|in|from|with)|"  # "a report by the FT"
    r"(?:según|segundo)(?:\s+(?:informó|informou|publicó|indicó))?|secondo|laut|zufolge|"
    r"riferisce|riporta|apprende|ha appreso|meldet|meldete|berichtet|berichtete|"
    r"(?i:nachrichtenagentur|agence|agencia|agenzia|agência)|"
    # A statement made to an agency ("a indiqué à l'AFP", "dijo a EFE", "sagte der dpa"), a source line.
    r"(?:à|a|às|ao|der|dem)(?=\s+(?:l['’])?(?:[A-Z]|dpa\b))|(?i:source|fonte|fuente|quelle)\s*:|источник\s*:|"
    r"по данным|по информации|сообщает|сообщают|передает|пишет|со ссылкой на|news\s+agency|website|site|portal|"
    r"outlet|newspaper|daily|channel|broadcaster)\s+"
    r"(?:(?:the|la|le|el|die|il|lo|o|a)\s+|l['’])?(?i:(?:agence|agencia|agência|agenzia|nachrichtenagentur)\s+)?"
    # "ha detto all'ANSA": the article glued to the preposition.
    r"|\ball['’](?=[A-Z])")
_NAME_AT = re.compile(_NAME)
_TOKEN = re.compile(rf"{_CAP}|[\w\-]+\.[a-z]{{2,4}}|of|for|and|de|del")
_CONNECTORS = ("of", "for", "and", "de", "del")
_PATTERNS = [
    # Release wires in the dateline: "(GLOBE NEWSWIRE) --", "/PRNewswire/ --", "(BUSINESS WIRE) --"
    re.compile(r"[/(](?P<x>(?:[A-Z][\w\-]*\s)?[A-Za-z\-]*(?:NEWSWIRE|Newswire|WIRE|Wire))[/)]"),
    # A quoted name after a media noun: "в интервью телеканалу «Россия 24»", "как отмечает «Медиазона»"
    re.compile(r"(?:телеканал[ау]?|газет[аеуы]|агентств[оау]|издани[еяю]|радио|отмечает|сообщает|пишет|"
               r"channel|newspaper|broadcaster|agency|journal)\s+[«\"“](?P<x>[^»\"”]{2,40})[»\"”]"),
]
# A wire's code closing the story: '... the ministry said. (ANI)' (on the last paragraph only: a photo
# caption ends with its agency the same way).
_CLOSING_CODE = re.compile(r"\((?P<x>[A-Z][\w .\-]{1,30})\)\s*\.?\s*$")
_CLOSING_DASH = re.compile(r"[.!?”\"]\s*[-–—]{1,2}\s*(?P<x>[A-Z][A-Za-z]{1,11})\s*$")  # '... fee. - REUTERS'


def _name_before(text: str, end: int) -> str | None:
    """The capitalised name ending at `end` ("… the talks ended, Azernews"), a few words back at most."""
    window = re.sub(r"(?:['’]s)?,?\s*$", "", text[max(0, end - 80):end].rstrip("-‑"))  # "Reuters’s," / "ANS PRESS-"
    window = re.sub(r"\s*\([A-Z]{2,6}\)$", "", window)  # "The News Agency of Nigeria (NAN) reports"
    taken: list[str] = []
    for word in reversed(window.split(" ")):
        if not word or word.endswith(",") or not _TOKEN.fullmatch(word):
            break
        taken.insert(0, word)
        if len(taken) == 6:
            break
    while taken and taken[0] in _CONNECTORS:
        taken.pop(0)
    return " ".join(taken) or None


# Sentence openers and pronouns that can stand before "writes"/"reports" without naming an outlet.
_NOT_NAMES = {"He", "She", "It", "They", "We", "I", "This", "That", "The", "A", "An", "Who", "Which", "And",
              "But", "As", "Also", "Police", "Officials", "Он", "Она", "Они", "Как", "Это", "Также", "Об",
              "Ele", "Ela", "Il", "Elle", "Comme", "Wie", "Come", "Como", "Ve", "Və"}
_AGENCY_NOUNS = {"agence", "agencia", "agência", "agenzia", "nachrichtenagentur", "agentur", "агентство"}
_LEADING = re.compile(r"^(?:the|The|la|La|le|Le|el|El)\s+")
_DOMAIN = re.compile(r"^[\w\-]+(?:\.[\w\-]+)*\.(?:com|az|kg|kz|uz|ge|am|ru|net|org|co|in|pk|news|info|tv)$", re.I)


def _outlet(raw: str) -> str | None:
    """`raw` trimmed to the outlet it names, or None when it names no news outlet."""
    whole = raw.strip(" .,'’\"«»“”-‑")
    if _LEADING.match(whole) and is_outlet(whole):
        return outlet_name(whole)  # "Le Monde", "La Repubblica", "El País": the article is part of the name
    name = _LEADING.sub("", whole)
    name = re.sub(r"[-‑](?:in|ın|un|ün|nin|nın|a|ə|ya|yə)$", "", name)  # Azerbaijani cases: "ANS PRESS-in"
    words = name.split()
    # "Trend News Agency" is listed whole; "Reuters Breakingviews columnist" starts with an outlet.
    article = re.match(r"^The\s", raw.strip(" .,'’\"«»“”")) is not None
    for end in range(len(words), 0, -1):
        candidate = " ".join(words[:end])
        if is_outlet(candidate) or _DOMAIN.match(candidate):
            # "The Straits Times" keeps its article; "the ITAR-TASS news agency" does not.
            return outlet_name(f"The {candidate}" if article and is_outlet(f"The {candidate}") else candidate)
    if len(words) > 1 and words[0].lower().rstrip("s") in _AGENCY_NOUNS:  # "Agence Xinhua", "agência Lusa"
        return _outlet(" ".join(words[1:]))
    return None


def outlet_name(name: str) -> str:
    """The usual spelling of a wire's name: 'PRNewswire' -> 'PR Newswire', 'EUROPA PRESS' -> 'Europa Press'."""
    name = name.strip(" .:")
    name = outlet_spellings().get(name, name)
    return outlets_by_case().get(name.casefold(), name) if name.isupper() else name


def _named(raw: str) -> str | None:
    """The name before an outlet-only verb, unless it is a person's ("John Smith writes")."""
    known = _outlet(raw)
    if known:
        return known
    name = _LEADING.sub("", raw.strip(" .,'’\"«»“”"))
    words = name.split()
    capitalised = all(w[0].isupper() or w[0].isdigit() or w in ("of", "for", "and", "de") for w in words)
    if not words or not capitalised or words[0] in _NOT_NAMES or (len(words) > 1 and is_person_name(name)):
        return None
    if len(words) == 1 and is_everyday_word(name):
        return None  # "News reports", "Media writes": a word that opens the sentence, not an outlet
    return outlet_name(name)


def _cited(paragraph: str) -> list[tuple[int, str | None]]:
    """(position, outlet or None) for every cue in the paragraph; cues first, so the scan stays linear."""
    hits: list[tuple[int, str | None]] = []
    for cue in _AFTER_NAME.finditer(paragraph):
        if cue["only"] and cue.group(0)[0].isupper():
            continue  # "Quarterly Reports showed": a capitalised verb is a word of a title
        raw = _name_before(paragraph, cue.start())
        if raw:
            hits.append((cue.start(), _named(raw) if cue["only"] else _outlet(raw)))
    for cue in _BEFORE_NAME.finditer(paragraph):
        start = cue.end() + (paragraph[cue.end():cue.end() + 1] in "«\"“")  # 'сообщает «Интерфакс»'
        name = _NAME_AT.match(paragraph, start)
        if name:
            hits.append((cue.end(), _outlet(name.group(0))))
    hits += [(m.start("x"), _outlet(m["x"])) for pattern in _PATTERNS for m in pattern.finditer(paragraph)]
    return hits


def find_attributions(paragraphs: list[str]) -> list[str]:
    """Cited outlets in order of first appearance, without duplicates."""
    found: list[str] = []
    for paragraph in paragraphs:
        for _, name in sorted(_cited(paragraph), key=lambda hit: hit[0]):
            if name and name not in found:
                found.append(name)
    closing = (_CLOSING_CODE.search(paragraphs[-1]) or _CLOSING_DASH.search(paragraphs[-1])) if paragraphs else None
    code = closing["x"] if closing else ""
    if closing and (name := _outlet(code) or (_outlet(code.title()) if code.isupper() else None)) \
            and name not in found:
        found.append(name)  # "(ANI)", "- REUTERS": a known wire in capitals is the wire
    return found


# What wraps an outlet's name on a sign-off line: "— Bernama", "-- BERNAMA", "(With inputs from PTI)",
# "- African News Agency (ANA)".
_SIGNOFF_WRAP = re.compile(r"^[\s\-–—]*\(?\s*(?:with inputs from\s+)?(?P<name>.+?)(?:\s+\([A-Z]{2,6}\))?\s*\)?[.\s]*$",
                           re.IGNORECASE)


def signoff_name(paragraph: str, known: set[str]) -> str | None:
    """The outlet a trailing line names, as sites append to their copy ('Reuters', '— Bernama'), or None."""
    match = _SIGNOFF_WRAP.match(paragraph)
    text = match["name"].strip().strip(".") if match else ""
    words = text.split()
    shaped = 0 < len(words) <= 4 and words[-1] in OUTLET_WORDS and all(w[0].isupper() for w in words)
    if is_outlet(text) or text in known or shaped:
        return outlet_name(text)  # "BERNAMA" -> "Bernama"
    return None

