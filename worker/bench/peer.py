"""`ingest bench --peer`: `ingest run` against the hand-written peer (bench/peer), start to finish, in pairs."""

import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis

from worker.bench.measure import read_stored, stop_worker

PEER_ROOT = Path(__file__).resolve().parents[2] / "bench"
STAGES = ("parse", "tag", "enrich")


@dataclass
class Timed:
    """One side's run: wall seconds from launch to exit, what it produced, and the load it started at."""

    side: str
    seconds: float
    articles: int
    done: int
    failed: int
    load_before: float
    stage_ms: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds


@dataclass
class Pair:
    """The peer and ours on the same articles with the same process count, one after the other."""

    processes: int
    peer: Timed
    ours: Timed

    @property
    def ratio(self) -> float:
        """Ours over the peer in articles/s (above 1: ours is faster)."""
        return self.ours.rate / self.peer.rate


def peer_available() -> bool:
    """The peer ships in the repository's bench/, not in the installed package."""
    return (PEER_ROOT / "peer" / "tasks.py").is_file()


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INGEST_", "PEER_"))}
    env.update(extra)
    return env


def run_ours(corpus: Path, broker: str, processes: int, work: Path, timeout: float) -> Timed:
    """`ingest run CORPUS --workers N` as a user runs it, on the given broker; timed from launch to exit."""
    out = work / f"ours-{uuid.uuid4().hex[:8]}"
    articles = sum(1 for _ in corpus.rglob("*.txt"))
    load = os.getloadavg()[0]
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "worker", "run", str(corpus), "--out", str(out), f"--workers={processes}",
         f"--timeout={timeout}", "--start-timeout=120"],
        env=_env(INGEST_BROKER_URL=broker), capture_output=True, timeout=timeout + 180,
    )
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1):  # 1: some inputs failed, which the counts show
        raise RuntimeError(f"ingest run exited {result.returncode}:\n{result.stderr.decode(errors='replace')[-3000:]}")
    rows = read_stored(out)
    failed = sum(1 for _ in (out / "failed").glob("*.json")) if (out / "failed").exists() else 0
    stage_ms = {s: round(statistics.fmean(r.stage_ms.get(s, 0.0) for r in rows), 2) for s in STAGES} if rows else {}
    return Timed("ours", seconds, articles, len(rows), failed, load, stage_ms)


def run_peer(corpus: Path, broker: str, processes: int, work: Path, timeout: float) -> Timed:
    """The peer's worker and producer started together, timed until the producer has every result
    and the worker has stopped: what `ingest run` does in one command."""
    out = work / f"peer-{uuid.uuid4().hex[:8]}"
    articles = sum(1 for _ in corpus.rglob("*.txt"))
    env = _env(PEER_REDIS_URL=broker, PEER_OUT_DIR=str(out), PYTHONPATH=str(PEER_ROOT))
    log = work / f"{out.name}.log"
    load = os.getloadavg()[0]
    started = time.perf_counter()
    with log.open("wb") as handle:
        # The same worker flags as `ingest worker`, so start-up compares the code, not the options.
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "peer.tasks", "worker", f"--concurrency={processes}",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", f"--hostname=peer-{out.name}@%h"],
            cwd=PEER_ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        sender = subprocess.Popen([sys.executable, "-m", "peer.send", str(corpus)], cwd=PEER_ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        code = _wait_watching(sender, worker, log, timeout)
    finally:
        stop_worker(worker, signal.SIGQUIT)  # cold: how a hand-written worker is stopped
    seconds = time.perf_counter() - started
    done = sum(1 for _ in out.glob("*.json")) if out.exists() else 0
    if code not in (0, 1):
        raise RuntimeError(f"the peer's producer exited {code}")
    return Timed("peer", seconds, articles, done, articles - done, load)


def _wait_watching(sender: subprocess.Popen[bytes], worker: subprocess.Popen[bytes], log: Path,
                   timeout: float) -> int:
    """The producer's exit status; a dead worker or the deadline ends the wait at once."""
    deadline = time.monotonic() + timeout
    while (code := sender.poll()) is None:
        if worker.poll() is not None or time.monotonic() > deadline:
            sender.kill()
            sender.wait()
            reason = "exited" if worker.poll() is not None else f"timed out after {timeout:g}s"
            raise RuntimeError(f"peer worker {reason}:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.02)
    return code


Runner = Callable[[Path, str, int, Path, float], Timed]


def run_pairs(corpus: Path, broker: str, processes: int, pairs: int, work: Path, timeout: float,
              report: Callable[[Timed], None]) -> list[Pair]:
    """`pairs` runs of each side, alternating which goes first, with a flushed server before each run."""
    client = redis.Redis.from_url(broker)
    out: list[Pair] = []
    for index in range(pairs):
        order: list[tuple[str, Runner]] = [("peer", run_peer), ("ours", run_ours)]
        if index % 2:
            order.reverse()  # so neither side always runs on the warmer (or busier) machine
        timed: dict[str, Timed] = {}
        for side, runner in order:
            client.flushall()
            timed[side] = runner(corpus, broker, processes, work, timeout)
            report(timed[side])
        out.append(Pair(processes, timed["peer"], timed["ours"]))
    return out


def summary(pairs: list[Pair]) -> dict[str, Any]:
    """Medians over the pairs of one process count: both rates, both times, the ratio, our stage ms."""
    stage_rows = [p.ours.stage_ms for p in pairs if p.ours.stage_ms]
    return {
        "processes": pairs[0].processes, "pairs": len(pairs), "articles": pairs[0].peer.articles,
        "peer_seconds": round(statistics.median(p.peer.seconds for p in pairs), 2),
        "ours_seconds": round(statistics.median(p.ours.seconds for p in pairs), 2),
        "peer_articles_per_s": round(statistics.median(p.peer.rate for p in pairs), 2),
        "ours_articles_per_s": round(statistics.median(p.ours.rate for p in pairs), 2),
        "ratio": round(statistics.median(p.ratio for p in pairs), 3),
        "ours_stage_ms": {s: round(statistics.median(r[s] for r in stage_rows), 2) for s in STAGES}
        if stage_rows else {},
    }
