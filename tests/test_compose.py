"""docker-compose.yml is what we test: validated by docker-compose, its hardening asserted, and its
worker and producer commands run as local processes with their own environment against a private
redis-server started with the compose redis command's own arguments.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import yaml

from tests.helpers import ROOT, SEEDS, free_port, wait_for

COMPOSE = ROOT / "docker-compose.yml"
PASSWORD = "compose-test-pw-8f3a"
CELERY = Path(sys.executable).parent / "celery"
needs_compose = pytest.mark.skipif(shutil.which("docker-compose") is None,
                                   reason="docker-compose (1.29) is not installed")


def _env_file(directory: Path, password: str | None) -> Path:
    """A .env made from .env.example the way an operator makes one, or none at all (a fresh clone)."""
    path = directory / ".env"
    if password is None:
        path.write_text("")  # docker-compose reads nothing from it: as if there were no .env
        return path
    lines = (ROOT / ".env.example").read_text().splitlines()
    text = "\n".join(f"REDIS_PASSWORD={password}" if line.startswith("REDIS_PASSWORD=") else line
                     for line in lines)
    path.write_text(text + "\n")
    return path


def _compose_config(env_file: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "FLOWER_"))}
    return subprocess.run(["docker-compose", "--env-file", str(env_file), "-f", str(COMPOSE),
                           "--project-directory", str(ROOT), "config"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)


@pytest.fixture(scope="module", params=[None, PASSWORD], ids=["no-env", "password"])
def password(request: pytest.FixtureRequest) -> str | None:
    """Both ways to run compose: a fresh clone with no .env, and a .env that sets REDIS_PASSWORD."""
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def config(password: str | None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The compose file as docker-compose resolves it."""
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose (1.29) is not installed")
    result = _compose_config(_env_file(tmp_path_factory.mktemp("env"), password))
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    """The compose file as written."""
    return yaml.safe_load(COMPOSE.read_text())["services"]


@needs_compose
def test_the_env_example_as_copied_is_valid(tmp_path: Path) -> None:
    result = _compose_config(_env_file(tmp_path, ""))  # .env.example as is: REDIS_PASSWORD empty
    assert result.returncode == 0, result.stderr


def test_redis_is_durable_private_and_password_optional(config: dict, raw: dict,
                                                        password: str | None) -> None:
    redis_svc = config["redis"]
    args = redis_svc["command"][1:]
    assert _flag(args, "--appendonly") == "yes"
    assert _flag(args, "--maxmemory-policy") == "noeviction"
    assert _flag(args, "--requirepass") == (password or "")
    assert "${REDIS_PASSWORD:-}" in str(raw["redis"]["command"])  # from .env, never hard-coded
    assert "ports" not in redis_svc  # reachable on the compose network only
    for name in ("worker", "producer"):
        assert config[name]["environment"]["INGEST_BROKER_URL"] == f"redis://:{password or ''}@redis:6379/0"
    assert f"--broker=redis://:{password or ''}@redis:6379/0" in config["flower"]["command"]


def test_worker_and_producer_wait_for_a_healthy_redis(config: dict) -> None:
    for name in ("worker", "producer", "flower"):
        assert config[name]["depends_on"]["redis"]["condition"] == "service_healthy", name


def test_worker_is_scalable_non_root_and_health_checked(config: dict) -> None:
    for name, service in config.items():
        assert "container_name" not in service, name  # a fixed name would block --scale
    worker = config["worker"]
    assert "ports" not in worker
    check = worker["healthcheck"]
    assert "inspect ping" in check["test"][1] and "--timeout" in check["test"][1]
    assert _seconds(check["timeout"]) <= 20
    assert worker.get("user", "ingest") not in ("root", "0", "0:0")
    assert "\nUSER ingest\n" in (ROOT / "Dockerfile").read_text()


def test_resources_are_limited_and_flower_is_optional(config: dict) -> None:
    for name, service in config.items():
        limits = service["deploy"]["resources"]["limits"]
        assert limits["cpus"] and limits["memory"], name
    assert config["flower"]["profiles"] == ["monitoring"]
    assert all(p.startswith("127.0.0.1:") for p in config["flower"]["ports"])
    assert not any("profiles" in config[name] for name in ("redis", "worker", "producer"))


def test_producer_reads_a_mounted_inbox(config: dict) -> None:
    producer = config["producer"]
    assert "/app/inbox" in producer["command"]
    assert any(v.split(":")[1] == "/app/inbox" for v in producer["volumes"])
    assert producer["restart"] == "no"


# The compose services as local processes.

