"""What Redis lacks natively: per-message delivery counts, a dead-letter list, content dedupe."""

import redis
import structlog

from schemas.models import FailureRecord
from worker.settings import Settings
from worker.store.pool import client_for

log = structlog.get_logger("ingest")


def state_url(settings: Settings) -> str:
    """The Redis that holds delivery state: the result backend, which is Redis for every broker."""
    return settings.effective_result_backend_url


def delivery_key(task_id: str, retries: int) -> str:
    """Each retry is a new message, so the counter is per task id and retry number."""
    return f"ingest:deliveries:{task_id}:{retries}"


def count_delivery(client: redis.Redis, task_id: str, retries: int, ttl: int) -> int:
    """Record one more delivery of a message; returns how many deliveries it has had."""
    key = delivery_key(task_id, retries)
    pipe = client.pipeline()
    pipe.incr(key)
    pipe.expire(key, ttl)
    count, _ = pipe.execute()
    return int(count)


def push_dead_letter(client: redis.Redis, key: str, record: FailureRecord) -> None:
    """Keep a failure record in Redis when the store cannot take it."""
    client.rpush(key, record.model_dump_json())


def dead_letters(client: redis.Redis, key: str) -> list[tuple[bytes, FailureRecord]]:
    """Every record in the dead-letter list, with its raw bytes (needed to remove it)."""
    raw_items: list[bytes] = client.lrange(key, 0, -1)  # type: ignore[assignment]
    return [(raw, FailureRecord.model_validate_json(raw)) for raw in raw_items]


def remove_dead_letter(client: redis.Redis, key: str, raw: bytes) -> None:
    """Drop one record from the dead-letter list (after it was replayed)."""
    client.lrem(key, 1, raw)  # type: ignore[arg-type]  # redis-py accepts bytes values


def seen_key(queue: str, sha256: str) -> str:
    """Dedupe is per queue: the same file may legitimately go to two queues."""
    return f"ingest:seen:{queue}:{sha256}"


def claim_content(client: redis.Redis, queue: str, sha256: str, received_at: str,
                  ttl: int) -> str | None:
    """SET NX of the content hash: None if new, else the first enqueue's received_at."""
    key = seen_key(queue, sha256)
    if client.set(key, received_at, nx=True, ex=ttl):
        return None
    first = client.get(key)
    return first.decode() if isinstance(first, bytes) else received_at


def release_content(client: redis.Redis, queue: str, sha256: str) -> None:
    """Forget a claim whose message was never published, so a later run can send it."""
    client.delete(seen_key(queue, sha256))


def delivery_count(settings: Settings, task_id: str, retries: int) -> int:
    """This message's delivery count; 0 when Redis cannot count (counting must not block work)."""
    try:
        client = client_for(state_url(settings))
        return count_delivery(client, task_id, retries, settings.delivery_count_ttl)
    except redis.RedisError as exc:
        log.warning("delivery count unavailable", error=str(exc))
        return 0
