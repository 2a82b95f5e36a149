"""Measuring real worker processes: start and readiness, process-tree RSS, stored results, Redis ops."""

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import orjson
import redis

_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def start_worker(env: dict[str, str], concurrency: int, log: Path,
                 timeout: float = 120) -> tuple[subprocess.Popen[bytes], float]:
    """`ingest worker` as production runs it; returns it and the seconds until Celery said ready."""
    started = time.perf_counter()
    handle = log.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "worker", "worker", f"--concurrency={concurrency}",
         "--loglevel=INFO", f"--hostname=bench-{os.getpid()}-{time.monotonic_ns()}@%h"],
        env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
    )
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"worker exited early:\n{log.read_text(errors='replace')[-3000:]}")
        if b"ready." in log.read_bytes():
            return proc, time.perf_counter() - started
        time.sleep(0.05)
    stop_worker(proc)
    raise RuntimeError(f"worker not ready after {timeout}s")


def stop_worker(proc: subprocess.Popen[bytes], how: signal.Signals = signal.SIGTERM) -> None:
    """Shut the worker's process group down (warm by default), killed if it lingers."""
    if proc.poll() is None:
        os.killpg(proc.pid, how)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants, from /proc (no psutil needed)."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return tree


def rss_mb(pid: int) -> float:
    """Resident set size of one process in MB; 0 when it has gone."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE_KB / 1024
    except (OSError, IndexError):
        return 0.0


@dataclass
class RssSampler:
    """Samples the RSS of a process tree in a thread; keeps the peak of any one process and of the sum."""

    pid: int
    interval: float = 0.2
    peak_process_mb: float = 0.0
    peak_total_mb: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> None:
        sizes = [rss_mb(p) for p in process_tree(self.pid)]
        self.peak_process_mb = max(self.peak_process_mb, *sizes, 0.0)
        self.peak_total_mb = max(self.peak_total_mb, sum(sizes))

    def __enter__(self) -> "RssSampler":
        def loop() -> None:
            while not self._stop.wait(self.interval):
                self.sample()

        self.sample()
        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()
        self.sample()


def count_outputs(out_dir: Path) -> tuple[int, int]:
    """Stored articles and failure records so far."""
    failed = out_dir / "failed"
    stored = sum(1 for _ in out_dir.glob("*.json"))
    return stored, sum(1 for _ in failed.glob("*.json")) if failed.exists() else 0


def wait_done(out_dir: Path, total: int, proc: subprocess.Popen[bytes], timeout: float) -> tuple[int, int]:
    """Wait until every article is stored or failed (or the worker died, or time ran out)."""
    deadline = time.monotonic() + timeout
    while True:
        stored, failed = count_outputs(out_dir)
        if stored + failed >= total or proc.poll() is not None or time.monotonic() > deadline:
            return stored, failed
        time.sleep(0.1)


@dataclass(frozen=True)
class Stored:
    """What the bench needs from one stored article."""

    received_at: datetime
    processed_at: datetime
    stage_ms: dict[str, float]


def read_stored(out_dir: Path) -> list[Stored]:
    """Every stored article's enqueue time, store time and stage timings."""
    rows = []
    for path in out_dir.glob("*.json"):
        doc = orjson.loads(path.read_bytes())
        processing = doc["processing"]
        rows.append(Stored(datetime.fromisoformat(doc["source"]["received_at"]),
                           datetime.fromisoformat(processing["processed_at"]), processing["stage_ms"]))
    return rows


def redis_calls(url: str) -> int:
    """Commands the Redis server has executed so far (INFO commandstats, all commands)."""
    stats = redis.Redis.from_url(url).info("commandstats")
    return sum(int(v["calls"]) for v in stats.values())
