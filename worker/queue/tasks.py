"""The Celery tasks, all of them: thin wrappers around one path that counts the delivery, runs
the stages, stores or hands off each article, records failures and retries transient ones."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog
from billiard.exceptions import TimeLimitExceeded, WorkerLostError
from celery import Task
from celery.exceptions import Reject
from celery.signals import worker_init, worker_process_init
from kombu.exceptions import OperationalError
from pydantic import ValidationError

from schemas.models import Article, TaskMessage
from worker.errors import (
    BrokerUnavailableError,
    DeliveryLimitError,
    IngestError,
    InvalidEnvelopeError,
    StageError,
    TimeLimitError,
    TransientError,
)
from worker.pipeline import PipelineFailure, Unit, run_batch, warm_up
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


@dataclass(frozen=True)
class Delivery:
    """This delivery of a task's message: its id, attempt and delivery count, and the store."""

    task_id: str
    attempt: int
    count: int
    store: Store

    def fail(self, raw: Any, failure: PipelineFailure) -> dict[str, Any]:
        """Keep the failure record of one input; returns its outcome."""
        return record_failure(self.store, raw, failure.stage, failure.error, self.attempt,
                              self.task_id, failure.stage_ms)


Read = Callable[[list[dict[str, Any]]], list[Unit]]
Finish = Callable[[Unit, Delivery], dict[str, Any]]
RetryArgs = Callable[[list[dict[str, Any]]], list[Any]]


def process(task: Task, raws: list[dict[str, Any]], read: Read, finish: Finish,
            retry_args: RetryArgs) -> list[dict[str, Any]]:
    """The one path of every task: count the delivery, `read` the inputs into Articles, `finish`
    each (store it, or hand it off), record every failure, and retry only the transient ones.

    Returns one outcome per input. A single article is a batch of one.
    """
    settings = get_settings()
    request = task.request
    delivery = Delivery(task_id=request.id, attempt=request.retries + 1,
                        count=delivery_count(settings, request.id, request.retries),
                        store=open_store(settings))
    if delivery.count > settings.max_deliveries:
        # A message that keeps killing its worker is parked whole: the poison article is among them.
        error = DeliveryLimitError(f"delivered {delivery.count} times without finishing "
                                   f"(max_deliveries={settings.max_deliveries})")
        units = [Unit(raw=raw, failure=PipelineFailure("deliver", error, {})) for raw in raws]
    else:
        if len(raws) == 1:  # the stages' own log lines then name the article too
            structlog.contextvars.bind_contextvars(source=_source_name(raws[0]))
        units = read(raws)
    results: list[dict[str, Any]] = []
    transient: list[tuple[Unit, TransientError]] = []
    for unit in units:
        structlog.contextvars.bind_contextvars(source=_source_name(unit.raw))
        structlog.contextvars.unbind_contextvars("article_id")
        if unit.failure is not None:
            results.append(delivery.fail(unit.raw, unit.failure))
            continue
        try:
            results.append(finish(unit, delivery))
        except TransientError as exc:
            transient.append((unit, exc))
    if transient and request.retries < settings.max_retries:
        # Only the articles that hit the transient error go round again; the rest are done.
        log.warning("article", outcome="retry", attempt=delivery.attempt, articles=len(transient),
                    error=str(transient[0][1]))
        try:
            raise task.retry(args=retry_args([u.raw for u, _ in transient]), exc=transient[0][1],
                             countdown=backoff(delivery.attempt, settings.retry_backoff_max),
                             max_retries=settings.max_retries)
        except Reject as exc:
            # The retry could not be published (the broker is down too), and Celery would drop
            # the message: keep it unacked instead; it comes back when the broker does.
            raise Reject(exc.reason, requeue=True) from exc
    return results + [delivery.fail(u.raw, PipelineFailure("store", exc, {})) for u, exc in transient]


def _source_name(raw: Any) -> str | None:
    if not isinstance(raw, dict):
        return None
    source = raw.get("source")
    return raw.get("source_name") or (source.get("name") if isinstance(source, dict) else None)


