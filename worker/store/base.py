"""What every store backend offers, and the key check that keeps ids from becoming paths."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from schemas.models import Article, FailureRecord

KEY = re.compile(r"^[0-9a-f]{16}$")


def checked(key: str) -> str:
    """`key` if it is one of our own hex ids; keys become file names and Redis keys."""
    # Only our own hex ids may become names, so no path can escape the store.
    if not KEY.match(key):
        raise ValueError(f"not a valid article id: {key!r}")
    return key


class Store(Protocol):
    """What every store backend offers (FileStore and RedisStore)."""

    def write_article(self, article: Article) -> Path | str: ...
    def write_failure(self, record: FailureRecord) -> Path | str: ...
    def read_article(self, article_id: str) -> Article: ...
    def read_failure(self, key: str) -> FailureRecord: ...
    def article_ids(self) -> Iterator[str]: ...
    def failure_keys(self) -> Iterator[str]: ...
    def delete_failure(self, key: str) -> None: ...
