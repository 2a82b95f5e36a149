"""The batch task: same per-article outcomes as the single task, one nlp.pipe pass per batch."""

import base64
import json
from pathlib import Path

import pytest
import redis

from tests.helpers import SEEDS, run_cli, service_env, wait_for
from worker.pipeline import Unit, run_batch, run_pipeline
from worker.queue.app import create_app
from worker.queue.producer import make_message
from worker.settings import Settings


def test_run_batch_matches_single_article_pipeline(message_for):
    seeds = sorted(SEEDS.glob("*.txt"))[:4]
    messages = [message_for(p) for p in seeds]
    empty = message_for("date 2025-01-17\n\nNobody\n\n", name="empty.txt")
    units = [Unit(raw=m.model_dump(mode="json"), value=m) for m in [*messages, empty]]
    run_batch(units)
    *good, bad = units
    assert bad.failure is not None and bad.failure.stage == "parse"
    assert bad.failure.error.permanent
    for unit, message in zip(good, messages, strict=True):
        assert unit.failure is None
        assert set(unit.stage_ms) == {"parse", "tag", "enrich"}
        # The single-article path is a batch of one: batching changes how spaCy is called, never
        # what comes out.
        batched, single = unit.value, run_pipeline(message)
        assert batched.processing.stage_ms == unit.stage_ms
        assert batched.id == single.id
        assert batched.entities == single.entities
        assert batched.summary == single.summary
        assert batched.countries == single.countries


@pytest.mark.integration
def test_enqueue_batches_through_real_worker(tmp_path: Path, shared_redis, queue_name, worker_factory):
    out = tmp_path / "out"
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in SEEDS.glob("*.txt"):
        (inputs / path.name).write_bytes(path.read_bytes())
    (inputs / "zz_empty.txt").write_text("date 2025-01-17\n\nNobody\n\n")
    worker = worker_factory(shared_redis, out, queue_name, "--concurrency=1")
    env = service_env(shared_redis, out, queue_name)
    result = run_cli("enqueue", "--batch-size", "3", str(inputs), env=env)
    assert result.returncode == 0, result.stderr
    seeds = sorted(SEEDS.glob("*.txt"))
    assert f"{len(seeds) + 1} enqueued" in result.stderr

    # A message that fails validation inside a batch is recorded alone; its neighbour is stored.
    app = create_app(Settings(broker_url=shared_redis, queue=queue_name))
    good = (inputs / "zz_extra.txt")
    good.write_text(seeds[0].read_text().replace("Azerbaijan", "Georgia", 1) + "\nA late line.\n")
    raw = make_message(good.name, "txt", good.read_bytes(), 2_000_000).model_dump(mode="json")
    app.send_task("ingest.process_batch", args=[[raw, {"source_name": "broken"}]], queue=queue_name)

    wait_for(lambda: len(list(out.glob("*.json"))) == len(seeds) + 1, 180, "not every article was stored")
    wait_for(lambda: len(list((out / "failed").glob("*.json"))) == 2, 60, "failures were not recorded")
    names = sorted(json.loads(p.read_text())["source"]["name"] for p in out.glob("*.json"))
    assert names == sorted([p.name for p in seeds] + ["zz_extra.txt"])
    failures = {json.loads(p.read_text())["stage"] for p in (out / "failed").glob("*.json")}
    assert failures == {"parse", "validate"}
    lines = [json.loads(line) for line in worker.log_text().splitlines() if line.startswith("{")]
    batches = {e["task_id"]: e["batch"] for e in lines if e.get("event") == "article" and "batch" in e}
    # Nine files in batches of three, plus the hand-sent batch of two: four tasks in all.
    assert sorted(batches.values()) == [2, 3, 3, 3]


@pytest.mark.integration
def test_enqueue_sends_a_backlog_sixteen_to_a_task(tmp_path: Path, shared_redis, queue_name):
    inputs = tmp_path / "in"
    inputs.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0].read_text()
    for number in range(20):  # distinct texts, so none is skipped as already enqueued
        (inputs / f"a{number:02d}.txt").write_text(f"{seed}\nLine {number} of the backlog.\n")
    result = run_cli("enqueue", str(inputs), env=service_env(shared_redis, tmp_path / "out", queue_name))
    assert result.returncode == 0, result.stderr
    client = redis.Redis.from_url(shared_redis)
    try:
        messages = [json.loads(raw) for raw in client.lrange(queue_name, 0, -1)]
    finally:
        client.delete(queue_name)
    assert {m["headers"]["task"] for m in messages} == {"ingest.process_batch"}
    sizes = sorted(len(json.loads(base64.b64decode(m["body"]))[0][0]) for m in messages)
    assert sizes == [4, 16]  # the model's own batch, not 8 (docs/performance.md, "Eighth pass")
