"""Delivery promises on real workers and a private Redis: config, dedupe, idempotence, dead letters."""

import uuid
from pathlib import Path

import orjson
import pytest
import redis
from celery import Celery

from schemas.models import FailureRecord
from tests.helpers import SEEDS, run_cli, service_env, wait_for
from worker.queue import delivery
from worker.queue.app import celery_config, create_app
from worker.queue.producer import make_message
from worker.queue.recovery import RecoveryStep
from worker.queue.tasks import TASK_NAME, process_article
from worker.settings import Settings

pytestmark = pytest.mark.integration
SEED = SEEDS / "001_kazakh_russian_talks.txt"


def test_delivery_settings_are_consistent() -> None:
    settings = Settings(broker_url="redis://127.0.0.1:1/0", visibility_timeout=900,
                        task_soft_time_limit=100, task_time_limit=150)
    config = celery_config(settings)
    assert config["task_acks_late"] and config["task_reject_on_worker_lost"]
    assert config["worker_prefetch_multiplier"] == 1
    assert config["accept_content"] == ["json"]
    assert (config["broker_transport_options"]["visibility_timeout"]
            == config["result_backend_transport_options"]["visibility_timeout"]
            == config["visibility_timeout"] == 900)
    assert config["task_time_limit"] < config["visibility_timeout"]
    assert process_article.soft_time_limit < process_article.time_limit
    with pytest.raises(ValueError, match="visibility_timeout"):
        create_app(settings.model_copy(update={"visibility_timeout": 150}))
    # A message may wait out a retry countdown and a busy slot before it runs: 2 x 150 + 60.
    with pytest.raises(ValueError, match="visibility_timeout"):
        create_app(settings.model_copy(update={"visibility_timeout": 360}))
    with pytest.raises(ValueError, match="heartbeat_timeout"):
        create_app(settings.model_copy(update={"heartbeat_interval": 5, "heartbeat_timeout": 10}))
    # Redis needs our heartbeats to hand back a dead worker's messages; RabbitMQ does it itself.
    assert RecoveryStep in create_app(settings).steps["consumer"]
    amqp = settings.model_copy(update={"broker_url": "amqp://guest@127.0.0.1:1//"})
    assert RecoveryStep not in create_app(amqp).steps["consumer"]


def test_default_timeouts_are_consistent() -> None:
    defaults = Settings.model_construct()  # the declared defaults, whatever the environment says
    create_app(defaults)  # pass the app's own checks
    assert defaults.heartbeat_timeout + defaults.heartbeat_interval < 60  # issue 12: about a minute


def _stored(out: Path) -> list[Path]:
    return sorted(out.glob("*.json"))


def _without_processing(path: Path) -> bytes:
    document = orjson.loads(path.read_bytes())
    document.pop("processing")
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)


def test_reenqueue_is_reported_and_forced_output_is_identical(
        tmp_path, redis_factory, worker_factory, queue_name) -> None:
    server = redis_factory()
    out = tmp_path / "out"
    worker_factory(server.url, out, queue_name)
    env = service_env(server.url, out, queue_name, COLUMNS="250")
    first = run_cli("enqueue", str(SEED), env=env)
    assert first.returncode == 0, first.stderr
    wait_for(lambda: len(_stored(out)) == 1, 60, "article not stored")
    (path,) = _stored(out)
    before_bytes, before = path.read_bytes(), _without_processing(path)

    again = run_cli("enqueue", str(SEED), env=env)
    assert again.returncode == 0, again.stderr
    assert "0 enqueued, 1 duplicates" in again.stderr
    assert "duplicate, skipped" in again.stdout

    forced = run_cli("enqueue", "--force", str(SEED), env=env)
    assert forced.returncode == 0, forced.stderr
    assert "re-enqueued duplicate" in forced.stdout
    wait_for(lambda: path.read_bytes() != before_bytes, 60, "forced re-enqueue not processed")
    assert _stored(out) == [path]
    assert _without_processing(path) == before
    print(f"delivery: 3 enqueues of one article: 1 duplicate reported, files {len(_stored(out))}")


