"""Reader API for other services: load stored or exported articles, validated by the models.

    from worker.store.reader import read_articles
    for article in read_articles("out/"): ...
"""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import orjson

from schemas.models import SCHEMA_VERSION, Article
from worker.errors import IncompatibleSchemaError
from worker.store.base import Store
from worker.store.files import FileStore

SUPPORTED_MAJOR = SCHEMA_VERSION.split(".", 1)[0]
__all__ = ["IncompatibleSchemaError", "parse_article", "read_articles"]


def read_articles(source: str | Path | Store, since: datetime | None = None) -> Iterator[Article]:
    """Every article in a store directory, a .jsonl export, a store URL, or an open store.

    `since` keeps the articles processed at or after that instant (timezone-aware).
    """
    for article in _articles(source):
        if since is None or article.processing.processed_at >= since:
            yield article


def parse_article(data: str | bytes) -> Article:
    """One JSON document as a validated Article, refusing an unknown major schema version."""
    document = orjson.loads(data)
    if not isinstance(document, dict):
        raise ValueError("an article document must be a JSON object")
    _check_major(str(document.get("schema_version", "")))
    return Article.model_validate(document)


def _articles(source: str | Path | Store) -> Iterator[Article]:
    if not isinstance(source, str | Path):
        yield from (source.read_article(i) for i in source.article_ids())
        return
    text = str(source)
    if "://" in text:
        from worker.settings import Settings
        from worker.store.factory import open_store

        store = open_store(Settings(store_url=text))
        yield from (store.read_article(i) for i in store.article_ids())
        return
    path = Path(source)
    if path.is_dir():
        store = FileStore(path)
        yield from (store.read_article(i) for i in store.article_ids())
    elif path.suffix == ".jsonl":
        with path.open("rb") as handle:
            yield from (parse_article(line) for line in handle if line.strip())
    else:
        yield parse_article(path.read_bytes())


def _check_major(version: str) -> None:
    # Checked before validation so a newer major says so, not "unexpected field".
    if version.split(".", 1)[0] != SUPPORTED_MAJOR:
        raise IncompatibleSchemaError(
            f"schema {version} is not readable by this reader (major {SUPPORTED_MAJOR})"
        )
