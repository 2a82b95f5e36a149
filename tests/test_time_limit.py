"""A task killed at its hard time limit still leaves a failure record: nothing is lost silently."""

import json
import os
import signal

import pytest

from tests.helpers import SEEDS, children, run_cli, service_env, wait_for

pytestmark = pytest.mark.integration
LIMITS = {"INGEST_TASK_SOFT_TIME_LIMIT": "2", "INGEST_TASK_TIME_LIMIT": "4"}


def test_hard_time_limit_becomes_a_failure_record(tmp_path, redis_factory, worker_factory, queue_name):
    server = redis_factory()
    out = tmp_path / "out"
    worker = worker_factory(server.url, out, queue_name, "--concurrency=1", **LIMITS)
    lead = (SEEDS / "000_90aac7b68090c8a5.txt").read_text().split("\n\n", 2)[2]
    big = tmp_path / "in" / "long.txt"
    big.parent.mkdir()
    # Hundreds of KB of text: many seconds of NER, so the task is surely running when we stop it.
    big.write_text(" date 2025-07-24 24 July 2025 13:01 (UTC+04:00)\n\nAkbar Novruz\n\n"
                   + "\n\n".join(f"Paragraph {i}. {lead}" for i in range(200)))
    result = run_cli("enqueue", str(big), env=service_env(server.url, out, queue_name, **LIMITS))
    assert result.returncode == 0, result.stderr
    wait_for(lambda: "received" in worker.log_text(), 30, "the task never reached the worker")
    # A stopped process cannot run its soft-limit handler: only the hard kill can end the task.
    (child,) = children(worker.proc.pid)
    os.kill(child, signal.SIGSTOP)
    failed = out / "failed"
    wait_for(lambda: any(failed.glob("*.json")), 30, "no failure record after the hard time limit")
    (record_path,) = failed.glob("*.json")
    record = json.loads(record_path.read_text())
    assert record["error_class"] == "TimeLimitError", record
    assert record["message"]["source_name"] == "long.txt" and record["stage"] == "task"
    assert not list(out.glob("*.json"))
    wait_for(lambda: len(children(worker.proc.pid)) == 1 and children(worker.proc.pid)[0] != child,
             30, "the killed child was not replaced")
