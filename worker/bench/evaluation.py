"""The evaluation harness: run the real pipeline over labelled articles and score every field."""

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemas.models import Article
from worker.pipeline import run_pipeline
from worker.queue.producer import FORMATS, make_message

EXACT_FIELDS = ("published_date", "published_time", "utc_offset", "authors", "language", "topic")
SET_FIELDS = ("attributions", "persons", "countries", "places", "organizations")
# Fields scored only where the label gives a value: "offset where the text gives one".
ONLY_WHERE_LABELLED = {"utc_offset"}


@dataclass
class FieldScore:
    """Accuracy for exact fields; micro precision/recall/F1 for list fields."""

    correct: int = 0
    total: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def labelled_pairs(directory: Path) -> Iterator[tuple[Path, Path]]:
    """(input file, expected.json) pairs, sorted by name."""
    for expected in sorted(directory.glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        inputs = [p for p in directory.glob(f"{stem}.*") if p.suffix in FORMATS and p != expected]
        if inputs:
            yield inputs[0], expected


def predicted(article: Article) -> dict[str, Any]:
    """The article's fields in the label format."""
    published = article.published_at
    offset = published.strftime("%z") if published and published.tzinfo else None
    top_levels = [t.code for t in article.topics if len(t.path) == 1]
    attributions = {a.lower() for a in article.attributions}
    return {
        "published_date": published.date().isoformat() if published else None,
        "published_time": published.strftime("%H:%M") if published and
        article.date.precision == "minute" else None,
        "utc_offset": f"{offset[:3]}:{offset[3:]}" if offset else None,
        "authors": article.authors,
        "language": article.language,
        "topic": top_levels[0] if top_levels else None,
        "attributions": article.attributions,
        "persons": [e.name for e in article.entities if e.type == "PERSON"],
        "countries": [c.iso2 for c in article.countries],
        "places": [p.name for p in article.places],
        "organizations": [e.name for e in article.entities
                          if e.type == "ORGANIZATION" and e.name.lower() not in attributions],
    }


def evaluate(directory: Path) -> tuple[dict[str, FieldScore], int]:
    """Score every field over the labelled set; returns the scores and the article count."""
    scores = {name: FieldScore() for name in (*EXACT_FIELDS, *SET_FIELDS)}
    count = 0
    for source, expected_path in labelled_pairs(directory):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        message = make_message(source.name, FORMATS[source.suffix], source.read_bytes(), 10**7)
        got = predicted(run_pipeline(message))
        count += 1
        for name in EXACT_FIELDS:
            if name in ONLY_WHERE_LABELLED and expected.get(name) is None:
                continue
            score = scores[name]
            score.total += 1
            if got[name] == expected.get(name):
                score.correct += 1
            else:
                score.misses.append(f"{source.name}: expected {expected.get(name)!r}, got {got[name]!r}")
        for name in SET_FIELDS:
            _score_set(scores[name], source.name, expected.get(name) or [], got[name])
    return scores, count


def _fold(name: str) -> str:
    # "Kraków" and "Krakow" are one place: labels are written in plain English spelling.
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _score_set(score: FieldScore, source: str, expected: list[str], got: list[str]) -> None:
    gold = {_fold(g) for g in expected}
    pred = {_fold(g) for g in got}
    score.tp += len(gold & pred)
    score.fp += len(pred - gold)
    score.fn += len(gold - pred)
    if gold != pred:
        score.misses.append(f"{source}: missing {sorted(gold - pred)}, extra {sorted(pred - gold)}")
