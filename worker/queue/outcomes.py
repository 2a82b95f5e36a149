"""What a task does with an article's outcome: store it, or keep a failure record that is never lost."""

import hashlib
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import structlog

from schemas.models import Article, FailureRecord
from worker.errors import IngestError, StoreUnavailableError
from worker.queue import delivery
from worker.settings import get_settings
from worker.store.base import Store
from worker.store.events import publish_stored
from worker.store.pool import client_for

log = structlog.get_logger("ingest")


def failure_key(raw: Any) -> str:
    """A stable key for a failed input: the same input always lands in the same record."""
    if isinstance(raw, dict) and isinstance(raw.get("sha256"), str):
        return raw["sha256"][:16]
    return hashlib.sha256(orjson.dumps(raw, default=str)).hexdigest()[:16]


def backoff(attempt: int, cap: int) -> float:
    """Exponential backoff with full jitter, so retrying workers do not stampede."""
    return random.uniform(0, min(cap, 2 ** attempt))


def write_article(store: Store, article: Article) -> Path | str:
    """Write one article; any OS-level failure is the store's (transient), never the input's."""
    try:
        return store.write_article(article)
    except OSError as exc:
        # Even an error raised while cleaning up must be retried, not crash the task and let
        # its message be acked and lost.
        raise StoreUnavailableError(f"cannot write article {article.id}: {exc}") from exc


def announced_key(message_id: str) -> str:
    """Which articles a message has announced: a redelivery rewrites files but adds no events."""
    return f"ingest:announced:{message_id}"


def store_and_announce(store: Store, article: Article, message_id: str) -> Path | str:
    """Write the article and announce it once per message; TransientError propagates."""
    path = write_article(store, article)
    publish_stored(article, path, get_settings(), once_per=announced_key(message_id))
    return path


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


def record_failure(store: Store, raw: Any, stage: str, error: IngestError, attempt: int,
                   task_id: str | None, stage_ms: dict[str, float]) -> dict[str, Any]:
    """Keep a failure record for `raw` and log the article's one line; returns the outcome."""
    record = FailureRecord(
        key=failure_key(raw), message=raw, stage=stage, error_class=type(error).__name__,
        error=str(error), permanent=error.permanent, attempts=attempt,
        failed_at=datetime.now(UTC), task_id=task_id,
    )
    path = _keep(store, record)
    log.warning("article", outcome="failed", stage=stage, error_class=record.error_class,
                error=record.error, attempt=attempt, stage_ms=stage_ms, path=str(path))
    return {"status": "failed", "key": record.key, "path": str(path), "error": record.error}
