"""`ingest run` on the embedded Valkey server: the whole job with nothing installed but the package."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, SEEDS

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
