"""The event stream: real workers announce stored articles; consumer groups survive a crash."""

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import redis

from schemas.models import Article
from tests.helpers import ROOT, SEEDS, RedisServer, run_cli, service_env, wait_for
from worker.settings import Settings
from worker.store.events import decode_event, event_fields, publish_stored

STREAM = "ingest:articles"


def _lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _pending(client: redis.Redis, group: str) -> int:
    return int(client.xpending(STREAM, group)["pending"])


@pytest.mark.integration
def test_consumer_group_survives_a_crash(tmp_path: Path, queue_name: str, worker_factory,
                                         redis_factory: Callable[..., RedisServer]) -> None:
    server = redis_factory()
    client = redis.Redis.from_url(server.url)
    out = tmp_path / "out"
    env = service_env(server.url, out, queue_name)
    seeds = sorted(SEEDS.glob("*.txt"))
    first, second = seeds[:4], seeds[4:]
    worker_factory(server.url, out, queue_name, "--concurrency=2")

    assert run_cli("enqueue", *map(str, first), env=env).returncode == 0
    wait_for(lambda: client.xlen(STREAM) == len(first), 90, "first batch not announced")

    # First life of consumer c1: two events printed and acked.
    life1 = run_cli("results", "follow", "--group", "g", "--consumer", "c1", "--count", "2",
                    env=env, timeout=60)
    assert life1.returncode == 0, life1.stderr
    seen = _lines(life1.stdout)
    print(f"\n--- c1 life 1 (printed, acked) ---\n{life1.stdout}", end="")
    assert len(seen) == 2 and _pending(client, "g") == 0

    # Second life: c1 reads the rest, but its reader is gone, so it dies before acking anything.
    crash = subprocess.Popen([sys.executable, "-m", "worker", "results", "follow", "--group", "g",
                              "--consumer", "c1", "--count", "10"], env=env, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert crash.stdout is not None
    crash.stdout.close()
    assert crash.wait(60) == 1  # died on the broken pipe, before XACK
    missed = [e["message_id"].decode() for e in
              client.xpending_range(STREAM, "g", "-", "+", 100, consumername="c1")]
    print(f"--- c1 life 2 crashed; pending for c1: {missed} ---")
    assert len(missed) == len(first) - 2

    # While c1 is down, more articles are stored and announced.
    assert run_cli("enqueue", *map(str, second), env=env).returncode == 0
    wait_for(lambda: client.xlen(STREAM) == len(seeds), 90, "second batch not announced")

    # Third life: the missed (pending) events come first, then the new ones; all get acked.
    life3 = run_cli("results", "follow", "--group", "g", "--consumer", "c1",
                    "--count", str(len(seeds) - 2), "--timeout", "20", env=env, timeout=60)
    assert life3.returncode == 0, life3.stderr
    print(f"--- c1 life 3 (after restart) ---\n{life3.stdout}", end="")
    events = _lines(life3.stdout)
    assert [e["stream_id"] for e in events[: len(missed)]] == missed
    all_ids = {e["id"] for e in seen + events}
    assert len(seen) + len(events) == len(seeds) == len(all_ids)  # each once, none lost
    assert all_ids == {p.stem for p in out.glob("*.json")}
    assert _pending(client, "g") == 0

    # Nothing is delivered twice once acked.
    idle = run_cli("results", "follow", "--group", "g", "--consumer", "c1", "--timeout", "1.5",
                   env=env, timeout=60)
    assert idle.returncode == 0 and idle.stdout == ""

    for event in seen + events:
        stored = Article.model_validate_json(Path(event["location"]).read_bytes())
        assert event["id"] == stored.id and event["language"] == stored.language
        assert event["countries"] == [c.iso2 for c in stored.countries]
        assert event["published_at"] == (stored.published_at.isoformat()
                                         if stored.published_at else None)
        assert 0 < len(event["entities"]) <= 5
        assert {"name", "type"} <= set(event["entities"][0])


def test_event_carries_the_contract_fields(seed_article: Article) -> None:
    fields = event_fields(seed_article, "/data/out/x.json")
    event = decode_event(b"1-0", {k.encode(): v.encode() for k, v in fields.items()})
    assert event["id"] == seed_article.id and event["location"] == "/data/out/x.json"
    assert event["schema_version"] == "1.0"
    assert event["countries"] == [c.iso2 for c in seed_article.countries]
    top = max(seed_article.entities, key=lambda e: e.salience)
    assert event["entities"][0] == {"name": top.name, "type": top.type}


def test_stream_is_capped(seed_article: Article, redis_factory) -> None:
    server = redis_factory()
    settings = Settings(broker_url=server.url, events_maxlen=50)
    for _ in range(600):
        publish_stored(seed_article, "x", settings)
    length = redis.Redis.from_url(server.url).xlen(settings.events_stream)
    # MAXLEN ~ trims whole stream nodes (100 entries by default), so the cap is approximate.
    assert 50 <= length <= 150, length


def test_stream_down_is_transient(seed_article: Article, redis_factory) -> None:
    from worker.errors import StoreUnavailableError

    server = redis_factory()
    server.stop()
    with pytest.raises(StoreUnavailableError, match="event stream"):
        publish_stored(seed_article, "x", Settings(broker_url=server.url))
