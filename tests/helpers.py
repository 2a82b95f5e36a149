"""Test helpers: real worker processes and private Redis servers, started and stopped cleanly."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_REDIS = "redis://127.0.0.1:6379/0"


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RedisServer:
    """A private redis-server for tests that stop or restart it (never the shared one)."""

    port: int
    directory: Path
    args: list[str] = field(default_factory=list)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.directory.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--dir", str(self.directory), "--maxmemory-policy", "noeviction", *self.args],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: _pings(self.url), 10, "private redis did not start")
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def _pings(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=0.5).ping())
    except redis.RedisError:
        return False


def wait_for(check, timeout: float, message: str, interval: float = 0.1) -> None:  # type: ignore[no-untyped-def]
    """Poll `check` until it is true, or fail the test with `message`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise AssertionError(message)


def children(pid: int) -> list[int]:
    """The pool processes of a Celery main process."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


@dataclass
class WorkerProcess:
    """A real `ingest worker` process (Celery prefork) with its log file."""

    proc: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str]

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def service_env(broker_url: str, out_dir: Path, queue: str, **extra: str) -> dict[str, str]:
    """The environment a service runs with: INGEST_* settings only, as in docker compose."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    env.update({"INGEST_BROKER_URL": broker_url, "INGEST_OUT_DIR": str(out_dir),
                "INGEST_QUEUE": queue, "INGEST_LOG_JSON": "true", **extra})
    return env


def start_worker(env: dict[str, str], log: Path, *args: str, ready_timeout: float = 60) -> WorkerProcess:
    """Start `ingest worker` (via `python -m worker`) and wait until Celery says it is ready."""
    handle = log.open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "worker", "worker",
                             f"--hostname=test-{uuid.uuid4().hex[:8]}@%h", *args],
                            env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT,
                            start_new_session=True)
    worker = WorkerProcess(proc, log, env)
    try:
        wait_for(lambda: "ready." in worker.log_text() or proc.poll() is not None,
                 ready_timeout, "worker did not become ready")
    except AssertionError:
        worker.stop(signal.SIGKILL)
        raise
    assert proc.poll() is None, f"worker exited early:\n{worker.log_text()[-3000:]}"
    return worker


def run_cli(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the `ingest` CLI as a separate process, as a user or a compose service would."""
    return subprocess.run([sys.executable, "-m", "worker", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