def _app(url: str, queue: str) -> Celery:
    return create_app(Settings(broker_url=url, queue=queue))


def test_message_over_delivery_limit_is_dead_lettered(
        tmp_path, redis_factory, worker_factory, queue_name) -> None:
    server = redis_factory()
    out = tmp_path / "out"
    worker_factory(server.url, out, queue_name, INGEST_MAX_DELIVERIES="3")
    client = redis.Redis.from_url(server.url)
    message = make_message(SEED.name, "txt", SEED.read_bytes(), 2_000_000)
    poison_id = str(uuid.uuid4())
    # As if three earlier deliveries had each killed their worker before finishing.
    client.set(delivery.delivery_key(poison_id, 0), 3)
    app = _app(server.url, queue_name)
    app.send_task(TASK_NAME, args=[message.model_dump(mode="json")], queue=queue_name,
                  task_id=poison_id)
    failed = out / "failed" / f"{message.sha256[:16]}.json"
    wait_for(failed.exists, 60, "poison message was not dead-lettered")
    record = FailureRecord.model_validate_json(failed.read_bytes())
    assert record.error_class == "DeliveryLimitError" and record.stage == "deliver"
    assert "delivered 4 times" in record.error
    assert _stored(out) == []

    healthy_id = str(uuid.uuid4())
    app.send_task(TASK_NAME, args=[message.model_dump(mode="json")], queue=queue_name,
                  task_id=healthy_id)
    wait_for(lambda: len(_stored(out)) == 1, 60, "healthy message not stored")
    assert client.get(delivery.delivery_key(healthy_id, 0)) == b"1"
    print("delivery: poison message dead-lettered after 4 deliveries (max 3); healthy one stored")


def test_failed_list_show_and_retry(tmp_path, redis_factory, worker_factory, queue_name) -> None:
    server = redis_factory()
    out = tmp_path / "out"
    worker_factory(server.url, out, queue_name)
    env = service_env(server.url, out, queue_name, COLUMNS="250")
    empty = tmp_path / "in" / "empty.txt"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    assert run_cli("enqueue", str(empty), env=env).returncode == 0
    empty_key = make_message("empty.txt", "txt", b"", 2_000_000).sha256[:16]
    wait_for(lambda: (out / "failed" / f"{empty_key}.json").exists(), 60, "no failure record")
    # A record that reached only the Redis fallback list (the store was down at the time).
    message = make_message(SEED.name, "txt", SEED.read_bytes(), 2_000_000)
    record = FailureRecord(key=message.sha256[:16], message=message, stage="store",
                           error_class="StoreUnavailableError", error="disk gone",
                           permanent=False, attempts=3, failed_at=message.received_at)
    client = redis.Redis.from_url(server.url)
    delivery.push_dead_letter(client, "ingest:dead-letters", record)

    listed = run_cli("failed", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert empty_key in listed.stdout and record.key in listed.stdout
    assert "EmptyInputError" in listed.stdout and "redis" in listed.stdout
    assert "2 failed" in listed.stderr
    shown = run_cli("failed", "show", record.key, env=env)
    assert FailureRecord.model_validate_json(shown.stdout).error == "disk gone"
    assert run_cli("failed", "show", "0" * 16, env=env).returncode == 1

    replayed = run_cli("failed", "retry", record.key, env=env)
    assert replayed.returncode == 0, replayed.stderr
    wait_for(lambda: len(_stored(out)) == 1, 60, "replayed article not stored")
    assert client.llen("ingest:dead-letters") == 0
    # A permanent failure replays into the same failure again: the record is rewritten.
    failed_file = out / "failed" / f"{empty_key}.json"
    first_time = FailureRecord.model_validate_json(failed_file.read_bytes()).failed_at
    assert run_cli("failed", "retry", "--all", env=env).returncode == 0
    wait_for(lambda: failed_file.exists() and FailureRecord.model_validate_json(
        failed_file.read_bytes()).failed_at != first_time, 60, "replayed failure not recorded")
    print("delivery: failed list showed 2 (store 1, redis 1); retry stored 1, re-failed 1")
