"""The one place that picks a store backend from settings, so neither backend imports the other."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from worker.settings import Settings
from worker.store.base import Store
from worker.store.files import FileStore
from worker.store.redis_store import RedisStore


def open_store(settings: Settings) -> Store:
    """The store `settings.store_url` names: file:///path or redis://…; files in out_dir if unset."""
    url = settings.store_url
    if not url:
        return FileStore(settings.out_dir)
    scheme = url.split("://", 1)[0] if "://" in url else url.split(":", 1)[0]
    if scheme == "file":
        return FileStore(Path(unquote(urlsplit(url).path)))
    if scheme in {"redis", "rediss", "unix"}:
        return RedisStore(url)
    raise ValueError(f"unsupported store URL scheme {scheme!r}: use file:// or redis://")
