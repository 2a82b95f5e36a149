"""The ordered stages and the one runner that times them, logs the article and names failing stages."""

import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import structlog

from schemas.models import Article, DateInfo, Enrichment, Processing, Source, TaskMessage
from worker import __version__
from worker.documents import Enriched, Parsed
from worker.errors import IngestError, StageError
from worker.stages.enrich import enrich, get_enricher
from worker.stages.i18n.names import given_names
from worker.stages.parse import parse
from worker.stages.parse.language import detect_language
from worker.stages.tag import get_tagger, tag
from worker.stages.tag.model import load_model, model_versions

Stage = Callable[[Any], Any]
STAGES: tuple[tuple[str, Stage], ...] = (("parse", parse), ("tag", tag), ("enrich", enrich))
_STAGE = dict(STAGES)
PIPELINE_VERSION = __version__
log = structlog.get_logger("pipeline")
_WARM_UP = Parsed(
    id="0" * 16, source=Source(name="warm-up", format="txt", sha256="0" * 64, received_at=datetime.now(UTC)),
    title="Warm-up", title_derived=False, published_at=None, date=DateInfo(), authors=[],
    paragraphs=["Ministers of Italy and Azerbaijan met in Baku on Monday."],
    body="Ministers of Italy and Azerbaijan met in Baku on Monday.", attributions=[], language="en",
)


def warm_up() -> None:
    """Load the model, lexicons, gazetteer and language model once per process, before the first task.

    Worker processes call this in the parent before the pool forks, so the children share the
    pages and the first article does not pay for lazy loading.
    """
    get_tagger()(_WARM_UP)
    get_enricher()
    detect_language(_WARM_UP.body)
    given_names()  # 30,000 first names, 0.3 s: read by bylines and by the tag stage's person and town checks


class PipelineFailure(Exception):
    """A stage failed; carries the stage name and the timings so far for the failure log line."""

    def __init__(self, stage: str, error: IngestError, stage_ms: dict[str, float]) -> None:
        super().__init__(str(error))
        self.stage, self.error, self.stage_ms = stage, error, stage_ms


def run_stage(name: str, stage: Stage, value: Any, stage_ms: dict[str, float]) -> Any:
    """Run one stage, timed into `stage_ms`; any error comes out as PipelineFailure naming it."""
    started = time.perf_counter()
    try:
        return stage(value)
    except IngestError as exc:
        raise PipelineFailure(name, exc, stage_ms) from exc
    except Exception as exc:  # noqa: BLE001 - the runner is the one place that wraps stage bugs
        raise PipelineFailure(name, StageError(name, exc), stage_ms) from exc
    finally:
        stage_ms[name] = round((time.perf_counter() - started) * 1000, 2)


def assemble(enriched: Enriched, stage_ms: dict[str, float]) -> Article:
    """The output document from the last stage's result."""
    tagged = enriched.tagged
    parsed = tagged.parsed
    processing = Processing(
        pipeline_version=PIPELINE_VERSION,
        models={**model_versions(load_model()), **enriched.models},
        stage_ms=stage_ms, worker=socket.gethostname(), processed_at=datetime.now(UTC),
        removed_boilerplate=parsed.removed_boilerplate, skipped_steps=tagged.skipped_steps,
    )
    warnings = [*parsed.warnings, *(f"skipped {s}" for s in tagged.skipped_steps)]
    return Article(
        id=parsed.id, source=parsed.source, published_at=parsed.published_at, date=parsed.date,
        authors=parsed.authors, title=parsed.title, title_derived=parsed.title_derived,
        language=parsed.language, dateline=parsed.dateline, body=parsed.body,
        paragraphs=parsed.paragraphs, word_count=len(parsed.body.split()),
        attributions=parsed.attributions, provenance=parsed.provenance, processing=processing,
        warnings=warnings, **{name: getattr(enriched, name) for name in Enrichment.model_fields},
    )


def run_pipeline(message: TaskMessage) -> Article:
    """parse -> tag -> enrich -> Article for one article, a batch of one; raises PipelineFailure."""
    unit = Unit(raw={}, value=message)
    run_batch([unit])
    if unit.failure is not None:
        raise unit.failure
    article: Article = unit.value
    return article


@dataclass
class Unit:
    """One article of a batch on its way: a TaskMessage, each stage's result, then its Article.

    A unit that failed (at validation or at any stage) keeps its failure and goes no further.
    """

    raw: dict[str, Any]
    value: Any = None
    stage_ms: dict[str, float] = field(default_factory=dict)
    failure: PipelineFailure | None = None


def live(units: list[Unit]) -> list[Unit]:
    """The units that have not failed."""
    return [u for u in units if u.failure is None]


def step(unit: Unit, name: str, stage: Stage) -> None:
    """Run one stage on one unit with the runner; a failure stays on the unit."""
    try:
        unit.value = run_stage(name, stage, unit.value, unit.stage_ms)
    except PipelineFailure as failure:
        unit.failure = failure


def tag_all(units: list[Unit]) -> None:
    """Tag every live unit with one Tagger.tag_many pass; each gets an equal share of its time."""
    todo = live(units)
    if not todo:
        return
    started = time.perf_counter()
    try:
        tagged = get_tagger().tag_many([u.value for u in todo])
    except Exception:  # noqa: BLE001 - redo one by one so only the article that breaks NER fails
        for unit in todo:
            step(unit, "tag", _STAGE["tag"])
        return
    share = round((time.perf_counter() - started) * 1000 / len(todo), 2)
    for unit, value in zip(todo, tagged, strict=True):
        unit.value, unit.stage_ms["tag"] = value, share


def assemble_unit(unit: Unit) -> None:
    """The unit's Article from its last stage's result; a contract violation stays on the unit."""
    try:
        unit.value = assemble(unit.value, unit.stage_ms)
    except Exception as exc:  # noqa: BLE001 - the runner names the step that failed, as for stages
        unit.failure = PipelineFailure("assemble", StageError("assemble", exc), unit.stage_ms)


def run_batch(units: list[Unit]) -> None:
    """parse each, tag all at once, enrich each, assemble each; failures stay on their own unit."""
    for unit in live(units):
        step(unit, "parse", _STAGE["parse"])
    tag_all(units)
    for unit in live(units):
        step(unit, "enrich", _STAGE["enrich"])
    for unit in live(units):
        assemble_unit(unit)
