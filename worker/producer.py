"""Producer: files become task messages (one per article), published to the broker."""

import base64
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from celery import Celery
from celery.result import AsyncResult
from kombu.exceptions import OperationalError

from schemas.models import TaskMessage
from worker.errors import BrokerUnavailableError

FORMATS = {".txt": "txt", ".json": "json", ".jsonl": "json", ".html": "html", ".htm": "html"}
TASK_NAME = "ingest.process_article"  # the name, not the import: producers need no NLP stack
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


def make_message(name: str, fmt: str, data: bytes, limit: int) -> TaskMessage:
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
        received_at=datetime.now(UTC),
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


def publish(app: Celery, message: TaskMessage, queue: str) -> Published:
    """Send one message; raises BrokerUnavailableError when the broker cannot take it."""
    try:
        result = app.send_task(TASK_NAME, args=[message.model_dump(mode="json")], queue=queue,
                               retry=True, retry_policy=PUBLISH_RETRY)
    except (OperationalError, OSError) as exc:
        raise BrokerUnavailableError(f"broker unreachable: {exc}") from exc
    return Published(message, result)
