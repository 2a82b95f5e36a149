"""The Redis article store: the FileStore contract for deployments without a shared disk."""

import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit, urlunsplit

import orjson
import redis

from schemas.models import Article, FailureRecord
from worker.errors import StoreUnavailableError
from worker.settings import redact_url
from worker.store.base import checked
from worker.store.pool import client_for

_DUMP = orjson.OPT_SORT_KEYS
DEFAULT_PREFIX = "ingest:store:"


class RedisStore:
    """Articles at `<prefix>article:<id>`, failures at `<prefix>failed:<key>`, each indexed by time."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.prefix = parse_qs(parts.query).get("prefix", [DEFAULT_PREFIX])[0]
        plain = urlunsplit(parts._replace(query=""))
        self.url = redact_url(plain)  # for messages: never the password
        self.client = client_for(plain)
        self.articles_index = f"{self.prefix}articles"
        self.failures_index = f"{self.prefix}failures"

    def article_key(self, article_id: str) -> str:
        """The Redis key of an article's document."""
        return f"{self.prefix}article:{checked(article_id)}"

    def failure_key(self, key: str) -> str:
        """The Redis key of a failure record."""
        return f"{self.prefix}failed:{checked(key)}"

    def write_article(self, article: Article) -> str:
        """Write (or rewrite, idempotently) one article; document and index change together."""
        key = self.article_key(article.id)
        self._write(key, self.articles_index, article.id,
                    orjson.dumps(article.model_dump(mode="json"), option=_DUMP))
        return key

    def write_failure(self, record: FailureRecord) -> str:
        """Write one failure record."""
        key = self.failure_key(record.key)
        self._write(key, self.failures_index, record.key,
                    orjson.dumps(record.model_dump(mode="json"), option=_DUMP))
        return key

    def read_article(self, article_id: str) -> Article:
        """Load and validate one stored article."""
        return Article.model_validate_json(self._read(self.article_key(article_id)))

    def read_failure(self, key: str) -> FailureRecord:
        """Load and validate one failure record."""
        return FailureRecord.model_validate_json(self._read(self.failure_key(key)))

    def article_ids(self) -> Iterator[str]:
        """Ids of stored articles, sorted."""
        return iter(sorted(self._members(self.articles_index)))

    def failure_keys(self) -> Iterator[str]:
        """Keys of failure records, sorted."""
        return iter(sorted(self._members(self.failures_index)))

    def delete_failure(self, key: str) -> None:
        """Remove a failure record (after a successful replay)."""
        try:
            with self.client.pipeline(transaction=True) as pipe:
                pipe.delete(self.failure_key(key))
                pipe.zrem(self.failures_index, key)
                pipe.execute()
        except redis.RedisError as exc:
            raise StoreUnavailableError(f"cannot delete from {self.url}: {exc}") from exc

    def written_since(self, timestamp: float) -> int:
        """How many articles were written at or after `timestamp` (epoch seconds)."""
        return int(self.client.zcount(self.articles_index, timestamp, "+inf"))

    def _write(self, key: str, index: str, member: str, data: bytes) -> None:
        # MULTI/EXEC: a reader never sees an indexed id whose document is missing.
        try:
            with self.client.pipeline(transaction=True) as pipe:
                pipe.set(key, data)
                pipe.zadd(index, {member: time.time()})
                pipe.execute()
        except redis.RedisError as exc:
            raise StoreUnavailableError(f"cannot write {key} to {self.url}: {exc}") from exc

    def _read(self, key: str) -> bytes:
        try:
            data = self.client.get(key)
        except redis.RedisError as exc:
            raise StoreUnavailableError(f"cannot read {key} from {self.url}: {exc}") from exc
        if data is None:
            # The same exception FileStore raises, so callers handle one "not there" case.
            raise FileNotFoundError(f"no {key} in {self.url}")
        return bytes(data)  # type: ignore[arg-type]

    def _members(self, index: str) -> list[str]:
        try:
            return [m.decode() for m in self.client.zrange(index, 0, -1)]  # type: ignore[union-attr]
        except redis.RedisError as exc:
            raise StoreUnavailableError(f"cannot list {index} in {self.url}: {exc}") from exc
