"""The Celery tasks, all of them: thin wrappers that validate, run the pipeline, store, and retry transient failures."""

import time
from typing import Any

import structlog
from billiard.exceptions import TimeLimitExceeded, WorkerLostError
from celery import Task
from celery.signals import worker_init, worker_process_init
from pydantic import ValidationError

from schemas.models import Article, TaskMessage
from worker.errors import (
    DeliveryLimitError,
    IngestError,
    InvalidEnvelopeError,
    StageError,
    TimeLimitError,
    TransientError,
)
from worker.pipeline import PipelineFailure, Unit, assemble, run_batch, run_pipeline, warm_up
from worker.queue.app import app
from worker.queue.delivery import delivery_count
from worker.queue.outcomes import backoff, record_failure, store_and_announce
from worker.settings import get_settings
from worker.store.base import Store
from worker.store.factory import open_store

TASK_NAME = "ingest.process_article"
BATCH_TASK_NAME = "ingest.process_batch"
NLP_TASK_NAME = "ingest.nlp_article"
STORE_TASK_NAME = "ingest.store_article"
log = structlog.get_logger("ingest")
_settings = get_settings()


@worker_init.connect
def _warm_parent(**_: Any) -> None:
    # Loaded in the parent before the pool forks: children share the pages and start ready.
    if get_settings().warm_up:
        warm_up()


@worker_process_init.connect
def _warm_child(**_: Any) -> None:
    if get_settings().warm_up:
        warm_up()


class IngestTask(Task):  # type: ignore[misc]
    """Base of every task: late acks, requeue on worker loss, time limits, and no silent loss.

    Celery acknowledges a message whose task hit the hard time limit (or raised past our own
    handling); `on_failure` turns each article of such a message into a failure record.
    """

    acks_late = True
    reject_on_worker_lost = True
    soft_time_limit = _settings.task_soft_time_limit
    time_limit = _settings.task_time_limit

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        if isinstance(exc, WorkerLostError):
            return  # rejected and requeued: the message will be delivered again
        payload = args[0] if args else kwargs
        raws = payload if isinstance(payload, list) else [payload]
        error: IngestError = (TimeLimitError(f"killed at the hard time limit ({exc})")
                              if isinstance(exc, TimeLimitExceeded) else StageError("task", exc))
        store = open_store(get_settings())
        for raw in raws:
            record_failure(store, raw, "task", error, 1, task_id, {})


def _limit_error(count: int, limit: int) -> DeliveryLimitError:
    # Redis has no delivery counter of its own: without this a message that kills its worker
    # would be redelivered forever.
    return DeliveryLimitError(f"delivered {count} times without finishing (max_deliveries={limit})")


def _validated(raw: dict[str, Any]) -> TaskMessage | InvalidEnvelopeError:
    try:
        return TaskMessage.model_validate(raw)
    except ValidationError as exc:
        return InvalidEnvelopeError(f"task message does not match the schema: {exc.errors()[:3]}")


@app.task(bind=True, base=IngestTask, name=TASK_NAME)
def process_article(self: Task, raw: dict[str, Any]) -> dict[str, Any]:
    """Process one input unit end to end; returns the outcome for whoever waits on it."""
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(task_id=self.request.id)
    settings = get_settings()
    store = open_store(settings)
    attempt = self.request.retries + 1
    started = time.perf_counter()
    count = delivery_count(settings, self.request.id, self.request.retries)
    if count > settings.max_deliveries:
        return record_failure(store, raw, "deliver", _limit_error(count, settings.max_deliveries),
                              attempt, self.request.id, {})
    message = _validated(raw)
    if isinstance(message, InvalidEnvelopeError):
        return record_failure(store, raw, "validate", message, attempt, self.request.id, {})
    structlog.contextvars.bind_contextvars(source=message.source_name)
    try:
        article = run_pipeline(message)
        structlog.contextvars.bind_contextvars(article_id=article.id)
        path = store_and_announce(store, article)
    except PipelineFailure as failure:
        return record_failure(store, raw, failure.stage, failure.error, attempt, self.request.id,
                              failure.stage_ms)
    except TransientError as exc:
        if self.request.retries >= settings.max_retries:
            return record_failure(store, raw, "store", exc, attempt, self.request.id, {})
        log.warning("article", outcome="retry", attempt=attempt, error=str(exc))
        raise self.retry(exc=exc, countdown=backoff(attempt, settings.retry_backoff_max),
                         max_retries=settings.max_retries) from exc
    log.info("article", outcome="stored", attempt=attempt, deliveries=count, path=str(path),
             stage_ms=article.processing.stage_ms, language=article.language,
             entities=len(article.entities), warnings=len(article.warnings),
             total_ms=round((time.perf_counter() - started) * 1000, 2))
    return {"status": "stored", "id": article.id, "path": str(path)}


