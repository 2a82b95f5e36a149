"""The article store: one JSON document per article id, written atomically; failures beside it."""

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

import orjson

from schemas.models import Article, FailureRecord
from worker.errors import StoreUnavailableError
from worker.settings import Settings

_KEY = re.compile(r"^[0-9a-f]{16}$")
_DUMP = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def _checked(key: str) -> str:
    # Keys become file names: only our own hex ids may, so no path can escape the store.
    if not _KEY.match(key):
        raise ValueError(f"not a valid article id: {key!r}")
    return key


class FileStore:
    """Articles in `<root>/<id>.json`, failure records in `<root>/failed/<key>.json`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.failed_root = self.root / "failed"

    def article_path(self, article_id: str) -> Path:
        """Where an article's document lives."""
        return self.root / f"{_checked(article_id)}.json"

    def failure_path(self, key: str) -> Path:
        """Where a failure record lives."""
        return self.failed_root / f"{_checked(key)}.json"

    def write_article(self, article: Article) -> Path:
        """Write (or rewrite, idempotently) one article."""
        path = self.article_path(article.id)
        _atomic_write(path, orjson.dumps(article.model_dump(mode="json"), option=_DUMP))
        return path

    def write_failure(self, record: FailureRecord) -> Path:
        """Write one failure record."""
        path = self.failure_path(record.key)
        _atomic_write(path, orjson.dumps(record.model_dump(mode="json"), option=_DUMP))
        return path

    def read_article(self, article_id: str) -> Article:
        """Load and validate one stored article."""
        return Article.model_validate_json(self.article_path(article_id).read_bytes())

    def read_failure(self, key: str) -> FailureRecord:
        """Load and validate one failure record."""
        return FailureRecord.model_validate_json(self.failure_path(key).read_bytes())

    def article_ids(self) -> Iterator[str]:
        """Ids of stored articles, sorted."""
        return iter(sorted(p.stem for p in self.root.glob("*.json") if _KEY.match(p.stem)))

    def failure_keys(self) -> Iterator[str]:
        """Keys of failure records, sorted."""
        return iter(sorted(p.stem for p in self.failed_root.glob("*.json") if _KEY.match(p.stem)))

    def delete_failure(self, key: str) -> None:
        """Remove a failure record (after a successful replay)."""
        self.failure_path(key).unlink(missing_ok=True)


def _atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same directory, fsync, rename: readers see the old file or the new one.

    The directory stays open while we write, so a failed write removes its temp file from that
    very directory even if the directory was moved or replaced meanwhile (no orphan temp files).
    """
    tmp_name = None
    dir_fd = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
        tmp_name = os.path.basename(tmp)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), 0o644)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        tmp_name = None
    except OSError as exc:
        raise StoreUnavailableError(f"cannot write {path}: {exc}") from exc
    finally:
        if dir_fd is not None:
            if tmp_name:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name, dir_fd=dir_fd)
            os.close(dir_fd)


class Store(Protocol):
    """What every store backend offers (FileStore here, RedisStore in worker.store_redis)."""

    def write_article(self, article: Article) -> Path | str: ...
    def write_failure(self, record: FailureRecord) -> Path | str: ...
    def read_article(self, article_id: str) -> Article: ...
    def read_failure(self, key: str) -> FailureRecord: ...
    def article_ids(self) -> Iterator[str]: ...
    def failure_keys(self) -> Iterator[str]: ...
    def delete_failure(self, key: str) -> None: ...


def open_store(settings: Settings) -> Store:
    """The store `settings.store_url` names: file:///path or redis://…; files in out_dir if unset."""
    url = settings.store_url
    if not url:
        return FileStore(settings.out_dir)
    scheme = url.split("://", 1)[0] if "://" in url else url.split(":", 1)[0]
    if scheme == "file":
        return FileStore(Path(unquote(urlsplit(url).path)))
    if scheme in {"redis", "rediss", "unix"}:
        from worker.store_redis import RedisStore

        return RedisStore(url)
    raise ValueError(f"unsupported store URL scheme {scheme!r}: use file:// or redis://")
