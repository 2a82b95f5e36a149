"""`ingest failed`: list, show and replay dead letters (store records and the Redis fallback list)."""

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import redis
import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from schemas.models import FailureRecord, TaskMessage
from worker.commands.exits import EXIT_BROKER, EXIT_FAILED, EXIT_OK, EXIT_USAGE
from worker.errors import BrokerUnavailableError
from worker.queue import delivery
from worker.settings import Settings, get_settings
from worker.store.base import Store
from worker.store.factory import open_store
from worker.store.pool import client_for

app = typer.Typer(help="Inspect and replay failed articles (dead letters).", no_args_is_help=True)
OutOption = Annotated[Path | None, typer.Option("--out", help="store directory")]
err = Console(stderr=True)


@dataclass(frozen=True)
class DeadLetter:
    """One failure record and where it is kept: the store, or the Redis fallback list."""

    record: FailureRecord
    where: str
    raw: bytes | None = None  # the list item, needed to remove a Redis entry


def _settings(out: Path | None) -> Settings:
    base = get_settings()
    return base.model_copy(update={"out_dir": out}) if out else base


def _store_letters(store: Store) -> list[DeadLetter]:
    letters = []
    for key in store.failure_keys():
        try:
            letters.append(DeadLetter(store.read_failure(key), "store"))
        except (OSError, ValidationError) as exc:
            err.print(f"[yellow]unreadable record {key}:[/yellow] {exc}")
    return letters


def _redis_letters(settings: Settings) -> list[DeadLetter]:
    client = client_for(delivery.state_url(settings))
    try:
        items = delivery.dead_letters(client, settings.dead_letter_key)
    except redis.RedisError as exc:
        err.print(f"[yellow]redis dead-letter list unavailable:[/yellow] {exc}")
        return []
    return [DeadLetter(record, "redis", raw) for raw, record in items]


def all_letters(settings: Settings) -> list[DeadLetter]:
    """Every dead letter: store records first, then the Redis fallback list."""
    return [*_store_letters(open_store(settings)), *_redis_letters(settings)]


@app.command("list")
def list_failed(out: OutOption = None) -> None:
    """One row per failure record, from the store and from the Redis dead-letter list."""
    settings = _settings(out)
    letters = all_letters(settings)
    table = Table(title=f"failed in {settings.failed_dir} and redis {settings.dead_letter_key!r}")
    for column in ("key", "where", "source", "stage", "error class", "attempts", "failed at",
                   "error"):
        table.add_column(column)
    for letter in letters:
        r = letter.record
        source = r.message.source_name if isinstance(r.message, TaskMessage) else "(raw)"
        table.add_row(r.key, letter.where, source, r.stage, r.error_class, str(r.attempts),
                      r.failed_at.isoformat(timespec="seconds"), r.error[:80])
    Console(width=200).print(table)
    err.print(f"{len(letters)} failed")


@app.command("show")
def show(key: str, out: OutOption = None) -> None:
    """Print one failure record as JSON (exit 1 if there is none with KEY)."""
    matches = [d for d in all_letters(_settings(out)) if d.record.key == key]
    if not matches:
        err.print(f"[red]no failure record {key}[/red]")
        raise typer.Exit(EXIT_FAILED)
    typer.echo(matches[0].record.model_dump_json(indent=2))


@app.command("retry")
def retry(
    keys: Annotated[list[str] | None, typer.Argument(help="keys to replay")] = None,
    all_: Annotated[bool, typer.Option("--all", help="replay every failure record")] = False,
    out: OutOption = None,
) -> None:
    """Re-publish the original message of each record; a record is removed once re-published."""
    if not keys and not all_:
        err.print("[red]name the keys to replay, or pass --all[/red]")
        raise typer.Exit(EXIT_USAGE)
    settings = _settings(out)
    letters = all_letters(settings)
    chosen = letters if all_ else [d for d in letters if d.record.key in set(keys or [])]
    missing = sorted(set(keys or []) - {d.record.key for d in letters})
    for key in missing:
        err.print(f"[red]no failure record {key}[/red]")
    raise typer.Exit(replay(settings, chosen) or (EXIT_FAILED if missing else EXIT_OK))


def replay(settings: Settings, letters: list[DeadLetter]) -> int:
    """Publish each letter's message, then remove the letter; exit code as for `ingest enqueue`."""
    from worker.queue.app import create_app
    from worker.queue.producer import publish

    app = create_app(settings)
    store = open_store(settings)
    client = client_for(delivery.state_url(settings))
    code = EXIT_OK
    for letter in letters:
        message = letter.record.message
        if not isinstance(message, TaskMessage):
            err.print(f"[yellow]{letter.record.key}: not replayable[/yellow] (the message did "
                      "not match the task schema; it is kept for inspection)")
            code = EXIT_FAILED
            continue
        try:
            sent = publish(app, message, settings.queue)
        except BrokerUnavailableError as exc:
            err.print(f"[red]error:[/red] {exc}; {letter.record.key} and the rest not replayed")
            return EXIT_BROKER
        # Removed only after the broker took the message: a crash in between replays twice,
        # which the idempotent store absorbs, rather than losing the record.
        if letter.raw is not None:
            delivery.remove_dead_letter(client, settings.dead_letter_key, letter.raw)
        else:
            store.delete_failure(letter.record.key)
        err.print(f"replayed {letter.record.key} ({message.source_name}) as task {sent.result.id}")
    return code
