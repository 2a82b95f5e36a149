"""IPTC Media Topics by cue-word scoring over the team's keyword lists (codes and labels: IPTC, CC BY 4.0)."""

import re
from dataclasses import dataclass

from schemas.models import Topic
from worker.stages.lexicons import load

_MIN_SHARE = 0.35  # a topic must score at least this share of the best one to be reported
_MAX_SUBTOPICS = 5
_WORDS = re.compile(r"[a-z0-9]+(?:['’.&\-][a-z0-9]+)*\+?")


@dataclass(frozen=True)
class _Entry:
    code: str
    label: str
    parent: str | None
    top: str | None


class TopicClassifier:
    """Built once per process: one compiled pattern of every cue phrase, mapped to its topics."""

    def __init__(self) -> None:
        entries = {}
        cue_codes: dict[str, list[str]] = {}
        for t in load("iptc_mediatopics")["topics"]:
            entries[t["code"]] = _Entry(t["code"], t["label"], t.get("parent"), t.get("top"))
            for cue in {k.lower() for k in t.get("keywords", [])}:
                cue_codes.setdefault(cue, []).append(t["code"])
        # Cues are looked up as word n-grams: one pass and a dict, where a 2,000-way regex
        # alternation cost more than all the rest of the stage.
        self.cue_codes = {" ".join(_WORDS.findall(cue)): codes for cue, codes in cue_codes.items()}
        # The longest cue starting with each word: words that start no cue (most of them) cost one lookup.
        self.longest: dict[str, int] = {}
        for cue in self.cue_codes:
            first, length = cue.split(" ", 1)[0], cue.count(" ") + 1
            self.longest[first] = max(self.longest.get(first, 0), length)
        self.entries = entries
        self.version = f"iptc-mediatopics:{len(entries)}-codes"

    def path(self, code: str) -> list[str]:
        """Labels from the top-level topic down to `code`."""
        labels: list[str] = []
        current: str | None = code
        while current and current in self.entries:
            labels.insert(0, self.entries[current].label)
            entry = self.entries[current]
            current = entry.parent if entry.parent in self.entries else entry.top
        return labels

    def root(self, code: str) -> str:
        """The top-level ancestor of `code`."""
        while True:
            entry = self.entries[code]
            parent = entry.parent if entry.parent in self.entries else entry.top
            if not parent or parent not in self.entries:
                return code
            code = parent

    def classify(self, text: str, title: str) -> list[Topic]:
        """Top-level topics first, then the best subtopics, each with a 0..1 score."""
        lowered = f"{title}\n{title}\n{text}".lower()  # the title counts twice: it names the story
        spans: dict[str, set[tuple[int, int]]] = {}
        words = [(m.group(), m.start(), m.end()) for m in _WORDS.finditer(lowered)]
        for i, (word, _, _) in enumerate(words):
            for n in range(min(self.longest.get(word, 0), len(words) - i), 0, -1):
                codes = self.cue_codes.get(" ".join(w for w, _, _ in words[i:i + n]))
                if codes:  # the longest cue starting here wins, as a regex alternation would
                    for code in codes:
                        spans.setdefault(code, set()).add((words[i][1], words[i + n - 1][2]))
                    break
        hits = {code: len(found) for code, found in spans.items()}
        roots = self._root_scores(spans)
        if not roots:
            return []
        best = max(roots.values())
        # Ties go to the topic whose own top-level cue words the text uses most.
        ranked = sorted(roots.items(), key=lambda kv: (-kv[1], -hits.get(kv[0], 0)))
        top = [self._topic(code, score / best) for code, score in ranked if score / best >= _MIN_SHARE]
        subs = sorted(
            ((c, n) for c, n in hits.items() if n and self.entries[c].parent
             and self.root(c) in {t.code for t in top}),
            key=lambda kv: -kv[1],
        )[:_MAX_SUBTOPICS]
        return top + [self._topic(code, min(1.0, n / best)) for code, n in subs]

    def _root_scores(self, spans: dict[str, set[tuple[int, int]]]) -> dict[str, float]:
        """Each matched phrase votes once per top-level topic.

        A phrase that a top-level topic lists itself votes for that topic only: subtopic lists
        repeat general words ("army") that would otherwise count twice.
        """
        top_claimed = {s for code, found in spans.items()
                       if not self.entries[code].parent and not self.entries[code].top for s in found}
        votes: dict[str, set[tuple[int, int]]] = {}
        for code, found in spans.items():
            root = self.root(code)
            mine = found if root == code else found - top_claimed
            votes.setdefault(root, set()).update(mine)
        return {root: float(len(v)) for root, v in votes.items() if v}

    def _topic(self, code: str, score: float) -> Topic:
        return Topic(code=code, label=self.entries[code].label, path=self.path(code),
                     score=round(score, 3))
