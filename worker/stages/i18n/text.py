"""Word tokens with offsets and sentence starts, case-insensitive keys, Turkic endings, cue words, for any language."""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from worker.stages.lexicons import load

# A word, hyphenated parts and apostrophe parts included: "Frank-Walter", "l’ONU", "Türkiye'nin".
_WORD = re.compile(r"[^\W_]\w*(?:[-‐][^\W_]\w*)*(?:['’][^\W\d_]+)*")
_APOSTROPHE = re.compile(r"['’]")
# French and Italian elide articles and prepositions onto the next word: the name follows.
_ELISIONS = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "dell",
                       "dall", "nell", "sull", "all", "coll", "un", "quell", "sant"})
_SENTENCE_END = re.compile(r"(?:[.!?…:;]\s*|\n\s*|^\s*)$")
_OPENERS = "\"'«»„“”‘’(–—-•* \t"
# Turkish and Azerbaijani endings (keyed: no accents), chained after a name: Bakı-da, Türkiyə-yə.
_SUFFIXES = frozenset({
    "da", "de", "də", "ta", "te", "tə", "dan", "den", "dən", "tan", "ten", "tən", "ya", "ye", "yə", "a", "e",
    "ə", "yi", "yu", "yü", "i", "u", "ü", "nin", "nun", "nün", "in", "un", "ün", "la", "le", "lə", "yla",
    "yle", "ylə", "na", "ne", "nə", "nda", "nde", "ndə", "ndan", "nden", "ndən", "ni", "nu", "nü", "ki",
    "daki", "deki", "dəki", "lar", "ler", "lər", "si", "su", "sü", "li", "lu", "lü", "ca", "ce", "cə", "ça",
    "çe", "çə", "dir", "dur", "dür", "tir", "tur", "tür",
})
AGGLUTINATIVE = frozenset({"tr", "az"})
# Languages whose script marks no names with capitals (Georgian has capitals in Unicode, unused in text).
UNCASED = frozenset({"ka", "ar", "fa", "ur", "ps", "he", "yi", "zh", "ja", "ko", "th", "lo", "km", "my", "hi",
                     "bn", "ta", "te", "ml", "kn", "mr", "ne", "gu", "pa", "si", "am"})


@dataclass(frozen=True)
class Token:
    """A word of the body: its text (without an elided article or an apostrophe suffix) and offsets."""

    text: str
    start: int
    end: int
    suffix: str = ""
    sentence_start: bool = False

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def key(text: str) -> str:
    """Case-insensitive form: 'İstanbul', 'Istanbul' and 'ISTANBUL' are one key; 'Bakı' is 'baki' and 'ё' is
    'е', as they are often written. Other accents count: 'Zölle' (customs duties) is not 'Zolle' (Zwolle)."""
    folded = text.replace("İ", "i").replace("ı", "i").casefold().replace("ё", "е")
    return " ".join(unicodedata.normalize("NFC", folded).split())


def tokens(text: str, lang: str) -> list[Token]:
    """The words of `text` with their offsets; elisions (l’, d’) and Turkic apostrophe suffixes split off."""
    out = []
    for match in _WORD.finditer(text):
        word, start, suffix = match.group(), match.start(), ""
        parts = _APOSTROPHE.split(word)
        if len(parts) > 1 and parts[0].lower() in _ELISIONS and lang not in AGGLUTINATIVE:
            start += len(word) - len(parts[-1])
            word = parts[-1]
        elif len(parts) > 1:
            word, suffix = parts[0], word[len(parts[0]):]
        if lang in AGGLUTINATIVE and "-" in word and not suffix:
            # "ABŞ-ın", "XİN-in", "2021-ci": a hyphen before a case ending, not a compound.
            stem, _, ending = word.rpartition("-")
            if ending.islower() and suffix_chain(key(ending)):
                word, suffix = stem, "-" + ending
        before = text[max(0, start - 40):start].rstrip(_OPENERS)
        out.append(Token(word, start, start + len(word), suffix, bool(_SENTENCE_END.search(before))))
    return out


def suffix_chain(rest: str) -> bool:
    """True when `rest` (keyed) is one to three Turkic endings in a row ('da', 'nin', 'lerin')."""
    if not rest:
        return True
    return any(rest.startswith(s) and _chain(rest[len(s):], 2) for s in _SUFFIXES)


