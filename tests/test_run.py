"""`ingest run` on the embedded Valkey server, and on a configured Redis where it keeps to a queue of its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from tests.helpers import ROOT, SEEDS
from worker.bench.corpus import make_corpus

pytestmark = pytest.mark.integration


def test_ingest_run_on_embedded_server(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    bad = tmp_path / "in" / "broken.json"
    bad.parent.mkdir()
    bad.write_text('{"title": "no text"')
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "worker", "run", str(SEEDS), str(bad), "--out", str(out)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert "embedded broker on redis://127.0.0.1:" in result.stderr
    seeds = list(SEEDS.glob("*.txt"))
    assert len(list(out.glob("*.json"))) == len(seeds)
    failures = list((out / "failed").glob("*.json"))
    assert len(failures) == 1
    record = json.loads(failures[0].read_text())
    assert record["error_class"] == "InvalidEnvelopeError" and record["stage"] == "parse"
    assert "stored" in result.stdout and "failed" in result.stdout
    assert result.returncode == 1  # one article failed: scripts must see it


def _run_keys(client: redis.Redis) -> list[bytes]:
    """What a run could leave in Redis: its queue, kombu's bindings for it, its unacked messages."""
    keys = [k for k in client.keys("*") if b".run-" in k]
    unacked = [v for v in client.hvals("unacked") if b".run-" in v]
    return keys + unacked


def test_ingest_run_on_a_configured_broker_keeps_to_its_own_queue(tmp_path: Path, redis_factory) -> None:
    server = redis_factory()
    client = redis.Redis.from_url(server.url)
    client.lpush("articles", b'{"another producer": "its message"}')  # the shared queue's backlog
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("INGEST_")},
           "INGEST_BROKER_URL": server.url}
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "worker", "run", str(SEEDS), "--out", str(out)],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(list(out.glob("*.json"))) == len(list(SEEDS.glob("*.txt")))
    assert client.lrange("articles", 0, -1) == [b'{"another producer": "its message"}']  # not taken
    assert _run_keys(client) == []
    assert not [b for b in client.hvals("ingest:workers") if b'"run-' in b]
    # Killed once every message was acknowledged, not shut down: Celery never logged a shutdown.
    assert "shutdown" not in (out / "worker.log").read_text().lower()


def test_timed_out_run_on_a_configured_broker_leaves_nothing_queued(tmp_path: Path, redis_factory) -> None:
    server = redis_factory()
    client = redis.Redis.from_url(server.url)
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name, data in make_corpus(200):
        (corpus / name).write_bytes(data)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("INGEST_")},
           "INGEST_BROKER_URL": server.url}
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "worker", "run", str(corpus), "--out", str(out),
                             "--timeout", "1"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    stored = len(list(out.glob("*.json")))
    assert result.returncode == 4, result.stderr[-2000:]
    assert stored < 200 and "pending (timed out)" in result.stdout
    assert _run_keys(client) == []  # what the run did not process is reported, not left behind
