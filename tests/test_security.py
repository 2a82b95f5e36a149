"""Security on real processes: pickle refused and never executed, Redis passwords kept out of logs."""

import pickle
import uuid
from pathlib import Path

import pytest
import redis
from kombu import Connection, Exchange, Producer

from tests.helpers import SEEDS, RedisServer, free_port, run_cli, service_env, wait_for
from worker.queue.app import create_app
from worker.queue.tasks import TASK_NAME
from worker.settings import Settings
from worker.store.pool import client_for

pytestmark = pytest.mark.integration
SEED = SEEDS / "003_georgia_tourism_growth.txt"


class Exploit:
    """Unpickling this creates a file: proof that a pickle body was executed."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return open, (str(self.marker), "w")


def test_pickle_message_is_refused_and_never_run(tmp_path, redis_factory, worker_factory,
                                                 queue_name) -> None:
    proof = tmp_path / "proof-the-payload-works"
    pickle.loads(pickle.dumps(Exploit(proof))).close()
    assert proof.exists(), "the exploit must really create its file when unpickled"
    server = redis_factory()
    out, marker = tmp_path / "out", tmp_path / "pwned"
    worker = worker_factory(server.url, out, queue_name)
    with Connection(server.url) as conn:
        producer = Producer(conn.channel(), exchange=Exchange(queue_name, type="direct"),
                            routing_key=queue_name, serializer="pickle")
        task_id = str(uuid.uuid4())
        producer.publish(((Exploit(marker),), {}, {}), declare=[],
                         headers={"task": TASK_NAME, "id": task_id, "lang": "py"})
    env = service_env(server.url, out, queue_name)
    assert run_cli("enqueue", str(SEED), env=env).returncode == 0
    wait_for(lambda: any(out.glob("*.json")), 60, "worker stopped working after the pickle")
    assert not marker.exists()
    assert "pickle" in worker.log_text()  # the refusal is logged, not silent
    assert worker.proc.poll() is None
    print("\nsecurity: pickle message refused, marker absent, next article stored")


class PasswordRedis(RedisServer):
    """A private redis-server that requires a password (the URL carries it)."""

    password: str = "s3cret-" + uuid.uuid4().hex[:12]

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"


def test_password_broker_works_and_password_never_logged(tmp_path, worker_factory,
                                                         queue_name) -> None:
    server = PasswordRedis(free_port(), tmp_path / "redis",
                           ["--requirepass", PasswordRedis.password]).start()
    try:
        bare = f"redis://127.0.0.1:{server.port}/0"
        with pytest.raises(redis.AuthenticationError):
            redis.Redis.from_url(bare).ping()
        out = tmp_path / "out"
        worker = worker_factory(server.url, out, queue_name)
        env = service_env(server.url, out, queue_name)
        enqueued = run_cli("enqueue", str(SEED), env=env)
        assert enqueued.returncode == 0, enqueued.stderr
        wait_for(lambda: any(out.glob("*.json")), 60, "article not stored via the password broker")
        listed = run_cli("failed", "list", env=env)
        outputs = worker.log_text() + enqueued.stdout + enqueued.stderr + listed.stdout
        assert PasswordRedis.password not in outputs
        assert f":***@127.0.0.1:{server.port}" in outputs  # the URL was logged, redacted
    finally:
        server.stop()
    print("\nsecurity: password broker stored 1 article; password absent from all logs")


def test_rediss_urls_are_accepted() -> None:
    url = "rediss://:pw@redis.example:6380/0?ssl_cert_reqs=required"
    client = client_for(url)
    assert client.connection_pool.connection_class is redis.SSLConnection
    app = create_app(Settings(broker_url=url, queue="tls"))
    assert app.conf.broker_url.startswith("rediss://")
