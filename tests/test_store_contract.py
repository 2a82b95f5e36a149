"""One store contract, run on both backends: files (the default) and Redis (chosen by URL)."""

import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas.models import Article, FailureRecord
from tests.helpers import RedisServer, run_cli
from worker.errors import StoreUnavailableError
from worker.settings import Settings
from worker.store.base import Store
from worker.store.factory import open_store
from worker.store.files import FileStore
from worker.store.reader import IncompatibleSchemaError, read_articles
from worker.store.redis_store import RedisStore


@dataclass
class Backend:
    """A store opened through its URL, plus a way to make its backend fail."""

    store: Store
    url: str
    break_it: Callable[[], None]


@pytest.fixture(params=["file", "redis"])
def backend(request: pytest.FixtureRequest, tmp_path: Path,
            redis_factory: Callable[..., RedisServer]) -> Iterator[Backend]:
    """The same store contract, opened by URL the way INGEST_STORE_URL opens it."""
    if request.param == "file":
        root = tmp_path / "out"
        url = f"file://{root}"

        def break_files() -> None:
            # A file where the store directory should be: every write fails at the OS level.
            shutil.rmtree(root, ignore_errors=True)
            root.write_text("not a directory")

        yield Backend(open_store(Settings(store_url=url)), url, break_files)
    else:
        server = redis_factory("--appendonly", "no")
        url = f"{server.url}?prefix=contract:"
        yield Backend(open_store(Settings(store_url=url)), url, server.stop)


def _article(seed: Article, index: int) -> Article:
    return seed.model_copy(update={"id": f"{index:016x}", "title": f"article {index}"})


def _failure(index: int) -> FailureRecord:
    return FailureRecord(key=f"{index:016x}", message={"raw": index}, stage="parse",
                         error_class="EmptyInputError", error="no text", permanent=True,
                         attempts=1, failed_at=datetime(2025, 7, 24, 9, 0, tzinfo=UTC))


def test_url_selects_the_backend(backend: Backend) -> None:
    expected = FileStore if backend.url.startswith("file://") else RedisStore
    assert isinstance(backend.store, expected)


def test_article_round_trip_is_exact(backend: Backend, seed_article: Article) -> None:
    location = backend.store.write_article(seed_article)
    assert seed_article.id in str(location)
    assert backend.store.read_article(seed_article.id) == seed_article


def test_rewrite_is_idempotent_and_ids_are_sorted(backend: Backend, seed_article: Article) -> None:
    for index in (3, 1, 2, 1, 3):
        backend.store.write_article(_article(seed_article, index))
    assert list(backend.store.article_ids()) == [f"{i:016x}" for i in (1, 2, 3)]
    assert [a.title for a in read_articles(backend.store)] == ["article 1", "article 2",
                                                               "article 3"]


def test_failures_are_kept_listed_and_deleted(backend: Backend) -> None:
    for index in (5, 4):
        backend.store.write_failure(_failure(index))
    assert list(backend.store.failure_keys()) == [f"{4:016x}", f"{5:016x}"]
    assert backend.store.read_failure(f"{4:016x}") == _failure(4)
    backend.store.delete_failure(f"{4:016x}")
    backend.store.delete_failure(f"{9:016x}")  # deleting what is not there is not an error
    assert list(backend.store.failure_keys()) == [f"{5:016x}"]
    assert list(backend.store.article_ids()) == []  # failures never show up as articles


@pytest.mark.parametrize("bad", ["../../etc/passwd", "ABCDEF0123456789", "short", ""])
def test_only_our_ids_are_keys(backend: Backend, bad: str) -> None:
    with pytest.raises(ValueError):
        backend.store.read_article(bad)


def test_missing_article_is_file_not_found(backend: Backend) -> None:
    with pytest.raises(FileNotFoundError):
        backend.store.read_article("0123456789abcdef")


def test_backend_down_is_transient(backend: Backend, seed_article: Article) -> None:
    backend.break_it()
    with pytest.raises(StoreUnavailableError):
        backend.store.write_article(seed_article)
    with pytest.raises(StoreUnavailableError):
        backend.store.write_failure(_failure(1))


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported store URL"):
        open_store(Settings(store_url="s3://bucket/out"))


def test_unset_url_means_files_in_out_dir(tmp_path: Path) -> None:
    store = open_store(Settings(out_dir=tmp_path / "x"))
    assert isinstance(store, FileStore) and store.root == tmp_path / "x"


def _processed_at(article: Article, day: int) -> Article:
    processing = article.processing.model_copy(
        update={"processed_at": datetime(2025, 7, day, 12, 0, tzinfo=UTC)})
    return article.model_copy(update={"processing": processing})


def test_export_since_and_read_back_in_two_lines(backend: Backend, seed_article: Article,
                                                 tmp_path: Path) -> None:
    for index, day in ((1, 20), (2, 24), (3, 26)):
        backend.store.write_article(_processed_at(_article(seed_article, index), day))
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    env["INGEST_STORE_URL"] = backend.url
    export = tmp_path / "export" / "articles.jsonl"
    result = run_cli("results", "export", "--since", "2025-07-24T12:00:00+00:00",
                     "--format", "jsonl", "--output", str(export), env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "exported 2 articles" in result.stderr

    # What a consumer in another service writes:
    from worker.store.reader import read_articles as read
    titles = [a.title for a in read(export)]

    assert titles == ["article 2", "article 3"]
    assert len(export.read_text().splitlines()) == 2
    whole = run_cli("results", "export", "--format", "json", env=env, timeout=120)
    assert [d["id"] for d in json.loads(whole.stdout)] == [f"{i:016x}" for i in (1, 2, 3)]


def test_reader_refuses_a_newer_major_version(tmp_path: Path, seed_article: Article) -> None:
    document = seed_article.model_dump(mode="json") | {"schema_version": "2.0"}
    path = tmp_path / "future.json"
    path.write_text(json.dumps(document))
    with pytest.raises(IncompatibleSchemaError, match="major 1"):
        list(read_articles(path))


def test_export_rejects_a_bad_since(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    env["INGEST_OUT_DIR"] = str(tmp_path)
    result = run_cli("results", "export", "--since", "yesterday", env=env, timeout=60)
    assert result.returncode == 2 and "ISO 8601" in result.stderr
