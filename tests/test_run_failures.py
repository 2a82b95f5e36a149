"""`ingest run` never waits on a dead worker, and no command prints a traceback for an expected failure."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT, wait_for
from worker.bench.corpus import make_corpus

pytestmark = pytest.mark.integration


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    return {**env, **extra}


def _ingest(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "worker", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def _worker_pid(run_pid: int) -> int | None:
    """The `ingest worker` process that `ingest run` started (its own process group)."""
    for task in Path(f"/proc/{run_pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
            if b"worker" in cmdline and b"--concurrency=2" in cmdline:
                return int(child)
    return None


def test_worker_killed_mid_run_ends_the_run_with_code_5(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name, data in make_corpus(300):
        (corpus / name).write_bytes(data)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "worker", "run", str(corpus), "--out", str(out)],
                            env=_clean_env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        wait_for(lambda: len(list(out.glob("*.json"))) >= 10, 120, "nothing was stored")
        worker = _worker_pid(proc.pid)
        assert worker is not None
        os.killpg(worker, signal.SIGKILL)
        killed = time.monotonic()
        stdout, stderr = proc.communicate(timeout=30)
        took = time.monotonic() - killed
    finally:
        if proc.poll() is None:
            proc.kill()
    stored = len(list(out.glob("*.json")))
    print(f"\nrun: worker group SIGKILLed after {stored} stored; ingest run exited {proc.returncode} "
          f"{took:.1f}s later")
    assert proc.returncode == 5 and took < 30
    assert "worker failed" in stderr and "exited" in stderr and f"full worker log: {out}" in stderr
    assert "Traceback" not in stderr + stdout
    assert "not processed (worker failed)" in stdout
    assert 10 <= stored < 300  # what was stored stays


def test_worker_that_cannot_import_ends_the_run_with_its_error(tmp_path: Path) -> None:
    # The failure a newcomer met: a dependency raising at import inside the worker process only.
    shadow = tmp_path / "shadow" / "trafilatura"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        'raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")\n')
    started = time.monotonic()
    result = _ingest("run", str(ROOT / "seeds"), "--out", str(tmp_path / "out"),
                     env=_clean_env(PYTHONPATH=str(shadow.parent)))
    took = time.monotonic() - started
    assert result.returncode == 5 and took < 30, result.stderr[-2000:]
    assert "lxml_html_clean" in result.stderr  # the real error, from the worker's log
    assert "worker failed" in result.stderr and "Traceback (most recent call last)" not in result.stdout


def test_worker_never_ready_hits_the_start_up_deadline(tmp_path: Path) -> None:
    # A worker that is alive but never gets ready (stopped before it could): the deadline ends the run.
    proc = subprocess.Popen([sys.executable, "-m", "worker", "run", str(ROOT / "seeds"), "--out",
                             str(tmp_path / "out"), "--start-timeout", "4"],
                            env=_clean_env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        wait_for(lambda: _worker_pid(proc.pid) is not None, 10, "no worker process", interval=0.01)
        worker = _worker_pid(proc.pid)
        assert worker is not None
        os.killpg(worker, signal.SIGSTOP)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 5, stderr[-2000:]
    assert "no worker became ready before the start-up deadline" in stderr
    assert "Traceback" not in stdout + stderr
    assert not Path(f"/proc/{worker}").exists() or "zombie" in Path(f"/proc/{worker}/status").read_text()


@pytest.mark.parametrize(("args", "env", "code", "line"), [
    (("status",), {"INGEST_BROKER_URL": "redis://127.0.0.1:1/0"}, 3, "broker unreachable"),
    (("enqueue", "seeds"), {"INGEST_BROKER_URL": "redis://127.0.0.1:1/0"}, 3, "not enqueued"),
    (("run", "no/such/dir"), {}, 2, "does not exist"),
    (("status",), {"INGEST_CONCURRENCY": "many"}, 2, "invalid settings: INGEST_CONCURRENCY"),
    (("results", "show", "0123456789abcdef"), {}, 1, "0123456789abcdef"),
])
def test_expected_failures_print_one_line_and_no_traceback(args: tuple[str, ...], env: dict[str, str],
                                                           code: int, line: str, tmp_path: Path) -> None:
    result = _ingest(*args, env=_clean_env(INGEST_OUT_DIR=str(tmp_path), **env), timeout=60)
    assert result.returncode == code, result.stderr[-2000:]
    assert line in result.stderr + result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = _ingest("--debug", "status", env=_clean_env(INGEST_CONCURRENCY="many"), timeout=60)
    assert result.returncode != 0 and "Traceback" in result.stderr
