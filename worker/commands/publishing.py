"""Publish every article under some paths with a progress bar; report what was not enqueued."""

from dataclasses import dataclass, field
from pathlib import Path

from celery import Celery
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from worker.errors import BrokerUnavailableError
from worker.producer import Problem, Published, iter_files, messages_for, publish
from worker.settings import Settings


@dataclass
class PublishReport:
    """What a publishing run did."""

    published: list[Published] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    not_enqueued: list[str] = field(default_factory=list)
    broker_error: str | None = None


def publish_paths(app: Celery, paths: list[Path], settings: Settings, console: Console) -> PublishReport:
    """Publish every message; after a broker failure, list every unit that was not sent."""
    report = PublishReport()
    units = []
    for item in iter_files(paths):
        if isinstance(item, Problem):
            report.problems.append(item)
            continue
        for unit in messages_for(item, settings.max_article_bytes):
            (report.problems if isinstance(unit, Problem) else units).append(unit)
    with Progress(TextColumn("enqueue"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=not console.is_terminal) as progress:
        bar = progress.add_task("enqueue", total=len(units))
        for index, message in enumerate(units):
            try:
                report.published.append(publish(app, message, settings.queue))
            except BrokerUnavailableError as exc:
                report.broker_error = str(exc)
                report.not_enqueued = [m.source_name for m in units[index:]]  # type: ignore[union-attr]
                break
            progress.advance(bar)
    return report


def print_problems(report: PublishReport, console: Console) -> None:
    """Name every input that was not enqueued, and why."""
    for problem in report.problems:
        console.print(f"[yellow]not enqueued[/yellow] {problem.source}: {problem.reason}")
    if report.broker_error:
        console.print(f"[red]error:[/red] {report.broker_error}")
        console.print(f"[red]{len(report.not_enqueued)} not enqueued:[/red]")
        for name in report.not_enqueued:
            console.print(f"  {name}")
