"""`ingest run`: the whole job on one machine: broker, workers, enqueue, wait, summary, clean up."""

import signal
import time
from collections import Counter
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

import redis
from celery.exceptions import TimeoutError as CeleryTimeoutError
from celery.result import ResultSet
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from worker.commands.exits import EXIT_BROKER, EXIT_FAILED, EXIT_OK, EXIT_TIMEOUT, EXIT_WORKER
from worker.commands.own_queue import clean_up, drained, private
from worker.commands.publishing import PublishReport, print_problems, publish_paths
from worker.commands.supervise import SupervisedWorker, start_worker
from worker.errors import WorkerFailedError
from worker.queue.embedded import free_port, start_embedded
from worker.queue.producer import DEFAULT_BATCH_SIZE, iter_files
from worker.settings import Settings, get_settings, redact_url


def run_command(paths: list[Path], out: Path | None, workers: int, timeout: float,
                start_timeout: float) -> int:
    """Run the job; 0 all stored, 1 some failed, 3 broker error, 4 timeout, 5 the worker failed."""
    console = Console(stderr=True)
    base = get_settings()
    settings = base.model_copy(update={"out_dir": (out or base.out_dir).resolve()})
    started = time.perf_counter()
    with ExitStack() as stack:
        port = free_port() if settings.broker_url is None else None
        node = None
        if port is not None:
            settings = settings.model_copy(update={"broker_url": f"redis://127.0.0.1:{port}/0"})
        else:
            settings, node = private(settings)
        # The worker loads its model while the broker starts and the producer enqueues.
        worker = start_worker(settings, workers, start_timeout, node)
        try:
            server = start_embedded(port) if port is not None else None
        except BaseException:
            worker.stop(signal.SIGKILL)  # nothing was enqueued yet
            raise
        if server is not None:
            stack.callback(server.stop)
            console.print(f"embedded broker on {settings.broker_url}")
        else:
            console.print(f"broker {redact_url(settings.effective_broker_url)}")
        outcomes: Counter[str] = Counter({"pending": 1})
        # Stopped before the broker (callbacks run last-in first-out).
        stack.callback(lambda: _stop(worker, outcomes, settings, node))
        from worker.queue.app import create_app

        report = publish_paths(create_app(settings), paths, settings, console,
                               batch_size=_batch_size(paths, workers))
        print_problems(report, console)
        outcomes = _wait(report, worker, timeout, console)
    _summary(report, outcomes, settings, time.perf_counter() - started)
    if outcomes["worker_failed"]:
        return EXIT_WORKER
    if report.broker_error:
        return EXIT_BROKER
    if outcomes["pending"]:
        return EXIT_TIMEOUT
    return EXIT_FAILED if outcomes["failed"] or report.problems else EXIT_OK


def _stop(worker: SupervisedWorker, outcomes: Counter[str], settings: Settings, node: str | None) -> None:
    """SIGKILL a failed worker, or a finished one that holds nothing anyone needs: on the embedded
    broker (thrown away with its queue) or on the run's own queue once every message is
    acknowledged; that saves the 1.7 s a Celery shutdown takes. Otherwise a warm shutdown while
    tasks may still run, a cold one when all is done. Then the run's own queue is removed."""
    client = redis.Redis.from_url(settings.effective_broker_url) if node else None
    try:
        idle = not outcomes["pending"] and (client is None or drained(client, settings.queue))
    except redis.RedisError:
        idle = False  # the broker is down: let the worker shut down as it can
    if outcomes["worker_failed"] or idle:
        worker.stop(signal.SIGKILL)
    else:
        worker.stop(signal.SIGTERM if outcomes["pending"] else signal.SIGQUIT)
    if client is not None and node is not None:
        with suppress(redis.RedisError):  # the broker may be what failed; the summary says so
            clean_up(client, settings.queue, node)


def _wait(report: PublishReport, worker: SupervisedWorker, timeout: float,
          console: Console) -> Counter[str]:
    """Follow every published task to 'stored' or 'failed' with a progress bar, watching the worker."""
    outcomes: Counter[str] = Counter()
    deadline = time.monotonic() + timeout
    try:
        with Progress(TextColumn("process"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.fields[detail]}"), console=console,
                      transient=not console.is_terminal) as progress:
            bar = progress.add_task("process", total=len(report.published), detail="")
            tasks = {p.result.id: p.result for p in report.published}  # a batch's articles share one
            if tasks:
                results = ResultSet(list(tasks.values()))
                # on_interval runs between polls: a dead or never-ready worker ends the wait at once.
                for _, meta in results.iter_native(timeout=max(1.0, deadline - time.monotonic()),
                                                   interval=0.1, on_interval=worker.check):
                    done = _article_outcomes(meta)
                    outcomes.update(done)
                    progress.update(bar, advance=sum(done.values()),
                                    detail=f"stored {outcomes['stored']} failed {outcomes['failed']}")
    except (TimeoutError, CeleryTimeoutError):  # Celery's is not the builtin
        pass
    except WorkerFailedError as exc:
        outcomes["worker_failed"] = 1
        _report_worker(exc, worker, console)
    finally:
        # Unsubscribe while the broker is still up; otherwise each unfinished result tries to
        # at garbage collection, after the embedded broker is gone, and prints a traceback.
        for published in report.published:
            published.result.backend.remove_pending_result(published.result)
    outcomes["pending"] = len(report.published) - outcomes["stored"] - outcomes["failed"]
    return outcomes


def _article_outcomes(meta: dict[str, Any]) -> Counter[str]:
    """'stored'/'failed' per article of one finished task (a batch reports each of its articles)."""
    result = meta.get("result")
    if meta.get("status") != "SUCCESS" or not isinstance(result, dict):
        return Counter({"failed": 1})
    items = result.get("results", [result])
    return Counter("stored" if item.get("status") == "stored" else "failed" for item in items)


def _batch_size(paths: list[Path], workers: int) -> int:
    """Articles per task: a batch shares one model pass, but every process should get work."""
    files = sum(1 for item in iter_files(paths) if isinstance(item, Path))
    return max(1, min(DEFAULT_BATCH_SIZE, files // (workers * 4)))


def _report_worker(exc: WorkerFailedError, worker: SupervisedWorker, console: Console) -> None:
    console.print(f"[red]error: worker failed:[/red] {exc}; its last log lines:")
    for line in worker.last_lines():
        console.print(f"  {line[:400]}", markup=False, highlight=False, soft_wrap=True)
    console.print(f"full worker log: {worker.log}", soft_wrap=True, highlight=False)


def _summary(report: PublishReport, outcomes: Counter[str], settings: Settings,
             elapsed: float) -> None:
    table = Table(title="ingest run")
    table.add_column("")
    table.add_column("count", justify="right")
    pending = "not processed (worker failed)" if outcomes["worker_failed"] else "pending (timed out)"
    for label, value in [
        ("enqueued", len(report.published)), ("stored", outcomes["stored"]),
        ("failed", outcomes["failed"]), (pending, outcomes["pending"]),
        ("not enqueued", len(report.problems) + len(report.not_enqueued)),
    ]:
        table.add_row(label, str(value))
    table.caption = (f"{elapsed:.1f}s; articles in {settings.out_dir}, "
                     f"failures in {settings.failed_dir}")
    Console().print(table)
