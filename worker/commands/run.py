"""`ingest run`: the whole job on one machine: broker, workers, enqueue, wait, summary, clean up."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

from celery.result import ResultSet
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from worker.commands.publishing import PublishReport, print_problems, publish_paths
from worker.settings import Settings, get_settings, redact_url

EXIT_OK, EXIT_FAILED, EXIT_BROKER, EXIT_TIMEOUT = 0, 1, 3, 4


def run_command(paths: list[Path], out: Path | None, workers: int, timeout: float) -> int:
    """Run the job; 0 when every article is stored, 1 if any failed, 3 broker error, 4 timeout."""
    console = Console(stderr=True)
    base = get_settings()
    settings = base.model_copy(update={"out_dir": (out or base.out_dir).resolve()})
    started = time.perf_counter()
    with ExitStack() as stack:
        if settings.broker_url is None:
            from worker.queue.embedded import start_embedded

            server = start_embedded()
            stack.callback(server.stop)
            settings = settings.model_copy(update={"broker_url": f"{server.connection_url}/0"})
            console.print(f"embedded broker on {settings.broker_url}")
        else:
            console.print(f"broker {redact_url(settings.effective_broker_url)}")
        stack.callback(_stop, _start_worker(settings, workers))
        from worker.queue.app import create_app

        app = create_app(settings)
        report = publish_paths(app, paths, settings, console)
        print_problems(report, console)
        outcomes = _wait(report, timeout, console)
    elapsed = time.perf_counter() - started
    _summary(report, outcomes, settings, elapsed)
    if report.broker_error:
        return EXIT_BROKER
    if outcomes["pending"]:
        return EXIT_TIMEOUT
    return EXIT_FAILED if outcomes["failed"] or report.problems else EXIT_OK


def _start_worker(settings: Settings, workers: int) -> subprocess.Popen[bytes]:
    """A real worker process, run exactly as `ingest worker` runs in production."""
    env = {**os.environ, "INGEST_BROKER_URL": settings.effective_broker_url,
           "INGEST_OUT_DIR": str(settings.out_dir), "INGEST_QUEUE": settings.queue,
           "INGEST_LOG_JSON": "true"}
    log = (settings.out_dir.parent / f".{settings.out_dir.name}-worker.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = log.open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "worker", "worker", f"--concurrency={workers}",
         "--loglevel=WARNING"],
        env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Warm shutdown (SIGTERM), then kill the whole process group if it lingers."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _wait(report: PublishReport, timeout: float, console: Console) -> Counter[str]:
    """Follow every published task to 'stored' or 'failed', with a progress bar."""
    outcomes: Counter[str] = Counter()
    results = ResultSet([p.result for p in report.published])
    deadline = time.monotonic() + timeout
    with Progress(TextColumn("process"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.fields[detail]}"), console=console,
                  transient=not console.is_terminal) as progress:
        bar = progress.add_task("process", total=len(report.published), detail="")
        try:
            for _, meta in results.iter_native(timeout=max(1.0, deadline - time.monotonic()),
                                               interval=0.1):
                result = meta.get("result")
                ok = meta.get("status") == "SUCCESS" and isinstance(result, dict)
                outcomes[result["status"] if ok else "failed"] += 1  # type: ignore[index]
                progress.update(bar, advance=1,
                                detail=f"stored {outcomes['stored']} failed {outcomes['failed']}")
        except TimeoutError:
            pass
    outcomes["pending"] = len(report.published) - outcomes["stored"] - outcomes["failed"]
    return outcomes


def _summary(report: PublishReport, outcomes: Counter[str], settings: Settings,
             elapsed: float) -> None:
    table = Table(title="ingest run")
    table.add_column("")
    table.add_column("count", justify="right")
    for label, value in [
        ("enqueued", len(report.published)), ("stored", outcomes["stored"]),
        ("failed", outcomes["failed"]), ("pending (timed out)", outcomes["pending"]),
        ("not enqueued", len(report.problems) + len(report.not_enqueued)),
    ]:
        table.add_row(label, str(value))
    table.caption = (f"{elapsed:.1f}s; articles in {settings.out_dir}, "
                     f"failures in {settings.failed_dir}")
    Console().print(table)
