"""`ingest results`: read processed articles back, export them, and follow the event stream."""

import os
import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import orjson
import redis
import typer
from rich.console import Console
from rich.table import Table

from worker.commands.exits import EXIT_BROKER, EXIT_FAILED, EXIT_OK, EXIT_USAGE
from worker.settings import get_settings, redact_url
from worker.store.base import Store
from worker.store.events import decode_event
from worker.store.factory import open_store
from worker.store.files import FileStore
from worker.store.reader import read_articles

app = typer.Typer(help="Read processed articles back.", no_args_is_help=True)
OutOption = Annotated[
    Path | None, typer.Option("--out", help="store directory (default: the configured store)")
]
err = Console(stderr=True)
Entry = tuple[bytes, dict[bytes, bytes] | None]  # a stream entry; fields None once trimmed


class ExportFormat(StrEnum):
    """Export file formats."""

    jsonl = "jsonl"
    json = "json"


def _store(out: Path | None) -> Store:
    return FileStore(out) if out else open_store(get_settings())


def _label(store: Store) -> str:
    return str(getattr(store, "root", None) or getattr(store, "url", "store"))


@app.command("list")
def list_results(out: OutOption = None) -> None:
    """One row per stored article."""
    store = _store(out)
    table = Table(title=f"articles in {_label(store)}")
    for column in ("id", "published_at", "language", "title", "countries", "warnings"):
        table.add_column(column)
    count = 0
    for a in read_articles(store):
        table.add_row(a.id, a.published_at.isoformat() if a.published_at else "-", a.language,
                      a.title[:60], ",".join(c.iso2 for c in a.countries), str(len(a.warnings)))
        count += 1
    Console().print(table)
    err.print(f"{count} articles")


@app.command("show")
def show(article_id: str, out: OutOption = None) -> None:
    """Print one stored article as JSON (exit 1 if there is no such article, 2 if not an id)."""
    store = _store(out)
    try:
        article = store.read_article(article_id)
    except ValueError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_USAGE) from exc
    except FileNotFoundError as exc:
        err.print(f"[red]no article {article_id} in {_label(store)}[/red]")
        raise typer.Exit(EXIT_FAILED) from exc
    typer.echo(orjson.dumps(article.model_dump(mode="json"),
                            option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode())


def parse_since(value: str | None) -> datetime | None:
    """An ISO 8601 instant; one without an offset is taken as UTC."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"not an ISO 8601 date or datetime: {value!r}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@app.command("export")
def export(
    since: Annotated[str | None, typer.Option(help="only articles processed at/after this "
                                                   "ISO 8601 instant (UTC if no offset)")] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl: one article per "
                                                               "line; json: one array")]
    = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option(help="file to write (default: stdout)")] = None,
    out: OutOption = None,
) -> None:
    """Write the stored articles out, validated, for other services."""
    moment = parse_since(since)
    count = 0
    with _sink(output) as sink:
        if fmt is ExportFormat.json:
            sink.write(b"[")
        for article in read_articles(_store(out), since=moment):
            if fmt is ExportFormat.json and count:
                sink.write(b",")
            sink.write(orjson.dumps(article.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS))
            if fmt is ExportFormat.jsonl:
                sink.write(b"\n")
            count += 1
        if fmt is ExportFormat.json:
            sink.write(b"]\n")
    err.print(f"exported {count} articles" + (f" to {output}" if output else ""))


@contextmanager
def _sink(output: Path | None) -> Iterator[IO[bytes]]:
    """stdout, or a file that appears whole or not at all."""
    if output is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(tmp, output)
    finally:
        Path(tmp).unlink(missing_ok=True)


@app.command("follow")
def follow(
    group: Annotated[str, typer.Option(help="consumer group; created at the stream's start")],
    consumer: Annotated[str | None, typer.Option(
        help="consumer name; keep it stable across restarts to get back what was missed "
             "(default: the host name)")] = None,
    count: Annotated[int | None, typer.Option(min=1, help="exit after this many events")] = None,
    timeout: Annotated[float | None, typer.Option(
        help="exit after this many seconds without an event (default: follow forever)")] = None,
) -> None:
    """Print each stored-article event as a JSON line, then XACK it (at-least-once).

    Events delivered to this consumer but never acked (a crash) come first, then new ones.
    """
    settings = get_settings()
    name = consumer or socket.gethostname()
    client = redis.Redis.from_url(settings.effective_events_url, socket_connect_timeout=5)
    follower = Follower(client, settings.events_stream, group, name)
    try:
        follower.ensure_group()
        printed = follower.drain_pending(count)
        if count is None or printed < count:
            follower.follow_new(None if count is None else count - printed, timeout)
    except redis.RedisError as exc:
        err.print(f"[red]event stream {redact_url(settings.effective_events_url)}: {exc}[/red]")
        raise typer.Exit(EXIT_BROKER) from exc
    except BrokenPipeError:
        # The reader went away before this event was printed: it stays pending, unacked.
        sys.stderr.close()
        os._exit(EXIT_FAILED)
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_OK) from None


class Follower:
    """One consumer of one group: pending entries first, then new ones, acking each once printed."""

    def __init__(self, client: redis.Redis, stream: str, group: str, consumer: str) -> None:
        self.client, self.stream, self.group, self.consumer = client, stream, group, consumer

    def ensure_group(self) -> None:
        """Create the group at the stream's start, so a new group sees what is still retained."""
        try:
            self.client.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def drain_pending(self, limit: int | None) -> int:
        """Re-deliver what this consumer read before but never acked; returns how many printed."""
        printed, cursor = 0, b"0"
        while limit is None or printed < limit:
            entries = self._read(cursor, _batch(limit, printed), block=None)
            if not entries:
                return printed
            for entry_id, fields in entries:
                cursor = entry_id
                printed += self._handle(entry_id, fields)
                if limit is not None and printed >= limit:
                    break
        return printed

    def follow_new(self, limit: int | None, timeout: float | None) -> int:
        """Read never-delivered entries until `limit` are printed or `timeout` passes idle."""
        printed = 0
        idle_since = datetime.now(UTC)
        while limit is None or printed < limit:
            entries = self._read(">", _batch(limit, printed), block=1000)
            if entries:
                idle_since = datetime.now(UTC)
            elif timeout is not None and (datetime.now(UTC) - idle_since).total_seconds() >= timeout:
                return printed
            for entry_id, fields in entries:
                printed += self._handle(entry_id, fields)
        return printed

    def _read(self, cursor: str | bytes, count: int, block: int | None) -> list[Entry]:
        reply: Any = self.client.xreadgroup(self.group, self.consumer, {self.stream: cursor},
                                            count=count, block=block)
        return list(reply[0][1]) if reply else []

    def _handle(self, entry_id: bytes, fields: dict[bytes, bytes] | None) -> int:
        if fields:
            sys.stdout.write(orjson.dumps(decode_event(entry_id, fields)).decode() + "\n")
            sys.stdout.flush()  # printed for sure before it is acked
        # An entry trimmed by MAXLEN while pending comes back empty: ack it, nothing to print.
        self.client.xack(self.stream, self.group, entry_id)
        return 1 if fields else 0


def _batch(limit: int | None, printed: int) -> int:
    return 100 if limit is None else max(1, min(100, limit - printed))
