"""Worker heartbeats in Redis, and the restore of the messages a dead worker held (SIGKILL, OOM kill).

kombu's Redis transport keeps every delivered, unacked message in the `unacked` hash and the
time it was delivered in `unacked_index`, but not who holds it; its own restore hands back any
message older than the visibility timeout, running or not. Here every worker's main process
writes, every `heartbeat_interval`, the delivery tags it holds into one Redis hash. A message
that no live worker lists, delivered more than `heartbeat_timeout` ago, belongs to a worker
that stopped beating, and is pushed back to its queue with kombu's own `restore_by_tag`.
"""

import base64
import contextlib
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

import orjson
import redis
import structlog
from celery import bootsteps
from celery.worker import state
from kombu import Connection
from kombu.transport.redis import Channel

from worker.settings import Settings, get_settings

log = structlog.get_logger("ingest")
REGISTRY_KEY = "ingest:workers"
UNACKED_KEY, UNACKED_INDEX_KEY = Channel.unacked_key, Channel.unacked_index_key
TASK_PREFIX = "ingest."  # only our own messages are restored: other apps may share the Redis
# kombu stamps a message's delivery time just before writing it to Redis, and lists it as held
# just after; a beat claims to cover deliveries up to this long before it was taken.
SNAPSHOT_MARGIN = 1.0
FORGET_AFTER = 86400.0  # seconds after which a dead worker's entry goes, whatever it held
# Compare-and-delete: a worker that beats again between our read and our delete keeps its entry.
_FORGET = "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then " \
          "return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0"


@dataclass(frozen=True)
class Beat:
    """One worker's last heartbeat: who it is, when it beat, the delivery tags it held then."""

    instance: str
    name: str
    host: str
    pid: int
    started_at: float
    beat_at: float
    held: tuple[str, ...]

    def alive(self, now: float, timeout: float) -> bool:
        """Whether this worker beat within `timeout` seconds of `now`."""
        return self.beat_at >= now - timeout


@dataclass(frozen=True)
class InFlight:
    """One delivered, unacknowledged message, and who holds it."""

    tag: str
    task_id: str | None
    task: str | None
    queue: str | None
    articles: tuple[str, ...]
    age: float
    holder: str | None
    holder_beat_age: float | None
    state: str  # running | orphaned | unreported (delivered too recently to judge)

    @property
    def ours(self) -> bool:
        """Whether this is one of our tasks (the Redis may serve other Celery apps too)."""
        return bool(self.task and self.task.startswith(TASK_PREFIX))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, ages rounded to the second."""
        data = asdict(self)
        data.update(age=round(self.age), articles=list(self.articles),
                    holder_beat_age=None if self.holder_beat_age is None else round(self.holder_beat_age))
        return data


def write_beat(client: redis.Redis, beat: Beat) -> None:
    """Record a heartbeat (one hash field per worker instance)."""
    client.hset(REGISTRY_KEY, beat.instance, orjson.dumps(asdict(beat)))


def read_beats(client: redis.Redis) -> dict[str, tuple[bytes, Beat]]:
    """Every worker's last heartbeat, with its raw value (needed to forget it safely)."""
    raw: dict[bytes, bytes] = client.hgetall(REGISTRY_KEY)  # type: ignore[assignment]
    beats = {}
    for key, value in raw.items():
        data = orjson.loads(value)
        beats[key.decode()] = (value, Beat(**{**data, "held": tuple(data["held"])}))
    return beats


def in_flight(client: redis.Redis, now: float, timeout: float) -> list[InFlight]:
    """Every unacked message, oldest first, judged against the workers' heartbeats."""
    beats = [beat for _, beat in read_beats(client).values()]
    index: list[tuple[bytes, float]] = client.zrange(UNACKED_INDEX_KEY, 0, -1, withscores=True)  # type: ignore[assignment]
    if not index:
        return []
    payloads: list[bytes | None] = client.hmget(UNACKED_KEY, [tag for tag, _ in index])  # type: ignore[assignment]
    return [_judge(tag.decode(), delivered, payload, beats, now, timeout)
            for (tag, delivered), payload in zip(index, payloads, strict=True)]


def _judge(tag: str, delivered: float, payload: bytes | None, beats: list[Beat], now: float,
           timeout: float) -> InFlight:
    listed = sorted((b for b in beats if tag in b.held), key=lambda b: -b.beat_at)
    holder = listed[0] if listed else None
    if holder is not None and holder.alive(now, timeout):
        judged = "running"
    elif delivered < now - timeout:
        # Safe whatever the clocks: a live holder beat after `now - timeout` in its own clock,
        # which is also the clock of `delivered`, so that beat listed this message.
        judged = "orphaned"
    else:
        judged = "unreported"
    task_id, task, queue, articles = _describe(payload)
    return InFlight(tag=tag, task_id=task_id, task=task, queue=queue, articles=articles,
                    age=now - delivered, holder=holder.name if holder else None,
                    holder_beat_age=now - holder.beat_at if holder else None, state=judged)


def _describe(payload: bytes | None) -> tuple[str | None, str | None, str | None, tuple[str, ...]]:
    """Task id, task name, queue and article names of one kombu `unacked` entry."""
    if payload is None:
        return None, None, None, ()
    try:
        message, _exchange, routing_key = orjson.loads(payload)
        headers = message.get("headers") or {}
        body = message.get("body", "")
        if message.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args = orjson.loads(body)[0] if body else []
    except (ValueError, TypeError, KeyError, IndexError):
        return None, None, None, ()
    return headers.get("id"), headers.get("task"), routing_key, tuple(_names(args))


