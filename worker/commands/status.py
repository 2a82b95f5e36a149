"""`ingest status`: queue depth, in-flight messages (and those a dead worker holds), stored, failed, rate."""

import time
from dataclasses import asdict, dataclass
from pathlib import Path

import orjson
import redis
from kombu import Connection
from rich.console import Console, Group
from rich.live import Live
from rich.table import Table

from worker.queue.app import dead_letter_names, is_amqp
from worker.queue.recovery import InFlight, in_flight
from worker.settings import Settings, redact_url
from worker.store.base import Store
from worker.store.factory import open_store
from worker.store.files import FileStore

RATE_WINDOW = 60.0  # seconds: "recent" means the last minute
# kombu's Redis transport keeps priorities 3, 6 and 9 in sibling lists named with this separator.
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")
MESSAGE_ROWS = 20  # in-flight messages listed in the table (all of them in --json)


@dataclass
class Status:
    """One snapshot; None means the number is not available on this broker or store."""

    broker: str
    queue: str
    queued: int | None
    in_flight: int | None
    dead_lettered: int | None
    stored: int
    failed: int
    stored_last_minute: int
    events: int | None
    orphaned: int | None = None
    messages: list[dict[str, object]] | None = None  # in flight, oldest first; None on AMQP

    @property
    def rate_per_minute(self) -> int:
        """Articles stored in the last minute."""
        return self.stored_last_minute


def collect(settings: Settings, store: Store | None = None) -> Status:
    """Read every number once; broker errors propagate so the caller can exit non-zero."""
    store = store or open_store(settings)
    url = settings.effective_broker_url
    messages: list[InFlight] | None = None
    if is_amqp(url):
        queued, unacked, dead = _amqp_depths(url, settings.queue)
    else:
        queued, dead, messages = _redis_depths(url, settings)
        unacked = len(messages)
    return Status(
        broker=redact_url(url), queue=settings.queue, queued=queued, in_flight=unacked,
        dead_lettered=dead, stored=sum(1 for _ in store.article_ids()),
        failed=sum(1 for _ in store.failure_keys()),
        stored_last_minute=_recent(store, time.time() - RATE_WINDOW),
        events=_events(settings),
        orphaned=None if messages is None else sum(m.state == "orphaned" for m in messages),
        messages=None if messages is None else [m.as_dict() for m in messages],
    )


def _redis_depths(url: str, settings: Settings) -> tuple[int, int, list[InFlight]]:
    client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    pipe = client.pipeline(transaction=False)
    for suffix in PRIORITY_SUFFIXES:
        pipe.llen(settings.queue + suffix)
    pipe.llen(settings.dead_letter_key)
    *depths, dead = pipe.execute()
    return sum(depths), int(dead), in_flight(client, time.time(), settings.heartbeat_timeout)


def _amqp_depths(url: str, queue: str) -> tuple[int | None, None, int | None]:
    # A passive declare reads a queue's ready count without creating it; AMQP does not expose
    # the unacked count there (the management API would), so in-flight is unknown here.
    with Connection(url, connect_timeout=5) as conn:
        channel = conn.channel()
        return _passive_depth(channel, queue), None, _passive_depth(
            conn.channel(), dead_letter_names(queue)[1])


def _passive_depth(channel: object, queue: str) -> int | None:
    try:
        return int(channel.queue_declare(queue=queue, passive=True).message_count)  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - a missing queue closes the channel with 404
        if "NOT_FOUND" in str(exc) or "404" in str(exc):
            return None
        raise


def _recent(store: Store, since: float) -> int:
    if isinstance(store, FileStore):
        return sum(1 for p in Path(store.root).glob("*.json") if p.stat().st_mtime >= since)
    written_since = getattr(store, "written_since", None)
    return int(written_since(since)) if written_since else 0


def _events(settings: Settings) -> int | None:
    try:
        client = redis.Redis.from_url(settings.effective_events_url, socket_timeout=5,
                                      socket_connect_timeout=5)
        return int(client.xlen(settings.events_stream))  # type: ignore[arg-type]
    except redis.RedisError:
        return None


def render(status: Status) -> Group:
    """The snapshot as a two-column table, then the in-flight messages, oldest first."""
    table = Table(title="ingest status", caption=f"{status.broker}, queue {status.queue!r}")
    table.add_column("")
    table.add_column("count", justify="right")
    rows = [("queued", status.queued), ("in flight (unacked)", status.in_flight),
            ("  held by a worker that no longer exists", status.orphaned),
            ("dead-lettered", status.dead_lettered), ("stored", status.stored),
            ("failed", status.failed), ("stored, last minute", status.stored_last_minute),
            ("events in stream", status.events)]
    for label, value in rows:
        table.add_row(label, "n/a" if value is None else str(value))
    return Group(table, *([render_messages(status.messages)] if status.messages else []))


def render_messages(messages: list[dict[str, object]]) -> Table:
    """One row per in-flight message: its age, task, articles, holder and the holder's state."""
    shown = messages[:MESSAGE_ROWS]
    table = Table(title="in flight", caption=f"{len(shown)} of {len(messages)}, oldest first")
    for name in ("age", "task", "queue", "articles", "held by", "state"):
        table.add_column(name, justify="right" if name == "age" else "left")
    for m in shown:
        articles = m["articles"] if isinstance(m["articles"], list) else []
        first = f"{articles[0]}" + (f" +{len(articles) - 1}" if len(articles) > 1 else "") if articles else ""
        table.add_row(f"{m['age']} s", f"{m['task']} {str(m['task_id'])[:8]}", str(m["queue"]), first,
                      str(m["holder"] or "?"), _state(m))
    return table


def _state(message: dict[str, object]) -> str:
    if message["state"] == "orphaned":
        beat = message["holder_beat_age"]
        silent = f"silent {beat} s" if beat is not None else "no live worker lists it"
        return f"[red]orphaned[/red] ({silent}): a live worker restores it"
    if message["state"] == "unreported":
        return "just delivered"
    return "running"


def as_json(status: Status) -> str:
    """The snapshot as one JSON object, for scripts."""
    return orjson.dumps(asdict(status)).decode()


def status_command(settings: Settings, watch: bool, interval: float, json: bool) -> None:
    """Print once, or again every `interval` seconds until interrupted (one JSON line each)."""
    console = Console()
    if not watch:
        _emit(console, collect(settings), json)
        return
    if json:
        while True:
            _emit(console, collect(settings), json)
            time.sleep(interval)
    with Live(render(collect(settings)), console=console, auto_refresh=False) as live:
        while True:
            time.sleep(interval)
            live.update(render(collect(settings)), refresh=True)


def _emit(console: Console, status: Status, json: bool) -> None:
    if json:
        print(as_json(status), flush=True)  # plain print: rich would read [..] as markup
    else:
        console.print(render(status))