def _chain(rest: str, left: int) -> bool:
    if not rest:
        return True
    return left > 0 and any(rest.startswith(s) and _chain(rest[len(s):], left - 1) for s in _SUFFIXES)


def suffix_stems(word_key: str) -> list[str]:
    """A Turkic word without its endings, longest first: 'bakida' -> ['bakida', 'bakid', 'baki']; stems
    keep four letters and the endings are at most five ('Avrasiya' is no 'Avr' + endings)."""
    return [word_key] + [word_key[:i] for i in range(len(word_key) - 1, max(len(word_key) - 6, 3), -1)
                         if suffix_chain(word_key[i:])]


def stems(word_key: str, lang: str) -> list[str]:
    """Keys a proper name may be an inflection of, longest first: 'bakida' -> ['bakida', 'baki', ...] in az.

    Turkish writes a name's endings after an apostrophe ('Ankara'da'), which `tokens` already splits off.
    """
    found = [word_key]
    if lang == "az":
        found = suffix_stems(word_key)
    elif lang == "ru":
        found += _russian_bases(word_key)
    elif lang == "de" and len(word_key) > 4 and word_key.endswith("s") and not word_key.endswith("ss"):
        found.append(word_key[:-1])  # genitive: Bayerns, Deutschlands, Münchens
    return found


# Russian case endings -> nominative endings: "москве" -> "москва", "вашингтоне" -> "вашингтон".
_RU_BASES = (("ией", ("ия",)), ("ии", ("ия", "ий")), ("ию", ("ия",)), ("ой", ("а", "ая", "ый", "ий", "ой")),
             ("ою", ("а",)), ("ом", ("", "о")), ("ем", ("", "ь", "е")), ("ей", ("я", "ь")), ("ью", ("ь",)),
             ("ого", ("ый", "ий", "ое")), ("его", ("ий", "ее")), ("ому", ("ый", "ий")), ("ым", ("ый",)),
             ("им", ("ий",)), ("ов", ("ы", "и")), ("ам", ("ы", "и")), ("ами", ("ы", "и")), ("ах", ("ы", "и")),
             ("е", ("а", "", "я", "о")), ("ы", ("а", "")), ("и", ("а", "я", "ь", "")), ("у", ("а", "")),
             ("ю", ("я", "ь")), ("а", ("", "о")), ("я", ("й", "ь")))


def _russian_bases(word_key: str) -> list[str]:
    out: list[str] = []
    for ending, bases in _RU_BASES:
        if word_key.endswith(ending) and len(word_key) - len(ending) >= 3:
            out += [word_key[: -len(ending)] + b for b in bases]
    return list(dict.fromkeys(out))


def surface(word: str, stem_key: str) -> str:
    """`word` as written, cut or completed to the base form `stem_key`: 'Bakıda' -> 'Bakı', 'Москве' -> 'Москва'."""
    word_key = key(word)
    if word_key == stem_key:
        return word
    if len(word_key) != len(word):  # the key changed the length (ß -> ss): spell the key instead
        return stem_key[:1].upper() + stem_key[1:] if word[:1].isupper() else stem_key
    common = 0
    while common < min(len(word_key), len(stem_key)) and word_key[common] == stem_key[common]:
        common += 1
    return word[:common] + stem_key[common:]


@cache
def cues(lang: str) -> dict[str, frozenset[str]]:
    """The fallback's cue words for a language (worker/stages/data/cues_i18n.json), as key sets."""
    table = load("cues_i18n")["languages"].get(lang, {})
    return {name: frozenset(key(w) for w in words) for name, words in table.items()}


def feature_head(name: str, lang: str) -> str | None:
    """The word that makes `name` a natural feature ('Marmara Denizi' -> 'denizi', 'Mar Negro' -> 'mar')."""
    parts = [key(t.text) for t in tokens(name, lang)]
    heads = cues(lang).get("feature_heads", frozenset())
    if len(parts) < 2:
        return None
    return next((p for p in (parts[0], parts[-1]) if p in heads), None)


def landmark_head(name: str, lang: str) -> str | None:
    """The word that makes `name` a building, square or venue ('Hôtel de Ville', 'Ülker Stadyumu')."""
    heads = cues(lang).get("landmark_heads", frozenset())
    return next((p for t in tokens(name, lang) if (p := key(t.text)) in heads), None)
