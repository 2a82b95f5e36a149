"""The integration test on both brokers: seeds enqueued by the CLI are stored by real workers.

RabbitMQ is the local server (127.0.0.1:5672, guest/guest); each test uses its own queue and
deletes it afterwards. Results, events and the Redis store live on a private redis-server.
"""

import json
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import amqp
import jsonschema
import pytest
from kombu import Connection

from schemas import SCHEMA_DIR
from schemas.models import Article
from tests.helpers import ROOT, SEEDS, RedisServer, free_port, run_cli, service_env, wait_for
from worker.commands.status import collect
from worker.queue.app import create_app, dead_letter_names
from worker.settings import Settings
from worker.store.factory import open_store
from worker.store.reader import read_articles

pytestmark = pytest.mark.integration
RABBIT = "amqp://guest:guest@127.0.0.1:5672//"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


@dataclass
class Deployment:
    """One broker + store combination, with the environment every process of it runs with."""

    broker: str
    env: dict[str, str]
    settings: Settings


def _drop_rabbit_queue(queue: str) -> None:
    dlx, dead = dead_letter_names(queue)
    with Connection(RABBIT) as conn:
        channel = conn.channel()
        for name in (queue, dead):
            channel.queue_delete(name)
        for name in (queue, dlx):
            channel.exchange_delete(name)


@pytest.fixture(params=[("redis", "file"), ("amqp", "file"), ("redis", "redis")],
                ids=["redis-broker", "rabbitmq-broker", "redis-broker-redis-store"])
def deployment(request: pytest.FixtureRequest, tmp_path: Path, queue_name: str,
               redis_factory: Callable[..., RedisServer]) -> Iterator[Deployment]:
    broker_kind, store_kind = request.param
    server = redis_factory()
    broker = server.url if broker_kind == "redis" else RABBIT
    extra = {"INGEST_RESULT_BACKEND_URL": server.url}
    if store_kind == "redis":
        extra["INGEST_STORE_URL"] = f"{server.url}?prefix=it:"
    env = service_env(broker, tmp_path / "out", queue_name, **extra)
    settings = Settings(broker_url=broker, out_dir=tmp_path / "out", queue=queue_name,
                        result_backend_url=server.url, store_url=extra.get("INGEST_STORE_URL"))
    yield Deployment(broker_kind, env, settings)
    if broker_kind == "amqp":
        _drop_rabbit_queue(queue_name)


