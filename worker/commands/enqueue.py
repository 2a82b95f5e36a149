"""`ingest enqueue`: publish articles to the configured broker and say what was sent."""

from pathlib import Path

from rich.console import Console
from rich.table import Table

from worker.commands.publishing import print_problems, publish_paths
from worker.settings import get_settings, redact_url

EXIT_OK, EXIT_FAILED, EXIT_BROKER = 0, 1, 3


def enqueue_command(paths: list[Path]) -> int:
    """Publish; exit 3 if the broker failed, 1 if some input was unusable, else 0."""
    from worker.celery_app import create_app

    settings = get_settings()
    console = Console(stderr=True)
    app = create_app(settings)
    report = publish_paths(app, paths, settings, console)
    table = Table(title=f"enqueued to {redact_url(settings.effective_broker_url)} "
                        f"queue {settings.queue!r}")
    table.add_column("source")
    table.add_column("format")
    table.add_column("bytes", justify="right")
    table.add_column("task id")
    for item in report.published:
        m = item.message
        table.add_row(m.source_name, m.format, str(m.size), item.result.id)
    Console().print(table)
    print_problems(report, console)
    console.print(f"{len(report.published)} enqueued, {len(report.problems)} unusable, "
                  f"{len(report.not_enqueued)} not sent")
    if report.broker_error:
        return EXIT_BROKER
    return EXIT_FAILED if report.problems else EXIT_OK
