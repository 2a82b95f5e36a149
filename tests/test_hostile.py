"""Hostile input: property tests on parse and the envelope model, and explicit cases on a real worker."""

import hashlib
import json
import os
from pathlib import Path

import orjson
import pytest
from celery import Celery
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas.models import FailureRecord, InputEnvelope
from tests.helpers import SEEDS, run_cli, service_env, wait_for
from worker.errors import IngestError
from worker.queue.app import create_app
from worker.queue.producer import make_message
from worker.queue.tasks import TASK_NAME
from worker.settings import Settings
from worker.stages.parse import parse

SEED_TEXT = (SEEDS / "002_uzbek_solar_plant.txt").read_text("utf-8")
LIMIT = 2_000_000
PROPERTY = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8),
                                                                      children, max_size=4),
    max_leaves=20,
)
ENVELOPE_KEYS = sorted(InputEnvelope.model_fields)


def _parse_or_refuse(data: bytes, fmt: str) -> None:
    """The property: parse returns an article or raises one of our errors, nothing else."""
    try:
        parsed = parse(make_message("prop.in", fmt, data, LIMIT))
    except IngestError:
        return
    assert parsed.body.strip() and len(parsed.id) == 16


@PROPERTY
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(["txt", "json", "html", "unknown"]))
def test_parse_never_crashes_on_bytes(data: bytes, fmt: str) -> None:
    _parse_or_refuse(data, fmt)


@PROPERTY
@given(text=st.text(max_size=3000), fmt=st.sampled_from(["txt", "html"]))
def test_parse_never_crashes_on_text(text: str, fmt: str) -> None:
    _parse_or_refuse(text.encode("utf-8", "surrogatepass"), fmt)


@PROPERTY
@given(value=json_values)
def test_parse_never_crashes_on_json(value: object) -> None:
    _parse_or_refuse(json.dumps(value).encode(), "json")


@PROPERTY
@given(document=st.dictionaries(st.sampled_from(ENVELOPE_KEYS) | st.text(max_size=6),
                                json_values, max_size=8))
def test_envelope_validates_or_refuses(document: dict[str, object]) -> None:
    try:
        envelope = InputEnvelope.model_validate(document)
    except ValidationError:
        return
    assert set(document) <= set(ENVELOPE_KEYS)
    assert InputEnvelope.model_validate_json(envelope.model_dump_json()) == envelope


@PROPERTY
@given(title=st.text(max_size=200), body=st.text(min_size=1, max_size=2000),
       authors=st.lists(st.text(max_size=30), max_size=5))
def test_valid_envelopes_parse_or_refuse_cleanly(title: str, body: str, authors: list[str]) -> None:
    envelope = {"title": title or None, "text": body, "authors": authors}
    _parse_or_refuse(json.dumps(envelope).encode(), "json")


def variant(tag: str) -> str:
    """The seed with a distinct closing line: the same text would share one id and one file."""
    return f"{SEED_TEXT.rstrip()}\n\nThis copy is the {tag} variant.\n"


