"""The worker process `ingest run` starts: launched like `ingest worker`, watched, and stopped."""

import os
import signal
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from worker.errors import WorkerFailedError
from worker.settings import Settings

# Celery logs "<node> ready." once the consumer is connected and the pool is up.
READY_MARK = b" ready."


@dataclass
class SupervisedWorker:
    """A real `ingest worker` process and its log; `check` raises as soon as it is dead or late."""

    proc: subprocess.Popen[bytes]
    log: Path
    start_deadline: float
    ready: bool = False
    _offset: int = field(default=0, repr=False)

    def check(self) -> None:
        """Raise WorkerFailedError if the process exited or is not ready by its deadline."""
        code = self.proc.poll()
        if code is not None:
            raise WorkerFailedError(f"the worker process exited (code {code})")
        if not self.ready:
            self.ready = self._saw_ready()
            if not self.ready and time.monotonic() > self.start_deadline:
                raise WorkerFailedError("no worker became ready before the start-up deadline")

    def last_lines(self, count: int = 15) -> list[str]:
        """The log's last lines: where the real error (an import failure, a traceback) is."""
        if not self.log.exists():
            return []
        with self.log.open("rb") as handle:
            tail = deque(handle, maxlen=count)
        return [line.decode("utf-8", "replace").rstrip() for line in tail]

    def stop(self, how: signal.Signals) -> None:
        """Stop the process group with `how`; SIGKILL if it lingers past the warm-shutdown grace."""
        if self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, how)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def _saw_ready(self) -> bool:
        start = max(0, self._offset - len(READY_MARK))  # the mark may straddle two reads
        with self.log.open("rb") as handle:
            handle.seek(start)
            chunk = handle.read()
        self._offset = start + len(chunk)
        return READY_MARK in chunk


def start_worker(settings: Settings, workers: int, start_timeout: float,
                 node: str | None = None) -> SupervisedWorker:
    """A real worker process, run exactly as `ingest worker` runs in production, logging to a file;
    `node` names it (`node@host`)."""
    env = {**os.environ, "INGEST_BROKER_URL": settings.effective_broker_url,
           "INGEST_OUT_DIR": str(settings.out_dir), "INGEST_QUEUE": settings.queue,
           "INGEST_LOG_JSON": "true"}
    log = settings.out_dir / "worker.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as handle:
        proc = subprocess.Popen(
            [sys.executable, "-m", "worker", "worker", f"--concurrency={workers}", "--loglevel=INFO",
             *([f"--hostname={node}@%h"] if node else [])],
            env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )
    return SupervisedWorker(proc, log, time.monotonic() + start_timeout)
