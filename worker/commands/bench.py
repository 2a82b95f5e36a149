"""`ingest bench`: end-to-end throughput, latency, stage times, RSS and efficiency on real workers."""

import math
import os
import shutil
import statistics
import tempfile
import time
import uuid
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table

from worker.bench.baseline import spacy_rate
from worker.bench.corpus import write_corpus
from worker.bench.measure import (
    RssSampler,
    Stored,
    read_stored,
    redis_calls,
    start_worker,
    stop_worker,
    wait_done,
)
from worker.bench.peer import Pair, Timed, peer_available, run_pairs, summary
from worker.commands.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from worker.queue.producer import make_message, publish_batch
from worker.settings import Settings, get_settings, redact_url

STAGE_NAMES = ("parse", "tag", "enrich")


@dataclass
class RunFigures:
    """The figures of one run with one worker count."""

    workers: int
    articles: int
    stored: int
    failed: int
    articles_per_s: float
    spacy_articles_per_s: float
    efficiency: float
    latency_p50_s: float
    latency_p95_s: float
    latency_p99_s: float
    stage_ms: dict[str, float]
    peak_rss_process_mb: float
    peak_rss_total_mb: float
    enqueue_per_s: float
    worker_ready_s: float
    redis_ops_per_article: float
    load_before: float


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def publish_corpus(settings: Settings, corpus: list[tuple[str, bytes]], batch_size: int,
                   rate: float | None) -> float:
    """Publish every article in batches over one pooled connection; returns articles/s enqueued.

    With `rate`, article i is due at start + i/rate and is stamped with that time, so the latency
    includes any wait for its batch to fill, as a paced real feed would see it.
    """
    from worker.queue.app import create_app

    app = create_app(settings)
    limit = settings.max_article_bytes
    started = time.time()
    with app.producer_or_acquire() as producer:
        for first in range(0, len(corpus), batch_size):
            chunk = corpus[first:first + batch_size]
            if rate:
                last_due = started + (first + len(chunk) - 1) / rate
                time.sleep(max(0.0, last_due - time.time()))
                stamps = [datetime.fromtimestamp(started + (first + i) / rate, UTC)
                          for i in range(len(chunk))]
            else:
                stamps = [datetime.now(UTC)] * len(chunk)
            messages = [make_message(name, "txt", data, limit, stamp)
                        for (name, data), stamp in zip(chunk, stamps, strict=True)]
            publish_batch(app, messages, settings.queue, producer)
    return len(corpus) / (time.time() - started)


def summarise(rows: list[Stored]) -> tuple[float, list[float], dict[str, float]]:
    """End-to-end articles/s, latencies in seconds, and mean ms per stage."""
    if not rows:
        return 0.0, [], {}
    span = (max(r.processed_at for r in rows) - min(r.received_at for r in rows)).total_seconds()
    latencies = [(r.processed_at - r.received_at).total_seconds() for r in rows]
    stage_ms = {s: round(statistics.fmean(r.stage_ms.get(s, 0.0) for r in rows), 2) for s in STAGE_NAMES}
    return len(rows) / max(span, 1e-9), latencies, stage_ms


def one_run(base: Settings, broker: str, corpus: list[tuple[str, bytes]], workers: int,
            batch_size: int, rate: float | None, work: Path, timeout: float) -> RunFigures:
    """Baseline first (so the two never compete), then a fresh worker on a fresh queue."""
    load = os.getloadavg()[0]
    spacy = spacy_rate(corpus, workers)
    out = work / f"out-{uuid.uuid4().hex[:8]}"
    settings = base.model_copy(update={"broker_url": broker, "out_dir": out,
                                       "queue": f"bench-{uuid.uuid4().hex[:10]}"})
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    env.update({"INGEST_BROKER_URL": broker, "INGEST_OUT_DIR": str(out), "INGEST_QUEUE": settings.queue,
                "INGEST_LOG_JSON": "true", "INGEST_EVENTS_STREAM": f"{settings.queue}:events"})
    proc, ready = start_worker(env, workers, work / f"{settings.queue}.log")
    try:
        calls_before = redis_calls(broker)
        with RssSampler(proc.pid) as rss:
            enqueue_rate = publish_corpus(settings, corpus, batch_size, rate)
            stored, failed = wait_done(out, len(corpus), proc, timeout)
        calls = redis_calls(broker) - calls_before
    finally:
        stop_worker(proc)
    throughput, latencies, stage_ms = summarise(read_stored(out))
    shutil.rmtree(out, ignore_errors=True)
    return RunFigures(
        workers=workers, articles=len(corpus), stored=stored, failed=failed,
        articles_per_s=round(throughput, 2), spacy_articles_per_s=round(spacy, 2),
        efficiency=round(throughput / spacy, 3) if spacy else 0.0,
        latency_p50_s=round(percentile(latencies, 50), 3), latency_p95_s=round(percentile(latencies, 95), 3),
        latency_p99_s=round(percentile(latencies, 99), 3), stage_ms=stage_ms,
        peak_rss_process_mb=round(rss.peak_process_mb, 1), peak_rss_total_mb=round(rss.peak_total_mb, 1),
        enqueue_per_s=round(enqueue_rate, 1), worker_ready_s=round(ready, 2),
        redis_ops_per_article=round(calls / len(corpus), 2), load_before=round(load, 2),
    )


