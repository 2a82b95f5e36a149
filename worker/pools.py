"""Two worker pools on two queues: NLP (parse, tag, enrich) hands each Article to an I/O task that stores it."""

from typing import Any

import structlog
from celery import Task
from pydantic import ValidationError

from schemas.models import Article, TaskMessage
from worker.celery_app import app
from worker.errors import InvalidEnvelopeError, TransientError
from worker.events import publish_stored
from worker.pipeline import PipelineFailure, run_pipeline
from worker.settings import get_settings
from worker.store import open_store
from worker.tasks import IngestTask, _fail, _write, backoff

NLP_TASK_NAME = "ingest.nlp_article"
STORE_TASK_NAME = "ingest.store_article"
log = structlog.get_logger("ingest")


@app.task(bind=True, base=IngestTask, name=STORE_TASK_NAME)
def store_article(self: Task, document: dict[str, Any]) -> dict[str, Any]:
    """I/O pool: write one finished Article and announce it; transient failures retry here only."""
    settings = get_settings()
    store = open_store(settings)
    article = Article.model_validate(document)
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(task_id=self.request.id, article_id=article.id)
    try:
        path = _write(store, article)
        publish_stored(article, path, settings)
    except TransientError as exc:
        attempt = self.request.retries + 1
        if self.request.retries >= settings.max_retries:
            return _fail(store, document, "store", exc, attempt, self.request.id, {})
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
    try:
        message = TaskMessage.model_validate(raw)
        article = run_pipeline(message)
    except ValidationError as exc:
        error = InvalidEnvelopeError(f"task message does not match the schema: {exc.errors()[:3]}")
        return _fail(open_store(settings), raw, "validate", error, attempt, self.request.id, {})
    except PipelineFailure as failure:
        return _fail(open_store(settings), raw, failure.stage, failure.error, attempt, self.request.id,
                     failure.stage_ms)
    handoff = store_article.apply_async(args=[article.model_dump(mode="json")], queue=io_queue)
    log.info("article", outcome="handed off", pool="nlp", article_id=article.id, io_queue=io_queue,
             stage_ms=article.processing.stage_ms)
    return {"status": "handed off", "id": article.id, "store_task": handoff.id}
