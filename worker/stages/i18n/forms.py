"""Inflected forms of country names, adjectives and demonyms, generated from base forms by each language's rules."""

# Russian and German inflect names and adjectives; the Romance languages inflect adjectives for gender and
# number. Over-generation is harmless: a form that does not exist never occurs in text. Turkish and
# Azerbaijani endings are cut at look-up time instead (`text.suffix_stems`).

from itertools import product

_RU_ADJ = ("ий", "ый", "ой", "ого", "ому", "им", "ым", "ом", "ая", "ую", "ое", "ее", "ие", "ые", "их", "ых",
           "ими", "ыми", "ей", "о")
_RU_VELARS = "гкхжшщч"


def name_forms(name: str, lang: str) -> set[str]:
    """A country name as it occurs in the language's cases: 'Россия' -> 'России', 'Deutschland' -> '-s'."""
    words = name.split()
    if lang == "ru":
        options = [_ru_word(w) for w in words]
        return {" ".join(combo) for combo in product(*options)} if len(options) <= 3 else {name}
    if lang == "de":
        last = words[-1]
        genitive = last if last.endswith(("s", "x", "z", "ß")) else last + "s"
        firsts = [{w[:-1] + e for e in ("e", "en", "er", "es", "em")} if w.endswith("e") else {w}
                  for w in words[:-1]]
        return {" ".join((*combo, end)) for combo in product(*firsts) for end in (last, genitive)}
    return {name}


def adjective_forms(word: str, lang: str) -> set[str]:
    """Gender, number and case forms of a nationality adjective or demonym noun."""
    generate = {"ru": _ru_adjective, "de": _de_adjective, "fr": _fr, "es": _es, "pt": _pt, "it": _it}.get(lang)
    return generate(word) if generate else {word}


def _ru_word(word: str) -> set[str]:
    low = word.lower()
    if low.endswith(("ий", "ый", "ой", "ая", "ое", "ые", "ие")):
        return _ru_adjective(word)
    forms = {word}
    stem = word[:-1]
    if low.endswith("ия"):
        forms |= {stem + e for e in ("и", "ю", "ей")}
    elif low.endswith("а"):
        forms |= {stem + e for e in ("ы" if stem[-1:].lower() not in _RU_VELARS else "и", "е", "у", "ой", "ою")}
    elif low.endswith("я"):
        forms |= {stem + e for e in ("и", "е", "ю", "ей")}
    elif low.endswith("ь"):
        forms |= {stem + e for e in ("и", "ью", "я", "ю", "ем", "е")}
    elif low.endswith("й"):
        forms |= {stem + e for e in ("я", "ю", "ем", "е")}
    elif low.endswith(("ы", "и")):
        forms |= {stem + e for e in ("ов", "ам", "ами", "ах", "")}
    elif low[-1:].isalpha() and low[-1] not in "оеуюэ":
        forms |= {word + e for e in ("а", "у", "ом", "е")}
    return forms


def _ru_adjective(word: str) -> set[str]:
    low = word.lower()
    if low.endswith(_RU_ADJ[:3]) or low.endswith(("ая", "ое", "ые", "ие")):
        stem = word[:-2]
        return {stem + e for e in _RU_ADJ}
    if low.endswith("ец"):  # немец -> немца; австралиец -> австралийца
        stem = word[:-2] + ("й" if word[-3:-2].lower() in "аеиоуя" else "")
        return {word} | {stem + "ц" + e for e in ("а", "у", "ем", "е", "ы", "ев", "ам", "ами", "ах")}
    if low.endswith("анин") or low.endswith("янин"):  # россиянин -> россияне, россиян
        stem = word[:-2]
        return {word} | {word + e for e in ("а", "у", "ом", "е")} | {stem + e for e in ("е", "", "ам", "ами", "ах")}
    plural = "и" if low[-1:] in _RU_VELARS else "ы"
    return {word} | {word + e for e in ("а", "у", "ом", "е", plural, "ов", "ам", "ами", "ах")}


def _de_adjective(word: str) -> set[str]:
    if word[:1].isupper() and not word.endswith("isch"):  # a demonym noun: Franzose, Amerikaner
        return {word} | {word + e for e in ("n", "en", "in", "innen", "s")}
    return {word} | {word + e for e in ("e", "en", "er", "es", "em")}


def _fr(word: str) -> set[str]:
    forms = {word, word + "s", word + "e", word + "es"}
    if word.endswith(("ien", "éen")):
        forms |= {word + "ne", word + "nes"}
    if word.endswith("e"):
        forms.add(word + "s")
    return forms


def _es(word: str) -> set[str]:
    plain = _unstress(word)
    if word.endswith("o"):
        return {word, word[:-1] + "a", word + "s", word[:-1] + "as"}
    if word.endswith(("e", "a")):
        return {word, word + "s"}
    if word.endswith(("í", "ú")):
        return {word, word + "es", word + "s"}
    return {word, plain + "a", plain + "as", plain + "es"}


def _pt(word: str) -> set[str]:
    if word.endswith("ão"):
        stem = word[:-2]
        return {word, stem + "ã", stem + "ães", stem + "ãs", stem + "ãos"}
    if word.endswith("o"):
        return {word, word[:-1] + "a", word + "s", word[:-1] + "as"}
    if word.endswith("l"):
        return {word, word + "a", word + "as", word[:-1] + "is", word[:-2] + "óis"}
    if word.endswith(("e", "a")):
        return {word, word + "s"}
    plain = _unstress(word)
    return {word, plain + "a", plain + "as", plain + "es"}


def _it(word: str) -> set[str]:
    if word.endswith(("co", "go")):
        stem = word[:-1]
        return {word, stem + "a", stem + "hi", stem + "he", stem + "i", stem + "he"}
    if word.endswith("o"):
        return {word, word[:-1] + "a", word[:-1] + "i", word[:-1] + "e"}
    if word.endswith("a"):
        return {word, word[:-1] + "i", word[:-1] + "e"}
    if word.endswith("e"):
        return {word, word[:-1] + "i"}
    return {word}


def _unstress(word: str) -> str:
    """'francés' -> 'franc' + 'es' stem: the stress mark moves off when an ending is added."""
    table = str.maketrans("áéíóúê", "aeioue")
    return word[:-2] + word[-2:].translate(table)
