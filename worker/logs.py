"""structlog set-up: JSON lines off a terminal, console output on one, secrets redacted."""

import logging
import re
import sys
from typing import Any

import structlog

_URL_PASSWORD = re.compile(r"(?P<scheme>\w+(?:\+\w+)?://)(?P<user>[^:/@\s]*):(?P<pw>[^@/\s]+)@")


def redact(text: str) -> str:
    """Hide any password embedded in a URL inside `text`."""
    return _URL_PASSWORD.sub(r"\g<scheme>\g<user>:***@", text)


def _redact_event(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    # Redaction is a processor so that no call site can forget it.
    return {k: redact(v) if isinstance(v, str) else v for k, v in event.items()}


def configure_logging(level: str = "INFO", json: bool | None = None) -> None:
    """Configure structlog and route stdlib logging (Celery's own) through the same renderer."""
    use_json = (not sys.stdout.isatty()) if json is None else json
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _redact_event,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer() if use_json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Celery's per-task "succeeded in" line would duplicate our one canonical line per article.
    logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
