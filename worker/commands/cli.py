"""The `ingest` command line: run, enqueue, worker, results, schema, prepare; `main` is the entry point."""

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from worker.commands import failed as failed_cmd
from worker.commands import results as results_cmd
from worker.commands.exits import EXIT_FAILED, EXIT_OK, explain
from worker.commands.run import run_command
from worker.settings import get_settings, redact_url

app = typer.Typer(help="News articles in, richly tagged JSON out. Exit codes: 0 ok, 1 some input "
                  "failed, 2 usage, 3 broker unreachable, 4 timed out, 5 worker failed.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
app.add_typer(results_cmd.app, name="results")
app.add_typer(failed_cmd.app, name="failed")
console = Console(stderr=True)
_debug = False


def main() -> None:
    """Run the CLI; an expected failure prints one line and its exit code, a traceback only with --debug."""
    try:
        app()
    except Exception as exc:  # noqa: BLE001 - the one place that turns failures into exit codes
        _exit_for(exc)
    except KeyboardInterrupt as exc:
        _exit_for(exc)


def _exit_for(exc: BaseException) -> None:
    explained = explain(exc)
    if explained is None or _debug or _debug_logging():
        raise exc
    code, line = explained
    console.print(f"[red]error:[/red] {line}", highlight=False, soft_wrap=True)
    sys.exit(code)


def _debug_logging() -> bool:
    try:
        return get_settings().log_level.upper() == "DEBUG"
    except Exception:  # noqa: BLE001 - invalid settings are the error being reported
        return False


@app.callback()
def _options(debug: Annotated[bool, typer.Option("--debug", help="show tracebacks")] = False) -> None:
    global _debug
    _debug = debug

ExistingPaths = Annotated[list[Path], typer.Argument(exists=True, help="article files and directories")]


@app.command()
def run(
    paths: ExistingPaths,
    out: Annotated[Path | None, typer.Option("--out", help="output directory")] = None,
    workers: Annotated[int, typer.Option(min=1, help="worker processes")] = 2,
    timeout: Annotated[float, typer.Option(min=1, help="seconds to wait for all articles")] = 600,
    start_timeout: Annotated[float, typer.Option(min=1, help="seconds for the worker to become ready")] = 90,
) -> None:
    """Process articles end to end: broker (embedded unless configured), workers, store (exit 5: worker failed)."""
    raise typer.Exit(run_command(paths, out, workers, timeout, start_timeout))


@app.command()
def enqueue(
    paths: ExistingPaths,
    force: Annotated[bool, typer.Option(help="re-enqueue content already enqueued")] = False,
    batch_size: Annotated[int | None, typer.Option(
        min=1, help="articles per task (default 16; 1: one task each)")] = None,
) -> None:
    """Publish the articles found in PATHS to the configured broker, a small batch per task."""
    from worker.commands.enqueue import enqueue_command
    from worker.queue.producer import DEFAULT_BATCH_SIZE

    raise typer.Exit(enqueue_command(paths, force, batch_size or DEFAULT_BATCH_SIZE))


@app.command()
def worker(
    concurrency: Annotated[int | None, typer.Option(help="worker processes")] = None,
    queues: Annotated[str | None, typer.Option(help="comma-separated queues to consume")] = None,
    loglevel: Annotated[str, typer.Option(help="log level")] = "INFO",
    hostname: Annotated[str | None, typer.Option(help="Celery node name")] = None,
) -> None:
    """Start a Celery worker with the project's app."""
    settings = get_settings()
    from worker.queue.app import app as celery

    argv = ["worker", f"--concurrency={concurrency or settings.concurrency}",
            f"--queues={queues or settings.queue}", f"--loglevel={loglevel}",
            "--without-gossip", "--without-mingle"]
    if hostname:
        argv.append(f"--hostname={hostname}")
    console.print(f"worker on {redact_url(settings.effective_broker_url)}, out={settings.out_dir}")
    celery.worker_main(argv)


@app.command()
def schema(
    out: Annotated[Path | None, typer.Option(help="directory (default: the schemas package)")] = None,
    check: Annotated[bool, typer.Option(help="exit 1 if the files differ from the models")] = False,
) -> None:
    """Export the JSON Schema files from the pydantic models."""
    from schemas import SCHEMA_DIR, export_schemas, render_schemas

    directory = out or SCHEMA_DIR
    if check:
        stale = [n for n, text in render_schemas().items()
                 if not (directory / n).exists() or (directory / n).read_text("utf-8") != text]
        for name in stale:
            console.print(f"[red]out of date:[/red] {directory / name}")
        raise typer.Exit(EXIT_FAILED if stale else EXIT_OK)
    for path in export_schemas(directory):
        console.print(f"wrote {path}")


@app.command("eval")
def evaluate(
    directory: Annotated[Path, typer.Argument(
        exists=True, file_okay=False, help="a real-page set (labels/ + cache/) or fixtures with *.expected.json")],
    split: Annotated[str, typer.Option(help="dev, heldout or all (real-page sets)")] = "all",
    misses: Annotated[bool, typer.Option("--misses", help="list every disagreement")] = False,
    json_out: Annotated[Path | None, typer.Option("--json", help="also write the figures here")] = None,
) -> None:
    """Run the real pipeline over labelled articles; print accuracy and precision/recall/F1."""
    from worker.commands.evaluate import eval_command

    if split not in ("dev", "heldout", "all"):
        raise typer.BadParameter("--split must be dev, heldout or all")
    raise typer.Exit(eval_command(directory, split, misses, json_out))


@app.command()
def prepare() -> None:
    """Build the offline gazetteer indexes and load the model once (Docker images run this)."""
    from worker.pipeline import warm_up
    from worker.stages.i18n.places import get_places

    warm_up()
    # The multilingual place index (about 5 s) is built here, not in warm_up: English-only workers never open it.
    places = get_places()
    console.print(f"ready: gazetteers in {get_settings().cache_dir} (multilingual places: {places.path.name})")


@app.command()
def status(
    watch: Annotated[bool, typer.Option("--watch", help="refresh until interrupted")] = False,
    interval: Annotated[float, typer.Option(min=0.2, help="seconds between refreshes")] = 2.0,
    json_out: Annotated[bool, typer.Option("--json", help="one JSON object per snapshot")] = False,
) -> None:
    """Queue depth, stored, failed, rate, and in-flight messages: age, holder, dead holders (exit 3: broker down)."""
    from worker.commands.status import status_command

    try:
        status_command(get_settings(), watch, interval, json_out)
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_OK) from None


