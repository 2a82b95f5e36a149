"""`ingest enqueue`: publish articles to the configured broker and say what was sent."""

from pathlib import Path

from rich.console import Console
from rich.table import Table

from worker.commands.exits import EXIT_BROKER, EXIT_FAILED, EXIT_OK
from worker.commands.publishing import print_problems, publish_paths
from worker.settings import get_settings, redact_url


def enqueue_command(paths: list[Path], force: bool = False, batch_size: int = 1) -> int:
    """Publish; exit 3 if the broker failed, 1 if some input was unusable, else 0.

    Content already enqueued to the queue is reported as a duplicate and skipped (not an
    error), unless `force` re-enqueues it.
    """
    from worker.queue.app import create_app

    settings = get_settings()
    console = Console(stderr=True)
    app = create_app(settings)
    report = publish_paths(app, paths, settings, console, dedupe=True, force=force,
                           batch_size=batch_size)
    table = Table(title=f"enqueued to {redact_url(settings.effective_broker_url)} "
                        f"queue {settings.queue!r}")
    for column in ("source", "format", "bytes", "status", "task id"):
        table.add_column(column, justify="right" if column == "bytes" else "left")
    for item in report.published:
        m = item.message
        status = "re-enqueued duplicate" if item.duplicate else "enqueued"
        table.add_row(m.source_name, m.format, str(m.size), status, item.result.id)
    for m in report.duplicates:
        table.add_row(m.source_name, m.format, str(m.size), "duplicate, skipped", "-")
    Console().print(table)
    print_problems(report, console)
    console.print(f"{len(report.published)} enqueued, {len(report.duplicates)} duplicates, "
                  f"{len(report.problems)} unusable, {len(report.not_enqueued)} not sent")
    if report.broker_error:
        return EXIT_BROKER
    return EXIT_FAILED if report.problems else EXIT_OK