@pytest.fixture
def compose_redis(config: dict, password: str | None, tmp_path: Path) -> Iterator[int]:
    """redis-server with exactly the compose redis command's arguments, on a spare port."""
    port = free_port()
    directory = tmp_path / "redis"
    directory.mkdir()
    proc = subprocess.Popen(["redis-server", *config["redis"]["command"][1:], "--port", str(port),
                             "--bind", "127.0.0.1", "--dir", str(directory)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(port=port, password=password, socket_timeout=1)
    wait_for(lambda: _pings(client), 10, "compose redis did not start")
    yield port
    proc.terminate()
    proc.wait(10)


def test_redis_healthcheck_passes_with_and_without_a_password(config: dict, compose_redis: int,
                                                               password: str | None) -> None:
    kind, command = config["redis"]["healthcheck"]["test"]
    assert kind == "CMD-SHELL" and "ping" in command
    local = command.replace("$$", "$").replace("redis-cli ", f"redis-cli -p {compose_redis} ")
    env = {**os.environ, **config["redis"]["environment"]}
    env.pop("REDISCLI_AUTH", None)
    assert subprocess.run(["sh", "-c", local], env=env, timeout=30).returncode == 0
    if password:  # and with auth on, the check must really authenticate
        env["REDIS_PASSWORD"] = "wrong"
        assert subprocess.run(["sh", "-c", local], env=env, timeout=30,
                              capture_output=True).returncode != 0


def _local_env(service: dict, port: int, out: Path) -> dict[str, str]:
    """The service's environment, pointed at the local redis and a temporary /data/out."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    for key, value in service["environment"].items():
        env[key] = str(value).replace("@redis:6379", f"@127.0.0.1:{port}").replace(
            "/data/out", str(out))
    return env


def _local_command(command: list[str], paths: dict[str, Path]) -> list[str]:
    assert command[0] == "ingest"
    return [sys.executable, "-m", "worker",
            *(str(paths.get(arg, arg)) for arg in command[1:])]


def _healthcheck(service: dict, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The container's healthcheck, run here the way Docker runs it (shell, $HOSTNAME set)."""
    kind, command = service["healthcheck"]["test"]
    assert kind == "CMD-SHELL" and command.startswith("celery ")
    command = command.replace("$$", "$").replace("celery ", f"{CELERY} ", 1)
    return subprocess.run(["sh", "-c", command], env={**env, "HOSTNAME": socket.gethostname()},
                          capture_output=True, text=True, timeout=60, cwd=ROOT)


def _inbox_article(directory: Path, name: str, place: str) -> Path:
    text = (SEEDS / "003_georgia_tourism_growth.txt").read_text()
    path = directory / name
    path.write_text(text.replace("Kutaisi", place).replace("4.1 million", f"4.{len(place)} million"))
    return path


def test_compose_services_store_every_seed_and_inbox_file(config: dict, compose_redis: int,
                                                          password: str | None, tmp_path: Path) -> None:
    port, out, inbox = compose_redis, tmp_path / "out", tmp_path / "inbox"
    inbox.mkdir()
    client = redis.Redis(port=port, password=password)
    assert client.config_get("appendonly")["appendonly"] == "yes"
    if password:
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(port=port).ping()  # no password, no access

    worker_env = _local_env(config["worker"], port, out)
    log = tmp_path / "worker.log"
    with log.open("wb") as handle:
        worker = subprocess.Popen(_local_command(config["worker"]["command"], {}), env=worker_env,
                                  stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT,
                                  start_new_session=True)
    try:
        wait_for(lambda: "ready." in log.read_text(errors="replace") or worker.poll() is not None,
                 90, "compose worker did not become ready")
        assert worker.poll() is None, log.read_text()[-3000:]
        health = _healthcheck(config["worker"], worker_env)
        assert health.returncode == 0, health.stdout + health.stderr

        paths = {"/app/seeds": SEEDS, "/app/inbox": inbox}
        producer_env = _local_env(config["producer"], port, out)
        _inbox_article(inbox, "dropped-1.txt", "Batumi")
        run = subprocess.run(_local_command(config["producer"]["command"], paths),
                             env=producer_env, capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert run.returncode == 0, run.stderr
        expected = len(list(SEEDS.glob("*.txt"))) + 1
        wait_for(lambda: len(list(out.glob("*.json"))) == expected, 120,
                 f"not every seed and inbox file was stored:\n{log.read_text()[-3000:]}")

        # Rerun the producer after dropping another file into the inbox.
        _inbox_article(inbox, "dropped-2.txt", "Zugdidi")
        rerun = subprocess.run(_local_command(config["producer"]["command"], paths),
                               env=producer_env, capture_output=True, text=True, cwd=ROOT,
                               timeout=120)
        assert rerun.returncode == 0, rerun.stderr
        wait_for(lambda: len(list(out.glob("*.json"))) == expected + 1, 120,
                 "the file dropped into the inbox before the rerun was not stored")
        names = {_source(p) for p in out.glob("*.json")}
        assert {"dropped-1.txt", "dropped-2.txt"} <= names
        assert {p.name for p in SEEDS.glob("*.txt")} <= names
        assert not (out / "failed").exists()
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(60)
    # With the worker gone the same healthcheck must fail, or it checks nothing.
    assert _healthcheck(config["worker"], worker_env).returncode != 0


def _source(path: Path) -> str:
    return str(json.loads(path.read_text())["source"]["name"])


def _flag(args: list[str], name: str) -> str:
    return str(args[args.index(name) + 1])


def _seconds(value: str) -> float:
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    for suffix in ("ms", "s", "m", "h"):
        if str(value).endswith(suffix):
            return float(str(value)[: -len(suffix)]) * units[suffix]
    return float(value)


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
