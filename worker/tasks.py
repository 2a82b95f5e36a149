"""Thin Celery tasks: validate, run the pipeline, store, and retry only transient failures."""

import hashlib
import random
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import redis
import structlog
from billiard.exceptions import TimeLimitExceeded, WorkerLostError
from celery import Task
from pydantic import ValidationError

from schemas.models import Article, DateInfo, FailureRecord, Source, TaskMessage
from worker import delivery
from worker.celery_app import app
from worker.documents import Parsed
from worker.errors import (
    DeliveryLimitError,
    IngestError,
    InvalidEnvelopeError,
    StageError,
    StoreUnavailableError,
    TimeLimitError,
    TransientError,
)
from worker.events import publish_stored
from worker.pipeline import PipelineFailure, run_pipeline
from worker.redis_pool import client_for
from worker.settings import Settings, get_settings
from worker.stages.enrich import get_enricher
from worker.stages.parse.language import detect_language
from worker.stages.tag import get_tagger
from worker.store import Store, open_store

TASK_NAME = "ingest.process_article"
_WARM_UP = Parsed(
    id="0" * 16, source=Source(name="warm-up", format="txt", sha256="0" * 64, received_at=datetime.now(UTC)),
    title="Warm-up", title_derived=False, published_at=None, date=DateInfo(), authors=[],
    paragraphs=["Ministers of Italy and Azerbaijan met in Baku on Monday."],
    body="Ministers of Italy and Azerbaijan met in Baku on Monday.", attributions=[], language="en",
)
log = structlog.get_logger("ingest")


def warm_up() -> None:
    """Load the model, lexicons, gazetteer and language model once per process, before the first task.

    Done in the parent before the pool forks, so the children share the pages and the first
    article does not pay for lazy loading.
    """
    get_tagger()(_WARM_UP)
    get_enricher()
    detect_language(_WARM_UP.body)


def failure_key(raw: Any) -> str:
    """A stable key for a failed input: the same input always lands in the same record."""
    if isinstance(raw, dict) and isinstance(raw.get("sha256"), str):
        return raw["sha256"][:16]
    return hashlib.sha256(orjson.dumps(raw, default=str)).hexdigest()[:16]


def backoff(attempt: int, cap: int) -> float:
    """Exponential backoff with full jitter, so retrying workers do not stampede."""
    return random.uniform(0, min(cap, 2 ** attempt))


def deliveries(settings: Settings, task_id: str, retries: int) -> int:
    """This message's delivery count; 0 when Redis cannot count (counting must not block work)."""
    try:
        client = client_for(delivery.state_url(settings))
        return delivery.count_delivery(client, task_id, retries, settings.delivery_count_ttl)
    except redis.RedisError as exc:
        log.warning("delivery count unavailable", error=str(exc))
        return 0


_settings = get_settings()


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
            _fail(store, raw, "task", error, 1, task_id, {})


@app.task(bind=True, base=IngestTask, name=TASK_NAME)
def process_article(self: Task, raw: dict[str, Any]) -> dict[str, Any]:
    """Process one input unit end to end; returns the outcome for whoever waits on it."""
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(task_id=self.request.id)
    settings = get_settings()
    store = open_store(settings)
    attempt = self.request.retries + 1
    started = time.perf_counter()
    count = deliveries(settings, self.request.id, self.request.retries)
    if count > settings.max_deliveries:
        # Redis has no delivery counter of its own: without this a message that kills its
        # worker would be redelivered forever.
        limit = DeliveryLimitError(f"delivered {count} times without finishing "
                                   f"(max_deliveries={settings.max_deliveries})")
        return _fail(store, raw, "deliver", limit, attempt, self.request.id, {})
    try:
        message = TaskMessage.model_validate(raw)
    except ValidationError as exc:
        error = InvalidEnvelopeError(f"task message does not match the schema: {exc.errors()[:3]}")
        return _fail(store, raw, "validate", error, attempt, self.request.id, {})
    structlog.contextvars.bind_contextvars(source=message.source_name)
    try:
        article = run_pipeline(message)
        structlog.contextvars.bind_contextvars(article_id=article.id)
        path = _write(store, article)
        publish_stored(article, path, settings)
    except PipelineFailure as failure:
        return _fail(store, raw, failure.stage, failure.error, attempt, self.request.id,
                     failure.stage_ms)
    except TransientError as exc:
        if self.request.retries >= settings.max_retries:
            return _fail(store, raw, "store", exc, attempt, self.request.id, {})
        log.warning("article", outcome="retry", attempt=attempt, error=str(exc))
        raise self.retry(exc=exc, countdown=backoff(attempt, settings.retry_backoff_max),
                         max_retries=settings.max_retries) from exc
    log.info("article", outcome="stored", attempt=attempt, deliveries=count, path=str(path),
             stage_ms=article.processing.stage_ms, language=article.language,
             entities=len(article.entities), warnings=len(article.warnings),
             total_ms=round((time.perf_counter() - started) * 1000, 2))
    return {"status": "stored", "id": article.id, "path": str(path)}


def _write(store: Store, article: Article) -> Path | str:
    try:
        return store.write_article(article)
    except OSError as exc:
        # Any OS-level write failure (even one raised while cleaning up) is the store's, not the
        # input's: retry it rather than let the task crash and its message be acked and lost.
        raise StoreUnavailableError(f"cannot write article {article.id}: {exc}") from exc


def _keep(store: Store, record: FailureRecord) -> str:
    """Write the record to the store, or to the Redis dead-letter list when the store is down."""
    try:
        return str(store.write_failure(record))
    except (StoreUnavailableError, OSError) as exc:
        settings = get_settings()
        log.error("failure record falls back to redis", error=str(exc),
                  key=settings.dead_letter_key)
        # If Redis is down too this raises: the message then stays unacked and comes back after
        # the visibility timeout, so the record is still not lost.
        client = client_for(delivery.state_url(settings))
        delivery.push_dead_letter(client, settings.dead_letter_key, record)
        return f"redis:{settings.dead_letter_key}"


def _fail(store: Store, raw: Any, stage: str, error: IngestError, attempt: int,
          task_id: str | None, stage_ms: dict[str, float]) -> dict[str, Any]:
    record = FailureRecord(
        key=failure_key(raw), message=raw, stage=stage, error_class=type(error).__name__,
        error=str(error), permanent=error.permanent, attempts=attempt,
        failed_at=datetime.now(UTC), task_id=task_id,
    )
    path = _keep(store, record)
    log.warning("article", outcome="failed", stage=stage, error_class=record.error_class,
                error=record.error, attempt=attempt, stage_ms=stage_ms, path=str(path))
    return {"status": "failed", "key": record.key, "path": str(path), "error": record.error}
