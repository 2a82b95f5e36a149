"""Shared fixtures: seed messages, unique queues, real workers and private Redis servers."""

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from schemas.models import Article, TaskMessage
from tests.helpers import (
    SEEDS,
    SHARED_REDIS,
    RedisServer,
    WorkerProcess,
    free_port,
    service_env,
    start_worker,
)
from worker.pipeline import run_pipeline
from worker.queue.producer import make_message

SEED = SEEDS / "000_90aac7b68090c8a5.txt"


@pytest.fixture
def message_for() -> Callable[..., TaskMessage]:
    """Factory: a task message from a path, or from text/bytes with a given format."""

    def make(source: Path | str | bytes, fmt: str = "txt", name: str = "test.txt",
             limit: int = 2_000_000) -> TaskMessage:
        if isinstance(source, Path):
            fmt = {"json": "json", "html": "html"}.get(source.suffix.lstrip("."), "txt")
            return make_message(source.name, fmt, source.read_bytes(), limit)
        data = source.encode("utf-8") if isinstance(source, str) else source
        return make_message(name, fmt, data, limit)

    return make


@pytest.fixture(scope="session")
def seed_article() -> Article:
    """The user's seed article, processed by the real pipeline."""
    return run_pipeline(make_message(SEED.name, "txt", SEED.read_bytes(), 2_000_000))


@pytest.fixture
def shared_redis() -> str:
    """The shared Redis on 6379 (never stopped by tests)."""
    client = redis.Redis.from_url(SHARED_REDIS)
    client.ping()
    return SHARED_REDIS


@pytest.fixture
def queue_name() -> str:
    """A queue nobody else consumes, so concurrent tests don't steal each other's tasks."""
    return f"test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def worker_factory(tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Factory: start real `ingest worker` processes; all are stopped at teardown."""
    started: list[WorkerProcess] = []

    def start(broker_url: str, out_dir: Path, queue: str, *args: str, **env: str) -> WorkerProcess:
        log = tmp_path / f"worker-{len(started)}.log"
        worker = start_worker(service_env(broker_url, out_dir, queue, **env), log, *args)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def redis_factory(tmp_path: Path) -> Iterator[Callable[..., RedisServer]]:
    """Factory: private redis-server processes on spare ports, for fault tests."""
    servers: list[RedisServer] = []

    def start(*args: str) -> RedisServer:
        server = RedisServer(free_port(), tmp_path / f"redis-{len(servers)}", list(args)).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
