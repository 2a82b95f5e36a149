"""Publish every article under some paths with a progress bar; report what was not enqueued."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
from celery import Celery
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from schemas.models import TaskMessage
from worker.errors import BrokerUnavailableError
from worker.queue import delivery
from worker.queue.producer import Problem, Published, batches, claim, iter_files, messages_for, publish_batch, release
from worker.settings import Settings
from worker.store.pool import client_for


@dataclass
class PublishReport:
    """What a publishing run did."""

    published: list[Published] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[TaskMessage] = field(default_factory=list)
    not_enqueued: list[str] = field(default_factory=list)
    broker_error: str | None = None


def collect(paths: list[Path], settings: Settings, report: PublishReport) -> list[TaskMessage]:
    """Every message under `paths`; unusable inputs go to the report's problems."""
    units: list[TaskMessage] = []
    for item in iter_files(paths):
        if isinstance(item, Problem):
            report.problems.append(item)
            continue
        for unit in messages_for(item, settings.max_article_bytes):
            if isinstance(unit, Problem):
                report.problems.append(unit)
            else:
                units.append(unit)
    return units


def publish_paths(app: Celery, paths: list[Path], settings: Settings, console: Console,
                  dedupe: bool = False, force: bool = False, batch_size: int = 1) -> PublishReport:
    """Publish every message; after a broker failure, list every unit that was not sent.

    With `dedupe`, content already enqueued to this queue is reported as a duplicate and
    skipped, unless `force` re-enqueues it. With `batch_size` > 1, up to that many articles
    travel in one `ingest.process_batch` task (never more text than one article may hold).
    One pooled connection serves every send.
    """
    report = PublishReport()
    units = collect(paths, settings, report)
    client = client_for(delivery.state_url(settings)) if dedupe else None
    with Progress(TextColumn("enqueue"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=not console.is_terminal) as progress:
        bar = progress.add_task("enqueue", total=len(units))
        with app.producer_or_acquire() as producer:
            index = 0
            for chunk in batches(units, batch_size, settings.max_article_bytes):
                try:
                    _publish_chunk(app, client, chunk, settings, force, report, producer)
                except BrokerUnavailableError as exc:
                    report.broker_error = str(exc)
                    report.not_enqueued = [m.source_name for m in units[index:]]
                    break
                index += len(chunk)
                progress.advance(bar, len(chunk))
    return report


def _publish_chunk(app: Celery, client: redis.Redis | None, chunk: list[TaskMessage],
                   settings: Settings, force: bool, report: PublishReport, producer: Any) -> None:
    """Claim (when deduping) and send one chunk as one task; a failed send releases its claims."""
    to_send: list[tuple[TaskMessage, bool]] = []
    for message in chunk:
        duplicate = False
        if client is not None:
            message, duplicate = claim(client, message, settings.queue, settings.dedupe_ttl)
            if duplicate and not force:
                report.duplicates.append(message)
                continue
        to_send.append((message, duplicate))
    if not to_send:
        return
    try:
        sent = publish_batch(app, [m for m, _ in to_send], settings.queue, producer)
    except BrokerUnavailableError:
        for message, duplicate in to_send:
            if client is not None and not duplicate:
                release(client, message, settings.queue)
        raise
    report.published += [Published(p.message, p.result, d) for p, (_, d) in zip(sent, to_send, strict=True)]


def print_problems(report: PublishReport, console: Console) -> None:
    """Name every input that was not enqueued, and why."""
    for problem in report.problems:
        console.print(f"[yellow]not enqueued[/yellow] {problem.source}: {problem.reason}")
    for message in report.duplicates:
        console.print(f"[yellow]duplicate[/yellow] {message.source_name}: same content "
                      f"(sha256 {message.sha256[:12]}) already enqueued; --force re-enqueues it")
    if report.broker_error:
        console.print(f"[red]error:[/red] {report.broker_error}")
        console.print(f"[red]{len(report.not_enqueued)} not enqueued:[/red]")
        for name in report.not_enqueued:
            console.print(f"  {name}")
