"""Producer: files become task messages (one per article), published to the broker."""

import base64
import contextlib
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import redis
from celery import Celery
from celery.result import AsyncResult
from kombu.exceptions import OperationalError

from schemas.models import TaskMessage
from worker.errors import BrokerUnavailableError
from worker.queue import delivery

T = TypeVar("T")
FORMATS = {".txt": "txt", ".json": "json", ".jsonl": "json", ".html": "html", ".htm": "html"}
TASK_NAME = "ingest.process_article"  # the name, not the import: producers need no NLP stack
BATCH_TASK_NAME = "ingest.process_batch"
# Articles per task: one nlp.pipe pass per task. Files in hand (a backlog) go 16 to a task, the batch
# the model runs at; 8 made the tag stage 2-4 % slower an article (docs/performance.md, "Eighth
# pass"). A paced feed keeps 8, since each of its articles waits for the rest of its batch.
DEFAULT_BATCH_SIZE = 16
PACED_BATCH_SIZE = 8
# Publishing retries briefly, then fails loudly; a producer must never hang on a dead broker.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 1.0}


@dataclass(frozen=True)
class Problem:
    """An input the producer could not turn into a message (unreadable file, missing path)."""

    source: str
    reason: str


@dataclass(frozen=True)
class Published:
    """A message that reached the broker."""

    message: TaskMessage
    result: AsyncResult
    duplicate: bool = False


def iter_files(paths: Iterable[Path]) -> Iterator[Path | Problem]:
    """Files named directly, and the known article files inside named directories, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in FORMATS
                              and not p.name.startswith("."))
        elif path.is_file():
            yield path
        else:
            yield Problem(str(path), "no such file or directory")


def make_message(name: str, fmt: str, data: bytes, limit: int,
                 received_at: datetime | None = None) -> TaskMessage:
    """One task message; oversized data is cut so the worker can record it without moving it all."""
    truncated = len(data) > limit
    body = data[: limit + 1] if truncated else data
    try:
        payload, encoding = body.decode("utf-8"), "text"
    except UnicodeDecodeError:
        # Undecodable bytes travel as base64; the worker refuses them with a failure record.
        payload, encoding = base64.b64encode(body).decode("ascii"), "base64"
    return TaskMessage(
        source_name=name, format=fmt, payload=payload, encoding=encoding,  # type: ignore[arg-type]
        size=len(data), truncated=truncated, sha256=hashlib.sha256(data).hexdigest(),
        received_at=received_at or datetime.now(UTC),
    )


def messages_for(path: Path, limit: int) -> Iterator[TaskMessage | Problem]:
    """The messages of one file: one per file, or one per non-empty line of a .jsonl."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(str(path), f"cannot read: {exc.strerror or exc}")
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        for number, line in enumerate(data.splitlines(), start=1):
            if line.strip():
                yield make_message(f"{path.name}:{number}", "json", line, limit)
        return
    yield make_message(path.name, FORMATS.get(suffix, "unknown"), data, limit)


def batches(messages: list[TaskMessage], size: int, max_bytes: int) -> Iterator[list[TaskMessage]]:
    """Consecutive batches of up to `size` messages carrying at most `max_bytes` of payload.

    With the bytes capped at one article's limit, no batch takes longer than the largest single
    article, so one hard time limit fits every task. A message over the cap travels alone.
    """
    batch: list[TaskMessage] = []
    carried = 0
    for message in messages:
        if batch and (len(batch) >= size or carried + len(message.payload) > max_bytes):
            yield batch
            batch, carried = [], 0
        batch.append(message)
        carried += len(message.payload)
    if batch:
        yield batch


def publish(app: Celery, message: TaskMessage, queue: str, producer: Any = None) -> Published:
    """Send one message; raises BrokerUnavailableError when the broker cannot take it.

    Pass a `producer` from `app.producer_or_acquire()` to reuse one pooled connection for many
    sends instead of acquiring one per message.
    """
    try:
        result = app.send_task(TASK_NAME, args=[message.model_dump(mode="json")], queue=queue,
                               retry=True, retry_policy=PUBLISH_RETRY, producer=producer)
    except (OperationalError, OSError) as exc:
        raise BrokerUnavailableError(f"broker unreachable: {exc}") from exc
    return Published(message, result)


def publish_batch(app: Celery, messages: list[TaskMessage], queue: str,
                  producer: Any = None) -> list[Published]:
    """Send several messages as one `ingest.process_batch` task (one message: the single task)."""
    if len(messages) == 1:
        return [publish(app, messages[0], queue, producer)]
    try:
        result = app.send_task(BATCH_TASK_NAME, args=[[m.model_dump(mode="json") for m in messages]],
                               queue=queue, retry=True, retry_policy=PUBLISH_RETRY, producer=producer)
    except (OperationalError, OSError) as exc:
        raise BrokerUnavailableError(f"broker unreachable: {exc}") from exc
    return [Published(m, result) for m in messages]


def _redis_call(call: Callable[[], T]) -> T:
    """Run a Redis call with the same brief retry as publishing, then fail loudly."""
    delays = [PUBLISH_RETRY["interval_start"], PUBLISH_RETRY["interval_max"]]
    while True:
        try:
            return call()
        except (redis.RedisError, OSError) as exc:
            if not delays:
                raise BrokerUnavailableError(f"redis unreachable: {exc}") from exc
            time.sleep(delays.pop(0))


def claim(client: redis.Redis, message: TaskMessage, queue: str,
          ttl: int) -> tuple[TaskMessage, bool]:
    """Dedupe by content hash: the message to send, and whether its content was enqueued before.

    A duplicate comes back stamped with the first enqueue's received_at, so that a forced
    re-enqueue produces output byte-identical (apart from `processing`) to the first one.
    """
    stamp = message.received_at.isoformat()
    first = _redis_call(lambda: delivery.claim_content(client, queue, message.sha256, stamp, ttl))
    if first is None:
        return message, False
    return message.model_copy(update={"received_at": datetime.fromisoformat(first)}), True


def release(client: redis.Redis, message: TaskMessage, queue: str) -> None:
    """Best effort: forget a claim whose message did not reach the broker."""
    # If Redis is down the claim stays; the report names the message and --force re-sends it.
    with contextlib.suppress(redis.RedisError, OSError):
        delivery.release_content(client, queue, message.sha256)
