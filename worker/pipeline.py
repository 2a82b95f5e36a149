"""The ordered stages and the one runner that times them, logs the article and names failing stages."""

import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import structlog

from schemas.models import Article, Enrichment, Processing, TaskMessage
from worker import __version__
from worker.documents import Enriched
from worker.errors import IngestError, StageError
from worker.nlp import load_model, model_versions
from worker.stages.enrich import enrich
from worker.stages.parse import parse
from worker.stages.tag import tag

Stage = Callable[[Any], Any]
STAGES: tuple[tuple[str, Stage], ...] = (("parse", parse), ("tag", tag), ("enrich", enrich))
PIPELINE_VERSION = __version__
log = structlog.get_logger("pipeline")


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


def run_stages(message: TaskMessage) -> tuple[Enriched, dict[str, float]]:
    """Run every stage in order; errors come out as PipelineFailure naming the stage."""
    value: Any = message
    stage_ms: dict[str, float] = {}
    for name, stage in STAGES:
        value = run_stage(name, stage, value, stage_ms)
    return value, stage_ms


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
    """parse -> tag -> enrich -> Article, with stage timings recorded in `processing`."""
    enriched, stage_ms = run_stages(message)
    return assemble(enriched, stage_ms)