def read_messages(raws: list[dict[str, Any]]) -> list[Unit]:
    """Task messages -> Articles: validate each, then parse, tag (one pass) and enrich them all."""
    units = [_validated(raw, TaskMessage) for raw in raws]
    run_batch(units)
    return units


def read_documents(raws: list[dict[str, Any]]) -> list[Unit]:
    """Finished Article documents (handed over by the NLP pool), validated; no stage runs again."""
    return [_validated(raw, Article) for raw in raws]


def _validated(raw: dict[str, Any], model: type[TaskMessage] | type[Article]) -> Unit:
    try:
        return Unit(raw=raw, value=model.model_validate(raw))
    except ValidationError as exc:
        error = InvalidEnvelopeError(f"task message does not match the schema: {exc.errors()[:3]}")
        return Unit(raw=raw, failure=PipelineFailure("validate", error, {}))


def store(unit: Unit, delivery: Delivery) -> dict[str, Any]:
    """Write and announce one Article; TransientError propagates for a retry."""
    article: Article = unit.value
    structlog.contextvars.bind_contextvars(article_id=article.id)
    path = store_and_announce(delivery.store, article, delivery.task_id)
    log.info("article", outcome="stored", attempt=delivery.attempt, deliveries=delivery.count,
             path=str(path), stage_ms=article.processing.stage_ms, language=article.language,
             entities=len(article.entities), warnings=len(article.warnings))
    return {"status": "stored", "id": article.id, "path": str(path)}


def hand_off(io_queue: str) -> Finish:
    """Finish by sending the Article to the I/O pool on `io_queue`, which stores it."""

    def finish(unit: Unit, delivery: Delivery) -> dict[str, Any]:
        article: Article = unit.value
        structlog.contextvars.bind_contextvars(article_id=article.id)
        # A redelivered NLP message hands off under the same id, so the article is announced once.
        store_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{delivery.task_id}/{article.id}"))
        try:
            store_article.apply_async(args=[article.model_dump(mode="json")], queue=io_queue,
                                      task_id=store_id)
        except (OperationalError, OSError) as exc:
            raise BrokerUnavailableError(f"cannot hand off to {io_queue}: {exc}") from exc
        log.info("article", outcome="handed off", io_queue=io_queue, stage_ms=article.processing.stage_ms)
        return {"status": "handed off", "id": article.id, "store_task": store_id}

    return finish


def _begin(task: Task, **context: Any) -> None:
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(task_id=task.request.id, **context)


@app.task(bind=True, base=IngestTask, name=TASK_NAME)
def process_article(self: Task, raw: dict[str, Any]) -> dict[str, Any]:
    """One article end to end: a batch of one; returns its outcome for whoever waits on it."""
    _begin(self)
    (outcome,) = process(self, [raw], read_messages, store, lambda retry: retry)
    return outcome


@app.task(bind=True, base=IngestTask, name=BATCH_TASK_NAME)
def process_batch(self: Task, raws: list[dict[str, Any]]) -> dict[str, Any]:
    """A small batch end to end; every article is stored or recorded as failed on its own."""
    _begin(self, batch=len(raws))
    return {"status": "done", "results": process(self, raws, read_messages, store,
                                                 lambda retry: [retry])}


@app.task(bind=True, base=IngestTask, name=NLP_TASK_NAME)
def nlp_article(self: Task, raw: dict[str, Any], io_queue: str) -> dict[str, Any]:
    """NLP pool: the stages, then the Article goes to `io_queue`; bad input is recorded here."""
    _begin(self, pool="nlp")
    (outcome,) = process(self, [raw], read_messages, hand_off(io_queue),
                         lambda retry: [*retry, io_queue])
    return outcome


@app.task(bind=True, base=IngestTask, name=STORE_TASK_NAME)
def store_article(self: Task, document: dict[str, Any]) -> dict[str, Any]:
    """I/O pool: store one finished Article; transient failures retry the write alone."""
    _begin(self, pool="io")
    (outcome,) = process(self, [document], read_documents, store, lambda retry: retry)
    return outcome
