"""The event stream: every stored article announced on a capped Redis Stream for consumer groups."""

from pathlib import Path
from typing import Any

import orjson
import redis

from schemas.models import Article
from worker.errors import StoreUnavailableError
from worker.settings import Settings, get_settings
from worker.store.pool import client_for

TOP_ENTITIES = 5
# The marker and the event in one atomic step: a crash can leave neither or both, never one.
_ANNOUNCE_ONCE = """
if redis.call('HSETNX', KEYS[2], ARGV[1], '1') == 0 then return false end
redis.call('EXPIRE', KEYS[2], ARGV[2])
return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', unpack(ARGV, 4))
"""


def event_fields(article: Article, location: str | Path) -> dict[str, str]:
    """The flat string fields of one event; lists travel as JSON so any client can read them."""
    entities = sorted(article.entities, key=lambda e: (-e.salience, -e.mentions, e.name))
    return {
        "id": article.id,
        "location": str(location),
        "schema_version": article.schema_version,
        "published_at": article.published_at.isoformat() if article.published_at else "",
        "language": article.language,
        "title": article.title,
        "countries": orjson.dumps([c.iso2 for c in article.countries]).decode(),
        "entities": orjson.dumps(
            [{"name": e.name, "type": e.type} for e in entities[:TOP_ENTITIES]]
        ).decode(),
    }


def decode_event(entry_id: bytes | str, fields: dict[bytes, bytes]) -> dict[str, Any]:
    """One stream entry as a JSON-ready dict, with its stream id and the lists parsed back."""
    event: dict[str, Any] = {"stream_id": _text(entry_id)}
    for key, value in fields.items():
        name, text = _text(key), _text(value)
        event[name] = orjson.loads(text) if name in {"countries", "entities"} else text
    if event.get("published_at") == "":
        event["published_at"] = None
    return event


def publish_stored(article: Article, location: str | Path, settings: Settings | None = None,
                   once_per: str | None = None) -> str | None:
    """Announce a stored article; a Redis failure is transient, so the task retries and re-announces.

    With `once_per` (a key naming one message), the article is announced at most once for that
    message: a redelivered message rewrites its file but adds no second event. Returns the
    entry id, or None when it was announced before.
    """
    settings = settings or get_settings()
    client = client_for(settings.effective_events_url)
    fields = event_fields(article, location)
    try:
        if once_per is None:
            entry_id = client.xadd(settings.events_stream, fields,  # type: ignore[arg-type]
                                   maxlen=settings.events_maxlen, approximate=True)
        else:
            flat = [part for pair in fields.items() for part in pair]
            entry_id = client.eval(_ANNOUNCE_ONCE, 2, settings.events_stream, once_per, article.id,
                                   settings.delivery_count_ttl, settings.events_maxlen, *flat)
    except redis.RedisError as exc:
        raise StoreUnavailableError(f"event stream unavailable: {exc}") from exc
    return None if entry_id is None else _text(entry_id)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