def median_figures(runs: list[RunFigures]) -> dict[str, Any]:
    """The median of every numeric figure across runs (stage times per stage)."""
    rows = [asdict(r) for r in runs]
    out: dict[str, Any] = {}
    for key, value in rows[0].items():
        if isinstance(value, dict):
            out[key] = {k: round(statistics.median(r[key][k] for r in rows), 2) for k in value}
        else:
            out[key] = round(statistics.median(r[key] for r in rows), 3)
    return out


_ROWS: list[tuple[str, str]] = [
    ("articles/s end to end", "articles_per_s"), ("bare spaCy articles/s", "spacy_articles_per_s"),
    ("efficiency", "efficiency"), ("latency p50 s", "latency_p50_s"), ("latency p95 s", "latency_p95_s"),
    ("latency p99 s", "latency_p99_s"), ("peak RSS, largest process MB", "peak_rss_process_mb"),
    ("peak RSS, all processes MB", "peak_rss_total_mb"), ("producer enqueue articles/s", "enqueue_per_s"),
    ("worker ready s", "worker_ready_s"), ("Redis ops per article", "redis_ops_per_article"),
    ("stored / failed", "stored"), ("load average before", "load_before"),
]


def render(medians: dict[int, dict[str, Any]], runs: int, caption: str) -> Table:
    """One table: a row per figure, a column per worker count (medians of the runs)."""
    table = Table(title=f"ingest bench (median of {runs} run{'s' if runs > 1 else ''})", caption=caption)
    table.add_column("figure")
    for workers in medians:
        table.add_column(f"{workers} worker{'s' if workers > 1 else ''}", justify="right")
    for label, key in _ROWS:
        if key == "stored":
            table.add_row(label, *(f"{m['stored']:g} / {m['failed']:g}" for m in medians.values()))
        else:
            table.add_row(label, *(f"{m[key]:g}" for m in medians.values()))
    for stage in STAGE_NAMES:
        table.add_row(f"mean ms: {stage}", *(f"{m['stage_ms'][stage]:g}" for m in medians.values()))
    return table


def bench_command(corpus: list[tuple[str, bytes]], workers: list[int], runs: int, json_out: Path | None,
                  rate: float | None, batch_size: int, timeout: float) -> int:
    """Run the bench; 0 when every article of every run was stored or recorded as failed."""
    console = Console(stderr=True)
    articles = len(corpus)
    base = get_settings()
    results: dict[int, list[RunFigures]] = {w: [] for w in workers}
    with ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
        stack.callback(shutil.rmtree, work, True)
        broker = base.broker_url
        if broker is None:
            from worker.queue.embedded import start_embedded

            server = start_embedded()
            stack.callback(server.stop)
            broker = f"{server.connection_url}/0"
        console.print(f"broker {redact_url(broker)}; {articles} articles, batch size {batch_size}"
                      + (f", paced at {rate:g}/s" if rate else ""))
        for run in range(1, runs + 1):
            for count in workers:
                figures = one_run(base, broker, corpus, count, batch_size, rate, work, timeout)
                results[count].append(figures)
                console.print(f"run {run}, {count} worker(s): {figures.articles_per_s:g} articles/s, "
                              f"efficiency {figures.efficiency:g}, p99 {figures.latency_p99_s:g}s")
    medians = {w: median_figures(r) for w, r in results.items()}
    caption = (f"{articles} articles, batch size {batch_size}, rate {rate or 'unpaced'}, "
               f"{os.cpu_count()} CPUs")
    Console().print(render(medians, runs, caption))
    report = {"articles": articles, "workers": workers, "runs": runs, "batch_size": batch_size,
              "rate": rate, "cpus": os.cpu_count(), "medians": {str(w): m for w, m in medians.items()},
              "runs_detail": {str(w): [asdict(r) for r in rs] for w, rs in results.items()}}
    if 1 in medians and 2 in medians and medians[1]["articles_per_s"]:
        report["scaling_2_vs_1"] = round(medians[2]["articles_per_s"] / medians[1]["articles_per_s"], 3)
        console.print(f"2 workers / 1 worker: {report['scaling_2_vs_1']}x")
    if json_out:
        json_out.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
        console.print(f"figures written to {json_out}")
    complete = all(r.stored + r.failed == r.articles for rs in results.values() for r in rs)
    return EXIT_OK if complete else EXIT_FAILED


