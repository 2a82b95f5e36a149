"""The evaluation harness: run the real pipeline over labelled articles and score every field."""

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemas.models import Article
from worker.pipeline import PipelineFailure, run_pipeline
from worker.queue.producer import FORMATS, make_message

EXACT_FIELDS = ("published_date", "published_time", "utc_offset", "authors", "language", "topic")
SET_FIELDS = ("attributions", "persons", "countries", "places", "organizations")
# Scored only where the label gives a value ("a date where the text gives one"); a value the
# extractor invents where the label has none is counted apart, as `spurious`.
ONLY_WHERE_LABELLED = {"published_date", "published_time", "utc_offset", "topic"}
# Entities are totalled over English pages; other languages are reported per language.
ENGLISH_ONLY = {"persons", "countries", "places", "organizations", "topic"}


@dataclass
class FieldScore:
    """Accuracy for exact fields; micro precision/recall/F1 for list fields."""

    correct: int = 0
    total: int = 0
    spurious: int = 0
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


@dataclass
class Case:
    """One labelled article: its input file and what a careful reader says it contains."""

    name: str
    path: Path
    expected: dict[str, Any]
    groups: tuple[str, ...] = ("team",)
    language: str = "en"


@dataclass
class Report:
    """Scores over all cases, per group (outlet family or language), and byline leaks."""

    scores: dict[str, FieldScore]
    groups: dict[str, dict[str, FieldScore]]
    count: int
    byline_persons: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


def team_cases(directory: Path) -> Iterator[Case]:
    """(input, *.expected.json) pairs: the team's own unit fixtures."""
    for expected in sorted(directory.glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        inputs = [p for p in directory.glob(f"{stem}.*") if p.suffix in FORMATS and p != expected]
        if inputs:
            yield Case(stem, inputs[0], json.loads(expected.read_text(encoding="utf-8")))


def real_cases(root: Path, split: str) -> Iterator[Case]:
    """Real pages: labels/<id>.json with their texts in cache/<id>.txt, of one split (or all)."""
    for label_path in sorted((root / "labels").glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        text = root / "cache" / f"{label['id']}.txt"
        if split not in ("all", label["split"]) or not text.exists():
            continue
        language = label["language"]
        groups = (label["family"],) if language == "en" else ("non-English", f"lang {language}")
        yield Case(label["id"], text, label["expected"], groups, language)


def cases_in(directory: Path, split: str) -> list[Case]:
    """The real-page set when `directory` has labels/, else the team's fixtures."""
    if (directory / "labels").is_dir():
        return list(real_cases(directory, split))
    return list(team_cases(directory))


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


def evaluate(directory: Path, split: str = "all") -> Report:
    """Score every field over a labelled set."""
    fields = (*EXACT_FIELDS, *SET_FIELDS)
    report = Report({name: FieldScore() for name in fields}, {}, 0)
    for case in cases_in(directory, split):
        fmt = FORMATS[case.path.suffix]
        message = make_message(case.path.name, fmt, case.path.read_bytes(), 10**7)
        try:
            got = predicted(run_pipeline(message))
        except PipelineFailure as failure:
            # A real article refused is scored as an empty answer, and listed.
            report.rejected.append(f"{case.name}: {failure.stage}: {failure.error}")
            got = {**dict.fromkeys(EXACT_FIELDS), **{name: [] for name in SET_FIELDS}, "authors": []}
        report.count += 1
        groups = [report.groups.setdefault(g, {name: FieldScore() for name in fields}) for g in case.groups]
        for name in fields:
            # Entities of other languages count in their language's row, not in the English totals.
            overall = [] if name in ENGLISH_ONLY and case.language != "en" else [report.scores[name]]
            for score in (*overall, *(group[name] for group in groups)):
                _score(score, name, case, got[name])
        report.byline_persons += [f"{case.name}: {a}" for a in case.expected.get("authors") or []
                                  if _matches(a, {_fold(p) for p in got["persons"]})]
    return report


def _score(score: FieldScore, name: str, case: Case, got: Any) -> None:
    expected = case.expected.get(name)
    if name in SET_FIELDS:
        _score_set(score, case.name, expected or [], got)
        return
    if name in ONLY_WHERE_LABELLED and expected is None:
        score.spurious += got is not None
        return
    score.total += 1
    if got == expected:
        score.correct += 1
    else:
        score.misses.append(f"{case.name}: expected {expected!r}, got {got!r}")


def _fold(name: str) -> str:
    # "Kraków" and "Krakow" are one place: labels are written in plain spelling.
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    words = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).split()
    # Canonical names drop a leading article (the output contract): "The Yomiuri Shimbun" = "Yomiuri Shimbun".
    return " ".join(words[1:] if len(words) > 1 and words[0] == "the" else words)


def _matches(gold: str, predictions: set[str]) -> bool:
    """A gold entry "Moscow|Москва" is found when the prediction is any one of its spellings."""
    return any(_fold(alternative) in predictions for alternative in gold.split("|"))


def _score_set(score: FieldScore, source: str, expected: list[str], got: list[str]) -> None:
    pred = {_fold(g) for g in got}
    found = [g for g in expected if _matches(g, pred)]
    matched = {_fold(a) for g in found for a in g.split("|")} & pred
    missing = [g for g in expected if g not in found]
    extra = sorted(pred - matched)
    score.tp += len(found)
    score.fn += len(missing)
    score.fp += len(extra)
    if missing or extra:
        score.misses.append(f"{source}: missing {sorted(missing)}, extra {extra}")
