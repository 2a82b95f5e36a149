"""`ingest run` on a configured Redis broker: a queue of the run's own, so its worker can be killed when done.

On the shared queue, the run's worker would also take other producers' articles, and a cold
shutdown (what a worker needs there) costs Celery about 1.7 s. On a queue only the run
publishes to, a worker that has acknowledged every message holds nothing anyone else needs: it
is killed at once, as on the embedded broker. Either way, what the run leaves in Redis is removed
when it ends, as the embedded broker is thrown away.
"""

import time
import uuid

import orjson
import redis

from worker.queue.recovery import REGISTRY_KEY, UNACKED_INDEX_KEY, UNACKED_KEY, read_beats
from worker.settings import Settings

ACK_GRACE = 2.0  # seconds: a task's result is stored a moment before its message is acknowledged


def private(settings: Settings) -> tuple[Settings, str | None]:
    """The run's settings on a queue of its own, and its worker's node name (`run-<token>`, Celery
    adds `@host`); unchanged off Redis: RabbitMQ would keep every run's durable queue."""
    from worker.queue.app import is_amqp  # not at import: the app module builds the app from settings

    if is_amqp(settings.effective_broker_url):
        return settings, None
    node = f"run-{uuid.uuid4().hex[:8]}"
    return settings.model_copy(update={"queue": f"{settings.queue}.{node}"}), node


def drained(client: redis.Redis, queue: str, grace: float = ACK_GRACE) -> bool:
    """Whether, within `grace` seconds, no message of `queue` is delivered and unacknowledged."""
    deadline = time.monotonic() + grace
    while True:
        if not any(_routed_to(payload, queue) for payload in client.hvals(UNACKED_KEY)):  # type: ignore[union-attr, arg-type]
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


def clean_up(client: redis.Redis, queue: str, node: str) -> None:
    """After the worker is gone: drop what is left of the run's queue (a run that timed out or
    lost its worker reports those articles as not processed) and what kombu and our heartbeats
    kept for the worker."""
    for tag, payload in client.hgetall(UNACKED_KEY).items():  # type: ignore[union-attr]
        if _routed_to(payload, queue):
            client.hdel(UNACKED_KEY, tag)
            client.zrem(UNACKED_INDEX_KEY, tag)
    # kombu keeps a list per priority step: `queue` and `queue\x06\x16<n>`.
    client.delete(queue, *client.scan_iter(match=f"{queue}\x06\x16*"))
    for instance, (_, beat) in read_beats(client).items():
        if beat.name.startswith(f"{node}@"):
            client.hdel(REGISTRY_KEY, instance)
    # kombu's binding tables (sets; `_kombu.binding_deadlines` is its sweep's sorted set).
    for pattern in ("_kombu.binding.*", "_kombu.binding_permanent.*"):
        for key in client.scan_iter(match=pattern):
            stale = [m for m in client.smembers(key) if queue.encode() in m or node.encode() in m]  # type: ignore[union-attr]
            if stale:
                client.srem(key, *stale)


def _routed_to(payload: bytes | str, queue: str) -> bool:
    # kombu's `unacked` entry is [message, exchange, routing_key]; Celery routes by queue name.
    try:
        return bool(orjson.loads(payload)[2] == queue)
    except (orjson.JSONDecodeError, IndexError, TypeError):
        return False
