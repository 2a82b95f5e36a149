"""One Redis connection pool per process and URL, shared by delivery state, events and the Redis store."""

from functools import lru_cache

import redis

# Short timeouts: a task or producer must fail over quickly, never hang on a dead Redis.
SOCKET_TIMEOUT = 5.0


@lru_cache(maxsize=8)
def client_for(url: str) -> redis.Redis:
    """A client for `url` (redis://, rediss:// and passwords all work); redis-py reconnects after a fork."""
    return redis.Redis.from_url(url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT)