def _peer_line(timed: Timed) -> str:
    made = "stored" if timed.side == "ours" else "written"
    return (f"{timed.side}: {timed.articles} articles in {timed.seconds:.2f}s = {timed.rate:.2f}/s "
            f"({timed.done} {made}, {timed.failed} failed; load {timed.load_before:.2f})")


def render_peer(rows: list[dict[str, Any]], caption: str) -> Table:
    """One row per process count: both medians and the median ratio."""
    table = Table(title="ingest bench --peer (medians over the pairs)", caption=caption)
    for column in ("processes", "pairs", "peer s", "ours s", "peer articles/s", "ours articles/s",
                   "ours/peer"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(str(row["processes"]), str(row["pairs"]), f"{row['peer_seconds']:g}",
                      f"{row['ours_seconds']:g}", f"{row['peer_articles_per_s']:g}",
                      f"{row['ours_articles_per_s']:g}", f"{row['ratio']:g}x")
    return table


def peer_command(corpus: list[tuple[str, bytes]], origin: str, workers: list[int], pairs: int,
                 json_out: Path | None, timeout: float) -> int:
    """Ours against the peer, alternately, on one private server; 0 when both processed every article."""
    console = Console(stderr=True)
    if not peer_available():
        console.print("[red]error:[/red] the peer lives in the repository's bench/ folder; run from a checkout")
        return EXIT_USAGE
    if not corpus:
        console.print(f"[red]error:[/red] no .txt articles in {origin}")
        return EXIT_USAGE
    from worker.queue.embedded import free_port, start_embedded

    results: dict[int, list[Pair]] = {}
    with ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="ingest-bench-peer-"))
        stack.callback(shutil.rmtree, work, True)
        directory = write_corpus(corpus, work / "corpus")
        # A private server for both sides: flushed between runs, and never the shared Redis.
        server = start_embedded(free_port())
        stack.callback(server.stop)
        broker = f"{server.connection_url}/0"
        console.print(f"{len(corpus)} articles from {origin}; private broker {broker}; {pairs} pair(s) "
                      f"per process count")
        for count in workers:
            console.print(f"[bold]{count} process(es)[/bold]")
            results[count] = run_pairs(directory, broker, count, pairs, work, timeout,
                                       lambda t: console.print(_peer_line(t), highlight=False))
    rows = [summary(pairs_) for pairs_ in results.values()]
    load = max(t.load_before for ps in results.values() for p in ps for t in (p.peer, p.ours))
    caption = (f"{len(corpus)} articles ({origin}), {os.cpu_count()} CPUs, load average at a run's "
               f"start up to {load:.2f}; ours/peer: the median of the pairs' ratios")
    out = Console()
    out.print(render_peer(rows, caption))
    for row in rows:
        stage = row["ours_stage_ms"]
        out.print(f"ours, {row['processes']} process(es), median of mean ms per article: "
                  + ", ".join(f"{s} {stage.get(s, 0):g}" for s in STAGE_NAMES), highlight=False)
    failed = max(p.ours.failed for ps in results.values() for p in ps)
    if failed:
        console.print(f"[yellow]note:[/yellow] ours recorded up to {failed} failure record(s) in a run; both "
                      "rates count every input, so ours did less work there")
    if load > (os.cpu_count() or 1):
        console.print(f"[yellow]note:[/yellow] the load average reached {load:.2f} on {os.cpu_count()} CPUs: "
                      "other work shared the machine, so the figures are noisy")
    if json_out:
        detail = {str(c): [{"peer": asdict(p.peer), "ours": asdict(p.ours), "ratio": round(p.ratio, 3)}
                           for p in ps] for c, ps in results.items()}
        json_out.write_bytes(orjson.dumps({"articles": len(corpus), "corpus": origin, "cpus": os.cpu_count(),
                                           "medians": rows, "pairs": detail}, option=orjson.OPT_INDENT_2))
        console.print(f"figures written to {json_out}")
    # The peer has no failure records: every article must have its file. Ours may record failures.
    complete = all(p.peer.done == p.peer.articles and p.ours.done + p.ours.failed == p.ours.articles
                   for ps in results.values() for p in ps)
    return EXIT_OK if complete else EXIT_FAILED