def _names(args: list[Any]) -> Iterable[str]:
    first = args[0] if args else None
    for item in first if isinstance(first, list) else [first]:
        if isinstance(item, dict):
            source = item.get("source")
            yield str(item.get("source_name") or (source.get("name") if isinstance(source, dict) else "?"))


def sweep(client: redis.Redis, connect: Callable[[], Connection], now: float,
          timeout: float) -> list[InFlight]:
    """Restore every orphaned message of ours to its queue; forget dead workers holding nothing."""
    lost = [m for m in in_flight(client, now, timeout) if m.state == "orphaned" and m.ours]
    if lost:
        with connect() as conn:
            qos = conn.default_channel.qos
            for message in lost:
                # kombu's own restore: one WATCH transaction, so a message acked meanwhile stays acked.
                qos.restore_by_tag(message.tag)
                log.warning("restored a dead worker's message", task_id=message.task_id,
                            holder=message.holder, age_s=round(message.age),
                            articles=len(message.articles), queue=message.queue)
    _forget_dead(client, now, timeout)
    return lost


def _forget_dead(client: redis.Redis, now: float, timeout: float) -> None:
    unacked = {tag.decode() for tag in client.hkeys(UNACKED_KEY)}  # type: ignore[union-attr]
    forget = client.register_script(_FORGET)
    for instance, (raw, beat) in read_beats(client).items():
        dead = not beat.alive(now, timeout)
        if dead and (not unacked.intersection(beat.held) or beat.beat_at < now - FORGET_AFTER):
            forget(keys=[REGISTRY_KEY], args=[instance, raw])


def held_tags(consumer: Any) -> tuple[str, ...]:
    """The delivery tags this worker holds: kombu's unacked list, and every request it knows of.

    The requests cover tasks still running on a channel that a reconnect replaced.
    """
    tags: set[str] = set()
    # No consumer yet, or reconnecting: the requests below still count.
    with contextlib.suppress(AttributeError, RuntimeError):
        # kombu's QoS keeps what this channel delivered and has not acked in `_delivered`.
        tags.update(list(consumer.task_consumer.channel.qos._delivered))
    for request in [*list(state.requests.values()), *list(state.scheduled_requests)]:
        tag = getattr(request.message, "delivery_tag", None)
        if tag:
            tags.add(str(tag))
    return tuple(sorted(tags))


class Heartbeat:
    """Beats for one worker process and, once its own beats have run unbroken, sweeps for the dead."""

    def __init__(self, consumer: Any, settings: Settings, connect: Callable[[], Connection]) -> None:
        self.consumer, self.settings, self.connect = consumer, settings, connect
        self.client = redis.Redis.from_url(settings.effective_broker_url, socket_timeout=5,
                                           socket_connect_timeout=5)
        self.instance = f"{consumer.hostname}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.started_at = time.time()
        self.healthy_since: float | None = None
        self.has_beaten = False
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="ingest-heartbeat", daemon=True)

    def start(self) -> None:
        """Beat once now (so the registry knows this worker before it consumes), then keep beating."""
        self.tick()
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped.wait(self.settings.heartbeat_interval):
            self.tick()

    def tick(self) -> None:
        """One beat and, when safe, one sweep; Redis errors are logged and retried next tick."""
        try:
            self.beat()
            # After a gap in our own beats (Redis restarted, network cut), peers may not have
            # beaten either: wait a whole timeout before judging anyone dead.
            if time.time() - (self.healthy_since or time.time()) >= self.settings.heartbeat_timeout:
                sweep(self.client, self.connect, time.time(), self.settings.heartbeat_timeout)
        except (redis.RedisError, OSError) as exc:
            self.healthy_since = None
            log.warning("heartbeat failed", error=str(exc))
        except Exception as exc:  # noqa: BLE001 - the heartbeat thread must outlive a bad sweep
            log.error("recovery sweep failed", error_class=type(exc).__name__, error=str(exc))

    def beat(self) -> None:
        taken = time.time()
        held = held_tags(self.consumer)
        write_beat(self.client, Beat(
            instance=self.instance, name=self.consumer.hostname, host=socket.gethostname(),
            pid=os.getpid(), started_at=self.started_at, beat_at=taken - SNAPSHOT_MARGIN, held=held))
        if self.healthy_since is None:
            # First beat, or first after a failed one: then peers may have failed too.
            self.healthy_since = taken - (0.0 if self.has_beaten else self._redis_uptime())
            self.has_beaten = True

    def _redis_uptime(self) -> float:
        # At start, live peers have been able to beat for as long as Redis has been up: a worker
        # started well after a crash restores what the dead one held at once.
        uptime = float(self.client.info("server").get("uptime_in_seconds", 0))
        return min(uptime, float(self.settings.heartbeat_timeout))


class RecoveryStep(bootsteps.StartStopStep):  # type: ignore[misc]
    """Consumer step of the worker's main process: heartbeats and the sweep for dead workers."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.heartbeat: Heartbeat | None = None

    def start(self, parent: Any) -> None:
        # Called again after every reconnect; one heartbeat serves the process's whole life, and
        # it keeps beating through a warm shutdown, while running tasks still hold messages.
        if self.heartbeat is None:
            self.heartbeat = Heartbeat(parent, get_settings(), parent.app.connection_for_write)
            self.heartbeat.start()
