"""Two worker pools on separate queues: the NLP pool hands finished articles to the I/O pool."""

import json
from pathlib import Path

import pytest

from tests.helpers import SEEDS, wait_for
from worker.queue.app import create_app
from worker.queue.producer import make_message
from worker.queue.tasks import NLP_TASK_NAME
from worker.settings import Settings

pytestmark = pytest.mark.integration


def test_nlp_pool_hands_articles_to_io_pool(tmp_path: Path, shared_redis, queue_name, worker_factory):
    out = tmp_path / "out"
    nlp_queue, io_queue = f"{queue_name}-nlp", f"{queue_name}-io"
    nlp = worker_factory(shared_redis, out, nlp_queue, "--concurrency=1", f"--queues={nlp_queue}")
    # The I/O pool never runs NLP: it skips the model warm-up and starts light.
    io = worker_factory(shared_redis, out, io_queue, "--concurrency=1", f"--queues={io_queue}",
                        INGEST_WARM_UP="false")
    app = create_app(Settings(broker_url=shared_redis, queue=nlp_queue))
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds:
        raw = make_message(path.name, "txt", path.read_bytes(), 2_000_000).model_dump(mode="json")
        app.send_task(NLP_TASK_NAME, args=[raw, io_queue], queue=nlp_queue)
    bad = make_message("empty.txt", "txt", b"date 2025-01-17\n\nNobody\n\n", 2_000_000)
    app.send_task(NLP_TASK_NAME, args=[bad.model_dump(mode="json"), io_queue], queue=nlp_queue)

    wait_for(lambda: len(list(out.glob("*.json"))) == len(seeds), 180, "not every seed was stored")
    wait_for(lambda: len(list((out / "failed").glob("*.json"))) == 1, 30, "bad input not recorded")
    names = sorted(json.loads(p.read_text())["source"]["name"] for p in out.glob("*.json"))
    assert names == [p.name for p in seeds]
    # Each pool did its own half: NLP handed every article off, I/O stored every one of them.
    nlp_lines = [json.loads(line) for line in nlp.log_text().splitlines() if line.startswith("{")]
    io_lines = [json.loads(line) for line in io.log_text().splitlines() if line.startswith("{")]
    assert sum(1 for e in nlp_lines if e.get("outcome") == "handed off") == len(seeds)
    assert not any(e.get("outcome") == "stored" for e in nlp_lines)
    assert sum(1 for e in io_lines if e.get("outcome") == "stored" and e.get("pool") == "io") == len(seeds)
    assert {e["stage"] for e in nlp_lines if e.get("outcome") == "failed"} == {"parse"}
