"""IPTC Media Topics by cue-word scoring over the team's keyword lists (codes and labels: IPTC, CC BY 4.0)."""

import re
from dataclasses import dataclass

from schemas.models import Topic
from worker.lexicons import load

_MIN_SHARE = 0.35  # a topic must score at least this share of the best one to be reported
_MAX_SUBTOPICS = 5


@dataclass(frozen=True)
class _Entry:
    code: str
    label: str
    parent: str | None
    top: str | None
    pattern: re.Pattern[str] | None


class TopicClassifier:
    """Built once per process: one compiled cue-word pattern per topic."""

    def __init__(self) -> None:
        entries = {}
        for t in load("iptc_mediatopics")["topics"]:
            cues = sorted({k.lower() for k in t.get("keywords", [])}, key=len, reverse=True)
            pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, cues)) + r")\b") if cues else None
            entries[t["code"]] = _Entry(t["code"], t["label"], t.get("parent"), t.get("top"), pattern)
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
        hits = {
            code: len(e.pattern.findall(lowered)) for code, e in self.entries.items() if e.pattern
        }
        roots: dict[str, float] = {}
        for code, count in hits.items():
            if count:
                roots[self.root(code)] = roots.get(self.root(code), 0) + count
        if not roots:
            return []
        best = max(roots.values())
        top = [
            self._topic(code, score / best)
            for code, score in sorted(roots.items(), key=lambda kv: -kv[1])
            if score / best >= _MIN_SHARE
        ]
        subs = sorted(
            ((c, n) for c, n in hits.items() if n and self.entries[c].parent
             and self.root(c) in {t.code for t in top}),
            key=lambda kv: -kv[1],
        )[:_MAX_SUBTOPICS]
        return top + [self._topic(code, min(1.0, n / best)) for code, n in subs]

    def _topic(self, code: str, score: float) -> Topic:
        return Topic(code=code, label=self.entries[code].label, path=self.path(code),
                     score=round(score, 3))
