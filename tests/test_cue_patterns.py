"""The tag stage's faster cue scans find what the plain patterns they replaced find (issue 14).

The plain patterns stay here as the reference; texts are drawn from the words the cues turn on.
"""

import re

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from worker.stages.alternation import alternation
from worker.stages.lexicons import person_titles
from worker.stages.tag import evidence as ev
from worker.stages.tag.spans import _abbreviations, _party_state_pattern, _state_names

_R, _L = ev._RUN, ev._LIST
_WORDS = ["Kottayam", "Idukki", "Kannur", "Tengiz", "Eni", "Vontera", "Ulster", "de", "al", "and", "the", "in",
          "at", "said", "says", "company", "Group", "bank", "district", "districts", "province", "subdistrict",
          "oil", "gas", "field", "fields", "oilfield", "well", "wells", "project", "discovery", "discoveries",
          "Photo", "Reporting", "by", "Contributed", "©", "Copyright", "northern", "Dr", "Gen.", "Brig.",
          "President", "D-Maine", "R-Calif.", "(D-Texas)", "megabank", "Upsaid", "within"]
_TEXT = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", " ", ", ", ". ", ":", "\n", "  "])),
                 min_size=5, max_size=60).map(lambda parts: "".join(w + sep for w, sep in parts))

# The patterns as they were before the lookbehind and noun-first rewrites.
_PLAIN = {
    "place list": (re.compile(rf"({_L})\s+{ev._PLACE_NOUNS}\b"), ev._PLACE_LIST_BEFORE_NOUN),
    "project list": (re.compile(rf"({_L})\s+(?:(?:oil|gas|gold|lithium|copper|coal|uranium|offshore)\s+)?"
                                r"(?:field|well|discovery|discoveries|prospect|project|pipeline|mine|deposit|"
                                r"block|reservoir|platform|rig|terminal)s?\b"), ev._PROJECT_BEFORE_NOUN),
    "speaker": (re.compile(rf"({_R}),?\s+{ev._SPEECH}\b"), ev._SPEAKER_AFTER),
}


def _groups(pattern: ev.Finder, text: str) -> list[tuple[str | None, ...]]:
    return [m.groups() for m in pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_lists_read_before_the_noun_are_the_plain_patterns_matches(text: str) -> None:
    for plain, fast in _PLAIN.values():
        assert _groups(fast, text) == _groups(plain, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=10, max_size=60).map(" ".join))
def test_cue_words_in_lookbehinds_find_the_same_names(text: str) -> None:
    # Single spaces only: the lookbehind forms differ where a cue word ends the previous match and a
    # line break follows it ("company Foo Group\nBar"), which the plain forms skip.
    plain = {
        ev._ORG_BEFORE: regex.compile(rf"\b(?i:{ev._ORG_NOUNS})\s+({_R})"),
        ev._SPEAKER_BEFORE: re.compile(rf"\b{ev._SPEECH}\s+({_R})"),
        ev._PLACE_BEFORE: re.compile(rf"\b(?:[Ii]n|[Nn]ear|[Oo]utside|[Ff]rom|across|into|towards?|around|visited|"
                                     rf"[Aa]t)\s+{ev.COMPASS_ADJ}({_L})"),
        ev._CREDIT: re.compile(r"(?:(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Pp]hotos?|[Pp]hotograph|"
                               r"[Ii]mage|[Pp]icture|[Vv]ideo|[Ss]ource|[Cc]redit)\s*(?:by\b|:)|©|[Cc]opyright|"
                               r"[Cc]ontributed\s+by)\s*([^;\n()|]{2,80})"),
    }
    for fast, reference in plain.items():
        assert _groups(fast, text) == _groups(reference, text)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_title_and_state_tries_match_the_plain_alternations(text: str) -> None:
    titles = "|".join(map(re.escape, sorted(person_titles(), key=len, reverse=True)))
    plain_titles = regex.compile(rf"\b(?:{titles})[ \t]+")
    assert [m.end() for m in ev._title_pattern().finditer(text)] == [m.end() for m in plain_titles.finditer(text)]
    states = "|".join(map(re.escape, sorted(_abbreviations().keys() | _state_names(), key=len, reverse=True)))
    plain_states = re.compile(rf"(?<=[\s(,])[DRI]-({states})(?=[\s,;:.)]|$)")
    assert _groups(_party_state_pattern(), text) == _groups(plain_states, text)


def test_an_alternation_prefers_the_longest_word_and_escapes_each() -> None:
    pattern = re.compile(alternation(["Brig.", "Brig. Gen.", "Air Marshal", "Air Vice Marshal", "a+b"]))
    assert pattern.match("Brig. Gen. Ali").group() == "Brig. Gen."
    assert pattern.match("Brig. Ali").group() == "Brig."
    assert pattern.match("Air Vice Marshal").group() == "Air Vice Marshal"
    assert pattern.match("a+b").group() == "a+b" and pattern.match("aab") is None
    assert pattern.match("Brigx") is None
