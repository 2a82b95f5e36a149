"""Heartbeat recovery: what a dead worker held goes back to its queue, what a live one runs stays."""

import json
import os
import signal
import time

import pytest
import redis

from tests.helpers import SEEDS, children, run_cli, service_env, wait_for
from worker.queue import recovery
from worker.queue.app import create_app
from worker.queue.producer import make_message
from worker.queue.tasks import TASK_NAME
from worker.settings import Settings

# Short heartbeats so the test waits seconds, not minutes; the fault suite runs the defaults.
FAST_BEATS = {"INGEST_HEARTBEAT_INTERVAL": "1", "INGEST_HEARTBEAT_TIMEOUT": "3",
              "INGEST_LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1"}


def _deliver(app, queue: str, count: int) -> list[str]:
    """Take `count` messages off `queue` without acking them, as a worker's consumer does."""
    with app.connection_for_write() as conn:
        channel = conn.channel()
        tags = [channel.basic_get(queue, no_ack=False).delivery_tag for _ in range(count)]
        # Forget them locally, so closing this channel does not hand them back at once.
        channel.qos._delivered.clear()
        return tags


def test_sweep_restores_only_what_no_live_worker_holds(redis_factory, queue_name) -> None:
    server = redis_factory()
    client = redis.Redis.from_url(server.url)
    app = create_app(Settings(broker_url=server.url, queue=queue_name))
    for name in ("running.txt", "orphan.txt", "unlisted.txt", "fresh.txt"):
        app.send_task(TASK_NAME, args=[{"source_name": name}], queue=queue_name)
    app.send_task("other.app_task", args=[{"source_name": "foreign.txt"}], queue=queue_name)
    running, orphan, unlisted, fresh, foreign = _deliver(app, queue_name, 5)
    now = time.time()
    # Delivered 100 s ago, except one just now.
    client.zadd(recovery.UNACKED_INDEX_KEY, {t: now - 100 for t in (running, orphan, unlisted, foreign)})
    client.zadd(recovery.UNACKED_INDEX_KEY, {fresh: now})
    beat = {"host": "h", "pid": 1, "started_at": now - 500}
    recovery.write_beat(client, recovery.Beat(instance="a", name="alive@h", beat_at=now - 1,
                                              held=(running,), **beat))  # type: ignore[arg-type]
    recovery.write_beat(client, recovery.Beat(instance="d", name="dead@h", beat_at=now - 60,
                                              held=(orphan,), **beat))  # type: ignore[arg-type]

    states = {m.tag: (m.state, m.holder, m.articles) for m in recovery.in_flight(client, now, 30)}
    assert states == {
        running: ("running", "alive@h", ("running.txt",)),
        orphan: ("orphaned", "dead@h", ("orphan.txt",)),
        unlisted: ("orphaned", None, ("unlisted.txt",)),
        fresh: ("unreported", None, ("fresh.txt",)),
        foreign: ("orphaned", None, ("foreign.txt",)),
    }
    restored = recovery.sweep(client, app.connection_for_write, now, 30)
    assert {m.tag for m in restored} == {orphan, unlisted}  # never a live worker's, never another app's
    assert client.llen(queue_name) == 2
    assert set(client.hkeys(recovery.UNACKED_KEY)) == {t.encode() for t in (running, fresh, foreign)}
    # The dead worker holds nothing any more and is forgotten; the live one stays.
    assert set(recovery.read_beats(client)) == {"a"}


@pytest.mark.integration
def test_slow_task_stays_then_dead_workers_message_is_shown_and_restored(
        tmp_path, redis_factory, worker_factory, queue_name) -> None:
    server = redis_factory()
    out = tmp_path / "out"
    env = service_env(server.url, out, queue_name, COLUMNS="250", **FAST_BEATS)
    slow = worker_factory(server.url, out, queue_name, "--concurrency=1", **FAST_BEATS)
    seed = SEEDS / "000_90aac7b68090c8a5.txt"
    message = make_message(seed.name, "txt", seed.read_bytes(), 2_000_000)
    # The pool child is stopped before the task is sent, so the task cannot finish first: it stands
    # for a task that takes far longer than the heartbeat timeout.
    (child,) = children(slow.proc.pid)
    os.kill(child, signal.SIGSTOP)
    task = create_app(Settings(broker_url=server.url, queue=queue_name)).send_task(
        TASK_NAME, args=[message.model_dump(mode="json")], queue=queue_name)
    wait_for(lambda: "received" in slow.log_text(), 30, "the task never reached the worker")

    # A second worker sweeps every second for nine seconds (three timeouts): it must not take it.
    other = worker_factory(server.url, out, queue_name, "--concurrency=1", **FAST_BEATS)
    time.sleep(9)
    assert task.id not in other.log_text() and "restored" not in other.log_text()
    status = _status(env)
    (held,) = status["messages"]
    assert (held["task_id"], held["state"], held["articles"]) == (task.id, "running", [seed.name])
    holder = held["holder"]
    assert holder.startswith("test-") and status["orphaned"] == 0
    other.stop()

    os.killpg(slow.proc.pid, signal.SIGKILL)  # now the holder dies, and nobody else is running
    slow.proc.wait(10)
    time.sleep(4)
    status = _status(env)
    (held,) = status["messages"]
    assert (held["state"], held["holder"], status["orphaned"]) == ("orphaned", holder, 1)
    assert held["age"] >= 4 and held["holder_beat_age"] >= 3
    table = run_cli("status", env=env)
    assert "held by a worker that no longer exists" in table.stdout, table.stdout

    third = worker_factory(server.url, out, queue_name, "--concurrency=1", **FAST_BEATS)
    wait_for(lambda: len(list(out.glob("*.json"))) == 1, 60,
             f"the dead worker's message was not restored:\n{third.log_text()[-3000:]}")
    assert "restored a dead worker's message" in third.log_text()
    assert _status(env)["in_flight"] == 0
    assert redis.Redis.from_url(server.url).xlen("ingest:articles") == 1


def _status(env: dict[str, str]) -> dict:
    result = run_cli("status", "--json", env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
