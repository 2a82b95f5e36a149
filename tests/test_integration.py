"""Real worker processes on real Redis: every seed enqueued by the CLI is stored exactly once."""

import json
from pathlib import Path

import jsonschema
import pytest

from schemas import SCHEMA_DIR
from tests.helpers import SEEDS, run_cli, service_env, wait_for

pytestmark = pytest.mark.integration


def test_seeds_through_real_workers(tmp_path: Path, shared_redis, queue_name, worker_factory):
    out = tmp_path / "out"
    worker_factory(shared_redis, out, queue_name, "--concurrency=2")
    result = run_cli("enqueue", str(SEEDS), env=service_env(shared_redis, out, queue_name))
    assert result.returncode == 0, result.stderr
    seeds = sorted(SEEDS.glob("*.txt"))
    assert f"{len(seeds)} enqueued" in result.stderr

    wait_for(lambda: len(list(out.glob("*.json"))) == len(seeds), 120, "not every seed was stored")
    schema = json.loads((SCHEMA_DIR / "article.schema.json").read_text())
    names = []
    for path in out.glob("*.json"):
        document = json.loads(path.read_text())
        jsonschema.validate(document, schema)
        assert path.stem == document["id"]
        names.append(document["source"]["name"])
    assert sorted(names) == [p.name for p in seeds]  # each seed exactly once
    assert not (out / "failed").exists()
    assert not list(out.glob(".*.tmp"))