def _nest(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


def hostile_files(directory: Path) -> dict[str, str]:
    """Write the explicit hostile inputs; returns file name -> expected outcome."""
    directory.mkdir(parents=True)
    article = variant("file")
    files = {
        "empty.txt": (b"", "EmptyInputError"),
        "whitespace.txt": (b" \n\t\n  ", "EmptyInputError"),
        "binary.txt": (bytes(range(256)) * 64, "InputDecodeError"),
        "invalid_utf8.txt": (b"Tbilisi \xc3\x28 council \xa0\xa1 met" * 20, "InputDecodeError"),
        "utf16_bom.txt": (variant("utf16").encode("utf-16"), "stored"),
        "control_chars.txt": (("".join(chr(c) for c in range(1, 32)) * 50 + article).encode(),
                              "InputDecodeError"),
        "few_controls.txt": (article.replace("the ", "the \x07", 3).encode(), "stored"),
        "huge_50mb.txt": (b"Baku news paragraph.\n\n" * 2_400_000, "OversizedInputError"),
        "one_line_5mb.txt": (b"word " * 1_000_000, "OversizedInputError"),
        "deeply_nested.json": (b"[" * 100_000 + b"]" * 100_000, "InvalidEnvelopeError"),
        "nested_object.json": (json.dumps({"text": "x", "extra": _nest(25)}).encode(),
                               "InvalidEnvelopeError"),
        # Unusable values are kept in source.extra, not refused; with no usable text, refused.
        "wrong_types.json": (json.dumps({"title": 5, "text": ["a"], "authors": "Bob"}).encode(),
                             "EmptyInputError"),
        "array.json": (b"[1, 2, 3]", "InvalidEnvelopeError"),
        "not_json.json": (b"{'title': 'single quotes'", "InvalidEnvelopeError"),
        "traversal.json": (json.dumps({"source": "../../etc/passwd", "url": "file:///etc/passwd",
                                       "title": "../../etc/passwd",
                                       "text": variant("traversal")}).encode(),
                           "stored"),
    }
    for name, (data, _) in files.items():
        (directory / name).write_bytes(data)
    return {name: outcome for name, (_, outcome) in files.items()}


def _snapshot(root: Path, exclude: Path) -> set[Path]:
    return {p for p in root.rglob("*") if exclude not in p.parents and p != exclude}


def _app(url: str, queue: str) -> Celery:
    return create_app(Settings(broker_url=url, queue=queue))


@pytest.mark.integration
def test_hostile_inputs_on_a_real_worker(tmp_path, redis_factory, worker_factory,
                                         queue_name) -> None:
    server = redis_factory()
    out, inputs = tmp_path / "out", tmp_path / "in"
    expected = hostile_files(inputs)
    worker = worker_factory(server.url, out, queue_name, "--concurrency=1")
    passwd = Path("/etc/passwd").stat()
    before = _snapshot(tmp_path, out)
    result = run_cli("enqueue", str(inputs), env=service_env(server.url, out, queue_name))
    assert result.returncode == 0, result.stderr[-2000:]
    # Names no file system allows: sent as messages, as another service could.
    app = _app(server.url, queue_name)
    direct = {"../../etc/passwd": variant("passwd").encode(),
              "evil\x00name.txt": variant("nul").encode(), "../../../tmp/escape.txt": b"\n\n\n"}
    for name, data in direct.items():
        message = make_message(name, "txt", data, LIMIT)
        app.send_task(TASK_NAME, args=[message.model_dump(mode="json")], queue=queue_name)
        key = message.sha256[:16]
        expected[name] = "stored" if data.strip() else "EmptyInputError"
        expected[f"key:{name}"] = key
    bad = {"payload": 5, "format": "exe", "source_name": ["../../etc/passwd"]}
    app.send_task(TASK_NAME, args=[bad], queue=queue_name)

    keys = {name: hashlib.sha256((inputs / name).read_bytes()).hexdigest()[:16]
            for name in os.listdir(inputs)}
    keys.update({n: expected.pop(f"key:{n}") for n in direct})
    wanted = len(expected) + 1

    def outcomes() -> dict[str, str]:
        found: dict[str, str] = {}
        for path in out.glob("*.json"):
            found[orjson.loads(path.read_bytes())["source"]["name"]] = "stored"
        for path in (out / "failed").glob("*.json"):
            record = FailureRecord.model_validate_json(path.read_bytes())
            name = getattr(record.message, "source_name", "raw message")
            found[name] = record.error_class
        return found

    wait_for(lambda: len(outcomes()) >= wanted, 120, f"not every input came out: {outcomes()}")
    got = outcomes()
    assert got.pop("raw message") == "InvalidEnvelopeError"
    assert got == expected
    for name, outcome in expected.items():
        if outcome != "stored":
            record = FailureRecord.model_validate_json(
                (out / "failed" / f"{keys[name]}.json").read_bytes())
            assert record.error and record.permanent and record.attempts == 1
            assert len(getattr(record.message, "payload", "")) <= 4 * LIMIT // 3 + 4
    assert worker.proc.poll() is None
    assert "Traceback" not in worker.log_text() and "WorkerLostError" not in worker.log_text()
    assert _snapshot(tmp_path, out) - before <= {p for p in tmp_path.glob("worker-*.log")}
    assert not Path("/tmp/escape.txt").exists()
    assert Path("/etc/passwd").stat().st_mtime == passwd.st_mtime
    print(f"\nhostile: {len(expected) + 1} inputs, "
          f"{sum(v == 'stored' for v in expected.values())} stored, "
          f"{sum(v != 'stored' for v in expected.values()) + 1} failure records, "
          f"worker alive, nothing outside {out.name}/")
