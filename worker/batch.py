"""`ingest.process_batch`: one task, several articles, one `nlp.pipe` pass; per-article outcomes as in tasks.py."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import structlog
from celery import Task
from pydantic import ValidationError

from schemas.models import TaskMessage
from worker.celery_app import app
from worker.errors import DeliveryLimitError, InvalidEnvelopeError, TransientError
from worker.events import publish_stored
from worker.pipeline import STAGES, PipelineFailure, assemble, run_stage
from worker.settings import get_settings
from worker.stages.tag import get_tagger
from worker.store import Store, open_store
from worker.tasks import IngestTask, _fail, _write, backoff, deliveries

BATCH_TASK_NAME = "ingest.process_batch"
log = structlog.get_logger("ingest")
_STAGE = dict(STAGES)


@dataclass
class Unit:
    """One article of a batch on its way through the stages."""

    raw: dict[str, Any]
    value: Any = None
    stage_ms: dict[str, float] = field(default_factory=dict)
    failure: PipelineFailure | None = None


def step(unit: Unit, name: str, stage: Callable[[Any], Any]) -> None:
    """Run one stage on one unit with the pipeline's runner; a failure stays on the unit."""
    try:
        unit.value = run_stage(name, stage, unit.value, unit.stage_ms)
    except PipelineFailure as failure:
        unit.failure = failure


def tag_all(units: list[Unit]) -> None:
    """Tag every live unit with one Tagger.tag_many pass; each gets an equal share of its time."""
    live = [u for u in units if u.failure is None]
    if not live:
        return
    started = time.perf_counter()
    try:
        tagged = get_tagger().tag_many([u.value for u in live])
    except Exception:  # noqa: BLE001 - redo one by one so only the article that breaks NER fails
        for unit in live:
            step(unit, "tag", _STAGE["tag"])
        return
    share = round((time.perf_counter() - started) * 1000 / len(live), 2)
    for unit, value in zip(live, tagged, strict=True):
        unit.value, unit.stage_ms["tag"] = value, share


def run_batch(units: list[Unit]) -> None:
    """parse each, tag all at once, enrich each; failures stay on their own unit."""
    for unit in units:
        step(unit, "parse", _STAGE["parse"])
    tag_all(units)
    for unit in units:
        if unit.failure is None:
            step(unit, "enrich", _STAGE["enrich"])


def _validated(raw: dict[str, Any]) -> TaskMessage | InvalidEnvelopeError:
    try:
        return TaskMessage.model_validate(raw)
    except ValidationError as exc:
        return InvalidEnvelopeError(f"task message does not match the schema: {exc.errors()[:3]}")


def _store(store: Store, unit: Unit, attempt: int, count: int) -> dict[str, Any]:
    """Assemble, write and announce one article; TransientError propagates for a retry."""
    article = assemble(unit.value, unit.stage_ms)
    structlog.contextvars.bind_contextvars(article_id=article.id)
    path = _write(store, article)
    publish_stored(article, path, get_settings())
    log.info("article", outcome="stored", attempt=attempt, deliveries=count, path=str(path),
             stage_ms=article.processing.stage_ms, language=article.language,
             entities=len(article.entities), warnings=len(article.warnings), batched=True)
    return {"status": "stored", "id": article.id, "path": str(path)}


@app.task(bind=True, base=IngestTask, name=BATCH_TASK_NAME)
def process_batch(self: Task, raws: list[dict[str, Any]]) -> dict[str, Any]:
    """Process a small batch; every article is stored or recorded as failed on its own."""
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(task_id=self.request.id, batch=len(raws))
    settings = get_settings()
    store = open_store(settings)
    attempt, task_id = self.request.retries + 1, self.request.id
    count = deliveries(settings, task_id, self.request.retries)
    if count > settings.max_deliveries:
        # A batch that keeps killing its worker is parked whole: the poison article is among them.
        error = DeliveryLimitError(f"delivered {count} times without finishing "
                                   f"(max_deliveries={settings.max_deliveries})")
        return {"status": "done", "results": [_fail(store, r, "deliver", error, attempt, task_id, {})
                                              for r in raws]}
    results: list[dict[str, Any]] = []
    units: list[Unit] = []
    for raw in raws:
        message = _validated(raw)
        if isinstance(message, InvalidEnvelopeError):
            results.append(_fail(store, raw, "validate", message, attempt, task_id, {}))
        else:
            units.append(Unit(raw=raw, value=message))
    run_batch(units)
    transient: list[tuple[Unit, TransientError]] = []
    for unit in units:
        structlog.contextvars.bind_contextvars(source=unit.raw.get("source_name"))
        if unit.failure is not None:
            f = unit.failure
            results.append(_fail(store, unit.raw, f.stage, f.error, attempt, task_id, f.stage_ms))
            continue
        try:
            results.append(_store(store, unit, attempt, count))
        except TransientError as exc:
            transient.append((unit, exc))
    if transient and self.request.retries < settings.max_retries:
        # Only the articles that hit the transient error go round again; the rest are done.
        log.warning("batch", outcome="retry", attempt=attempt, articles=len(transient),
                    error=str(transient[0][1]))
        raise self.retry(args=[[u.raw for u, _ in transient]], exc=transient[0][1],
                         countdown=backoff(attempt, settings.retry_backoff_max),
                         max_retries=settings.max_retries)
    results += [_fail(store, u.raw, "store", exc, attempt, task_id, {}) for u, exc in transient]
    return {"status": "done", "results": results}