def _store_unit(store: Store, unit: Unit, attempt: int, count: int) -> dict[str, Any]:
    """Assemble, write and announce one article of a batch; TransientError propagates for a retry."""
    article = assemble(unit.value, unit.stage_ms)
    structlog.contextvars.bind_contextvars(article_id=article.id)
    path = store_and_announce(store, article)
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
    count = delivery_count(settings, task_id, self.request.retries)
    if count > settings.max_deliveries:
        # A batch that keeps killing its worker is parked whole: the poison article is among them.
        error = _limit_error(count, settings.max_deliveries)
        return {"status": "done", "results": [record_failure(store, r, "deliver", error, attempt, task_id, {})
                                              for r in raws]}
    results: list[dict[str, Any]] = []
    units: list[Unit] = []
    for raw in raws:
        message = _validated(raw)
        if isinstance(message, InvalidEnvelopeError):
            results.append(record_failure(store, raw, "validate", message, attempt, task_id, {}))
        else:
            units.append(Unit(raw=raw, value=message))
    run_batch(units)
    transient: list[tuple[Unit, TransientError]] = []
    for unit in units:
        structlog.contextvars.bind_contextvars(source=unit.raw.get("source_name"))
        if unit.failure is not None:
            f = unit.failure
            results.append(record_failure(store, unit.raw, f.stage, f.error, attempt, task_id, f.stage_ms))
            continue
        try:
            results.append(_store_unit(store, unit, attempt, count))
        except TransientError as exc:
            transient.append((unit, exc))
    if transient and self.request.retries < settings.max_retries:
        # Only the articles that hit the transient error go round again; the rest are done.
        log.warning("batch", outcome="retry", attempt=attempt, articles=len(transient),
                    error=str(transient[0][1]))
        raise self.retry(args=[[u.raw for u, _ in transient]], exc=transient[0][1],
                         countdown=backoff(attempt, settings.retry_backoff_max),
                         max_retries=settings.max_retries)
    results += [record_failure(store, u.raw, "store", exc, attempt, task_id, {}) for u, exc in transient]
    return {"status": "done", "results": results}


@app.task(bind=True, base=IngestTask, name=STORE_TASK_NAME)
def store_article(self: Task, document: dict[str, Any]) -> dict[str, Any]:
    """I/O pool: write one finished Article and announce it; transient failures retry here only."""
    settings = get_settings()
    store = open_store(settings)
    article = Article.model_validate(document)
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(task_id=self.request.id, article_id=article.id)
    try:
        path = store_and_announce(store, article)
    except TransientError as exc:
        attempt = self.request.retries + 1
        if self.request.retries >= settings.max_retries:
            return record_failure(store, document, "store", exc, attempt, self.request.id, {})
        # Retrying the write alone: the NLP work is already done and is not repeated.
        raise self.retry(exc=exc, countdown=backoff(attempt, settings.retry_backoff_max),
                         max_retries=settings.max_retries) from exc
    log.info("article", outcome="stored", pool="io", path=str(path))
    return {"status": "stored", "id": article.id, "path": str(path)}


@app.task(bind=True, base=IngestTask, name=NLP_TASK_NAME)
def nlp_article(self: Task, raw: dict[str, Any], io_queue: str) -> dict[str, Any]:
    """NLP pool: run the stages, then hand the Article to `io_queue`; bad input is recorded here."""
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(task_id=self.request.id)
    settings = get_settings()
    attempt = self.request.retries + 1
    message = _validated(raw)
    if isinstance(message, InvalidEnvelopeError):
        return record_failure(open_store(settings), raw, "validate", message, attempt, self.request.id, {})
    try:
        article = run_pipeline(message)
    except PipelineFailure as failure:
        return record_failure(open_store(settings), raw, failure.stage, failure.error, attempt,
                              self.request.id, failure.stage_ms)
    handoff = store_article.apply_async(args=[article.model_dump(mode="json")], queue=io_queue)
    log.info("article", outcome="handed off", pool="nlp", article_id=article.id, io_queue=io_queue,
             stage_ms=article.processing.stage_ms)
    return {"status": "handed off", "id": article.id, "store_task": handoff.id}