@app.command()
def bench(
    articles: Annotated[int | None, typer.Option(
        min=1, help="generated articles per run (default 2000; 300 with --peer)")] = None,
    workers: Annotated[str, typer.Option(help="comma-separated worker process counts")] = "1,2",
    runs: Annotated[int | None, typer.Option(
        min=1, help="runs per worker count, medians reported (default 1; with --peer: pairs, default 3)")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="also write the figures here")] = None,
    rate: Annotated[float | None, typer.Option(min=0.1, help="pace the producer, articles/s")] = None,
    batch_size: Annotated[int | None, typer.Option(
        min=1, help="articles per task (default 16; 8 with --rate)")] = None,
    timeout: Annotated[float, typer.Option(help="seconds to wait for one run's articles")] = 1800,
    peer: Annotated[bool, typer.Option(
        "--peer", help="race `ingest run` against the hand-written Celery + spaCy peer in bench/peer")] = False,
    corpus: Annotated[Path | None, typer.Option(
        exists=True, file_okay=False, help="a directory of .txt articles instead of the generated corpus")] = None,
) -> None:
    """Benchmark real workers on real Redis: throughput, latency, stages, RSS, efficiency; or --peer."""
    from worker.bench.corpus import make_corpus, read_corpus
    from worker.commands.bench import bench_command, peer_command
    from worker.queue.producer import DEFAULT_BATCH_SIZE, PACED_BATCH_SIZE

    counts = [int(w) for w in workers.split(",") if w.strip()]
    if corpus is not None:
        articles_in, origin = read_corpus(corpus), str(corpus)
    else:
        articles_in = make_corpus(articles or (300 if peer else 2000))
        origin = "generated from seeds/"
    if peer:
        raise typer.Exit(peer_command(articles_in, origin, counts, runs or 3, json_out, timeout))
    if not articles_in:
        raise typer.BadParameter(f"no .txt articles in {corpus}")
    raise typer.Exit(bench_command(articles_in, counts, runs or 1, json_out, rate,
                                   batch_size or (PACED_BATCH_SIZE if rate else DEFAULT_BATCH_SIZE), timeout))