def _status(env: dict[str, str]) -> dict:
    result = run_cli("status", "--json", env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_seeds_stored_on_this_broker(deployment: Deployment, worker_factory) -> None:
    env, settings = deployment.env, deployment.settings
    enqueued = run_cli("enqueue", str(SEEDS), env=env)
    assert enqueued.returncode == 0, enqueued.stderr
    before = _status(env)
    assert before["queued"] >= 1 and before["stored"] == 0  # nobody consumes yet

    worker = worker_factory(env["INGEST_BROKER_URL"], settings.out_dir, settings.queue,
                            "--concurrency=2",
                            **{k: v for k, v in env.items() if k in
                               ("INGEST_RESULT_BACKEND_URL", "INGEST_STORE_URL")})
    store = open_store(settings)
    in_flight: list[int | None] = []

    def all_stored() -> bool:
        in_flight.append(collect(settings, store).in_flight)  # sampled while tasks run
        return sum(1 for _ in store.article_ids()) == len(SEED_FILES)

    wait_for(all_stored, 120, f"not every seed was stored:\n{worker.log_text()[-3000:]}")
    if deployment.broker == "redis":
        assert max(n or 0 for n in in_flight) >= 1  # kombu's unacked hash held running tasks
    else:
        assert set(in_flight) == {None}  # AMQP does not report unacked counts

    schema = json.loads((SCHEMA_DIR / "article.schema.json").read_text())
    articles = list(read_articles(store))
    for article in articles:
        jsonschema.validate(article.model_dump(mode="json"), schema)
    assert sorted(a.source.name for a in articles) == [p.name for p in SEED_FILES]
    assert list(store.failure_keys()) == []

    after = _status(env)
    assert after["queued"] == 0 and after["stored"] == len(SEED_FILES)
    assert after["failed"] == 0 and after["stored_last_minute"] == len(SEED_FILES)
    assert after["events"] == len(SEED_FILES)
    _assert_every_task_line_is_bound(worker.log_text(), articles)


def _assert_every_task_line_is_bound(log: str, articles: list[Article]) -> None:
    """Every JSON log line written for an article carries its task_id (and article_id once known)."""
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    task_lines = [line for line in lines if "source" in line or "article_id" in line]
    assert task_lines, "no per-article log lines at all"
    assert all(line.get("task_id") for line in task_lines), task_lines
    stored = [line for line in lines if line.get("event") == "article"]
    assert sorted(line["article_id"] for line in stored) == sorted(a.id for a in articles)
    assert all(line["outcome"] == "stored" and line["task_id"] for line in stored)


def settings_queue_arguments(settings: Settings) -> dict:
    """The arguments the app declares its task queue with."""
    return dict(create_app(settings).amqp.queues[settings.queue].queue_arguments)


@pytest.fixture
def rabbit_queue(queue_name: str) -> Iterator[str]:
    yield queue_name
    _drop_rabbit_queue(queue_name)


def test_rabbitmq_queue_is_quorum_with_dead_letters(rabbit_queue: str, tmp_path: Path,
                                                    worker_factory, redis_factory) -> None:
    server = redis_factory()
    settings = Settings(broker_url=RABBIT, queue=rabbit_queue, result_backend_url=server.url)
    worker = worker_factory(RABBIT, tmp_path / "out", rabbit_queue,
                            INGEST_RESULT_BACKEND_URL=server.url)
    # A message no worker can run (an unknown task) is rejected, and RabbitMQ dead-letters it.
    create_app(settings).send_task("ingest.no_such_task", args=[], queue=rabbit_queue)
    dead = dead_letter_names(rabbit_queue)[1]
    with Connection(RABBIT) as conn:
        wait_for(lambda: conn.channel().queue_declare(dead, passive=True).message_count == 1,
                 30, f"rejected message was not dead-lettered:\n{worker.log_text()[-2000:]}")
        # Redeclaring as a classic queue must clash with what the worker declared.
        with pytest.raises(amqp.exceptions.PreconditionFailed, match="x-queue-type"):
            declared = settings_queue_arguments(settings)
            conn.channel().queue_declare(rabbit_queue, durable=True, auto_delete=False,
                                         arguments={**declared, "x-queue-type": "classic"})
    assert "Global QoS is disabled" in worker.log_text()
    status = _status(service_env(RABBIT, tmp_path / "out", rabbit_queue,
                                 INGEST_RESULT_BACKEND_URL=server.url))
    assert status["dead_lettered"] == 1 and status["queued"] == 0


def test_status_watch_prints_a_snapshot_per_interval(tmp_path: Path, queue_name: str,
                                                     redis_factory) -> None:
    server = redis_factory()
    env = service_env(server.url, tmp_path / "out", queue_name)
    app = create_app(Settings(broker_url=server.url, queue=queue_name))
    for path in SEED_FILES:  # one real task message each, however `ingest enqueue` batches
        app.send_task("ingest.process_article", args=[{"source_name": path.name}],
                      queue=queue_name)
    watch = subprocess.Popen([sys.executable, "-m", "worker", "status", "--watch", "--json",
                              "--interval", "0.3"], env=env, cwd=ROOT, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert watch.stdout is not None
        snapshots = [json.loads(watch.stdout.readline()) for _ in range(3)]
    finally:
        watch.send_signal(signal.SIGINT)
        code = watch.wait(20)
    assert code == 0  # Ctrl-C is a normal way to stop watching
    assert [s["queued"] for s in snapshots] == [len(SEED_FILES)] * 3
    assert all(s["in_flight"] == 0 and s["stored"] == 0 for s in snapshots)


def test_status_exits_3_when_the_broker_is_down(tmp_path: Path, queue_name: str) -> None:
    env = service_env(f"redis://127.0.0.1:{free_port()}/0", tmp_path / "out", queue_name)
    result = run_cli("status", env=env, timeout=60)
    assert result.returncode == 3 and "broker unreachable" in result.stderr
