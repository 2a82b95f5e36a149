"""The article store: one JSON document per article id, written atomically; failures beside it."""

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import orjson

from schemas.models import Article, FailureRecord
from worker.errors import StoreUnavailableError
from worker.store.base import KEY, checked

_DUMP = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


class FileStore:
    """Articles in `<root>/<id>.json`, failure records in `<root>/failed/<key>.json`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.failed_root = self.root / "failed"

    def article_path(self, article_id: str) -> Path:
        """Where an article's document lives."""
        return self.root / f"{checked(article_id)}.json"

    def failure_path(self, key: str) -> Path:
        """Where a failure record lives."""
        return self.failed_root / f"{checked(key)}.json"

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
        return iter(sorted(p.stem for p in self.root.glob("*.json") if KEY.match(p.stem)))

    def failure_keys(self) -> Iterator[str]:
        """Keys of failure records, sorted."""
        return iter(sorted(p.stem for p in self.failed_root.glob("*.json") if KEY.match(p.stem)))

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
